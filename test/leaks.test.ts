// Tests of `tsbind run --leaks`: the report parser on real LeakSanitizer reports, and real runs of a
// fixture module that leaks (leaky.node of test/fixtures/misbehaving) under the ASan runtime.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { asanRuntime } from './support/toolchain.js';
import {
  allocatingFrame,
  frameModule,
  isNativeModule,
  isAsyncDeferredAtTeardown,
  isNativeModuleLeak,
  leakCheckLine,
  parseLeakLog,
  parseProcessInfo,
  processLeaks,
  summarizeLeaks,
  type ProcessInfo,
} from '../src/cli/leak-report.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const reports = join(repoRoot, 'test', 'fixtures', 'leak-reports');
const leakyFixture = join(repoRoot, 'test', 'fixtures', 'misbehaving');

/** A captured report and what the helper wrote beside it (test/fixtures/leak-reports/README.md). */
function captured(name: string): { log: ReturnType<typeof parseLeakLog>; info: ProcessInfo | undefined } {
  const modules = join(reports, `${name}.modules`);
  return {
    log: parseLeakLog(readFileSync(join(reports, `${name}.leaks`), 'utf8')),
    info: existsSync(modules) ? parseProcessInfo(readFileSync(modules, 'utf8')) : undefined,
  };
}

describe('LeakSanitizer reports (leak-report.ts), on reports captured on Linux x64 (GCC 12, Node 20)', () => {
  test('after process.exit(): the module\'s leak is kept with its whole stack, Node\'s own records are left out', () => {
    const { log, info } = captured('process-exit');
    assert.ok(info);
    assert.equal(info.pid, 25432);
    assert.match(info.command, /^node -e const m = require\(.*leaky\.node"\); m\.noLeak\(\); m\.leak\(\); process\.exit\(0\)$/);
    assert.equal(info.checkMicros, 326682);
    assert.deepEqual(log.other, []);
    assert.deepEqual(
      log.records.map((record) => [record.kind, record.bytes, record.objects]),
      [
        ['Direct', 256, 1],
        ['Direct', 256, 1],
        ['Direct', 256, 1],
        ['Direct', 24, 1],
        ['Indirect', 768, 24],
        ['Indirect', 768, 24],
      ],
    );
    assert.equal(log.records[3]!.frames.length, 8);
    assert.equal(log.records[4]!.frames.length, 30, 'stacks are kept whole, to malloc_context_size');

    const sorted = processLeaks(info, log);
    assert.equal(sorted.ignored, 5);
    assert.equal(sorted.leaks.length, 1);
    const leak = sorted.leaks[0]!;
    assert.equal(leak.bytes, 24);
    assert.match(leak.frames[0]!.text, /^#0 0x[0-9a-f]+ in operator new\[\]\(unsigned long\) \S*libsanitizer\/asan\/asan_new_delete\.cpp:98$/);
    // Symbolized frames give a source line, not their module: placed by address.
    assert.equal(leak.frames[1]!.text, '#1 0x7f6ac7f05536 in leak_block /tmp/lk/leaky/leaky.cpp:14');
    assert.equal(leak.frames[1]!.module, undefined);
    assert.equal(frameModule(leak.frames[1]!, info.modules), '/tmp/lk/leaky/build/Sanitize/leaky.node');
    assert.equal(frameModule(leak.frames[0]!, info.modules), '/usr/lib/gcc/x86_64-linux-gnu/12/libasan.so');
    assert.equal(allocatingFrame(leak, info.modules), leak.frames[1], 'the frame under operator new');
    assert.equal(leak.frames[7]!.module, '/lib/x86_64-linux-gnu/libstdc++.so.6', 'named in the frame');
    for (const record of log.records.filter((r) => r !== leak)) {
      assert.ok(!record.frames.some((frame) => isNativeModule(frameModule(frame, info.modules))));
      assert.equal(frameModule(allocatingFrame(record, info.modules)!, info.modules), '/usr/bin/node');
    }
  });

  test('V8\'s own blocks allocated while a module\'s init called Node-API are left out: indirect, and not allocated by the module', () => {
    const { log, info } = captured('module-init-process-exit');
    const through = log.records.filter((record) => record.frames.some((frame) => isNativeModule(frameModule(frame, info!.modules))));
    assert.equal(through.length, 2);
    for (const record of through) {
      assert.equal(record.kind, 'Indirect');
      assert.match(allocatingFrame(record, info!.modules)!.text, /in v8::internal::Heap_CombinedGenerationalAndSharedBarrierSlow/);
      assert.ok(!isNativeModuleLeak(record, info!.modules));
    }
    assert.match(through[0]!.frames[10]!.text, /in napi_set_named_property /);
    assert.match(through[0]!.frames[11]!.text, /in tsbind::detail::add_function\(/);
    assert.deepEqual(processLeaks(info!, log).leaks, []);
  });

  test('frames that name their module (symbolize=0) are placed by that name as well as by address', () => {
    const { log, info } = captured('symbolize-0');
    assert.equal(log.records.length, 1);
    const record = log.records[0]!;
    assert.equal(record.frames[1]!.module, '/tmp/lk/leaky/build/Sanitize/leaky.node');
    assert.ok(isNativeModuleLeak(record, info!.modules));
    assert.ok(isNativeModuleLeak(record, []), 'without the module ranges');
  });

  test('tsbind\'s own modules: the promise deferreds of async calls in terminated workers (which Node-API cannot free) are left out, and only those', () => {
    // Captured with log_path and the runtime's own check: no module ranges.
    const { log, info } = captured('async-workers');
    assert.equal(info, undefined);
    assert.equal(log.records.length, 2);
    for (const record of log.records) {
      assert.equal(record.kind, 'Direct');
      assert.ok(isAsyncDeferredAtTeardown(record, []));
      assert.ok(!isNativeModuleLeak(record, []));
      assert.match(allocatingFrame(record, [])!.text, /^#1 0x[0-9a-f]+ in napi_create_promise \(\/usr\/bin\/node\+0xc53259\)$/, 'Node-API allocated it');
      assert.match(record.frames[2]!.text, /in tsbind::detail::start_async\(.*\(\/work\/main\/test\/build\/Sanitize\/async\.node\+0x2c492e\)$/);
      assert.match(record.frames[5]!.text, /in call_prepared \/work\/main\/src\/core\/dispatch\.cpp:143$/);
    }
    const result = summarizeLeaks([processLeaks({ pid: 12302, command: 'node async.test.js', modules: [], checkMicros: 0 }, log)], { color: false });
    assert.equal(result.leaks, 0);
    // The same deferred made by the module's own code, not by start_async, counts.
    const own = log.records.map((record) => ({
      ...record,
      frames: record.frames.map((frame) => (frame.index === 2 ? { ...frame, text: frame.text.replace('tsbind::detail::start_async', 'my_start') } : frame)),
    }));
    assert.ok(own.every((record) => isNativeModuleLeak(record, [])));
    const counted = summarizeLeaks([processLeaks({ pid: 12302, command: 'node async.test.js', modules: [], checkMicros: 0 }, { ...log, records: own })], { color: false });
    assert.equal(counted.leaks, 2);
    assert.equal(counted.bytes, 800);
  });

  test('a check LeakSanitizer could not finish (under ptrace) is a problem, reported in its own words', () => {
    const { log, info } = captured('under-ptrace');
    assert.equal(info!.checkMicros, undefined, 'the helper never wrote its checked line');
    assert.equal(log.records.length, 0);
    assert.equal(log.other.length, 3);
    const result = summarizeLeaks([processLeaks(info!, log)], { color: false });
    assert.equal(result.problems, 1);
    assert.equal(result.leaks, 0);
    assert.match(result.report, /^The leak check did not finish in process \d+: node -e .*\n {4}==\d+==LeakSanitizer has encountered a fatal error\.\n/);
    assert.match(result.report, /LeakSanitizer does not work under ptrace/);
  });

  test('the same leak in several processes is printed once, with each process; the summary line counts them all', () => {
    const { log, info } = captured('process-exit');
    const other: ProcessInfo = { ...info!, pid: 4242, command: 'node other.js', checkMicros: 73318 };
    const result = summarizeLeaks([processLeaks(info!, log), processLeaks(other, log)], { color: false });
    assert.equal(result.leaks, 2);
    assert.equal(result.bytes, 48);
    assert.equal(result.ignored, 10);
    assert.equal(result.checkMicros, 400000);
    assert.equal(result.report.match(/leak of/g)?.length, 1);
    assert.match(result.report, /^Direct leak of 48 byte\(s\) in 2 object\(s\) allocated from:\n {4}#0 /);
    assert.match(result.report, /\n {2}in 2 processes:\n {4}process 25432: node -e .*\n {4}process 4242: node other\.js\n/);
    assert.equal(leakCheckLine(result), "2 leaks (48 bytes) of native modules (2 processes with a .node module checked in 0.4 s; 10 leaks of Node's own ignored)");
    const clean = summarizeLeaks([processLeaks(other, undefined)], { color: false });
    assert.equal(clean.report, '');
    assert.equal(leakCheckLine(clean), 'no leaks of native modules (1 process with a .node module checked in 0.1 s)');
  });
});


/** This environment without a variant pin (the suite may run under `tsbind run`) and without colours. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TSBIND_VARIANT;
  delete env.FORCE_COLOR;
  return env;
}

function tsbind(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...cliEnv(), ...extraEnv }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('tsbind run --leaks', () => {
  const skip = process.platform !== 'linux' ? 'the leak check runs on Linux' : !asanRuntime() && 'the default C++ compiler has no ASan runtime';
  let work: string;
  let modulePath: string;

  before(() => {
    if (skip) return;
    work = mkdtempSync(join(tmpdir(), 'tsbind-leaks-test-'));
    cpSync(leakyFixture, join(work, 'leaky'), { recursive: true });
    const built = tsbind(['build', join(work, 'leaky'), '--sanitize=address', '-j', '1']);
    assert.equal(built.status, 0, built.stderr + built.stdout);
    modulePath = join(work, 'leaky', 'build', 'Sanitize', 'leaky.node');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** `tsbind run --sanitize=address --leaks -- node -e <script>`, with the fixture as `m`. */
  function runScript(script: string, extraEnv: NodeJS.ProcessEnv = {}) {
    return tsbind(['run', '--sanitize=address', '--leaks', '--', process.execPath, '-e', `const m = require(${JSON.stringify(modulePath)});\n${script}`], extraEnv);
  }

  test('a leak in a native module fails the run and is printed with its stack; Node\'s own leaks are left out', { skip }, () => {
    const result = runScript('m.noLeak(); m.leak(); process.exit(0)');
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^Direct leak of 24 byte\(s\) in 1 object\(s\) allocated from:$/m);
    assert.match(result.stderr, /^ {4}#1 0x[0-9a-f]+ in leak_block .*leaky\.cpp:\d+$/m);
    assert.equal(result.stderr.match(/leak of/g)?.length, 1, 'only the module\'s leak');
    assert.match(result.stderr, /^ {2}in process \d+: \S*node -e const m = require/m);
    assert.match(result.stderr, /^error: LeakSanitizer: 1 leak \(24 bytes\) of native modules \(1 process with a \.node module checked in \d+\.\d s; \d+ leaks of Node's own ignored\)$/m);
    assert.match(result.stderr, /^hint: .*LSAN_OPTIONS=suppressions=<file>/m);
  });

  test('a module that frees what it allocates passes, and the command\'s exit status is kept', { skip }, () => {
    const clean = runScript('m.noLeak(); process.exit(3)');
    assert.equal(clean.status, 3, clean.stderr);
    assert.match(clean.stderr, /^tsbind run: no leaks of native modules \(1 process with a \.node module checked in \d+\.\d s; \d+ leaks of Node's own ignored\)$/m);
    assert.doesNotMatch(clean.stderr, /leak of/);
    const failing = runScript('m.leak(); process.exit(5)');
    assert.equal(failing.status, 5, 'the command\'s own failure wins');
    assert.match(failing.stderr, /^error: LeakSanitizer: 1 leak/m);
  });

  test('a leak listed in a LeakSanitizer suppressions file is accepted', { skip }, () => {
    const suppressions = join(work, 'suppressions.txt');
    writeFileSync(suppressions, 'leak:leak_block\n');
    const result = runScript('m.leak(); process.exit(0)', { LSAN_OPTIONS: `suppressions=${suppressions}` });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /^tsbind run: no leaks of native modules \(1 process/m);
  });

  test('the processes the command starts are checked too', { skip }, () => {
    const grandchild = `require(${JSON.stringify(modulePath)}).leak()`;
    const result = runScript(`m.noLeak();\nrequire('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' });`);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /^ {2}in process \d+: \S*node -e require\(.*\)\.leak\(\)$/m);
    assert.match(result.stderr, /\(2 processes with a \.node module checked in/);
  });

  test('other sanitizer reports still go to stderr as they happen', { skip }, () => {
    const result = runScript('m.overflow()');
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /ERROR: AddressSanitizer: heap-buffer-overflow/);
    assert.match(result.stderr, /tsbind run: no leaks of native modules \(0 processes/, 'a process that ends with an error report is not leak-checked');
  });

  test('--leaks without --sanitize=address is refused before anything runs', () => {
    const result = tsbind(['run', '--sanitize=undefined', '--leaks', '--', process.execPath, '-e', 'console.log("ran")']);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^error: --leaks needs --sanitize=address$/m);
  });
});
