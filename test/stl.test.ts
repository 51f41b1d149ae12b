// The standard library types: optional, variant, pair/tuple/array, maps and sets, function, chrono; and
// bind_vector, a std::vector bound as a live view of the C++ vector.
import test from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type * as Stl from './goldens/stl.js';
import { loadTestModule } from './support/addons.js';

const m = loadTestModule<typeof Stl>('stl');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

test('std::optional: empty is undefined out; undefined and null are empty in; a trailing one may be left out', () => {
  assert.equal(m.maybeHalf(4), 2);
  assert.equal(m.maybeHalf(3), undefined);
  assert.equal(m.orDefault(), 'default');
  assert.equal(m.orDefault(undefined), 'default');
  assert.equal(m.orDefault(null), 'default');
  assert.equal(m.orDefault('x'), 'x');
  assert.equal(m.greet('a'), 'hi a;');
  assert.equal(m.greet('a', 2), 'hi a;hi a;');
  assert.throws(() => any(m.greet)(), { name: 'TypeError', message: 'greet(): expected 1 to 2 arguments, got 0' });
  assert.throws(() => any(m.greet)('a', 'x'), {
    name: 'TypeError',
    message: "greet(): argument 2 'times' must be one of number | null | undefined, got string",
  });
  assert.throws(() => any(m.greet)('a', 1.5), { name: 'RangeError' }, 'the value inside is checked as usual');
});

test('std::nullptr_t is null', () => {
  assert.equal(m.isNull(null), true);
  assert.throws(() => any(m.isNull)(undefined), { name: 'TypeError', message: "isNull(): argument 1 'value' must be null, got undefined" });
  assert.equal(m.null(), null);
});

test('std::variant: the first alternative that converts, in declaration order; out, the one held', () => {
  assert.equal(m.kind(1), 'int');
  assert.equal(m.kind(1.5), 'double', 'not an int32: the next alternative');
  assert.equal(m.kind(2 ** 40), 'double');
  assert.equal(m.kind('s'), 'string');
  assert.equal(m.kind([1, 2]), 'vector');
  assert.throws(() => any(m.kind)(true), { name: 'TypeError', message: /^kind\(\): argument 1 'value' must be one of .*, got boolean$/ });
  assert.equal(m.numberOrText(true), 'text');
  assert.equal(m.numberOrText(false), 1.5);
});

test('std::pair, std::tuple and std::array are arrays of exactly their length', () => {
  assert.deepEqual(m.swap([1, 'a']), ['a', 1]);
  assert.deepEqual(m.triple([true, 2, 'x']), [true, 2, 'x']);
  assert.equal(m.norm3([1, 2, 2]), 9);
  assert.deepEqual(m.unit(), [1, 0, 0]);
  assert.throws(() => any(m.swap)([1]), { name: 'TypeError', message: "swap(): argument 1 'pair' must have 2 elements, got 1" });
  assert.throws(() => any(m.swap)([1, 'a', 3]), { message: /must have 2 elements, got 3/ });
  assert.throws(() => any(m.swap)([1, 2]), { name: 'TypeError', message: "swap(): argument 1 'pair'[1] must be a string, got number" });
  assert.throws(() => any(m.norm3)([1, 2]), { message: "norm3(): argument 1 'v' must have 3 elements, got 2" });
  assert.throws(() => any(m.norm3)({ length: 3 }), { name: 'TypeError' });
  // Of numbers and booleans only, they are built by the JS layer: fresh arrays all the same.
  const q = m.divide(7, 2);
  assert.deepEqual(q, [3, 1, false]);
  assert.ok(Array.isArray(q) && Object.getPrototypeOf(q) === Array.prototype && q.length === 3);
  assert.deepEqual(m.divide(-8, 2), [-4, 0, true]);
  assert.notEqual(m.divide(1, 1), m.divide(1, 1));
  assert.deepEqual(m.bounds(new Float64Array([3, -1, 2])), [-1, 3]);
  assert.deepEqual(m.bounds(new Float64Array()), [0, 0]);
  assert.throws(() => m.divide(1, 0), { name: 'Error', message: 'division by zero' });
  assert.throws(() => any(m.divide)(1), { name: 'TypeError', message: 'divide(): expected 2 arguments, got 1' });
  assert.equal(m.divide.name, 'divide');
});

test('maps with string keys are plain objects, other maps are Map, sets are Set', () => {
  assert.deepEqual(m.counts(['a', 'b', 'a']), { a: 2, b: 1 });
  assert.equal(Object.getPrototypeOf(m.counts([])), Object.prototype);
  // Keys are defined, not assigned: "__proto__" is an own key like any other.
  const proto = m.counts(['__proto__', 'a', '__proto__']);
  assert.deepEqual(Object.keys(proto), ['__proto__', 'a']);
  assert.equal(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value, 2);
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(m.total({ x: 1, y: 2.5 }), 3.5);
  assert.equal(m.total({}), 0);
  // Own enumerable string keys only: inherited, hidden and symbol keys are not read.
  const tricky = Object.create({ inherited: 100 });
  Object.defineProperty(tricky, 'hidden', { value: 100, enumerable: false });
  tricky[Symbol('s')] = 100;
  tricky.real = 1;
  assert.equal(m.total(tricky), 1);
  assert.throws(() => any(m.total)({ x: 'no' }), { name: 'TypeError', message: `total(): argument 1 'values'["x"] must be a number, got string` });
  assert.throws(() => any(m.total)([1]), { message: "total(): argument 1 'values' must be a Record<string, number>, got Array" });
  assert.throws(() => any(m.total)(new Map()), { message: /got Map/ });
  assert.deepEqual(m.squares(3), new Map([[1, 1], [2, 4], [3, 9]]));
  assert.equal(m.sumKeys(new Map([[1, 'a'], [5, 'b']])), 6);
  assert.throws(() => any(m.sumKeys)({ 1: 'a' }), { message: "sumKeys(): argument 1 'map' must be a Map<number, string>, got object" });
  assert.throws(() => any(m.sumKeys)(new Map([[1, 2]])), { message: "sumKeys(): argument 1 'map' value 0 must be a string, got number" });
  assert.deepEqual(m.unique([3, 1, 3]), new Set([1, 3]));
  assert.equal(m.setSize(new Set(['a', 'b'])), 2);
  assert.throws(() => any(m.setSize)(['a']), { message: "setSize(): argument 1 'set' must be a Set<string>, got Array" });
  assert.throws(() => any(m.setSize)(new Set([1])), { message: "setSize(): argument 1 'set' value 0 must be a string, got number" });
});

test('std::function: JS functions called from C++, with arguments and results converted', () => {
  assert.equal(m.apply((x) => x * 2, 21), 42);
  assert.equal(m.callN((i) => i * 0.5, 4), 3);
  const seen: string[] = [];
  m.each(['a', 'b'], (s, i) => seen.push(`${s}${i}`));
  assert.deepEqual(seen, ['a0', 'b1']);
  m.store((x) => x + 100);
  assert.equal(m.callStored(1), 101, 'a stored function stays alive after the call that gave it');
  m.clearStored();
  assert.throws(() => any(m.apply)(1, 1), { name: 'TypeError', message: /argument 1 'f' must be a \(\(arg0: number\) => number\), got number/ });
  assert.throws(() => m.apply(() => 'no' as unknown as number, 1), { name: 'TypeError', message: "the callback's result must be a number, got string" });
});

test('std::function: a JS exception unwinds through C++ and reaches the caller as the same object', () => {
  const error = new RangeError('mine');
  assert.throws(
    () => m.apply(() => {
      throw error;
    }, 1),
    (thrown) => thrown === error,
  );
  // C++ may catch it as tsbind::js_error; the JS exception is then gone.
  assert.equal(
    m.catchInCpp(() => {
      throw new Error('boom');
    }),
    'caught: boom',
  );
  assert.equal(m.catchInCpp(() => {}), 'no exception');
});

test('std::function out: a C++ callable becomes a JS function with argument checks', () => {
  const add5 = m.adder(5);
  assert.equal(typeof add5, 'function');
  assert.equal(add5(1), 6);
  assert.throws(() => any(add5)('x'), { name: 'TypeError', message: 'callback(): argument 1 must be a number, got string' });
  assert.equal(m.apply(m.adder(1), 1), 2, 'and goes back into C++ as a function');
});

test('std::chrono::system_clock::time_point is a Date', () => {
  assert.equal(m.addSeconds(new Date(0), 90).toISOString(), '1970-01-01T00:01:30.000Z');
  assert.equal(m.addSeconds(new Date(1234.5), 0).getTime(), 1234, 'a Date holds whole milliseconds');
  assert.equal(m.epoch().getTime(), 0);
  // Found by the property tests: every millisecond survives the round trip (no double rounding), before 1970 too.
  for (const ms of [1704067247514, -1, -1500, 8.64e12 + 7, Date.UTC(2262, 0, 1)]) assert.equal(m.addSeconds(new Date(ms), 0).getTime(), ms);
  assert.throws(() => m.addSeconds(new Date(8.64e15), 0), {
    name: 'RangeError',
    message: "addSeconds(): argument 1 'time' must be a Date that the C++ time_point can hold, got Date",
  });
  assert.throws(() => m.addSeconds(new Date(NaN), 1), { name: 'RangeError', message: "addSeconds(): argument 1 'time' must be a valid Date, got Date" });
  assert.throws(() => any(m.addSeconds)(0, 1), { name: 'TypeError', message: "addSeconds(): argument 1 'time' must be a Date, got number" });
});

test('napi_value: any JS value passes through untouched, as a parameter, in unions, containers and callbacks', () => {
  const values: unknown[] = [undefined, null, 0, -0, 1.5, 'text', 10n, Symbol('s'), {}, [1], () => 1, new Map(), new Proxy({}, {})];
  for (const value of values) {
    assert.ok(Object.is(m.echo(value), value), String(value));
    assert.ok(Object.is(new m.Mirror().reflect(value), value));
    assert.ok(Object.is(m.callForValue(() => value), value));
    assert.ok(Object.is(m.pick({ k: value }, 'k'), value));
    assert.ok(Object.is(m.pickIndex([value], 0), value));
  }
  // The first alternative that converts: a number stays a number, anything else is the value itself.
  assert.equal(m.numberOrValue(2), 2);
  const object = {};
  assert.equal(m.numberOrValue(object), object);
});

test('values loaded inside a container stay valid for the whole call', () => {
  // 100 keys and 300 elements: more than one chunk of the element loop.
  const big: Record<string, { i: number }> = {};
  for (let i = 0; i < 100; i++) big[`k${i}`] = { i };
  for (const key of ['k0', 'k1', 'k57', 'k99']) assert.equal(m.pick(big, key), big[key]);
  const items = Array.from({ length: 300 }, (_, i) => ({ i }));
  for (const i of [0, 1, 255, 256, 299]) assert.equal(m.pickIndex(items, i), items[i]);
});

test('a JS exception of any value thrown in a callback reaches the caller as that very value', () => {
  const symbol = Symbol('thrown');
  for (const value of ['boom', 42, undefined, null, symbol, 10n, false, new Error('e'), { not: 'an Error' }]) {
    let caught: unknown = 'nothing thrown';
    try {
      m.callIt(() => {
        throw value;
      });
    } catch (e) {
      caught = e;
    }
    assert.ok(Object.is(caught, value), `thrown ${String(value)}, caught ${String(caught)}`);
  }
  // C++ that catches it sees its message.
  assert.equal(m.catchInCpp(() => { throw 'plain'; }), 'caught: plain');
  assert.equal(m.catchInCpp(() => { throw symbol; }), 'caught: Symbol()');
});

test('views inside std::optional and std::variant stay valid for the call (their converters live as long)', () => {
  const long = 'x'.repeat(1000) + '\u00e9'; // past the 256-byte stack buffer: the view points into the heap
  assert.equal(m.optionalView(long), long);
  assert.equal(m.optionalView('short'), 'short');
  assert.equal(m.optionalView(), 'none');
  assert.equal(m.viewOrNumber(long), long);
  assert.equal(m.viewOrNumber(2), 'number');
});

// ---- bind_vector: std::vector<Point> bound as PointList, a live view of the C++ vector ----

const gc = (globalThis as { gc?: () => void }).gc;
const points = (...xy: Array<[number, number]>) => new m.PointList(xy.map(([x, y]) => new m.Point(x, y)));
const coords = (list: Stl.PointList) => list.toArray().map((p) => [p.x, p.y]);
const disposed = (name: string) => ({ name: 'Error', message: new RegExp(`is a ${name} that has been disposed`) });

test('bind_vector: a PointList is made empty, or from copies of an Array or of another list', () => {
  assert.equal(new m.PointList().length, 0);
  assert.equal(new m.PointList(undefined).length, 0);
  const p = new m.Point(1, 2);
  const list = new m.PointList([p, new m.Point(3, 4)]);
  assert.deepEqual(coords(list), [[1, 2], [3, 4]]);
  assert.notEqual(list.at(0), p, 'the element is a copy of the point given');
  p.x = 100;
  assert.equal(list.at(0).x, 1);
  const copy = new m.PointList(list);
  copy.at(0).x = 7;
  assert.deepEqual(coords(list), [[1, 2], [3, 4]], 'a copy of a list is independent of it');
  assert.deepEqual(coords(copy), [[7, 2], [3, 4]]);
  // Sequences are read as everywhere: a Proxy of an Array, any iterable, and a bad element is named.
  assert.equal(new m.PointList(new Proxy([p], {})).length, 1);
  assert.deepEqual(coords(new m.PointList(new Set([p, p]) as unknown as Stl.Point[])), [[100, 2]]);
  assert.throws(() => new m.PointList([p, 3 as unknown as Stl.Point]), {
    name: 'TypeError',
    message: "PointList(): argument 1 'items'[1] must be a Point, got number",
  });
  assert.throws(() => new m.PointList({} as unknown as Stl.Point[]), {
    name: 'TypeError',
    message: "PointList(): argument 1 'items' must be one of Array<Point> | PointList, got object",
  });
  const gone = points([1, 1]);
  gone.dispose();
  assert.throws(() => new m.PointList(gone), { message: "PointList(): argument 1 'items' is a PointList that has been disposed" });
});

test('bind_vector: a vector returned by reference (reference_internal) is the C++ vector: JS changes reach C++ and C++ changes reach JS', () => {
  const polygon = new m.Polygon(points([0, 0], [3, 0], [3, 4]));
  const vertices = polygon.vertices();
  assert.ok(vertices instanceof m.PointList);
  assert.equal(vertices, polygon.vertices(), 'the same vector is the same JS object');
  assert.equal(polygon.perimeter, 12);
  // Changed from JS, read by C++.
  vertices.at(2).y = 0;
  assert.equal(polygon.perimeter, 6);
  vertices.set(2, new m.Point(0, 4));
  assert.equal(polygon.perimeter, 3 + 5 + 4);
  assert.equal(vertices.push(new m.Point(-1, 2)), 4, 'push returns the new length');
  assert.equal(polygon.vertices().length, 4);
  vertices.erase(3);
  vertices.insert(0, new m.Point(0, -1));
  assert.deepEqual(coords(polygon.vertices()), [[0, -1], [0, 0], [3, 0], [0, 4]]);
  vertices.reverse();
  assert.deepEqual(coords(polygon.vertices()), [[0, 4], [3, 0], [0, 0], [0, -1]], 'methods added to the class work on it too');
  // Changed by C++, read from JS: element objects see it.
  const first = vertices.at(0);
  polygon.translate(1, 1);
  assert.deepEqual([first.x, first.y], [1, 5]);
  assert.equal(m.centroid(vertices).x, 1 + 3 / 4, 'a const std::vector<Point>& parameter takes the list itself');
  m.closeRing(vertices);
  assert.equal(vertices.length, 5, 'a std::vector<Point>& parameter is changed in place');
  assert.deepEqual(coords(vertices)[4], coords(vertices)[0]);
  vertices.clear();
  assert.equal(polygon.perimeter, 0);
});

test('bind_vector: other results and parameters of the opaque type are lists, copied as C++ copies them', () => {
  const polygon = new m.Polygon(points([0, 0], [1, 0]));
  const copy = polygon.copyOfVertices();
  assert.ok(copy instanceof m.PointList, 'a reference result with the default policy: a copy');
  assert.notEqual(copy, polygon.vertices());
  copy.at(0).x = 9;
  assert.equal(polygon.vertices().at(0).x, 0);
  const square = m.square(2);
  assert.ok(square instanceof m.PointList, 'a result by value: a new list that JS owns');
  assert.equal(new m.Polygon(square).perimeter, 8);
  const given = points([5, 5]);
  const made = new m.Polygon(given);
  given.at(0).x = 6;
  assert.equal(made.vertices().at(0).x, 5, 'a std::vector<Point> parameter by value is a copy');
  assert.throws(() => m.centroid([new m.Point(1, 1)] as unknown as Stl.PointList), {
    name: 'TypeError',
    message: "centroid(): argument 1 'points' must be a PointList, got Array",
  });
});

test('bind_vector: elements of a class are the elements themselves: at, get and iteration give one object each', () => {
  const list = points([1, 1], [2, 2], [3, 3]);
  const second = list.at(1);
  assert.equal(list.get(1), second);
  assert.equal(list.at(-2), second, 'a negative index counts from the end');
  assert.equal([...list][1], second);
  second.x = 20;
  assert.equal(list.toArray()[1]?.x, 20);
  assert.notEqual(list.toArray()[1], second, 'toArray() copies');
  list.set(1, new m.Point(5, 5));
  assert.equal(list.at(1), second, 'set() assigns in place: the element object stays valid');
  assert.equal(second.x, 5);
});

test('bind_vector: an element moved or destroyed by the list is disposed, never read', () => {
  const list = points([0, 0], [1, 1], [2, 2], [3, 3]);
  const [p0, p1, p2, p3] = [list.at(0), list.at(1), list.at(2), list.at(3)];
  list.erase(2);
  assert.throws(() => p2.x, disposed('Point'), 'the erased element');
  assert.throws(() => p3.x, disposed('Point'), 'an element moved down by erase');
  assert.equal(p1.x, 1, 'elements before it stay');
  assert.equal(list.at(2).x, 3);
  const q1 = list.at(1);
  list.insert(1, new m.Point(9, 9));
  assert.throws(() => q1.x, disposed('Point'), 'an element moved up by insert');
  assert.equal(p0.x, 0);
  const last = list.at(-1);
  assert.equal(list.pop()?.x, 3, 'pop returns the element, as a new object');
  assert.throws(() => last.x, disposed('Point'));
  list.clear();
  assert.throws(() => p0.x, disposed('Point'));
  assert.equal(list.pop(), undefined);
  // Growing the vector's memory moves every element: by then, element 0 has moved.
  const grown = points([1, 2]);
  const first = grown.at(0);
  for (let i = 0; i < 100; i++) grown.push(new m.Point(i, i));
  assert.throws(() => first.x, disposed('Point'));
  assert.deepEqual(coords(grown)[0], [1, 2]);
  // An element given to the call that moves it is copied first.
  grown.push(grown.at(0));
  grown.insert(0, grown.at(-1));
  assert.deepEqual([coords(grown)[0], coords(grown)[102]], [[1, 2], [1, 2]]);
});

test('bind_vector: a change that would move an element in use by C++ is refused, and the list is left as it was', () => {
  const list = points([1, 0], [2, 0]);
  const first = list.at(0);
  assert.throws(() => m.readAround(first, () => list.clear()), {
    name: 'Error',
    message: 'PointList.clear(): element 0 is in use by a call in progress; change the list after that call',
  });
  assert.equal(list.length, 2);
  assert.equal(m.readAround(first, () => list.set(0, new m.Point(5, 0))), 6, 'assigning in place is allowed');
  const anchor = new m.Anchor(list.at(1));
  assert.throws(() => list.erase(0), {
    name: 'Error',
    message: 'PointList.erase(): element 1 is kept alive (keep_alive) by an object that may use it; dispose that object first',
  });
  assert.equal(anchor.x, 2);
  assert.throws(() => list.pop(), { message: /^PointList\.pop\(\): element 1 is kept alive/ });
  anchor.dispose();
  list.erase(0);
  assert.deepEqual(coords(list), [[2, 0]]);
});

test('bind_vector: bad indexes and values are RangeErrors and TypeErrors naming them', () => {
  const list = points([1, 1], [2, 2], [3, 3]);
  const any = list as unknown as Record<string, (...args: unknown[]) => unknown>;
  assert.throws(() => list.at(3), { name: 'RangeError', message: 'PointList.at(): index 3 is out of range for a list of 3 elements' });
  assert.throws(() => list.at(-4), { name: 'RangeError', message: 'PointList.at(): index -4 is out of range for a list of 3 elements' });
  assert.throws(() => list.get(-1), { name: 'RangeError', message: 'PointList.get(): index -1 is out of range for a list of 3 elements' });
  assert.throws(() => list.set(3, new m.Point(0, 0)), { name: 'RangeError', message: /^PointList\.set\(\): index 3 / });
  assert.throws(() => list.insert(4, new m.Point(0, 0)), { name: 'RangeError', message: /^PointList\.insert\(\): index 4 / });
  assert.throws(() => list.erase(3), { name: 'RangeError', message: /^PointList\.erase\(\): index 3 / });
  assert.throws(() => new m.PointList().at(0), { name: 'RangeError', message: 'PointList.at(): index 0 is out of range for a list of 0 elements' });
  list.insert(3, new m.Point(4, 4));
  assert.equal(list.at(-1).x, 4, 'insert at the length appends');
  assert.throws(() => list.at(1.5), { name: 'RangeError', message: "PointList.at(): argument 1 'index' must be an integer, got 1.5" });
  assert.throws(() => list.at(NaN), { name: 'RangeError' });
  assert.throws(() => any.at!.call(list, '1'), { name: 'TypeError', message: "PointList.at(): argument 1 'index' must be a number, got string" });
  assert.throws(() => any.push!.call(list, { x: 1, y: 2 }), { name: 'TypeError', message: "PointList.push(): argument 1 'value' must be a Point, got object" });
  assert.throws(() => any.set!.call(list, 0, 'p'), { name: 'TypeError', message: "PointList.set(): argument 2 'value' must be a Point, got string" });
  assert.throws(() => any.push!.call(list, new m.Mirror()), { name: 'TypeError', message: "PointList.push(): argument 1 'value' must be a Point, got Mirror" });
  const gone = new m.Point(0, 0);
  gone.dispose();
  assert.throws(() => list.push(gone), { message: "PointList.push(): argument 1 'value' is a Point that has been disposed" });
  assert.equal(list.length, 4, 'nothing failed half-way');
});

test('bind_vector: a disposed list, or one whose owner is disposed, is an Error to use, and so are its elements', () => {
  const list = points([1, 1]);
  const element = list.at(0);
  list.dispose();
  assert.throws(() => list.length, disposed('PointList'));
  assert.throws(() => list.at(0), disposed('PointList'));
  assert.throws(() => list.push(new m.Point(0, 0)), disposed('PointList'));
  assert.throws(() => element.x, disposed('Point'), 'its elements are disposed with it');
  assert.throws(() => m.centroid(list), { message: "centroid(): argument 1 'points' is a PointList that has been disposed" });
  // A view: disposing it only detaches it; the polygon keeps its vertices.
  const polygon = new m.Polygon(points([0, 0], [1, 0]));
  const view = polygon.vertices();
  const vertex = view.at(1);
  view.dispose();
  assert.throws(() => vertex.x, disposed('Point'));
  assert.equal(polygon.perimeter, 2);
  const again = polygon.vertices();
  assert.notEqual(again, view);
  const kept = again.at(1);
  polygon.dispose();
  assert.throws(() => again.length, disposed('PointList'), 'disposing the polygon disposes its view');
  assert.throws(() => kept.x, disposed('Point'), 'and the elements of the view');
});

test('bind_vector: iteration is live and bounded: it sees the list as it is at each step', () => {
  const list = points([1, 0], [2, 0], [3, 0]);
  const it = list[Symbol.iterator]();
  assert.equal(it.next().value?.x, 1);
  list.push(new m.Point(4, 0));
  list.erase(0);
  assert.deepEqual([...it].map((p) => p.x), [3, 4], 'positions 1 and on, as the list now has them');
  assert.equal(it.next().done, true);
  list.push(new m.Point(5, 0));
  assert.equal(it.next().done, true, 'done stays done');
  const cut = list[Symbol.iterator]();
  cut.next();
  list.clear();
  assert.equal(cut.next().done, true, 'a shorter list ends the iteration, never reads past its end');
  const owner = points([1, 1], [2, 2]);
  const live = owner[Symbol.iterator]();
  live.next();
  owner.dispose();
  assert.throws(() => live.next(), { message: 'iterator: the object it iterates over has been disposed' });
  let sum = 0;
  for (const p of points([1, 0], [2, 0])) sum += p.x;
  assert.equal(sum, 3);
});

test('bind_vector: toString is as an Array\'s, and the console shows the list as a typed array is shown', () => {
  const list = points([1, 2], [3, 4.5]);
  assert.equal(list.toString(), 'Point(1, 2),Point(3, 4.5)');
  assert.equal(`${new m.PointList()}`, '');
  assert.equal(inspect(list), 'PointList(2) [ Point(1, 2), Point(3, 4.5) ]');
  assert.equal(inspect(new m.PointList()), 'PointList(0) []');
  const long = new m.PointList(Array.from({ length: 150 }, (_, i) => new m.Point(i, 0)));
  assert.match(inspect(long), /^PointList\(150\) \[\n {2}Point\(0, 0\),[^]*Point\(99, 0\),\n {2}\.\.\. 50 more items\n\]$/);
  assert.equal(inspect({ list }, { depth: 0 }), '{ list: [PointList] }');
  list.dispose();
  assert.equal(inspect(list), 'PointList <disposed>');
});

test('bind_vector: an element object keeps its list, and a view its owner, alive; nothing is read after it is freed', async () => {
  assert.ok(gc, 'run node with --expose-gc');
  let polygon: Stl.Polygon | undefined = new m.Polygon(points([0, 0], [2, 0]));
  const vertex = polygon.vertices().at(1);
  polygon = undefined;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(vertex.x, 2, 'the polygon lives while an element of its vertices does');
  vertex.x = 3;
  assert.equal(vertex.x, 3);
});
