// `npm run test:tsan`: the test files that run tsbind's code on several threads, under ThreadSanitizer.
//
// They run under `tsbind run --sanitize=thread` against build/SanitizeThread,
// which fails the run on any report about a native module (the test modules,
// with tsbind's core in them) and leaves out Node's own (docs/cli.md,
// "ThreadSanitizer").
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compiledTestDir, threadedTestFiles } from './test-files.js';

const cli = join(compiledTestDir, '..', 'src', 'cli', 'index.js');
const files = threadedTestFiles();
if (files.length === 0) throw new Error(`no threaded test files in ${compiledTestDir}: run \`npm run build\` first`);
process.stderr.write(`test:tsan: ${files.map((file) => file.slice(compiledTestDir.length)).join(', ')} under ThreadSanitizer\n`);
const started = Date.now();
const result = spawnSync(process.execPath, [cli, 'run', '--sanitize=thread', '--', process.execPath, '--expose-gc', '--test', ...files], { stdio: 'inherit' });
process.stderr.write(`test:tsan: ${result.status === 0 ? 'passed' : 'failed'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.exitCode = result.status ?? 1;
