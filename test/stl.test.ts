// The standard library types: optional, variant, pair/tuple/array, maps and sets, function, chrono.
import test from 'node:test';
import assert from 'node:assert/strict';
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
