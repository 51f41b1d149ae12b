// Bound classes are JS classes that the module's JS layer makes
// (src/core/js_layer.cpp): `new Counter(1)` makes the object in JS and the
// C++ object in the instance heap, without napi_wrap; the object's handle is
// in a private field, and napi_add_finalizer ends the C++ object. These
// tests hold that such objects behave as those C++ makes, on every path that
// is not the layer's own (overloads, variants, vectors, keep_alive, identity,
// ownership), and that results the layer carries through its scratch buffer
// survive calls nested inside calls.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type * as Golden from './goldens/classes.js';
import type * as StlGolden from './goldens/stl.js';
import { loadTestModule, testModulePath } from './support/addons.js';

const m = loadTestModule<typeof Golden>('classes');
const stl = loadTestModule<typeof StlGolden>('stl');

const collect = async (done: () => boolean) => {
  // Finalizers run from the event loop after a collection.
  for (let round = 0; round < 20 && !done(); round++) {
    globalThis.gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
};

test('objects made by `new` and by C++ are of one class: prototype, constructor, instanceof, tag', () => {
  const made = new m.Counter(1);
  const fromCpp = m.newCounter(2)!;
  assert.equal(Object.getPrototypeOf(made), m.Counter.prototype);
  assert.equal(Object.getPrototypeOf(fromCpp), m.Counter.prototype);
  assert.equal(made.constructor, m.Counter);
  assert.equal(fromCpp.constructor, m.Counter);
  assert.ok(made instanceof m.Counter && fromCpp instanceof m.Counter);
  assert.equal(Object.prototype.toString.call(made), '[object Counter]');
  assert.equal(m.Counter.name, 'Counter');
  // Derived classes chain as `class Circle extends Shape` does, statics too.
  assert.equal(Object.getPrototypeOf(m.Circle), m.Shape);
  assert.equal(Object.getPrototypeOf(m.Circle.prototype), m.Shape.prototype);
  assert.equal(m.Circle.live, m.Shape.live);
  const circle = new m.Circle(1);
  const madeInCpp = m.makeShape('circle')!;
  assert.ok(circle instanceof m.Shape && circle instanceof m.Circle);
  assert.ok(madeInCpp instanceof m.Circle);
  assert.equal(Object.getPrototypeOf(madeInCpp), Object.getPrototypeOf(circle));
});

test('a class shows what was bound and nothing of the layer', () => {
  assert.deepEqual(Object.getOwnPropertyNames(m.Counter).sort(), ['fromString', 'length', 'liveCount', 'name', 'prototype']);
  assert.deepEqual(
    Object.getOwnPropertyNames(m.Counter.prototype).sort(),
    ['constructor', 'dispose', 'doubled', 'get', 'id', 'increment', 'label', 'setFromString', 'toString', 'value'],
  );
  const made = new m.Counter(1);
  assert.deepEqual(Reflect.ownKeys(made), []);
  // The constructor's native half is not reachable: a class called without `new` is the usual TypeError.
  assert.throws(() => (m.Counter as unknown as () => void)(), { name: 'TypeError', message: /cannot be invoked without 'new'/ });
});

test('an object made by `new` takes every path that is not the layer\'s', () => {
  const made = new m.Counter(5);
  // Overloads are not the layer's: `this` is found from the object's handle.
  assert.equal(made.increment(2), 7);
  assert.equal(made.increment(), 8);
  assert.equal(m.counterOrText(made), 'Counter 8');
  assert.equal(m.sumCounters([made, new m.Counter(2)]), 10);
  assert.equal(m.readByPointer(made), 8);
  assert.equal(m.bumpCopy(made), 1008);
  assert.equal(made.get(), 8, 'a copy was bumped');
  // Identity: C++ hands back the same object.
  assert.equal(m.same(made), made);
  // keep_alive holds an object made by `new` too.
  const list = new m.Watchlist();
  list.watch(new m.Counter(40));
  globalThis.gc!();
  assert.equal(list.sum(), 40);
  // Ownership goes to C++, and the object says so afterwards.
  const given = new m.Counter(3);
  assert.equal(m.consumeCounter(given), 3);
  assert.throws(() => given.get(), { name: 'Error', message: /Counter/ });
  // dispose() ends it at once; a second dispose() is harmless.
  const disposed = new m.Counter(9);
  disposed.dispose();
  disposed.dispose();
  assert.throws(() => disposed.get(), { name: 'Error', message: "Counter.get(): 'this' is a Counter that has been disposed" });
  assert.throws(() => m.readByRef(disposed), { name: 'Error', message: /dispose/ });
});

test('a JS subclass still makes its C++ object through the bound class (virtual overrides)', () => {
  class Triangle extends m.Shape {
    override area() {
      return 3;
    }
    override name() {
      return 'triangle';
    }
  }
  const triangle = new Triangle();
  assert.ok(triangle instanceof m.Shape);
  assert.equal(m.shapeArea(triangle), 3);
  assert.equal(triangle.describe(), 'triangle of area 3');
});

test('objects made by `new` are finalized when collected, and their C++ objects destroyed', async () => {
  await collect(() => false);
  const before = m.liveCounters();
  (() => {
    for (let i = 0; i < 2000; i++) new m.Counter(i);
  })();
  await collect(() => m.liveCounters() === before);
  assert.equal(m.liveCounters(), before);
});

test('results carried through the scratch buffer survive calls nested inside calls', () => {
  // callN's own number result is written after each callback ran one of its own.
  assert.equal(stl.callN((i) => stl.apply((x) => x * 2, i), 4), 12);
  const counter = new m.Counter(2);
  assert.equal(stl.callN((i) => counter.doubled + i + m.readByRef(counter), 3), 3 * 6 + 3);
});

test('a worker makes objects with `new` and ends with them alive', async () => {
  const worker = new Worker(
    `const m = require(${JSON.stringify(testModulePath('classes'))});
     globalThis.kept = [];
     for (let i = 0; i < 100; i++) kept.push(new m.Counter(i), new m.Circle(i));
     require('node:worker_threads').parentPort.postMessage(kept.length);`,
    { eval: true },
  );
  assert.equal(await new Promise((resolve) => worker.once('message', resolve)), 200);
  assert.equal(await new Promise((resolve) => worker.once('exit', resolve)), 0);
});
