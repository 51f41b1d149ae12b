// The object model: holders, return value policies, identity, keep_alive,
// inheritance, virtual methods overridden in TypeScript, iteration,
// equality, native memory reported to the GC, and teardown.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as Arrays from './goldens/arrays.js';
import type * as Classes from './goldens/classes.js';
import { loadTestModule, testModulePath } from './support/addons.js';

type Circle = Classes.Circle;
type Shape = Classes.Shape;
type Bag = Classes.Bag;
type Node = Classes.Node;
type Big = Classes.Big;
type Counter = Classes.Counter;

const m = loadTestModule<typeof Classes>('classes');
const gc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage until `done()` holds (finalizers run between turns). */
async function collectUntil(done: () => boolean): Promise<void> {
  assert.ok(gc, 'run node with --expose-gc');
  for (let i = 0; i < 50 && !done(); i++) {
    gc();
    await nextTurn();
  }
}

test('inheritance: instanceof, base methods on derived objects, derived objects where a base is expected', () => {
  const circle = new m.Circle(2);
  assert.ok(circle instanceof m.Circle);
  assert.ok(circle instanceof m.Shape);
  assert.equal(circle.area(), 12);
  assert.equal(circle.describe(), 'circle of area 12');
  assert.equal(m.shapeArea(circle), 12);
  assert.equal(circle.radius, 2);
  assert.equal(Object.getPrototypeOf(m.Circle), m.Shape, 'statics inherit too');
  assert.equal(m.Circle.live(), m.Shape.live());
  // A base or a sibling where a derived class is expected is refused.
  assert.throws(() => m.circleRadius(new m.Square(1) as unknown as Circle), {
    name: 'TypeError',
    message: "circleRadius(): argument 1 'circle' must be a Circle, got Square",
  });
  assert.throws(() => (m.Circle.prototype.describe as () => string).call(new m.Counter()), {
    name: 'TypeError',
    message: "Shape.describe(): 'this' must be a Shape, got Counter",
  });
});

test('a polymorphic base pointer returned from C++ arrives as the most-derived bound class', () => {
  const shape = m.makeShape('circle');
  assert.ok(shape instanceof m.Circle);
  assert.equal((shape as Circle).radius, 1);
  const square = m.makeShape('square');
  assert.ok(square instanceof m.Square);
  assert.equal(square?.area(), 4);
  assert.equal(m.makeShape('none'), null);
});

test('TypeScript classes override C++ virtual methods: C++ calling through a Shape& runs them', () => {
  class Triangle extends m.Shape {
    override area(): number {
      return 6;
    }
    override name(): string {
      return 'triangle';
    }
  }
  const t = new Triangle();
  assert.equal(t.describe(), 'triangle of area 6', 'C++ describe() calls the virtuals');
  assert.equal(m.shapeArea(t), 6);
  assert.ok(t instanceof m.Shape);

  // Not overridden: the C++ method runs; a pure virtual says so.
  class OnlyArea extends m.Shape {
    override area(): number {
      return 2;
    }
  }
  assert.equal(new OnlyArea().describe(), 'shape of area 2');
  assert.throws(() => new m.Shape().describe(), {
    name: 'Error',
    message: 'Shape.area() is pure virtual and the JS class does not override it',
  });
});

test('an exception thrown in a TypeScript override reaches the JS caller intact; a wrong result type is a TypeError', () => {
  const thrown = new RangeError('no area');
  class Failing extends m.Shape {
    override area(): number {
      throw thrown;
    }
  }
  assert.throws(() => m.shapeArea(new Failing()), (e: unknown) => e === thrown);
  class Wrong extends m.Shape {
    override area(): number {
      return 'big' as unknown as number;
    }
  }
  assert.throws(() => m.shapeArea(new Wrong()), {
    name: 'TypeError',
    message: "Shape.area(): the JS override's result must be a number, got string",
  });
});

test('a TypeScript object given to C++ (std::unique_ptr) stays alive, and overriding, while C++ holds it', async () => {
  const canvas = new m.Canvas();
  let areaCalls = 0;
  (() => {
    class Triangle extends m.Shape {
      override area(): number {
        areaCalls++;
        return 6;
      }
    }
    const t = new Triangle();
    canvas.add(t);
    assert.equal(canvas.at(0), t, 'C++ returns the same JS object');
    canvas.add(new m.Circle(1));
  })();
  // Only C++ refers to the Triangle now; collecting must not take its JS side.
  for (let i = 0; i < 5; i++) {
    gc?.();
    await nextTurn();
  }
  assert.equal(canvas.totalArea(), 9);
  assert.ok(areaCalls > 0);
  assert.equal(canvas.describeAll(), 'shape of area 6, circle of area 3');
  const live = m.Shape.live();
  canvas.clear();
  assert.equal(m.Shape.live(), live - 2, 'C++ destroyed both');
  canvas.dispose();
});

test('a TypeScript object shared with C++ (std::shared_ptr) stays alive, and overriding, while C++ holds a copy', async () => {
  const panel = new m.Panel();
  let ref: WeakRef<object> | undefined;
  (() => {
    class Fancy extends m.Widget {
      override label(): string {
        return 'fancy';
      }
    }
    const fancy = new Fancy();
    ref = new WeakRef(fancy);
    panel.add(fancy);
    panel.add(new m.Widget());
  })();
  for (let i = 0; i < 5; i++) {
    gc?.();
    await nextTurn();
  }
  assert.ok(ref!.deref(), 'kept alive by C++');
  assert.equal(panel.labels(), 'fancy widget');
  // C++ lets go: the JS object can be collected.
  panel.clear();
  // (deref() keeps its target alive until the turn ends: collect first, then look.)
  for (let i = 0; i < 20 && ref!.deref() !== undefined; i++) {
    await nextTurn();
    gc?.();
    await nextTurn();
  }
  assert.equal(ref!.deref(), undefined);
});

test('a pointer C++ passes to a TypeScript override stays C++\'s: JS refers to it and never deletes it', async () => {
  class Friendly extends m.Widget {
    override greet(other: Classes.Widget | null): string {
      return `hello ${other ? other.label() : 'nobody'}`;
    }
  }
  const panel = new m.Panel();
  assert.equal(panel.greetFirst(new Friendly()), 'hello nobody');
  panel.addPlain();  // made and owned by C++
  assert.equal(panel.greetFirst(new Friendly()), 'hello widget');
  assert.equal(panel.greetFirst(new m.Widget()), 'hi widget', 'not overridden: the C++ method');
  await collectUntil(() => false);
  assert.equal(panel.labels(), 'widget', 'the C++ widget is intact after JS let go of its reference');
  panel.dispose();
});

test('std::unique_ptr arguments move ownership to C++: the JS object is disposed', () => {
  m.globalCounter();  // made on first use, and never deleted
  const before = m.liveCounters();
  const c = new m.Counter(3);
  assert.equal(m.consumeCounter(c), 3);
  assert.equal(m.liveCounters(), before, 'C++ deleted it');
  assert.throws(() => c.get(), { name: 'Error', message: "Counter.get(): 'this' is a Counter that has been disposed" });
  assert.throws(() => m.consumeCounter(c), {
    name: 'Error',
    message: "consumeCounter(): argument 1 'counter' is a Counter that has been disposed",
  });
  assert.equal(m.consumeCounter(null), -1);
  // What JS does not own cannot be given away.
  assert.throws(() => m.consumeCounter(m.globalCounter()), {
    name: 'Error',
    message:
      "consumeCounter(): argument 1 'counter' is a Counter that JS does not own alone, so its ownership cannot move to C++ (std::unique_ptr)",
  });
  // An object from C++ (heap) moves as it is.
  const made = m.makeUniqueCounter(9);
  assert.equal(made?.get(), 9);
  assert.equal(m.consumeCounter(made), 9);
  assert.equal(m.liveCounters(), before);
  // A Square given to a std::unique_ptr<Shape> (virtual destructor) is fine; the JS object is disposed.
  const canvas = new m.Canvas();
  const square = new m.Square(3);
  canvas.add(square);
  assert.equal(canvas.totalArea(), 9);
  assert.throws(() => square.area(), /disposed/);
  canvas.dispose();
});

test('std::shared_ptr: JS and C++ share objects; the same C++ object is the same JS object', async () => {
  const graph = new m.Graph();
  const a = new m.Node('a');
  graph.add(a);
  assert.equal(graph.get(0), a, 'identity');
  assert.equal(m.nodeUseCount(a), 3, 'JS, the graph and the parameter');
  const b = graph.make('b');
  assert.equal(b?.name, 'b');
  assert.equal(graph.get(1), b);
  // JS lets go: C++ still holds the node, and hands out a new JS object for it.
  (() => graph.add(new m.Node('c')))();
  await collectUntil(() => false);
  assert.equal(graph.get(2)?.name, 'c');
  // Disposing drops JS's share only.
  a.dispose();
  assert.equal(graph.get(0)?.name, 'a');
  // An object that is not held by a shared_ptr cannot be shared.
  assert.throws(() => m.nodeUseCount(m.globalCounter() as unknown as Node), {
    name: 'TypeError',
    message: "nodeUseCount(): argument 1 'node' must be one of Node | null, got Counter",
  });
});

test('a derived object passes where std::shared_ptr<Base> is expected', () => {
  const circle = m.makeSharedCircle(2);
  assert.ok(circle instanceof m.Circle);
  assert.equal(m.sharedArea(circle), 12);
  assert.equal(m.sharedArea(null), -1);
  // Constructed in JS from a class without a shared_ptr holder: not shareable.
  assert.throws(() => m.sharedArea(new m.Circle(1)), {
    name: 'Error',
    message:
      "sharedArea(): argument 1 'shape' is a Circle that is not held by a std::shared_ptr (bind the class with class_<T, std::shared_ptr<T>>, or return it from C++ as one)",
  });
});

test('return value policies: reference, copy, take_ownership, reference_internal', async () => {
  // reference: C++ keeps ownership; the same object is the same JS object.
  const g = m.globalCounter();
  assert.equal(m.globalCounter(), g);
  assert.equal(g.get(), 1000);
  g.dispose();  // only detaches: C++ still owns it
  assert.equal(m.globalCounter().get(), 1000);
  // copy: a new object each time.
  assert.notEqual(m.copyOfGlobal(), m.copyOfGlobal());
  // take_ownership (a returned pointer): JS deletes it.
  const before = m.liveCounters();
  const owned = m.newCounter(5);
  assert.equal(m.liveCounters(), before + 1);
  owned?.dispose();
  assert.equal(m.liveCounters(), before);
  // An object passed by reference comes back as itself.
  const c = new m.Counter(4);
  assert.equal(m.same(c), c);
  // reference_internal: the member is the same object while it lives, keeps
  // its owner alive, and is disposed with it.
  const holder = new m.Holder();
  const inner = holder.inner;
  assert.equal(holder.inner, inner);
  assert.equal(inner.get(), 5);
  holder.dispose();
  assert.throws(() => inner.get(), {
    name: 'Error',
    message: "Counter.get(): 'this' is a Counter that has been disposed",
  });
  // The owner stays alive while only the member is referenced.
  const member = (() => new m.Holder().inner)();
  await collectUntil(() => false);
  assert.equal(member.get(), 5);
});

test('keep_alive<1, 2>: objects a C++ object points to stay alive as long as it does', async () => {
  const list = new m.Watchlist();
  (() => {
    list.watch(new m.Counter(1));
    list.watch(new m.Counter(2));
  })();
  await collectUntil(() => false);
  assert.equal(list.sum(), 3);
});

test('an object cannot be disposed while a call is using it', () => {
  const c = new m.Counter(1);
  const values = [1];
  Object.defineProperty(values, 1, {
    enumerable: true,
    get() {
      c.dispose();
      return 2;
    },
  });
  assert.throws(() => m.addAll(c, values), {
    name: 'Error',
    message: 'Counter.dispose(): the object is in use by a call in progress; dispose it after the call',
  });
  assert.equal(c.get(), 1, 'the object is intact');
  c.dispose();
});

test('iteration, equality and toString where C++ has them', () => {
  const bag = new m.Bag([1, 2, 3]);
  assert.deepEqual([...bag], [1, 2, 3]);
  let sum = 0;
  for (const x of bag) sum += x;
  assert.equal(sum, 6);
  assert.ok(bag.equals(new m.Bag([1, 2, 3])));
  assert.ok(!bag.equals(new m.Bag([1])));
  assert.throws(() => bag.equals({} as Bag), { name: 'TypeError' });
  const it = bag[Symbol.iterator]();
  assert.deepEqual(it.next(), { value: 1, done: false });
  bag.dispose();
  assert.throws(() => it.next(), { message: 'iterator: the object it iterates over has been disposed' });
  assert.equal(`${new m.Counter(3)}`, 'Counter(3)');
});

test('native_size reports native memory to the garbage collector, and takes it back; large results are counted', () => {
  const before = m.externalMemory();
  const blob = new m.Blob(10_000_000);
  assert.equal(m.externalMemory() - before, 10_000_000);
  blob.dispose();
  assert.equal(m.externalMemory() - before, 0);
  // A large vector result is an external ArrayBuffer: V8 counts its memory itself.
  const arrays = loadTestModule<typeof Arrays>('arrays');
  const big = arrays.ones(1_000_000);
  assert.ok(m.externalMemory() - before >= 8_000_000);
  assert.equal(big.length, 1_000_000);
});

test('the instance heap on its own: interior and foreign pointers, overlap, reuse, size classes, memory given back', () => {
  // A native program (test/native/instance_heap_test.cpp), built beside the test modules.
  const program = join(dirname(testModulePath('classes')), process.platform === 'win32' ? 'instance_heap_test.exe' : 'instance_heap_test');
  const run = spawnSync(program, { encoding: 'utf8' });
  assert.equal(run.error, undefined);
  assert.equal(run.stdout.trim(), 'ok', run.stderr);
  assert.equal(run.status, 0);
});

test('the instance heap: objects spread over many chunks, and objects too big for a block, keep identity and checks', async () => {
  // The objects are handled in plain functions: a suspended async function
  // can keep its last temporaries alive, which would skew the counts.
  await collectUntil(() => false); // earlier tests' garbage first, so that the counts below are this test's
  const startCounters = m.liveCounters();
  const sameObject = (c: Counter) => m.same(c) === c;
  let counters: Counter[] = [];
  let bigs: Big[] = [];
  (() => {
    // 5,000 counters fill several 64 KiB chunks; each is found again from its C++ address.
    counters = Array.from({ length: 5000 }, (_, i) => new m.Counter(i));
    for (const i of [0, 1, 817, 2500, 4999]) assert.ok(sameObject(counters[i]!), `counter ${i}`);
    assert.equal(m.liveCounters() - startCounters, 5000);

    // An object bigger than a block lives in an allocation of its own, with the same behaviour.
    bigs = Array.from({ length: 300 }, (_, i) => new m.Big(i));
    assert.equal(m.sameBig(bigs[123]!), bigs[123]);
    assert.equal(m.sameBig(bigs[299]!).id, 299);
    assert.equal(m.liveBigs(), 300);
    assert.throws(() => m.sameBig(counters[0] as unknown as Big), { name: 'TypeError', message: /must be a Big, got Counter/ });
    bigs[5]!.dispose();
    assert.equal(m.liveBigs(), 299);
    assert.throws(() => bigs[5]!.id, { message: /disposed/ });
    counters = counters.filter((_, i) => i % 2 === 0);
  })();

  // Freed blocks are reused: dropping half and making as many again keeps the count right.
  await collectUntil(() => m.liveCounters() - startCounters === 2500);
  assert.equal(m.liveCounters() - startCounters, 2500);
  (() => {
    counters.push(...Array.from({ length: 2500 }, (_, i) => new m.Counter(-i)));
    assert.ok(counters.slice(-3).every(sameObject));
    assert.equal(counters[100]!.get(), 200, 'a surviving object is untouched by the reuse around it');
    counters = [];
    bigs = [];
  })();
  await collectUntil(() => m.liveCounters() === startCounters && m.liveBigs() === 0);
  assert.equal(m.liveCounters(), startCounters);
  assert.equal(m.liveBigs(), 0);
});

test('teardown: objects alive at exit, or in a terminated worker, are destroyed exactly once', async () => {
  const path = testModulePath('classes');
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const m = require(${JSON.stringify(path)});
       m.reportLiveAtExit();
       class T extends m.Shape { area() { return 1; } }
       const canvas = new m.Canvas();
       canvas.add(new T());
       globalThis.keep = [new m.Counter(1), m.newCounter(2), new m.Circle(1), canvas, m.globalCounter(), new m.Holder().inner];`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  // The global counter belongs to C++ and stays.
  assert.match(child.stderr, /live at exit: 1 counters, 0 shapes/);

  const before = m.liveCounters();
  const shapesBefore = m.Shape.live();
  const worker = new Worker(
    `const m = require(${JSON.stringify(path)});
     class T extends m.Shape { area() { return 1; } }
     const canvas = new m.Canvas();
     canvas.add(new T());
     globalThis.keep = [canvas, new m.Circle(1)];
     for (let i = 0; i < 1000; i++) globalThis.keep.push(new m.Counter(i), m.newCounter(i));
     require('node:worker_threads').parentPort.postMessage([m.liveCounters(), m.Shape.live()]);
     setInterval(() => {}, 1000);`,
    { eval: true },
  );
  const [counters, shapes] = (await new Promise((resolve) => worker.once('message', resolve))) as number[];
  assert.equal(counters, before + 2000);
  assert.equal(shapes, shapesBefore + 2);
  await worker.terminate();
  assert.equal(m.liveCounters(), before);
  assert.equal(m.Shape.live(), shapesBefore);
});
