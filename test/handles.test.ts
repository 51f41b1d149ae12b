// Bound objects reach the native side as handles: the module's JS layer
// (src/core/js_layer.cpp) keeps each object's handle in a private field and
// passes it with `this` and with bound-object arguments, so that no call
// pays for napi_unwrap. Nothing of it may be seen, forged or replayed, and
// every error stays the one the ordinary path gives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type * as Golden from './goldens/classes.js';
import { loadTestModule, testModulePath } from './support/addons.js';

const m = loadTestModule<typeof Golden>('classes');
const callWith = (f: unknown, self: unknown, ...args: unknown[]) => Reflect.apply(f as (...a: unknown[]) => unknown, self, args);
const trap = () => {
  throw new Error('a Proxy trap ran');
};
const hostile = <T extends object>(target: T) =>
  new Proxy(target, { get: trap, has: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, ownKeys: trap, set: trap });

test('a handle cannot be seen: an object keeps its own keys, symbols and extensibility through calls', () => {
  const counter = new m.Counter(1);
  const keys = Reflect.ownKeys(counter);
  counter.increment(2);
  assert.equal(counter.get(), 3);
  m.shapeArea(new m.Circle(1));
  assert.deepEqual(Reflect.ownKeys(counter), keys);
  assert.deepEqual(Object.getOwnPropertySymbols(counter), []);
  const frozen = Object.freeze(new m.Counter(4));
  assert.equal(frozen.get(), 4, 'a frozen object takes the handle path too');
  assert.ok(Object.isFrozen(frozen));
  assert.deepEqual(Reflect.ownKeys(frozen), keys);
});

test('a `this` that is not an instance of the class is refused with the usual TypeError, and no Proxy trap runs', () => {
  const get = m.Counter.prototype.get;
  const refused = (self: unknown, got: string) =>
    assert.throws(() => callWith(get, self), { name: 'TypeError', message: `Counter.get(): 'this' must be a Counter, got ${got}` });
  refused({}, 'object');
  refused(Object.create(m.Counter.prototype), 'Counter');
  refused(new m.Vec2(1, 2), 'Vec2');
  refused(5, 'Number');
  refused(hostile(new m.Counter(1)), 'object');
  // An object stamped with a handle, behind a Proxy: the handle is not reachable through it.
  const stamped = new m.Counter(2);
  assert.equal(stamped.get(), 2);
  refused(hostile(stamped), 'object');
  // An object whose prototype chain holds a real instance is not that instance.
  refused(Object.create(stamped), 'Counter');
});

test('bound-object arguments: other classes, Proxies and look-alikes are refused as before', () => {
  assert.throws(() => m.circleRadius(new m.Square(1) as unknown as Golden.Circle), {
    name: 'TypeError',
    message: "circleRadius(): argument 1 'circle' must be a Circle, got Square",
  });
  assert.throws(() => m.shapeArea(hostile(new m.Circle(1))), {
    name: 'TypeError',
    message: "shapeArea(): argument 1 'shape' must be a Shape, got object",
  });
  const circle = new m.Circle(2);
  assert.equal(m.circleRadius(circle), 2);
  assert.throws(() => m.circleRadius(Object.create(circle) as Golden.Circle), { name: 'TypeError' });
  assert.equal(m.shapeArea(circle), m.shapeArea(new m.Circle(2)), 'a derived object as a base argument');
});

test('a disposed object keeps failing as disposed, also after its memory could have gone to new objects', () => {
  const counter = new m.Counter(7);
  const circle = new m.Circle(3);
  assert.equal(counter.get() + m.circleRadius(circle), 10); // both have their handles now
  counter.dispose();
  circle.dispose();
  const fresh = Array.from({ length: 200 }, (_, i) => [new m.Counter(i), new m.Circle(i)] as const);
  assert.throws(() => counter.get(), { name: 'Error', message: "Counter.get(): 'this' is a Counter that has been disposed" });
  assert.throws(() => m.circleRadius(circle), {
    name: 'Error',
    message: "circleRadius(): argument 1 'circle' is a Circle that has been disposed",
  });
  assert.deepEqual(fresh.slice(0, 3).map(([c, r]) => [c.get(), m.circleRadius(r)]), [[0, 0], [1, 1], [2, 2]]);
});

test('the layer keeps counts, overloads, objects from C++ and JS subclasses as they were', () => {
  const counter = new m.Counter(1);
  assert.throws(() => callWith(counter.get, counter, 1), { name: 'TypeError', message: 'Counter.get(): expected 0 arguments, got 1' });
  assert.equal(counter.increment(), 2, 'an overloaded method');
  const canvas = new m.Canvas();
  canvas.add(new m.Circle(1));
  const first = canvas.at(0)!;
  assert.equal(first.area(), m.shapeArea(first), 'an object made in C++ gets its handle on its first call');
  class Unit extends m.Shape {
    override area() {
      return 1;
    }
  }
  const unit = new Unit();
  assert.equal(m.shapeArea(unit), 1);
  assert.equal(unit.describe(), new Unit().describe());
});

test('each worker has its own handles', async () => {
  const worker = new Worker(
    `const m = require(${JSON.stringify(testModulePath('classes'))});
     const counter = new m.Counter(0);
     for (let i = 0; i < 1000; i++) counter.increment(1);
     const circle = new m.Circle(5);
     require('node:worker_threads').parentPort.postMessage([counter.get(), m.circleRadius(circle)]);`,
    { eval: true },
  );
  const counter = new m.Counter(0);
  for (let i = 0; i < 1000; i++) counter.increment(2);
  assert.deepEqual(await new Promise((resolve) => worker.once('message', resolve)), [1000, 5]);
  assert.equal(counter.get(), 2000);
  await worker.terminate();
});
