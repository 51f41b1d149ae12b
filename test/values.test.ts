// JS values in C++: tsbind::value, object, array, function, buffer and
// persistent, declared types, and Buffers out; bad input is a clear error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type * as Values from './goldens/values.js';
import { loadTestModule, testModulePath } from './support/addons.js';

const m = loadTestModule<typeof Values>('values');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

test('tsbind::value takes any value untouched and tells its kind as typeof does', () => {
  const values: unknown[] = [undefined, null, true, 1.5, 'x', Symbol('s'), 2n, {}, [], () => 1];
  for (const v of values) {
    assert.equal(m.kindOf(v), typeof v);
    assert.ok(Object.is(m.identity(v), v));
  }
  assert.equal(m.isArray([1]), true);
  assert.equal(m.isArray(new Proxy([], {})), true);
  assert.equal(m.isArray({ length: 0 }), false);
});

test('objects: properties by name, index and symbol; objects and arrays made in C++', () => {
  assert.equal(m.getPath({ a: { b: 42 } }, 'a', 'b'), 42);
  assert.deepEqual(m.makeRecord('n', 2), { name: 'n', size: 2, tags: ['a', 2, true] });
  const bare = m.bare();
  assert.equal(Object.getPrototypeOf(bare), null);
  assert.deepEqual(m.keysOf({ a: 1, b: 2, [Symbol('s')]: 3 }), ['a', 'b']);
  assert.equal(m.hasKey({ a: undefined }, 'a'), true);
  assert.equal(m.hasKey(Object.create({ inherited: 1 }), 'inherited'), true, '`in` sees inherited keys');
  const s = Symbol('k');
  assert.equal(m.symbolValue({ [s]: 'v' }, s), 'v');
  const a: unknown[] = [];
  assert.equal(m.setIndex(a, 2, 'x'), 3);
  assert.equal(a[2], 'x');
  assert.equal(a.length, 3);
});

test('calls, constructors, globals, instanceof and JS coercions', () => {
  assert.deepEqual(m.callWith((x: unknown, y: unknown) => [x, y], 'a'), ['a', 2]);
  const re = m.makeRegExp('a+');
  assert.ok(re instanceof RegExp);
  assert.equal(re.flags, 'g');
  assert.equal(m.isRegExp(/x/), true);
  assert.equal(m.isRegExp('x'), false);
  assert.equal(m.stringOf(12.5), '12.5');
  assert.equal(m.stringOf(Symbol('d')), 'Symbol(d)', 'String(symbol), which coercion alone cannot do');
  assert.equal(m.stringOf({ toString: () => 'custom' }), 'custom');
  assert.ok(Number.isNaN(m.numberOf('x')));
  assert.equal(m.numberOf(' 7 '), 7);
  assert.equal(m.truthy(''), false);
  assert.equal(m.truthy([]), true);
  assert.equal(m.upper('abc'), 'ABC');
});

test('a JS exception inside any operation reaches the caller as the same value', () => {
  const thrown = { reason: 'getter' };
  const object = { get a(): never { throw thrown; } };
  assert.throws(() => m.getPath(object, 'a', 'b'), (e) => e === thrown);
  assert.throws(() => m.callWith(() => { throw 'plain'; }, 1), (e) => e === 'plain');
  assert.throws(() => m.stringOf({ toString() { throw 7; } }), (e) => e === 7);
  assert.throws(() => m.keysOf(new Proxy({}, { ownKeys() { throw thrown; } })), (e) => e === thrown);
});

test('wrong kinds are TypeErrors naming the parameter; operations on wrong kinds are TypeErrors too', () => {
  assert.throws(() => any(m.keysOf)(1), { name: 'TypeError', message: "keysOf(): argument 1 'object' must be an object, got number" });
  assert.throws(() => any(m.save)('f'), { name: 'TypeError', message: "save(): argument 1 'f' must be a Function, got string" });
  assert.throws(() => any(m.setIndex)({}, 0, 1), { name: 'TypeError', message: /argument 1 'array' must be an unknown\[\], got object/ });
  // The declared type is what the message names.
  assert.throws(() => any(m.byteSum)('x'), { name: 'TypeError', message: /must be one of ArrayBuffer \| SharedArrayBuffer \| ArrayBufferView/ });
  // Reading a property of undefined is JS's own TypeError; calling a non-function is tsbind's.
  assert.throws(() => m.getPath({}, 'missing', 'b'), { name: 'TypeError' });
  assert.throws(() => m.upper(5 as unknown as string), { name: 'TypeError', message: /cannot call undefined: not a function/ });
  assert.throws(() => m.sumIterable(5 as unknown as number[]), { name: 'TypeError', message: /5 is not iterable|number is not iterable/ });
});

test('as<T>() converts through tsbind\'s converters, with their messages and error kinds', () => {
  assert.equal(m.asInt(5), 5);
  assert.throws(() => m.asInt('5'), { name: 'TypeError', message: 'the value must be a number, got string' });
  assert.throws(() => m.asInt(2 ** 40), { name: 'RangeError', message: /the value must be an integer from -2147483648 to 2147483647/ });
  assert.deepEqual(m.asStrings(['a', 'b']), ['a', 'b']);
  assert.throws(() => m.asStrings(['a', 1]), { name: 'TypeError', message: 'the value[1] must be a string, got number' });
});

test('any iterable: arrays, Sets, generators, Map values, arguments', () => {
  assert.equal(m.sumIterable([1, 2, 3]), 6);
  assert.equal(m.sumIterable(new Set([1, 2])), 3);
  assert.equal(m.sumIterable((function* () { yield 4; yield 5; })()), 9);
  assert.equal(m.sumIterable(new Map([['a', 1]]).values()), 1);
  assert.equal((function (..._: number[]) { return m.sumIterable(arguments as unknown as number[]); })(1, 1), 2);
  assert.throws(() => m.sumIterable(['x'] as unknown as number[]), { name: 'TypeError', message: 'the value must be a number, got string' });
  const boom = { [Symbol.iterator]() { return { next() { throw 'stop'; } }; } };
  assert.throws(() => m.sumIterable(boom as unknown as number[]), (e) => e === 'stop');
});

test('persistent<T> keeps a value beyond the call; typed arrays stay readable, or say they are detached', () => {
  m.save((x: number) => x * 3);
  assert.equal(m.callSaved(2), 6);
  m.dropSaved();
  assert.throws(() => m.callSaved(1), { message: 'nothing saved' });
  const numbers = new Float64Array([1, 2, 3]);
  m.saveArray(numbers);
  numbers[0] = 10;
  assert.equal(m.savedSum(), 15, 'the same memory, read afresh');
  structuredClone(numbers.buffer, { transfer: [numbers.buffer] });
  assert.equal(m.savedSum(), -1, 'detached() says the memory is gone');
  m.dropSavedArray();
});

test('persistent<T> from a worker: an Error on another thread or after the worker ended, never a crash', async () => {
  const path = testModulePath('values');
  const worker = new Worker(
    `const m = require(${JSON.stringify(path)});
     m.save((x) => x + 1);
     require('node:worker_threads').parentPort.postMessage(m.callSaved(1));`,
    { eval: true },
  );
  assert.equal(await new Promise((resolve) => worker.once('message', resolve)), 2);
  assert.throws(() => m.callSaved(1), { message: /can be used only on the JS thread it came from/ });
  await worker.terminate();
  assert.throws(() => m.callSaved(1), { message: /has ended/ });
  m.dropSaved(); // dropped here, after its environment: left to it, nothing freed twice
});

test('bytes in from any byte source; Buffers out, copied or over a vector\'s own memory', () => {
  assert.equal(m.byteSum(Buffer.from([1, 2])), 3);
  assert.equal(m.byteSum(new Uint16Array([0x0101])), 2);
  assert.equal(m.byteSum(new DataView(new Uint8Array([5, 6]).buffer)), 11);
  assert.equal(m.byteSum(new Uint8Array([7]).buffer), 7);
  const shared = new SharedArrayBuffer(2);
  new Uint8Array(shared).set([1, 1]);
  assert.equal(m.byteSum(shared), 2);
  const copied = m.copyBytes('hé');
  assert.ok(Buffer.isBuffer(copied));
  assert.equal(copied.toString('utf8'), 'hé');
  const adopted = m.adoptBytes(300);
  assert.ok(Buffer.isBuffer(adopted));
  assert.equal(adopted.length, 300);
  assert.equal(adopted[299], 299 % 256);
  assert.ok(Buffer.isBuffer(m.adoptBytes(0)));
  assert.deepEqual([...m.zeros(3)], [0, 0, 0]);
  assert.throws(() => m.zeros(2 ** 33), { name: 'RangeError', message: /the most a Buffer can have/ });
});

test('callbacks with a variable number of arguments (tsbind::rest), and calls with a list (function::apply)', () => {
  const seen: unknown[][] = [];
  const out = m.replaceTokens('a=1=2;b;c=', (token, ...parts) => {
    seen.push([token, ...parts]);
    return `<${parts.length}>`;
  });
  assert.equal(out, '<3>;<1>;<2>');
  assert.deepEqual(seen, [['a=1=2', 'a', '1', '2'], ['b', 'b'], ['c=', 'c', '']]);
  // arguments.length is the list's length: not padded, not an array.
  const lengths: number[] = [];
  m.replaceTokens('x=y;z', function (this: unknown) {
    lengths.push(arguments.length);
    return '';
  } as (token: string, ...parts: string[]) => string);
  assert.deepEqual(lengths, [3, 2]);
  // A result of the wrong type, and a throwing callback, fail as for any callback.
  assert.throws(() => m.replaceTokens('a', () => 1 as unknown as string), { name: 'TypeError', message: /the callback's result must be a string, got number/ });
  const boom = new Error('boom');
  assert.throws(() => m.replaceTokens('a', () => { throw boom; }), (e) => e === boom);

  assert.equal(m.applyList(Math.max, [3, 9, 4]), 9);
  assert.equal(m.applyList(function () { return arguments.length; }, []), 0);
  assert.deepEqual(m.applyList((...xs: number[]) => xs, new Float64Array([1.5, 2.5])), [1.5, 2.5]);
});
