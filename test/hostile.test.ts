// Red team: the test modules attacked as a careless or hostile caller would.
// Every attack here once crashed, leaked or gave a wrong value (issue 15);
// each must now give a result or a JS exception. Most harm is only visible
// under `npm run test:asan` (ASan, UBSan and the leak check), which runs
// this file too: in a plain build a use after free may pass unnoticed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as Arrays from './goldens/arrays.js';
import type * as Async from './goldens/async.js';
import type * as Classes from './goldens/classes.js';
import type * as Stl from './goldens/stl.js';
import { loadTestModule, testModulePath } from './support/addons.js';

const arrays = loadTestModule<typeof Arrays>('arrays');
const async = loadTestModule<typeof Async>('async');
const classes = loadTestModule<typeof Classes>('classes');
const stl = loadTestModule<typeof Stl>('stl');
const gc = (globalThis as { gc?: () => void }).gc;
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

/** Runs `source` in a child node (inheriting the sanitizer runtime when there is one). */
function runChild(source: string) {
  return spawnSync(process.execPath, ['--expose-gc', '-e', source], { encoding: 'utf8', timeout: 60_000 });
}

/** Starts a worker running `source`, lets it run for `ms`, then terminates it mid-call. */
async function terminateMidCall(source: string, ms: number): Promise<void> {
  const worker = new Worker(source, { eval: true });
  const errors: unknown[] = [];
  worker.on('error', (e) => errors.push(e));
  await new Promise((resolve) => worker.once('online', resolve));
  await new Promise((resolve) => setTimeout(resolve, ms));
  await worker.terminate();
  assert.deepEqual(errors, []);
}

// ---- Listeners kept by hostile signals ------------------------------------------------

test('an abort listener that the signal keeps after the call is harmless when it fires later', async () => {
  const ac = new AbortController();
  ac.signal.removeEventListener = () => {}; // the listener is never removed
  assert.equal(await async.add(1, 2, { signal: ac.signal }), 3);
  ac.abort(); // runs the listener of a call that has settled
  // A look-alike signal that keeps every listener and calls them at will.
  const kept: Array<() => void> = [];
  const fake = { aborted: false, addEventListener: (_: string, f: () => void) => kept.push(f), removeEventListener() {} };
  assert.equal(await async.add(2, 3, { signal: fake as unknown as AbortSignal }), 5);
  for (let i = 0; i < 3; i++) kept.forEach((f) => f());
  // Collected with its slot after the call: still nothing to crash on.
  gc?.();
  await nextTurn();
  kept.forEach((f) => f());
});

test('a listener fired inside addEventListener cancels work that was never queued: an AbortError, nothing queued', async () => {
  const eager = {
    aborted: false,
    reason: 'eager',
    addEventListener: (_: string, f: () => void) => f(),
    removeEventListener() {},
  };
  await assert.rejects(async.add(1, 2, { signal: eager as unknown as AbortSignal }), { name: 'AbortError', cause: 'eager' });
  // And the module keeps working.
  assert.equal(await async.add(1, 1), 2);
});

test('an invalid signal is a TypeError before any promise exists (no promise left pending, none leaked)', async () => {
  const bad: unknown[] = [5, 'x', { aborted: false }, { aborted: false, addEventListener: 1 }];
  for (const signal of bad) assert.throws(() => any(async.add)(1, 2, { signal }), { name: /TypeError|Error/ }, String(signal));
  // A look-alike whose `aborted` is truthy but not a boolean reads as aborted, as `if (signal.aborted)` would.
  await assert.rejects(async.add(1, 2, { signal: { aborted: 'yes' } as unknown as AbortSignal }), { name: 'AbortError' });
  // 20,000 refused calls: a leaked promise each (44-50 bytes of JS heap) would show.
  assert.ok(gc, 'run node with --expose-gc');
  const round = () => {
    for (let i = 0; i < 20_000; i++) {
      try {
        any(async.add)(1, 2, { signal: 5 });
      } catch {
        // refused, as it must be
      }
    }
    gc!();
    return process.memoryUsage().heapUsed;
  };
  // A leak grows the heap in every round (by about 900 KB); noise does not.
  const heaps = [round(), round(), round(), round()];
  const growth = Math.min(heaps[2]! - heaps[1]!, heaps[3]! - heaps[2]!);
  assert.ok(growth < 300_000, `JS heap grew by ${growth} bytes or more in each round of 20,000 refused calls (${heaps})`);
});

test('onProgress throwing, during the work or at the final delivery, rejects the promise with the thrown value', async () => {
  // Node swallows an exception left in a thread-safe function's callback
  // (DEP0168), so tsbind keeps the first one and rejects with it.
  for (const pause of [0, 200]) {
    for (const value of [new Error('x'), 'boom', 42, undefined, null, Symbol('s')]) {
      let calls = 0;
      const outcome = await async.countTo(5, pause, {
        onProgress: () => {
          calls++;
          throw value;
        },
      }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      assert.deepEqual(outcome, { error: value }, `pause ${pause}, thrown ${String(value)}`);
      assert.equal(calls, 1, 'no value is delivered after onProgress threw');
    }
  }
});

test('a std::unique_ptr given to def_async is taken on the JS thread as the work is queued, not by the pool thread', async () => {
  const a = new async.Accumulator();
  await a.add(2);
  assert.equal(await async.drain(a), 2);
  assert.throws(() => a.total, { message: /has been disposed/ });
  // Refused before anything is queued: the object stays JS's.
  const b = new async.Accumulator();
  await assert.rejects(async.drain(b, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  assert.equal(b.total, 0);
  assert.throws(() => any(async.drain)(b, { signal: 5 }), { name: 'TypeError' });
  assert.equal(b.total, 0);
});

test('a progress value that cannot be a JS number rejects the promise with the RangeError, never ends the process', async () => {
  await assert.rejects(async.reportHuge({ onProgress() {} }), { name: 'RangeError', message: /beyond \+\/-2\^53/ });
  assert.equal(await async.reportHuge(), 1, 'without onProgress nothing is converted');
});

// ---- Workers terminated mid-call ------------------------------------------------------

for (const [name, call] of [
  ['a unique_ptr result', 'm.makeUniqueCounter(1); m.makeShape("circle");'],
  ['a pointer result taken over', 'm.newCounter(1);'],
  ['a value result', 'm.Counter.fromString("7");'],
  ['a shared_ptr result', 'm.makeSharedCircle(1);'],
  ['an object constructed in JS', 'new m.Counter(1); new m.Circle(2);'],
] as const) {
  test(`a worker terminated while it creates objects (${name}) frees each once and leaks nothing`, async () => {
    const path = testModulePath('classes');
    const before = classes.liveCounters();
    for (let round = 0; round < 8; round++)
      await terminateMidCall(`const m = require(${JSON.stringify(path)}); for (;;) { ${call} }`, 20 + round * 7);
    // Objects of terminated workers were destroyed at their teardown (no double free, no leak: see test:asan).
    assert.equal(classes.liveCounters(), before);
  });
}

test('a worker terminated with async work, callbacks and progress in flight', async () => {
  const path = testModulePath('async');
  for (let round = 0; round < 5; round++)
    await terminateMidCall(
      `const m = require(${JSON.stringify(path)});
       const ac = new AbortController();
       for (let i = 0; i < 50; i++) {
         m.add(i, 1, { signal: ac.signal }).catch(() => {});
         m.countTo(100, 10, { onProgress() {} }).catch(() => {});
         m.sumFromPool((x) => x, 20).catch(() => {});
       }
       setInterval(() => {}, 1000);`,
      10 + round * 10,
    );
});

// ---- Objects destroyed under a keeper --------------------------------------------------

test('an object kept alive by another (keep_alive) refuses dispose() and a hand-over to C++', () => {
  for (const make of [() => classes.newCounter(5)!, () => new classes.Counter(5)]) {
    const w = new classes.Watchlist();
    const c = make();
    w.watch(c);
    assert.throws(() => c.dispose(), { name: 'Error', message: /keeps this one alive \(keep_alive\)/ });
    assert.throws(() => c[Symbol.dispose](), { message: /keeps this one alive/ });
    assert.throws(() => classes.consumeCounter(c), {
      name: 'Error',
      message: /consumeCounter\(\): argument 1 'counter' is a Counter that another object keeps alive \(keep_alive\)/,
    });
    assert.equal(w.sum(), 5, 'the watched object is intact');
    // Once the keeper is gone, the object is free to go.
    w.dispose();
    c.dispose();
    assert.throws(() => c.get(), { message: /has been disposed/ });
  }
  // A primitive needs no keeping alive: keep_alive of one is no error.
  assert.equal(new classes.Watchlist().note('text'), 4);
  // Kept by two: free only when both are gone.
  const a = new classes.Watchlist(), b = new classes.Watchlist(), c = new classes.Counter(1);
  a.watch(c);
  b.watch(c);
  a.dispose();
  assert.throws(() => c.dispose(), { message: /keeps this one alive/ });
  b.dispose();
  c.dispose();
});

test('a pointer passed to a TypeScript override is lent for the call: kept beyond it, it is disposed, not dangling', () => {
  const p = new classes.Panel();
  p.addPlain();
  let stashed: Classes.Widget | null = null;
  class W extends classes.Widget {
    override greet(other: Classes.Widget | null) {
      stashed = other;
      return 'x ' + (other ? other.label() : 'none'); // usable during the call
    }
  }
  assert.equal(p.greetFirst(new W()), 'x widget');
  p.clear(); // C++ frees the widget the stashed object pointed to
  assert.throws(() => stashed!.label(), { name: 'Error', message: /'this' is a Widget that has been disposed/ });
  // An object JS already had keeps working: only wrappers made for the call are lent.
  const own = new classes.Widget();
  p.add(own);
  let seen: Classes.Widget | null = null;
  class V extends classes.Widget {
    override greet(other: Classes.Widget | null) {
      seen = other;
      return 'v';
    }
  }
  p.greetFirst(new V());
  assert.equal(seen, own);
  assert.equal(own.label(), 'widget');
});

test('a JS function kept by C++ beyond its worker is an Error to call, and harmless to drop at exit', async () => {
  const path = testModulePath('stl');
  const worker = new Worker(
    `const m = require(${JSON.stringify(path)});
     m.store((x) => x + 1);
     require('node:worker_threads').parentPort.postMessage(m.callStored(1));`,
    { eval: true },
  );
  assert.equal(await new Promise((resolve) => worker.once('message', resolve)), 2);
  // The worker is alive but this is not its thread.
  assert.throws(() => stl.callStored(1), { message: /can be used only on the JS thread it came from/ });
  await worker.terminate();
  assert.throws(() => stl.callStored(1), { message: /its JS environment \(a worker, or the process\) has ended/ });
  stl.clearStored();
  // The process exits with a function still stored: its reference is not touched after the environment is freed.
  const child = runChild(`const m = require(${JSON.stringify(path)}); m.store((x) => x * 2); console.log(m.callStored(4));`);
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), '8');
});

// ---- Sizes past limits -----------------------------------------------------------------

test('a typed array too large to make is a RangeError, never a fatal error', () => {
  assert.throws(() => arrays.ramp(2 ** 32 + 1), { name: 'RangeError', message: /the most a typed array can have is 4294967296/ });
  assert.throws(() => arrays.ramp(2n ** 61n + 512n), { name: 'RangeError' });
  assert.throws(() => arrays.ramp(2 ** 53), { name: 'RangeError' });
  // Within the limit but more memory than there is: JS's own RangeError.
  assert.throws(() => arrays.ramp(2 ** 32), { name: 'RangeError', message: /Array buffer allocation failed/ });
  assert.deepEqual(arrays.ramp(3), new Float64Array([0, 1, 2]));
});

test('a C++ constructor that hands `this` to JS gets a lent object, never a freed one found in a reused block', () => {
  const Announcer = (classes as unknown as { Announcer: new (f: (a: { id: number } | null) => void) => { id: number; dispose(): void } }).Announcer;
  for (let round = 0; round < 20; round++) {
    let seen: { id: number } | null = null;
    const made = new Announcer((a) => {
      seen = a;
    });
    assert.notEqual(seen, null);
    assert.notEqual(seen, made, 'the JS object does not exist yet: the callback gets one lent for the call');
    assert.throws(() => seen!.id, { message: /has been disposed/ });
    assert.equal(made.id, 5);
    made.dispose(); // its block is the next one reused
  }
});
