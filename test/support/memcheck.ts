// `npm run test:memcheck`: the test files that exercise tsbind's core, each under valgrind memcheck; fails on errors of the test modules.
//
// Which files: those of coreTestFiles() (test-files.ts) that do not run the
// TypeScript compiler (declarations, typegen: several minutes each under
// valgrind, and they call the core only to describe the modules, as other
// files do too). Each runs as `node --expose-gc <file>` (node:test runs a
// file's tests in that process; child processes a test starts run without
// valgrind) against build/Release, which `npm test` builds, under
//
//   valgrind --tool=memcheck --track-origins=yes --leak-check=no
//            --smc-check=all-non-file --num-callers=40 --error-limit=no
//            --suppressions=test/support/memcheck.supp --xml=yes --xml-file=…
//
// `--smc-check=all-non-file`: V8 writes machine code into anonymous memory and
// patches it while it runs, so valgrind must look for changed code there
// (the default on x86 and amd64, stated for the other architectures).
// `--leak-check=no`: leaks are `npm run test:asan`'s (tsbind run --leaks);
// Node leaves memory behind at exit by design. Files run two at a time (as
// many as there are CPUs), those with workers first, as they take longest.
// The test processes get TSBIND_MEMCHECK=1: under valgrind everything is 20
// to 50 times slower and one thread runs at a time, so a test that asserts
// timing (the event loop ticking while a pool thread computes) should skip
// itself. memcheck-report.ts says which errors count.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMemcheckError, isNativeModuleError, parseMemcheckXml, type MemcheckError } from './memcheck-report.js';
import { coreTestFiles, threadedTestFiles } from './test-files.js';

/** Set to `1` in the test processes of a memcheck run: a test that asserts how long something takes can skip itself. */
export const MEMCHECK_ENV = 'TSBIND_MEMCHECK';

const suppressions = fileURLToPath(new URL('../../../test/support/memcheck.supp', import.meta.url));

/** The valgrind command line for one test file, its reports going to `<xmlPrefix>.<pid>.xml`. */
export function valgrindArgs(file: string, xmlPrefix: string): string[] {
  return [
    '--tool=memcheck',
    '--track-origins=yes',
    '--leak-check=no',
    '--smc-check=all-non-file',
    '--num-callers=40',
    '--error-limit=no',
    `--suppressions=${suppressions}`,
    '--xml=yes',
    `--xml-file=${xmlPrefix}.%p.xml`,
    process.execPath,
    '--expose-gc',
    file,
  ];
}

/** How one test file's run went. */
interface FileRun {
  readonly file: string;
  readonly code: number | null;
  readonly seconds: number;
  /** Its stdout and stderr, printed when it fails. */
  readonly output: string;
}

/** Runs one test file under valgrind. */
function runFile(file: string, xmlPrefix: string, env: NodeJS.ProcessEnv): Promise<FileRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', valgrindArgs(file, xmlPrefix), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('valgrind is not on PATH: install it (`sudo apt-get install valgrind`)') : error),
    );
    child.on('close', (code) => resolve({ file, code, seconds: (Date.now() - started) / 1000, output }));
  });
}

/** Runs `tasks` with at most `limit` at a time, in order. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

async function main(): Promise<void> {
  const threaded = threadedTestFiles();
  const typeChecking = /\.\/support\/typecheck\.js['"]/;
  const files = coreTestFiles()
    .filter((file) => !typeChecking.test(readFileSync(file, 'utf8')))
    .sort((a, b) => Number(threaded.includes(b)) - Number(threaded.includes(a)));
  if (files.length === 0) throw new Error('no core test files: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-memcheck-'));
  // build/Release; and a mark for tests that measure time, which valgrind's
  // slowdown (and its running one thread at a time) makes meaningless.
  const env: NodeJS.ProcessEnv = { ...process.env, [MEMCHECK_ENV]: '1' };
  delete env.TSBIND_VARIANT;
  const started = Date.now();
  try {
    const runs = await pool(
      files.map((file, i) => async () => {
        const run = await runFile(file, join(dir, `${i}`), env);
        process.stderr.write(`memcheck  ${basename(file).padEnd(24)} ${run.code === 0 ? 'ok  ' : 'FAIL'}  ${run.seconds.toFixed(1)} s\n`);
        return run;
      }),
      availableParallelism(),
    );

    const kept = new Map<string, { error: MemcheckError; files: Set<string> }>();
    const ignored = new Map<string, number>();
    for (const report of readdirSync(dir).filter((name) => name.endsWith('.xml'))) {
      const file = basename(files[Number(report.split('.')[0])]!);
      for (const error of parseMemcheckXml(readFileSync(join(dir, report), 'utf8')).errors) {
        const text = formatMemcheckError(error).join('\n');
        if (isNativeModuleError(error)) {
          const entry = kept.get(text) ?? { error, files: new Set<string>() };
          entry.files.add(file);
          kept.set(text, entry);
        } else {
          const where = `${error.kind} in ${error.stack[0]?.fn ?? '?'}`;
          ignored.set(where, (ignored.get(where) ?? 0) + 1);
        }
      }
    }

    for (const run of runs.filter((r) => r.code !== 0)) process.stderr.write(`\n${basename(run.file)} failed (exit code ${run.code}):\n${run.output}\n`);
    for (const [text, { files: where }] of kept) process.stderr.write(`\n${text}\n  in ${[...where].join(', ')}\n`);
    if (ignored.size > 0) {
      process.stderr.write(`\nErrors of Node's own, ignored (no frame in a .node module):\n`);
      for (const [where, count] of ignored) process.stderr.write(`  ${count} × ${where}\n`);
    }
    const failed = runs.filter((r) => r.code !== 0).length;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    process.stderr.write(
      `\ntest:memcheck: ${files.length} test files in ${seconds} s; ${kept.size} error${kept.size === 1 ? '' : 's'} of native modules` +
        `${failed > 0 ? `; ${failed} test file${failed === 1 ? '' : 's'} failed` : ''}\n`,
    );
    process.exitCode = kept.size > 0 || failed > 0 ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
