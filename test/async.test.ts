// def_async: promises off the JS thread, errors, cancellation, progress; async_callback; worker threads.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type * as Async from './goldens/async.js';
import { loadTestModule, testModulePath } from './support/addons.js';

/** Timing tests cannot pass under valgrind, which runs one thread at a time (npm run test:memcheck sets this). */
const underMemcheck = process.env.TSBIND_MEMCHECK === '1' && 'timing: valgrind runs one thread at a time';
const m = loadTestModule<typeof Async>('async');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;
/** The file the loader loads the module from (the Sanitize build under `npm run test:asan`). */
const modulePath = testModulePath('async');

test('a string argument of def_async stays its own while synchronous calls read strings', async () => {
  const text = 'kept '.repeat(50);
  const later = m.echoLater(text, 30);
  // Started while a synchronous call holds a string of its own, which it gives back first.
  let inner: Promise<string> | undefined;
  assert.equal(m.withText('outer', () => { inner = m.echoLater(`${text}inner`, 30); }), 5);
  let total = 0;
  for (let i = 0; i < 200; i++) total += m.textLength(`other string ${i} `.repeat(20));
  assert.ok(total > 0);
  assert.equal(await later, text);
  assert.equal(await inner, `${text}inner`);
});

test('def_async returns a promise of the result, converted on the JS thread', async () => {
  const pending = m.add(1, 2);
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, 3);
  assert.equal(await m.noop(), undefined);
  assert.equal(await m.repeat('ab', 3), 'ababab');
  assert.equal(await m.sum(new Float64Array([1, 2, 3.5])), 6.5);
  const accumulator = new m.Accumulator();
  // One at a time: two calls in flight would run on two pool threads at once,
  // and Accumulator has no lock (docs/async.md: guard shared state).
  assert.equal(await accumulator.add(1), 1);
  assert.equal(await accumulator.add(2), 3);
  assert.equal(accumulator.total, 3);
});

test('bad arguments throw at once, before any work: a TypeError, not a rejected promise', () => {
  assert.throws(() => any(m.add)('x', 1), { name: 'TypeError', message: "add(): argument 1 'a' must be a number, got string" });
  assert.throws(() => any(m.add)(1), { name: 'TypeError', message: 'add(): expected 2 to 3 arguments, got 1' });
  assert.throws(() => any(m.add)(1, 2, 3), { name: 'TypeError', message: /argument 3 'options' must be a \{ signal\?: AbortSignal \}, got number/ });
  assert.throws(() => any(m.add)(1, 2, { signal: 5 }), { name: 'TypeError', message: 'options.signal must be an AbortSignal' });
  assert.throws(() => any(m.countTo)(1, 0, { onProgress: 5 }), { name: 'TypeError', message: 'options.onProgress must be a function' });
});

test('a C++ exception rejects the promise with the translated error', async () => {
  await assert.rejects(m.fail('range'), { name: 'RangeError', message: 'out of range, off the JS thread' });
  await assert.rejects(m.fail('quota'), (error) => error instanceof m.QuotaExceeded && (error as Error).message === 'quota exceeded');
  await assert.rejects(m.fail('other'), { name: 'Error', message: 'unknown C++ exception' });
});

test('the event loop stays responsive while a 500 ms computation runs', { skip: underMemcheck }, async () => {
  const ticks: number[] = [];
  const started = performance.now();
  const timer = setInterval(() => ticks.push(performance.now() - started), 50);
  const result = await m.compute(500);
  clearInterval(timer);
  assert.equal(result, 500);
  // A blocked loop would fire the interval at most once, after the work.
  assert.ok(ticks.length >= 7, `the 50 ms timer fired ${ticks.length} times during 500 ms`);
  assert.ok(ticks[0]! < 150, `the first tick came at ${ticks[0]!.toFixed(0)} ms`);
});

test('an already-aborted signal rejects with an AbortError without starting the work', async () => {
  const controller = new AbortController();
  const reason = new Error('not needed');
  controller.abort(reason);
  const before = m.started();
  await assert.rejects(m.waitForCancel(1000, { signal: controller.signal }), (error: Error & { code?: string }) => {
    assert.equal(error.name, 'AbortError');
    assert.equal(error.code, 'ABORT_ERR');
    assert.equal(error.cause, reason);
    return true;
  });
  assert.equal(m.started(), before);
});

test('aborting running work flags its cancel_token and rejects with an AbortError', async () => {
  const controller = new AbortController();
  const started = performance.now();
  const pending = m.waitForCancel(10_000, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, { name: 'AbortError' });
  assert.ok(performance.now() - started < 2000, 'the work saw the token and stopped early');
  // A signal that never fires changes nothing.
  assert.equal(await m.waitForCancel(10, { signal: new AbortController().signal }), false);
});

test('aborting queued work drops it: it never starts', async () => {
  // Fill the thread pool (4 threads by default) so that the next call waits in the queue.
  const size = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const blockers = Array.from({ length: size }, () => m.compute(300));
  const controller = new AbortController();
  const before = m.started();
  const queued = m.waitForCancel(10, { signal: controller.signal });
  controller.abort();
  await assert.rejects(queued, { name: 'AbortError' });
  await Promise.all(blockers);
  assert.equal(m.started(), before, 'the queued call never ran');
});

test('progress reaches onProgress on the JS thread, coalesced, the last value before the promise settles', { skip: underMemcheck }, async () => {
  const slow: number[] = [];
  assert.equal(await m.countTo(5, 20_000, { onProgress: (value) => slow.push(value) }), 5);
  // Reports 20 ms apart mostly arrive one by one; a busy loop may merge some, never reorder or lose the last.
  assert.ok(slow.length >= 2 && slow.every((value, i) => value >= 1 && (i === 0 || value > slow[i - 1]!)), `got ${slow}`);
  assert.equal(slow.at(-1), 5);
  const fast: number[] = [];
  assert.equal(await m.countTo(200_000, 0, { onProgress: (value) => fast.push(value) }), 200_000);
  // Without coalescing there would be one call per report. How many merge
  // depends on the two threads' speeds (Release here: 1 to 1,600 calls; under
  // ASan on a busy machine, 28,000), so the bound only proves that they merge.
  assert.ok(fast.length < 100_000, `200000 fast reports became ${fast.length} calls`);
  assert.equal(fast.at(-1), 200_000);
  assert.deepEqual([...fast].sort((a, b) => a - b), fast, 'in order');
  assert.equal(await m.countTo(3, 0), 3, 'no onProgress: reporting is a no-op');
});

test('async_callback: a thread-pool thread calls JS and waits for its result through a future', async () => {
  assert.equal(await m.sumFromPool((i) => i * 2, 10), 90);
  const error = new Error('in the callback');
  await assert.rejects(
    m.sumFromPool(() => {
      throw error;
    }, 3),
    { name: 'Error', message: 'in the callback' },
    'a JS exception reaches the C++ caller as an exception, and from there the promise',
  );
});

/** Runs a script with the async module loaded as `m`; returns its output and how long it took. */
function runChild(script: string): { stdout: string; stderr: string; status: number | null; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(modulePath)});\n${script}`], { encoding: 'utf8', env: process.env });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, ms: performance.now() - started };
}

test('async_callback does not keep the process alive unless asked', () => {
  const idle = runChild(`m.callLater(() => console.log('called'), 3000, false);`);
  assert.equal(idle.status, 0, idle.stderr);
  assert.equal(idle.stdout, '', 'the process exited without waiting for the callback');
  assert.ok(idle.ms < 2500, `took ${idle.ms.toFixed(0)} ms`);
  const kept = runChild(`m.callLater((ms) => console.log('called after', ms), 200, true);`);
  assert.equal(kept.status, 0, kept.stderr);
  assert.equal(kept.stdout, 'called after 200\n');
});

/** A worker that loads the module, then runs `script` and reports `ready` (or the script's result). */
function startWorker(script: string): Worker {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const m = require(workerData.path);
    (async () => { ${script} })().then((result) => parentPort.postMessage(result ?? 'ready'), (error) => parentPort.postMessage('error: ' + error.message));
  `;
  return new Worker(code, { eval: true, workerData: { path: modulePath } });
}

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

test('the module loads in several workers at once, each with its own state', async () => {
  const workers = Array.from({ length: 3 }, (_, i) =>
    startWorker(`const a = new m.Accumulator(); await a.add(${i}); await a.add(10); return [await m.add(${i}, 1), a.total];`),
  );
  const results = await Promise.all(workers.map(firstMessage));
  assert.deepEqual(results, [[1, 10], [2, 11], [3, 12]]);
  await Promise.all(workers.map((worker) => worker.terminate()));
});

test('50 workers terminated in the middle of async work, with live objects and pending callbacks, neither crash nor leak', async () => {
  const script = `
    m.compute(30);
    m.waitForCancel(30, { signal: new AbortController().signal });
    const acc = new m.Accumulator(); acc.add(1);
    m.callLater(() => {}, 20, false);
    m.countTo(2000, 1, { onProgress: () => {} });
    m.sumFromPool((i) => i, 1000);
  `;
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 50; i++) {
    const worker = startWorker(script);
    assert.equal(await firstMessage(worker), 'ready');
    await new Promise((resolve) => setTimeout(resolve, i % 5));
    await worker.terminate();
  }
  // Each worker is a whole V8 isolate (a few MB); a leak of each would show
  // as growth in proportion. Under AddressSanitizer freed memory waits in its
  // quarantine, so resident memory says nothing there.
  if (process.env.TSBIND_VARIANT !== 'Sanitize') {
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    assert.ok(grownMb < 100, `resident memory grew ${grownMb.toFixed(1)} MB over 50 workers`);
  }
});

test('an async_callback with a variable number of arguments (tsbind::rest), called from the thread pool', async () => {
  const calls: string[][] = [];
  const total = await m.splitFromPool((line, ...words) => {
    calls.push([line, ...words]);
    return words.length;
  }, ['a b c', '', 'one']);
  assert.equal(total, 4);
  assert.deepEqual(calls, [['a b c', 'a', 'b', 'c'], [''], ['one', 'one']]);
});

test('Node-style async (tsbind::node_callback): the result goes to callback(err, result) in a later turn; errors too', async () => {
  const result = await new Promise<unknown[]>((resolve) => {
    const returned = m.countWords('one two  three', (...args) => resolve(args));
    assert.equal(returned, undefined);
  });
  assert.deepEqual(result, [null, 3]);
  const failed = await new Promise<unknown[]>((resolve) => m.countWords('', (...args) => resolve(args)));
  assert.equal(failed.length, 1);
  assert.ok(failed[0] instanceof TypeError);
  assert.equal((failed[0] as Error).message, 'nothing to count');
  // Without a result: callback(null), one argument.
  const paused = await new Promise<unknown[]>((resolve) => m.pause(1, (...args: unknown[]) => resolve(args)));
  assert.deepEqual(paused, [null]);
  // Bad arguments throw at once, as Node's own callback APIs do; the callback is required.
  assert.throws(() => m.countWords(1 as unknown as string, () => {}), { name: 'TypeError', message: "countWords(): argument 1 'text' must be a string, got number" });
  assert.throws(() => (m.countWords as unknown as (t: string) => void)('a'), { name: 'TypeError', message: /^countWords\(\): expected 2 arguments, got 1/ });
  assert.throws(() => m.countWords('a', {} as unknown as () => void), { name: 'TypeError', message: /argument 2 'callback' must be/ });
});

test('what a Node-style callback throws is an uncaught exception, not an unhandled rejection', () => {
  const script = `
    const m = require(${JSON.stringify(testModulePath('async'))});
    process.on('unhandledRejection', () => { console.log('unhandled rejection'); process.exit(3); });
    process.on('uncaughtException', (e) => { console.log('uncaught ' + e.message); process.exit(0); });
    m.countWords('a b', () => { throw new Error('from the callback'); });`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(out.trim(), 'uncaught from the callback');
});
