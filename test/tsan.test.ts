// Tests of `tsbind run --sanitize=thread`: the report parser on real ThreadSanitizer reports, and real runs of a
// fixture module with a data race (racy.node of test/fixtures/misbehaving) under the TSan runtime.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { tsanRuntime } from './support/toolchain.js';
import {
  isNativeModuleReport,
  isNativeModuleStack,
  parseTsanLog,
  processTsanReports,
  summarizeTsan,
  tsanCheckLine,
  tsanFrameModule,
} from '../src/cli/tsan-report.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const reports = join(repoRoot, 'test', 'fixtures', 'tsan-reports');
const racyFixture = join(repoRoot, 'test', 'fixtures', 'misbehaving');

/** A captured log (test/fixtures/tsan-reports/README.md), taken apart. */
function captured(name: string): ReturnType<typeof parseTsanLog> {
  return parseTsanLog(readFileSync(join(reports, `${name}.tsan`), 'utf8'));
}

/** A one-report log with the given sections, as the runtime writes it. */
function log(kind: string, ...sections: string[]): string {
  return ['==================', `WARNING: ThreadSanitizer: ${kind} (pid=42)`, ...sections, `SUMMARY: ThreadSanitizer: ${kind} x.cpp:1 in f`, '=================='].join('\n');
}

describe('ThreadSanitizer reports (tsan-report.ts), on reports captured on Linux x64 (GCC 12, Node 20)', () => {
  test('a data race in a module: both accesses are its own; where the thread was made does not decide', () => {
    const { reports: [report, ...rest], other } = captured('module-race');
    assert.ok(report);
    assert.deepEqual(rest, []);
    assert.deepEqual(other, [], 'the runtime\'s closing count is routine');
    assert.equal(report.kind, 'data race');
    assert.equal(report.pid, 12738);
    assert.equal(report.summary, 'data race /tmp/racy/racy.cpp:17 in race');
    assert.deepEqual(
      report.stacks.map((stack) => [stack.title.replace(/ at 0x.*/, ''), stack.action, stack.frames.length]),
      [
        ['Read of size 4', true, 2],
        ['Previous write of size 4', true, 7],
        ['Thread T7 (tid=12754, finished) created by main thread at:', false, 4],
      ],
    );
    assert.equal(report.stacks[0]!.frames[0], '#0 race /tmp/racy/racy.cpp:17 (racy.node+0x34c6)');
    assert.equal(tsanFrameModule(report.stacks[0]!.frames[0]!), 'racy.node');
    assert.equal(tsanFrameModule(report.stacks[0]!.frames[1]!), 'node');
    assert.ok(isNativeModuleReport(report));
  });

  test('Node\'s own reports are left out, also those with a module further out on the stack', () => {
    const { reports: all, other } = captured('node-own');
    assert.equal(all.length, 5);
    assert.deepEqual(other, []);
    assert.ok(!all.some(isNativeModuleReport));
    // A V8 job destroyed by a collection that a call of arrays.node started:
    // the module is on the stack, but the destruction is V8's doing.
    const throughModule = all.filter((report) => report.stacks.some((stack) => stack.frames.some((frame) => tsanFrameModule(frame) === 'arrays.node')));
    assert.equal(throughModule.length, 2);
    for (const report of throughModule) {
      const stack = report.stacks.find((s) => s.frames.some((frame) => tsanFrameModule(frame) === 'arrays.node'))!;
      assert.match(stack.frames[0]!, /^#0 pthread_(mutex|cond)_destroy /);
      assert.match(stack.frames[1]!, /DefaultJobState::~DefaultJobState\(\) <null> \(node\+/);
      assert.ok(!isNativeModuleStack(stack.frames));
    }
    const sorted = processTsanReports(9999, { reports: all, other });
    assert.equal(sorted.reports.length, 0);
    assert.equal(sorted.ignored.length, 5);
  });

  test('whose stack it is: the innermost frame outside the runtimes, or Node-API called right from a module', () => {
    const interceptor = '#0 free ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:706 (libtsan.so+0x47e82)';
    const libstdcxx = '#1 std::string::_M_dispose() <null> (libstdc++.so.6+0x1234)';
    assert.ok(isNativeModuleStack(['#0 f /a.cpp:1 (m.node+0x10)']));
    assert.ok(isNativeModuleStack([interceptor, '#1 f /a.cpp:1 (m.node+0x10)']));
    assert.ok(isNativeModuleStack([interceptor, libstdcxx, '#2 f /a.cpp:1 (m.node+0x10)']), 'the C++ runtime library works for its caller');
    assert.ok(isNativeModuleStack([interceptor, '#1 napi_delete_reference <null> (node+0x99)', '#2 f /a.cpp:1 (m.node+0x10)']));
    assert.ok(isNativeModuleStack([interceptor, '#1 v8impl::Reference::~Reference() <null> (node+0x99)', '#2 f /a.cpp:1 (m.node+0x10)']));
    assert.ok(!isNativeModuleStack([interceptor, '#1 v8::internal::Heap::Scavenge() <null> (node+0x99)', '#2 f /a.cpp:1 (m.node+0x10)']));
    assert.ok(!isNativeModuleStack([interceptor, '#1 napi_delete_reference <null> (node+0x99)']));
    assert.ok(!isNativeModuleStack([interceptor]));
  });

  test('a thread leak is about where the thread was made; other reports are not', () => {
    const made = ['  Thread T1 (tid=7, finished) created by main thread at:', '    #0 pthread_create x.cpp:1 (libtsan.so+0x1)', '    #1 f /a.cpp:1 (m.node+0x10)', ''];
    const leak = parseTsanLog(log('thread leak', ...made)).reports[0]!;
    assert.ok(isNativeModuleReport(leak));
    const race = parseTsanLog(log('data race', '  Write of size 8 at 0x1 by thread T1:', '    #0 g <null> (node+0x5)', '', ...made)).reports[0]!;
    assert.ok(!isNativeModuleReport(race));
    const location = parseTsanLog(
      log('data race', '  Write of size 8 at 0x1 by thread T1:', '    #0 g <null> (node+0x5)', '', '  Location is heap block of size 8 at 0x1 allocated by main thread:', '    #0 malloc x.cpp:1 (libtsan.so+0x1)', '    #1 f /a.cpp:1 (m.node+0x10)'),
    ).reports[0]!;
    assert.ok(!isNativeModuleReport(location), 'where the memory was allocated does not decide');
  });

  test('output outside reports other than the closing count is kept, as problems', () => {
    const text = 'FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000\nThreadSanitizer: reported 0 warnings\n';
    assert.deepEqual(parseTsanLog(text).other, ['FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000-0x7f0000001000']);
    const result = summarizeTsan([processTsanReports(7, parseTsanLog(text))], { color: false });
    assert.equal(result.problems, 1);
    assert.match(result.report, /^Other sanitizer output of process 7:\n {4}FATAL: ThreadSanitizer: unexpected memory mapping/);
  });

  test('the same report in several processes is printed once, with every process', () => {
    const race = captured('module-race');
    const node = captured('node-own');
    const result = summarizeTsan([processTsanReports(1, race), processTsanReports(2, race), processTsanReports(3, node)], { color: false });
    assert.equal(result.reports, 2);
    assert.equal(result.ignored, 5);
    assert.deepEqual(result.ignoredSummaries.map(({ count }) => count), [5]);
    assert.equal(result.report.match(/WARNING: ThreadSanitizer: data race/g)?.length, 1);
    assert.match(result.report, /^ {2}in processes 1, 2$/m);
    assert.equal(tsanCheckLine(result), "2 reports about native modules (5 reports of Node's own ignored, in 3 processes)");
    assert.equal(tsanCheckLine(summarizeTsan([])), 'no reports about native modules');
  });
});

/** The environment for the CLI: no variant pin (the suite may itself run under `tsbind run`), no colours. */
function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of ['TSBIND_VARIANT', 'FORCE_COLOR', 'TSAN_OPTIONS', 'LD_PRELOAD']) if (!(name in extra)) delete env[name];
  return env;
}

function tsbind(args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, env: cliEnv(extra), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tsbind run --sanitize=thread', () => {
  const skip = (process.platform !== 'linux' && 'the ThreadSanitizer runs are tested on Linux') || (!tsanRuntime() && 'the default C++ compiler has no TSan runtime');
  let work: string;
  let modulePath: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'tsbind-tsan-test-'));
    if (skip) return;
    cpSync(racyFixture, join(work, 'racy'), { recursive: true });
    const built = tsbind(['build', join(work, 'racy'), '--sanitize=thread', '-j', '1']);
    assert.equal(built.status, 0, built.stderr + built.stdout);
    modulePath = join(work, 'racy', 'build', 'SanitizeThread', 'racy.node');
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  /** `tsbind run --sanitize=thread -- node -e <script>`, with the fixture as `m`. */
  function runWithFixture(script: string, extra: Record<string, string> = {}) {
    return tsbind(['run', '--sanitize=thread', '--', process.execPath, '-e', `const m = require(${JSON.stringify(modulePath)});\n${script}`], extra);
  }

  test('a data race in a module fails the run, with its stacks; the command\'s own failure wins', { skip }, () => {
    const result = runWithFixture('m.race()');
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^WARNING: ThreadSanitizer: data race \(pid=\d+\)$/m);
    assert.match(result.stderr, /^ {4}#0 race \S*racy\.cpp:\d+ \(racy\.node\+0x[0-9a-f]+\)$/m);
    assert.match(result.stderr, /^error: ThreadSanitizer: 1 report about native modules/m);
    const failing = runWithFixture('m.race(); process.exit(7)');
    assert.equal(failing.status, 7);
  });

  test('without a race: exit status 0 and one line', { skip }, () => {
    const result = runWithFixture('console.log(m.noRace())');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '2');
    assert.match(result.stderr, /^tsbind run: ThreadSanitizer: no reports about native modules/m);
  });

  test('the environment: SanitizeThread, the TSan runtime, the user\'s options before the run\'s own, ASLR off', { skip }, () => {
    const script =
      'const e = process.env; const personality = parseInt(require("fs").readFileSync("/proc/self/personality", "utf8"), 16);' +
      'console.log(JSON.stringify([e.TSBIND_VARIANT, e.LD_PRELOAD, e.TSAN_OPTIONS, (personality & 0x40000) !== 0]))';
    const result = tsbind(['run', '--sanitize=thread', '--', process.execPath, '-e', script], { TSAN_OPTIONS: 'history_size=4' });
    assert.equal(result.status, 0, result.stderr);
    const [variant, preload, options, noAslr] = JSON.parse(result.stdout) as [string, string, string, boolean];
    assert.equal(variant, 'SanitizeThread');
    assert.equal(preload, tsanRuntime());
    assert.match(options, /^second_deadlock_stack=1:allocator_may_return_null=1:max_allocation_size_mb=2048:history_size=4:log_path=\S+\/tsan:exitcode=0$/);
    assert.equal(noAslr, true, 'ADDR_NO_RANDOMIZE in the personality');
  });

  test('thread with address is refused; a missing command is still our error', () => {
    const both = tsbind(['run', '--sanitize=address,thread', '--', process.execPath, '-e', '0']);
    assert.notEqual(both.status, 0);
    assert.match(both.stderr, /thread cannot be combined with address/);
    const missing = tsbind(['run', '--sanitize=thread', '--', 'tsbind-no-such-command']);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /Command not found: tsbind-no-such-command/);
  });
});
