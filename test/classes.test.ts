// Bound classes: construction, methods, properties, statics, passing
// instances back to C++, dispose, use after dispose, and finalization.
import test from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { inspect } from 'node:util';
import { describeModule, loadTestModule, testDir } from './support/addons.js';
import type * as Golden from './goldens/classes.js';

declare class Counter {
  constructor(start?: number);
  increment(by?: number): number;
  get(): number;
  toString(): string;
  setFromString(text: string): void;
  label: string;
  readonly id: number;
  value: number;
  readonly doubled: number;
  dispose(): void;
  [Symbol.dispose](): void;
  static liveCount(): number;
  static fromString(text: string): Counter;
}
declare class Vec2 {
  constructor(x: number, y: number);
  plus(other: Vec2): Vec2;
  lengthSquared(): number;
  x: number;
  y: number;
  static zero(): Vec2;
  static precision: number;
  static readonly UNIT_X: Vec2;
  static twicePrecision: number;
  static readonly dimensions: number;
  dispose(): void;
}
declare class Token {
  readonly text: string;
}
interface Classes {
  Counter: typeof Counter;
  Vec2: typeof Vec2;
  Token: typeof Token;
  makeToken(text: string): Token;
  readByRef(c: Counter): number;
  bumpByRef(c: Counter): void;
  readByConstRef(c: Counter): number;
  readByPointer(c: Counter | null): number;
  bumpCopy(c: Counter): number;
  liveCounters(): number;
  sumCounters(cs: Counter[]): number;
  counterOrText(value: Counter | string): string;
  counterOrAnything(value: unknown): string;
  maybeSharedCircle(radius: number): { radius: number } | undefined;
}

const m = loadTestModule<Classes>('classes');
const gc = (globalThis as { gc?: () => void }).gc;

test('constructors: overloads, defaults, argument errors', () => {
  assert.equal(new m.Counter().get(), 0);
  assert.equal(new m.Counter(41).get(), 41);
  assert.throws(() => new m.Counter('x' as unknown as number), {
    name: 'TypeError',
    message: /^Counter\(\): no overload matches the arguments \(string\)\. The overloads are:\n {2}new Counter\(\)\n {2}new Counter\(start: number\)$/,
  });
  assert.throws(() => new m.Vec2(1, 'y' as unknown as number), {
    name: 'TypeError',
    message: "Vec2(): argument 2 'y' must be a number, got string",
  });
  assert.throws(() => (m.Counter as unknown as () => void)(), {
    name: 'TypeError',
    message: "Class constructor Counter cannot be invoked without 'new'",
  });
});

test('a class without a bound constructor cannot be made from JS, only returned by C++', () => {
  assert.throws(() => new m.Token(), {
    name: 'TypeError',
    message: 'Token has no constructor bound: instances come only from C++ functions',
  });
  const token = m.makeToken('abc');
  assert.ok(token instanceof m.Token);
  assert.equal(token.text, 'abc');
});

test('methods, overloaded methods, const methods, lambdas as methods', () => {
  const c = new m.Counter(5);
  assert.equal(c.increment(), 6);
  assert.equal(c.increment(10), 16);
  assert.equal(c.get(), 16);
  c.setFromString('99');
  assert.equal(c.get(), 99);
  assert.throws(() => c.setFromString('nope'), { name: 'TypeError' }); // std::stoi throws invalid_argument
  assert.throws(() => c.increment(1.5), { name: 'TypeError', message: /^Counter\.increment\(\): no overload matches the arguments \(number\)/ });
});

test('toString and the class tag', () => {
  const c = new m.Counter(3);
  assert.equal(String(c), 'Counter(3)');
  assert.equal(`${c}`, 'Counter(3)');
  assert.equal(Object.prototype.toString.call(new m.Vec2(1, 2)), '[object Vec2]');
});

test('properties: getter/setter, readwrite, readonly', () => {
  const c = new m.Counter(2);
  assert.equal(c.value, 2);
  c.value = 7;
  assert.equal(c.get(), 7);
  assert.equal(c.doubled, 14);
  assert.equal(c.label, 'counter');
  c.label = 'renamed';
  assert.equal(c.label, 'renamed');
  assert.equal(c.id, 7);
  assert.throws(() => {
    (c as { id: number }).id = 3;
  }, TypeError);
  assert.throws(() => {
    c.value = 'x' as unknown as number;
  }, { name: 'TypeError', message: /^Counter\.value\(\): argument 1 must be a number, got string$/ });
  const v = new m.Vec2(1, 2);
  v.x = 10;
  assert.equal(v.x, 10);
  assert.equal(v.lengthSquared(), 104);
});

test('static methods, and C++ results of the class type', () => {
  const made = m.Counter.fromString('42');
  assert.ok(made instanceof m.Counter);
  assert.equal(made.get(), 42);
  const sum = new m.Vec2(1, 2).plus(new m.Vec2(3, 4));
  assert.ok(sum instanceof m.Vec2);
  assert.deepEqual([sum.x, sum.y], [4, 6]);
  assert.equal(m.Vec2.zero().x, 0);
});

test('instances pass back to C++ by reference, const reference, pointer and value', () => {
  const c = new m.Counter(1);
  assert.equal(m.readByRef(c), 1);
  m.bumpByRef(c);
  assert.equal(c.get(), 101);
  assert.equal(m.readByConstRef(c), 101);
  assert.equal(m.readByPointer(c), 101);
  assert.equal(m.readByPointer(null), -1);
  assert.equal(m.bumpCopy(c), 1101);
  assert.equal(c.get(), 101, 'by value is a copy');
  assert.equal(m.sumCounters([new m.Counter(1), new m.Counter(2)]), 3);
});

test('an object of the wrong class, or no object, is a TypeError', () => {
  const v = new m.Vec2(0, 0);
  assert.throws(() => m.readByRef(v as unknown as Counter), {
    name: 'TypeError',
    message: "readByRef(): argument 1 'c' must be a Counter, got Vec2".replace("'c'", "'counter'"),
  });
  assert.throws(() => m.readByRef({} as Counter), { message: "readByRef(): argument 1 'counter' must be a Counter, got object" });
  assert.throws(() => m.readByRef(null as unknown as Counter), { message: /must be a Counter, got null/ });
  assert.throws(() => m.readByPointer(undefined as unknown as null), { message: /must be one of Counter \| null, got undefined/ });
  assert.throws(() => m.sumCounters([new m.Counter(1), 3 as unknown as Counter]), {
    message: "sumCounters(): argument 1 'counters'[1] must be a Counter, got number",
  });
  // A plain object that inherits the prototype is not an instance.
  assert.throws(() => m.readByRef(Object.create(m.Counter.prototype)), { name: 'TypeError' });
  assert.throws(() => m.Counter.prototype.get.call(v), {
    name: 'TypeError',
    message: "Counter.get(): 'this' must be a Counter, got Vec2",
  });
  assert.throws(() => m.Counter.prototype.get.call(undefined), { name: 'TypeError' });
  assert.throws(() => m.Counter.prototype.dispose.call({}), { name: 'TypeError', message: /dispose\(\): 'this' must be a Counter/ });
  // Found by the property tests: an overloaded method says what is wrong with 'this', not "no overload matches".
  const disposed = new m.Counter(1);
  disposed.dispose();
  assert.throws(() => disposed.increment(), { name: 'Error', message: "Counter.increment(): 'this' is a Counter that has been disposed" });
  assert.throws(() => m.Counter.prototype.increment.call(new m.Vec2(1, 2)), {
    name: 'TypeError',
    message: "Counter.increment(): 'this' must be a Counter, got Vec2",
  });
  // An object that looks like a Counter but is not one is not called "Counter".
  assert.throws(() => m.readByRef(Object.create(new m.Counter(1))), {
    name: 'TypeError',
    message: "readByRef(): argument 1 'counter' must be a Counter, got an object that is not one (a Proxy of one, an object inheriting from one, or one from another copy of the module)",
  });
  // Found by the property tests: another class's dispose must not destroy the object.
  const counter = new m.Counter(5);
  assert.throws(() => (m.Vec2.prototype as unknown as { dispose(): void }).dispose.call(counter), { name: 'TypeError', message: "Vec2.dispose(): 'this' must be a Vec2, got Counter" });
  assert.equal(counter.get(), 5);
});

test('an object wrapped by another module (another addon\'s pointer) is rejected, not read', () => {
  // A copy of the binary loads as a separate module with its own state: its
  // objects are wrapped with napi_wrap as ours are, but are not ours.
  const variant = process.env.TSBIND_VARIANT ?? 'Release';
  const copy = join(mkdtempSync(join(tmpdir(), 'tsbind-foreign-')), 'classes_copy.node');
  copyFileSync(join(testDir, 'build', variant, 'classes.node'), copy);
  const other = createRequire(import.meta.url)(copy) as Classes;
  const foreign = new other.Counter(5);
  assert.equal(other.readByRef(foreign), 5);
  assert.throws(() => m.readByRef(foreign as unknown as Counter), {
    name: 'TypeError',
    message: "readByRef(): argument 1 'counter' must be a Counter, got an object that is not one (a Proxy of one, an object inheriting from one, or one from another copy of the module)",
  });
  assert.throws(() => m.Counter.prototype.get.call(foreign), { name: 'TypeError' });
  assert.throws(() => m.Counter.prototype.dispose.call(foreign), { name: 'TypeError' });
  assert.equal(foreign.get(), 5);
});

test('dispose() destroys the C++ object at once; later use is a clear Error', () => {
  const before = m.liveCounters();
  const c = new m.Counter(1);
  assert.equal(m.liveCounters(), before + 1);
  c.dispose();
  assert.equal(m.liveCounters(), before);
  assert.throws(() => c.get(), { name: 'Error', message: "Counter.get(): 'this' is a Counter that has been disposed" });
  assert.throws(() => c.value, { name: 'Error', message: /'this' is a Counter that has been disposed/ });
  assert.throws(() => m.readByRef(c), {
    name: 'Error',
    message: "readByRef(): argument 1 'counter' is a Counter that has been disposed",
  });
  c.dispose(); // again: harmless
  c[Symbol.dispose]();
  assert.equal(m.liveCounters(), before);
});

test('[Symbol.dispose] makes `using` work', () => {
  const before = m.liveCounters();
  {
    const c = new m.Counter(1);
    try {
      assert.equal(m.liveCounters(), before + 1);
    } finally {
      c[Symbol.dispose]();
    }
  }
  assert.equal(m.liveCounters(), before);
  assert.equal(typeof m.Counter.prototype[Symbol.dispose], 'function');
});

test('JS subclasses of bound classes work', () => {
  class Named extends m.Counter {
    constructor(public readonly tag: string) {
      super(10);
    }
    twice() {
      return this.get() * 2;
    }
  }
  const n = new Named('x');
  assert.ok(n instanceof m.Counter);
  assert.equal(n.twice(), 20);
  assert.equal(m.readByRef(n), 10);
});

test('the garbage collector destroys unreachable instances', { skip: gc ? false : 'needs --expose-gc' }, async () => {
  const before = m.liveCounters();
  (() => {
    for (let i = 0; i < 1000; i++) new m.Counter(i);
    for (let i = 0; i < 1000; i++) m.Counter.fromString(String(i));
  })();
  assert.ok(m.liveCounters() >= before + 1000, 'not all collected before a GC');
  // Finalizers run on later turns of the event loop, after a GC. Objects of
  // earlier tests may go too, so the count may fall below where it began.
  for (let attempt = 0; attempt < 50 && m.liveCounters() > before; attempt++) {
    gc!();
    await nextTurn();
  }
  assert.ok(m.liveCounters() <= before, `${m.liveCounters() - before} of 2000 counters not destroyed`);
});

test('the module describes its classes: constructors, methods, statics, properties', () => {
  const d = describeModule(m);
  assert.deepEqual(
    d.classes.map((c: { name: string }) => c.name),
    ['Counter', 'Vec2', 'Token', 'Announcer', 'Holder', 'Watchlist', 'Shape', 'Circle', 'Square', 'Canvas', 'Widget', 'Panel', 'Node', 'Graph', 'Bag', 'Blob', 'Big', 'Tree', 'Node', 'Square', 'LineSegment', 'Money'],
  );
  const counter = d.classes[0];
  assert.equal(counter.extends, null);
  assert.deepEqual(counter.constructors, [
    { params: [], returns: 'void', doc: '' },
    { params: [{ name: 'start', type: 'number', optional: false }], returns: 'void', doc: '' },
  ]);
  assert.deepEqual(
    counter.methods.map((x: { name: string; static: boolean; overloads: unknown[] }) => [x.name, x.static, x.overloads.length]),
    [
      ['increment', false, 2],
      ['get', false, 1],
      ['toString', false, 1],
      ['setFromString', false, 1],
      ['liveCount', true, 1],
      ['fromString', true, 1],
    ],
  );
  assert.equal(counter.methods[5].overloads[0].returns, 'Counter');
  assert.deepEqual(counter.properties, [
    { name: 'label', type: 'string', readonly: false, static: false, doc: '' },
    { name: 'id', type: 'number', readonly: true, static: false, doc: '' },
    { name: 'value', type: 'number', readonly: false, static: false, doc: '' },
    { name: 'doubled', type: 'number', readonly: true, static: false, doc: '' },
  ]);
  const token = d.classes[2];
  assert.deepEqual(token.constructors, [], 'not constructible from JS');
  const byName = (name: string) => d.functions.find((f: { name: string }) => f.name === name);
  assert.equal(byName('readByPointer').overloads[0].params[0].type, 'Counter | null');
  assert.equal(byName('sumCounters').overloads[0].params[0].type, 'Array<Counter>');
  assert.equal(byName('makeToken').overloads[0].returns, 'Token');
});

test('a disposed object inside a union is an error naming the argument, never another alternative', () => {
  const c = new m.Counter(3);
  assert.equal(m.counterOrText(c), 'Counter 3');
  assert.equal(m.counterOrText('x'), 'text x');
  c.dispose();
  assert.throws(() => m.counterOrText(c), { name: 'Error', message: "counterOrText(): argument 1 'value' is a Counter that has been disposed" });
  // With a catch-all alternative (napi_value) too: not silently accepted as "any value".
  assert.throws(() => m.counterOrAnything(c), { name: 'Error', message: "counterOrAnything(): argument 1 'value' is a Counter that has been disposed" });
  assert.equal(m.counterOrAnything(1), 'value');
  // Inside an array (an element, not an argument of its own).
  assert.throws(() => m.sumCounters([new m.Counter(1), c]), { message: /has been disposed/ });
});

test('union members are declared once: std::optional<std::shared_ptr<T>> is T | null | undefined', () => {
  const described = describeModule(m);
  const fn = described.functions.find((f: { name: string }) => f.name === 'maybeSharedCircle');
  assert.equal(fn.overloads[0].returns, 'Circle | null | undefined');
  assert.equal(m.maybeSharedCircle(0), undefined);
  assert.equal(m.maybeSharedCircle(2)!.radius, 2);
});

test('static properties: variables, constants, accessors; a static instance is one JS object that C++ owns', () => {
  assert.equal(m.Vec2.precision, 3);
  m.Vec2.precision = 5;
  assert.equal(m.Vec2.precision, 5);
  assert.equal(m.Vec2.twicePrecision, 10);
  m.Vec2.twicePrecision = 8;
  assert.equal(m.Vec2.precision, 4);
  m.Vec2.precision = 3;
  assert.equal(m.Vec2.dimensions, 2);
  assert.throws(() => { (m.Vec2 as { dimensions: number }).dimensions = 3; }, TypeError, 'read-only (strict mode)');
  assert.throws(() => { m.Vec2.precision = 'x' as unknown as number; }, { name: 'TypeError', message: /must be a number, got string/ });
  const unit = m.Vec2.UNIT_X;
  assert.equal(unit, m.Vec2.UNIT_X, 'the same C++ object is the same JS object');
  assert.deepEqual([unit.x, unit.y], [1, 0]);
  unit.dispose(); // C++ owns it: disposing only detaches this JS object
  assert.deepEqual([m.Vec2.UNIT_X.x, m.Vec2.UNIT_X.y], [1, 0]);
});

test('console.log shows bound objects: toString() when the class has one, else the class and its properties', () => {
  assert.equal(inspect(new m.Vec2(1, 2)), 'Vec2 { x: 1, y: 2 }');
  assert.equal(inspect(new m.Counter(3)), 'Counter(3)');
  assert.equal(inspect([new m.Vec2(0, 0)]), '[ Vec2 { x: 0, y: 0 } ]');
  const gone = new m.Vec2(1, 1);
  gone.dispose();
  assert.equal(inspect(gone), 'Vec2 <disposed>');
  class Sub extends (m.Vec2 as unknown as new (x: number, y: number) => object) {}
  assert.equal(inspect(new Sub(5, 6)), 'Sub { x: 5, y: 6 }');
});

test('scopes: classes, enums and objects nested in a class; submodules, with submodules of their own', async () => {
  const g = loadTestModule<typeof Golden>('classes');
  // Nested in a class: static properties of the class.
  const tree = new g.Tree();
  const node = new g.Tree.Node('root', g.Tree.Kind.branch);
  tree.add(node);
  tree.add(new g.Tree.Node('leaf', g.Tree.Kind.leaf));
  assert.equal(tree.path(), 'root/leaf');
  assert.deepEqual(tree.stats(), { nodes: 2, branches: 1 });
  assert.equal(node.kind, g.Tree.Kind.branch);
  assert.equal(g.Tree.Node.name, 'Node');
  assert.ok(Object.isFrozen(g.Tree.Kind));
  // Messages and types name nested items by their path.
  assert.throws(() => tree.add({} as Golden.Tree.Node), { name: 'TypeError', message: "Tree.add(): argument 1 'node' must be a Tree.Node, got object" });
  assert.throws(() => new g.Tree.Node('x', 7 as Golden.Tree.Kind), { name: 'RangeError', message: "Tree.Node(): argument 2 'kind' must be one of Tree.Kind.leaf (1), Tree.Kind.branch (2), got 7" });
  assert.throws(() => node.describe.call(tree as unknown as Golden.Tree.Node), { name: 'TypeError', message: /^Tree\.Node\.describe\(\): 'this' must be a Tree\.Node, got Tree$/ });

  // A submodule is an object of exports; its Square is not the top-level one.
  assert.deepEqual(Object.keys(g.geometry).sort(), ['LineSegment', 'NegativeSide', 'Square', 'TooLarge', 'perimeter', 'square', 'units']);
  const square = g.geometry.square(3);
  assert.ok(square instanceof g.geometry.Square);
  assert.ok(!(square instanceof g.Square));
  assert.equal(square.area(), 9);
  assert.equal(g.geometry.perimeter(new g.geometry.Square(2)), 8);
  assert.throws(() => g.geometry.perimeter(new g.Square(2) as unknown as Golden.geometry.Square), {
    name: 'TypeError',
    message: "perimeter(): argument 1 'square' must be a geometry.Square, got Square",
  });
  // Exceptions of a submodule, one extending the other.
  assert.throws(() => g.geometry.square(-1), (e: unknown) => e instanceof g.geometry.NegativeSide && e instanceof RangeError && !(e instanceof g.geometry.TooLarge));
  assert.throws(() => g.geometry.square(1e7), (e: unknown) => e instanceof g.geometry.TooLarge && e instanceof g.geometry.NegativeSide && (e as Error).name === 'TooLarge');
  // A class exported under another key keeps its JS name; types and messages use the key.
  const segment = new g.geometry.LineSegment(1, 4);
  assert.equal(segment.length(), 3);
  assert.equal(g.geometry.LineSegment.name, 'Segment');
  assert.equal((g.geometry as Record<string, unknown>).Segment, undefined);
  assert.throws(() => segment.length.call(square), { name: 'TypeError', message: "geometry.LineSegment.length(): 'this' must be a geometry.LineSegment, got Square" });
  // A submodule of a submodule, with an enum and a read-only constant.
  assert.equal(g.geometry.units.toMillimetres(2, g.geometry.units.Unit.cm), 20);
  assert.equal(g.geometry.units.perMetre, 1000);
  assert.throws(() => {
    (g.geometry.units as { perMetre: number }).perMetre = 1;
  }, TypeError);

  // The description says where each item is.
  const description = describeModule(g) as {
    classes: Array<{ name: string; scope?: string; extends: string | null }>;
    exceptions: Array<{ name: string; scope?: string; extends: string }>;
    submodules: Array<{ name: string; scope?: string; doc: string }>;
  };
  assert.deepEqual(description.submodules, [{ name: 'geometry', doc: 'Plane geometry.' }, { name: 'units', scope: 'geometry', doc: '' }]);
  assert.deepEqual(description.classes.filter((c) => c.scope !== undefined).map((c) => [c.scope, c.name]), [['Tree', 'Node'], ['geometry', 'Square'], ['geometry', 'LineSegment']]);
  assert.equal((description.classes.find((c) => c.name === 'LineSegment') as { jsName?: string }).jsName, 'Segment');
  assert.deepEqual(description.exceptions.filter((e) => e.scope !== undefined).map((e) => [e.name, e.extends]), [['NegativeSide', 'RangeError'], ['TooLarge', 'geometry.NegativeSide']]);
});

test('callable without new: Money(5) is new Money(5); a constructor and a function see new.target', () => {
  const g = loadTestModule<typeof Golden>('classes');
  const called = (g.Money as unknown as (amount: number) => Golden.Money)(5);
  assert.ok(called instanceof g.Money);
  assert.equal(called.amount, 5);
  assert.equal(called.madeBy, 'Money');
  const constructed = new g.Money(7);
  assert.equal(constructed.madeBy, 'Money');
  // A JS subclass is new.target.
  class Euros extends g.Money {}
  assert.equal(new Euros(2).madeBy, 'Euros');
  // Called without new, argument errors read as those of the constructor.
  assert.throws(() => (g.Money as unknown as (amount: unknown) => Golden.Money)('x'), { name: 'TypeError', message: "Money(): argument 1 'amount' must be a number, got string" });
  // Still a native class to look at.
  assert.match(Function.prototype.toString.call(g.Money), /^(function Money\(\) \{ \[native code\] \}|class Money)/);
  // Other classes still refuse a call without new.
  assert.throws(() => (g.Tree as unknown as () => void)(), { name: 'TypeError', message: "Class constructor Tree cannot be invoked without 'new'" });

  assert.equal(g.howCalled(), 'call 0 undefined');
  const HowCalled = g.howCalled as unknown as new () => object;
  // A result that is not an object gives way to `this`, as for any JS constructor.
  assert.equal(typeof new HowCalled(), 'object');
  assert.equal(g.lastHowCalled(), 'new 0 defined');
  assert.equal(g.howCalled(), 'call 0 undefined');
  assert.equal(g.lastHowCalled(), 'call 0 undefined');
  const description = describeModule(g) as { classes: Array<{ name: string; callable?: boolean }> };
  assert.deepEqual(description.classes.filter((c) => c.callable).map((c) => c.name), ['Money']);
});

test('constructors from factories (a T, a std::unique_ptr<T>), and a virtual overridden under its JS name', () => {
  const g = loadTestModule<typeof Golden>('classes');
  assert.equal(new g.geometry.LineSegment('2-7').length(), 5);
  assert.equal(new g.geometry.LineSegment(4, true).length(), 4);
  assert.ok(new g.geometry.LineSegment('1-2') instanceof g.geometry.LineSegment);
  // A factory's exception, and a null unique_ptr, reach JS as errors; no object is left half made.
  assert.throws(() => new g.geometry.LineSegment('12'), { name: 'TypeError', message: "a segment is written 'from-to'" });
  assert.throws(() => new g.geometry.LineSegment(4, false), { name: 'TypeError', message: 'geometry.LineSegment(): its factory returned null' });
  assert.throws(() => new g.geometry.LineSegment({} as unknown as string), { name: 'TypeError', message: /^geometry\.LineSegment\(\): no overload matches the arguments \(object\)/ });

  // TSBIND_OVERRIDE_NAME: C++ short_label() finds the JS override shortLabel.
  class Fancy extends g.Widget {
    override label(): string {
      return 'fancy';
    }
    override shortLabel(): string {
      return 'FNC';
    }
  }
  const panel = new g.Panel();
  panel.add(new Fancy());
  panel.add(new g.Widget());
  assert.equal(panel.shortLabels(), 'FNC wid');
  panel.clear();
});
