// The test files the sanitizer suites run: those that exercise tsbind's core, and those that run it on several threads.
//
// Chosen by what a file does, so that a new test file joins the right suites
// without a list to keep in step: it exercises the core when it loads a test
// module (through `./support/addons.js`), and runs it on several threads when
// it also starts workers (`node:worker_threads`) or loads the `async` module
// (`def_async` on the thread pool, `async_callback` from C++ threads).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/, where the compiled test files are (this file runs from dist/test/support/). */
export const compiledTestDir = fileURLToPath(new URL('../', import.meta.url));

const LOADS_TEST_MODULE = /\b(loadTestModule|testModulePath)\(/;
const USES_THREADS = /['"]node:worker_threads['"]|\b(loadTestModule|testModulePath)\(['"]async['"]\)/;

/** Compiled test files whose text matches `pattern`, as absolute paths, sorted. */
function testFilesMatching(...patterns: RegExp[]): string[] {
  return readdirSync(compiledTestDir)
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => join(compiledTestDir, file))
    .filter((path) => {
      const text = readFileSync(path, 'utf8');
      return patterns.every((pattern) => pattern.test(text));
    });
}

/** Test files that load a test module: the part of the suite that exercises the core. */
export function coreTestFiles(): string[] {
  return testFilesMatching(LOADS_TEST_MODULE);
}

/** Core test files that run tsbind's code on more than one thread. */
export function threadedTestFiles(): string[] {
  return testFilesMatching(LOADS_TEST_MODULE, USES_THREADS);
}
