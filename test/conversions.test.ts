// The built-in conversions, both directions, with good and bad values.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadTestModule } from './support/addons.js';

type Echo<T> = (value: T) => T;
interface Conversions {
  echoBool: Echo<boolean>;
  echoInt8: Echo<number>;
  echoUint8: Echo<number>;
  echoInt16: Echo<number>;
  echoUint16: Echo<number>;
  echoInt32: Echo<number>;
  echoUint32: Echo<number>;
  echoInt64: (value: number | bigint) => number;
  echoUint64: (value: number | bigint) => number;
  echoLong: (value: number | bigint) => number;
  echoSize: (value: number | bigint) => number;
  echoBigInt64: (value: bigint | number) => bigint;
  echoBigUint64: (value: bigint | number) => bigint;
  echoFloat: Echo<number>;
  echoDouble: Echo<number>;
  echoChar: Echo<string>;
  echoString: Echo<string>;
  echoU16String: Echo<string>;
  echoDoubles: (value: number[] | Float64Array) => Float64Array;
  echoStrings: Echo<string[]>;
  echoMatrix: (value: number[][]) => Int32Array[];
  echoBools: Echo<boolean[]>;
  stringLength(text: string): number;
  viewLength(text: string): number;
  viewEcho(text: string): string;
  aroundCall(before: string, inner: (text: string) => string, after: string): string;
  cstrEcho(text: string | null): string | null;
  cstrIsNull(text: string | null): boolean;
  u16Length(text: string): number;
  echoWString: Echo<string>;
  wideLength(text: string): number;
  wideCodePoints(text: string): ArrayLike<number>;
  wcstrEcho(text: string | null): string | null;
  wideGreeting(): string;
  wideFromPoints(points: number[]): string;
  sumDoubles(values: number[] | Float64Array): number;
  countDown(n: number): Int32Array;
  int64Max(): number;
  int64Safe(): number;
  int64NegSafe(): number;
  uint64Unsafe(): number;
  toFahrenheit(celsius: number): number;
  boilingPoint(): number;
  nothing(): void;
  nullCstr(): string | null;
  stringWithNul(): string;
}

const m = loadTestModule<Conversions>('conversions');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

/** Every kind of JS value, for "anything but X is rejected" checks. */
const samples: Record<string, unknown> = {
  undefined: undefined,
  null: null,
  boolean: true,
  number: 1,
  string: '1',
  bigint: 1n,
  symbol: Symbol('s'),
  function: () => 1,
  object: {},
  Array: [1],
};

function rejectsAllBut(fn: (v: unknown) => unknown, accepted: string[], expected: string) {
  for (const [kind, value] of Object.entries(samples)) {
    if (accepted.includes(kind)) continue;
    assert.throws(() => fn(value), (e: Error) => {
      assert.equal(e.name, 'TypeError', `${kind}: ${e.message}`);
      assert.match(e.message, new RegExp(`must be ${expected.replace(/[|[\]<>]/g, '\\$&')}, got ${kind}$`));
      return true;
    });
  }
}

test('bool takes only booleans', () => {
  assert.equal(m.echoBool(true), true);
  assert.equal(m.echoBool(false), false);
  rejectsAllBut(any(m.echoBool), ['boolean'], 'a boolean');
});

test('double round-trips every number, -0, NaN and infinities included', () => {
  for (const v of [0, 1.5, -2.25, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, 2 ** 53 + 2]) {
    assert.equal(m.echoDouble(v), v);
  }
  assert.ok(Object.is(m.echoDouble(-0), -0));
  assert.ok(Number.isNaN(m.echoDouble(NaN)));
  rejectsAllBut(any(m.echoDouble), ['number'], 'a number');
});

test('float rounds to single precision and rejects finite values beyond its range', () => {
  assert.equal(m.echoFloat(0.1), Math.fround(0.1));
  assert.equal(m.echoFloat(Infinity), Infinity);
  assert.ok(Number.isNaN(m.echoFloat(NaN)));
  assert.equal(m.echoFloat(3.4e38), Math.fround(3.4e38));
  assert.throws(() => m.echoFloat(1e300), {
    name: 'RangeError',
    message: "echoFloat(): argument 1 'value' must be a number in the range of a 32-bit float, got 1e+300",
  });
});

const integerTypes: Array<[keyof Conversions, string, number, number]> = [
  ['echoInt8', 'int8', -128, 127],
  ['echoUint8', 'uint8', 0, 255],
  ['echoInt16', 'int16', -32768, 32767],
  ['echoUint16', 'uint16', 0, 65535],
  ['echoInt32', 'int32', -2147483648, 2147483647],
  ['echoUint32', 'uint32', 0, 4294967295],
];

for (const [fn, type, min, max] of integerTypes) {
  test(`${type}: the whole range round-trips, beyond it is a RangeError, never truncated`, () => {
    const echo = any(m[fn]);
    for (const v of [min, max, 0, 1, Math.floor((min + max) / 2)]) assert.equal(echo(v), v);
    assert.equal(echo(-0), 0);
    for (const bad of [min - 1, max + 1, 2 ** 64, -(2 ** 64), Infinity, -Infinity]) {
      assert.throws(() => echo(bad), {
        name: 'RangeError',
        message: `${fn}(): argument 1 'value' must be an integer from ${min} to ${max} (${type}), got ${bad}`,
      });
    }
    for (const bad of [0.5, -1.5, NaN]) {
      assert.throws(() => echo(bad), {
        name: 'RangeError',
        message: `${fn}(): argument 1 'value' must be an integer (${type}), got ${bad}`,
      });
    }
    rejectsAllBut(echo, ['number'], 'a number');
  });
}

test('64-bit integers take numbers and BigInts, checked against their range', () => {
  assert.equal(m.echoInt64(-(2 ** 53)), -(2 ** 53));
  assert.equal(m.echoInt64(123n), 123);
  assert.equal(m.echoUint64(2 ** 53), 2 ** 53);
  assert.equal(m.echoSize(42n), 42);
  assert.equal(m.echoLong(-5), -5);
  assert.throws(() => m.echoInt64(2n ** 63n), {
    name: 'RangeError',
    message:
      "echoInt64(): argument 1 'value' must be an integer from -9223372036854775808 to 9223372036854775807 (int64), got 9223372036854775808n",
  });
  assert.throws(() => m.echoUint64(-1n), { name: 'RangeError', message: /from 0 to 18446744073709551615 \(uint64\), got -1n$/ });
  assert.throws(() => m.echoUint64(-1), { name: 'RangeError', message: /got -1$/ });
  assert.throws(() => m.echoUint64(2 ** 64), { name: 'RangeError' });
  assert.throws(() => m.echoSize(0.5), { name: 'RangeError', message: /must be an integer \(uint64\), got 0.5$/ });
  rejectsAllBut(any(m.echoInt64), ['number', 'bigint'], 'one of number | bigint');
});

test('64-bit results beyond 2^53 are a RangeError, not a silently rounded number', () => {
  assert.equal(m.int64Safe(), 2 ** 53);
  assert.equal(m.int64NegSafe(), -(2 ** 53));
  assert.throws(() => m.int64Max(), {
    name: 'RangeError',
    message: /9223372036854775807 cannot be a JS number without losing precision .* tsbind::bigint<int64_t>/,
  });
  assert.throws(() => m.echoInt64(2n ** 62n), { name: 'RangeError' });
  assert.throws(() => m.uint64Unsafe(), { name: 'RangeError', message: /9007199254740993 .*tsbind::bigint<uint64_t>/ });
});

test('tsbind::bigint crosses as a BigInt both ways, full 64-bit range', () => {
  assert.equal(m.echoBigInt64(-(2n ** 63n)), -(2n ** 63n));
  assert.equal(m.echoBigInt64(2n ** 63n - 1n), 2n ** 63n - 1n);
  assert.equal(m.echoBigUint64(2n ** 64n - 1n), 2n ** 64n - 1n);
  assert.equal(m.echoBigInt64(7), 7n);
  assert.throws(() => m.echoBigUint64(2n ** 64n), { name: 'RangeError' });
  assert.throws(() => m.echoBigInt64(1.5), { name: 'RangeError' });
});

const strings = [
  '',
  'hello',
  'a\0b\0',
  'héllo wörld',
  '日本語のテキスト',
  '😀 emoji 👍🏽',
  'x'.repeat(251) + '€', // crosses the stack buffer's edge with a multi-byte character
  'x'.repeat(252) + '😀',
  '€'.repeat(5000), // far beyond the stack buffer
];

test('std::string round-trips UTF-8: empty, embedded NUL, non-ASCII, long', () => {
  for (const s of strings) {
    assert.equal(m.echoString(s), s);
    assert.equal(m.viewEcho(s), s);
    assert.equal(m.stringLength(s), Buffer.byteLength(s, 'utf8'));
    assert.equal(m.viewLength(s), Buffer.byteLength(s, 'utf8'));
  }
  assert.equal(m.stringWithNul(), 'a\0b');
  rejectsAllBut(any(m.echoString), ['string'], 'a string');
});

test('strings held while JS reads strings of its own keep their text (the string arena), also past its size', () => {
  // Each level holds two strings while the inner call reads its own; the
  // 30 KiB levels fill the 64 KiB arena, so deeper strings go to the heap.
  const nest = (depth: number, size: number): string => {
    const before = `b${depth}`.padEnd(size, '.');
    const after = `a${depth}é`.padEnd(size, '-');
    const inner = (text: string) => {
      assert.equal(text, before);
      return depth === 0 ? 'core' : nest(depth - 1, size);
    };
    const result = m.aroundCall(before, inner, after);
    assert.equal(result, `${before}|${depth === 0 ? 'core' : nest(depth - 1, size)}|${after}`);
    return result;
  };
  for (const size of [1, 100, 5000, 30000]) nest(4, size);
  assert.throws(() => m.aroundCall('x', () => m.viewEcho(5 as unknown as string), 'y'), { name: 'TypeError' });
  assert.equal(m.aroundCall('x', () => 'y', 'z'), 'x|y|z', 'a failed call gave its strings back');
});

test('lone surrogates become U+FFFD in UTF-8 and survive in std::u16string', () => {
  assert.equal(m.echoString('a\ud800b'), 'a\ufffdb');
  assert.equal(m.echoString('\udc00'), '\ufffd');
  for (const s of [...strings, 'a\ud800b', '\udfff', 'y'.repeat(127) + '\ud83d', 'z'.repeat(300)]) {
    assert.equal(m.echoU16String(s), s);
    assert.equal(m.u16Length(s), s.length);
  }
});

test('wide strings: std::wstring and const wchar_t* round-trip, surrogate pairs are one wide character where wchar_t is 32 bits', () => {
  for (const s of [...strings, 'a\ud800b', '\udfff', 'z'.repeat(300)]) {
    assert.equal(m.echoWString(s), s);
    // NUL-terminated: it ends at the first NUL, as const char* does.
    assert.equal(m.wcstrEcho(s), s.split('\0')[0]);
  }
  const wide32 = process.platform !== 'win32';
  assert.equal(m.wideLength('h\u00e9\u{1F600}'), wide32 ? 3 : 4);
  assert.deepEqual(Array.from(m.wideCodePoints('a\u{1F600}')), wide32 ? [0x61, 0x1f600] : [0x61, 0xd83d, 0xde00]);
  assert.equal(m.wideGreeting(), 'h\u00e9llo \u{1F600}');
  assert.equal(m.wcstrEcho(null), null);
  if (wide32) {
    // Beyond Unicode: U+FFFD, as for any text that cannot be a JS string.
    assert.equal(m.wideFromPoints([0x41, 0x110000, 0x1f600]), 'A\ufffd\u{1F600}');
  }
  assert.throws(() => m.echoWString(1 as unknown as string), { name: 'TypeError', message: "echoWString(): argument 1 'value' must be a string, got number" });
  assert.throws(() => m.wcstrEcho(undefined as unknown as null), { name: 'TypeError', message: "wcstrEcho(): argument 1 'text' must be one of string | null, got undefined" });
});

test('const char* is a string or null', () => {
  assert.equal(m.cstrEcho('text'), 'text');
  assert.equal(m.cstrEcho(null), null);
  assert.equal(m.cstrIsNull(null), true);
  assert.equal(m.cstrIsNull(''), false);
  assert.equal(m.nullCstr(), null);
  assert.throws(() => any(m.cstrEcho)(undefined), { name: 'TypeError', message: /must be one of string \| null, got undefined/ });
});

test('char is a one-byte string', () => {
  assert.equal(m.echoChar('z'), 'z');
  for (const bad of ['', 'ab', '€']) {
    assert.throws(() => m.echoChar(bad), { name: 'RangeError', message: /must be a one-character \(single byte\) string/ });
  }
});

test('void results are undefined', () => {
  assert.equal(m.nothing(), undefined);
});

test('std::vector converts from Array; vectors of numbers come back as typed arrays, others as Arrays', () => {
  assert.deepEqual(m.echoDoubles([]), new Float64Array());
  assert.deepEqual(m.echoDoubles([1, 2.5, -3]), new Float64Array([1, 2.5, -3]));
  assert.deepEqual(m.echoDoubles(new Float64Array([4, 5])), new Float64Array([4, 5]));
  assert.deepEqual(m.echoStrings(['a', '', 'ü']), ['a', '', 'ü']);
  assert.deepEqual(m.echoMatrix([[1, 2], [], [3]]), [new Int32Array([1, 2]), new Int32Array(), new Int32Array([3])]);
  assert.deepEqual(m.echoBools([true, false, true]), [true, false, true]);
  assert.deepEqual(m.countDown(3), new Int32Array([3, 2, 1]));
  assert.equal(m.sumDoubles(Array.from({ length: 100_000 }, () => 1)), 100_000);
  assert.ok(Array.isArray(m.echoStrings(['a'])));
});

test('a bad element names its index; holes and frozen and proxied arrays work as JS reads them', () => {
  assert.throws(() => m.echoDoubles([1, 'x' as unknown as number]), {
    name: 'TypeError',
    message: "echoDoubles(): argument 1 'value'[1] must be a number, got string",
  });
  assert.throws(() => m.echoMatrix([[1], [2, null as unknown as number]]), {
    message: "echoMatrix(): argument 1 'value'[1][1] must be a number, got null",
  });
  assert.throws(() => m.echoMatrix([[1], [2, 2.5]]), {
    name: 'RangeError',
    message: "echoMatrix(): argument 1 'value'[1][1] must be an integer (int32), got 2.5",
  });
  const long = [...Array.from({ length: 600 }, (_, i) => i), 'x'] as number[];
  assert.throws(() => m.echoDoubles(long), { message: "echoDoubles(): argument 1 'value'[600] must be a number, got string" });
  assert.deepEqual(m.echoDoubles(long.slice(0, 600)), Float64Array.from(long.slice(0, 600)));
  // A hole reads as undefined, which is not a number.
  assert.throws(() => m.echoDoubles([1, , 3] as number[]), { message: /\[1\] must be a number, got undefined/ });
  assert.deepEqual(m.echoDoubles(Object.freeze([1, 2]) as number[]), new Float64Array([1, 2]));
  assert.deepEqual(m.echoDoubles(new Proxy([4, 5], {})), new Float64Array([4, 5]));
  rejectsAllBut(any(m.echoDoubles), ['Array'], 'one of Array<number> | Float64Array');
  assert.throws(() => any(m.echoDoubles)(new Float32Array(2)), { message: /must be one of Array<number> \| Float64Array, got Float32Array/ });
  assert.throws(() => any(m.echoDoubles)({ length: 1, 0: 1 }), { message: /must be one of Array<number> \| Float64Array, got object/ });
  rejectsAllBut(any(m.echoStrings), ['Array'], 'an Array<string>');
});

test('a huge out-of-range BigInt is described by its size, not printed digit by digit', () => {
  // Found by the property tests: printing a 2^22-bit BigInt took 0.4 s, bigger ones minutes.
  assert.throws(() => m.echoInt64(1n << 2n ** 22n), {
    name: 'RangeError',
    message: /must be an integer from -9223372036854775808 to 9223372036854775807 \(int64\), got a bigint of about 4194368 bits$/,
  });
  assert.throws(() => m.echoInt64(2n ** 64n), { message: /got 18446744073709551616n$/ });
});

test('a user-defined type_caster converts both ways and reports its own range errors', () => {
  assert.equal(m.toFahrenheit(100), 212);
  assert.equal(m.boilingPoint(), 100);
  assert.throws(() => m.toFahrenheit(-300), {
    name: 'RangeError',
    message: "toFahrenheit(): argument 1 'celsius' must be a temperature at or above -273.15, got -300",
  });
  assert.throws(() => any(m.toFahrenheit)('hot'), {
    name: 'TypeError',
    message: "toFahrenheit(): argument 1 'celsius' must be a number, got string",
  });
});

test('a sequence parameter takes any iterable: a Set, a generator, arguments, a Map entries iterator; errors name the element', () => {
  assert.deepEqual(m.echoStrings(new Set(['a', 'b', 'a']) as unknown as string[]), ['a', 'b']);
  assert.equal(m.sumDoubles((function* () { yield 1; yield 2.5; })() as unknown as number[]), 3.5);
  (function (..._: number[]) {
    // eslint-disable-next-line prefer-rest-params
    assert.equal(m.sumDoubles(arguments as unknown as number[]), 6);
  })(1, 2, 3);
  assert.deepEqual(m.echoStrings(new Map([['k', 1]]).keys() as unknown as string[]), ['k']);
  assert.deepEqual(m.echoMatrix(new Set([new Int32Array([1, 2]), [3]]) as unknown as number[][]), [new Int32Array([1, 2]), new Int32Array([3])]);
  // The element path counts in iteration order.
  assert.throws(() => m.echoStrings(new Set(['a', 2]) as unknown as string[]), { name: 'TypeError', message: "echoStrings(): argument 1 'value'[1] must be a string, got number" });
  // A failing element closes the iterator, as for...of does (a generator's finally runs).
  let closed = false;
  const gen = (function* () {
    try {
      yield 'a';
      yield 3;
      yield 'never';
    } finally {
      closed = true;
    }
  })();
  assert.throws(() => m.echoStrings(gen as unknown as string[]), TypeError);
  assert.ok(closed);
  // What the iterator throws reaches the caller as it is.
  const boom = new Error('boom');
  const throwing = { *[Symbol.iterator]() { yield 1; throw boom; } };
  assert.throws(() => m.sumDoubles(throwing as unknown as number[]), (e) => e === boom);
  // Not iterables: plain objects, strings (iterable, but a string is not a sequence here), typed arrays of another kind.
  for (const bad of [{}, 'ab', new Float32Array(2), { [Symbol.iterator]: 1 }]) {
    assert.throws(() => m.sumDoubles(bad as unknown as number[]), { name: 'TypeError', message: /^sumDoubles\(\): argument 1 'values' must be/ });
  }
  assert.throws(() => m.sumDoubles({ [Symbol.iterator]: () => 1 } as unknown as number[]), { name: 'TypeError', message: /the iterator of an iterable must be an object/ });
});
