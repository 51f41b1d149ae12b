// Typed arrays: views without a copy in, vectors adopted without a copy out, tsbind::vectorize.
import test from 'node:test';
import assert from 'node:assert/strict';
import type * as Arrays from './goldens/arrays.js';
import { loadTestModule } from './support/addons.js';

const m = loadTestModule<typeof Arrays>('arrays');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

/** A typed array whose buffer has been detached (transferred away). */
function detached<T extends ArrayBufferView>(make: (buffer: ArrayBuffer) => T): T {
  const buffer = new ArrayBuffer(16);
  const view = make(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

test('a typed_array<T> parameter views the typed array of its element type', () => {
  assert.equal(m.sum(new Float64Array([1, 2, 3.5])), 6.5);
  assert.equal(m.sumFloat32(new Float32Array([0.5, 0.25])), 0.75);
  assert.equal(m.sumInt8(new Int8Array([-128, 127, 1])), 0);
  assert.equal(m.sumUint8(new Uint8Array([255, 1])), 256);
  assert.equal(m.sumInt16(new Int16Array([-32768, 2])), -32766);
  assert.equal(m.sumUint16(new Uint16Array([65535, 1])), 65536);
  assert.equal(m.sumInt32(new Int32Array([2 ** 31 - 1, 1])), 2 ** 31);
  assert.equal(m.sumUint32(new Uint32Array([2 ** 32 - 1, 1])), 2 ** 32);
  assert.equal(m.sumBigInt64(new BigInt64Array([-(2n ** 63n), 1n])), -(2n ** 63n) + 1n);
  assert.equal(m.sumBigUint64(new BigUint64Array([2n ** 64n - 1n])), 2n ** 64n - 1n);
  assert.equal(m.spanSum(new Float64Array([1, 2])), 3, 'std::span<const double> views the same way');
  // A view of part of a buffer starts at its offset.
  const whole = new Float64Array([100, 1, 2, 100]);
  assert.equal(m.sum(whole.subarray(1, 3)), 3);
  assert.equal(m.sum(new Float64Array(0)), 0);
});

test('no copy: the view is the memory of the JS array, writes included', () => {
  const values = new Float64Array(4);
  m.fill(values, 2.5);
  assert.deepEqual(values, new Float64Array([2.5, 2.5, 2.5, 2.5]));
  const part = new Float64Array(6);
  m.fill(part.subarray(2, 4), 1);
  assert.deepEqual(part, new Float64Array([0, 0, 1, 1, 0, 0]));
  const same = new Float32Array(2);
  assert.equal(m.same(same), same, 'a view returned is the same object');
});

test('uint8_t views take Uint8Array, Uint8ClampedArray and Buffer; std::byte views take any bytes', () => {
  assert.equal(m.sumUint8(new Uint8ClampedArray([1, 2])), 3);
  assert.equal(m.sumUint8(Buffer.from([1, 2, 3])), 6);
  assert.equal(m.byteLength(new Float64Array(3)), 24);
  assert.equal(m.byteLength(new Float64Array(8).subarray(2, 3)), 8);
  assert.equal(m.byteLength(new ArrayBuffer(5)), 5);
  assert.equal(m.byteLength(new DataView(new ArrayBuffer(16), 4, 8)), 8);
  assert.equal(m.byteLength(Buffer.from('abc')), 3);
  // A SharedArrayBuffer too, bare (Node-API 8 has no call for one) or viewed.
  assert.equal(m.byteLength(new Uint8Array(new SharedArrayBuffer(7))), 7);
  assert.equal(m.byteLength(new SharedArrayBuffer(5)), 5);
  const shared = new SharedArrayBuffer(3);
  new Uint8Array(shared).set([1, 2, 250]);
  assert.equal(m.sumUint8(shared), 253);
  assert.equal(m.sumUint8(new Uint8Array([4, 5]).buffer), 9);
  const bytes = new Uint8Array([1, 2, 0xf0]);
  m.xorBytes(new DataView(bytes.buffer, 1, 2), 0xff);
  assert.deepEqual(bytes, new Uint8Array([1, 0xfd, 0x0f]));
});

test('a typed array of another element type, or not a typed array, is a TypeError naming both', () => {
  assert.throws(() => m.sum(new Float32Array(2) as unknown as Float64Array), {
    name: 'TypeError',
    message: "sum(): argument 1 'values' must be a Float64Array, got Float32Array",
  });
  assert.throws(() => any(m.sum)([1, 2]), { name: 'TypeError', message: "sum(): argument 1 'values' must be a Float64Array, got Array" });
  assert.throws(() => any(m.sumInt32)(new Uint32Array(1)), { message: /must be an Int32Array, got Uint32Array/ });
  assert.throws(() => any(m.sumUint8)(new Int8Array(1)), {
    message: /must be one of Uint8Array \| Uint8ClampedArray \| ArrayBuffer \| SharedArrayBuffer, got Int8Array/,
  });
  assert.throws(() => any(m.sumBigInt64)(new BigUint64Array(1)), { message: /must be a BigInt64Array, got BigUint64Array/ });
  assert.throws(() => any(m.sum)(new DataView(new ArrayBuffer(8))), { message: /must be a Float64Array, got DataView/ });
  assert.throws(() => any(m.sum)(new ArrayBuffer(8)), { message: /must be a Float64Array, got ArrayBuffer/ });
  assert.throws(() => any(m.spanSum)(new Int32Array(1)), { message: /must be a Float64Array, got Int32Array/ });
  const others = [undefined, null, 1, 'x', {}, { length: 1, 0: 1 }, new Proxy(new Float64Array(1), {})];
  others.forEach((value, i) => {
    assert.throws(() => any(m.sum)(value), { name: 'TypeError' }, `value ${i}`);
    assert.throws(() => any(m.byteLength)(value), { name: 'TypeError' }, `value ${i}`);
  });
});

test('a detached buffer is a TypeError for numbers and empty for bytes, never a read of freed memory', () => {
  assert.throws(() => m.sum(detached((b) => new Float64Array(b))), {
    name: 'TypeError',
    message: "sum(): argument 1 'values' is a Float64Array whose buffer is detached",
  });
  // Bytes of a detached buffer read as empty, as TextDecoder reads them.
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  assert.equal(m.byteLength(buffer), 0);
  assert.equal(m.byteLength(detached((b) => new DataView(b))), 0);
  assert.equal(m.byteLength(detached((b) => new Float64Array(b))), 0);
  assert.equal(m.sumUint8(detached((b) => new Uint8Array(b))), 0);
  assert.equal(new TextDecoder().decode(buffer), '');
  assert.throws(() => m.sumVector(detached((b) => new Float64Array(b))), { message: /is a Float64Array whose buffer is detached/ });
  assert.throws(() => m.scale(detached((b) => new Float64Array(b)), 2), { message: /is a Float64Array whose buffer is detached/ });
});

test('typed_array<T>::create makes a JS-owned typed array to fill in C++', () => {
  assert.deepEqual(m.ramp(4), new Float64Array([0, 1, 2, 3]));
  assert.deepEqual(m.ramp(0), new Float64Array());
});

test('a std::vector of numbers returned by value becomes a typed array over its own memory', () => {
  const ones = m.ones(1000);
  assert.ok(ones instanceof Float64Array);
  assert.equal(ones.length, 1000);
  assert.ok(ones.every((v) => v === 1));
  assert.equal(m.dataAddress(ones), m.lastVectorData(), 'the typed array reads the memory the vector allocated');
  assert.deepEqual(m.ones(0), new Float64Array());
  assert.deepEqual(m.int64s(), new BigInt64Array([-1n, 0n, 2n ** 60n]));
  assert.deepEqual(m.bytes(), new Uint8Array([1, 2, 255]));
  assert.deepEqual(m.rows(), [new Float32Array([1, 2]), new Float32Array([3])]);
  assert.deepEqual(m.flags(), [true, false], 'vector<bool> has no typed array: an Array');
});

test('a const std::vector& result is copied: JS cannot change the C++ vector', () => {
  const primes = m.primes();
  assert.deepEqual(primes, new Int32Array([2, 3, 5, 7, 11]));
  primes[0] = 99;
  assert.deepEqual(m.primes(), new Int32Array([2, 3, 5, 7, 11]));
});

test('adopted vectors are freed by the GC', { skip: typeof globalThis.gc !== 'function' && 'needs --expose-gc' }, async () => {
  // 200 vectors of 8 MB: without freeing, 1.6 GB of native memory.
  for (let i = 0; i < 200; i++) m.ones(1_000_000);
  for (let i = 0; i < 3; i++) {
    globalThis.gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(process.memoryUsage().arrayBuffers < 200 * 8_000_000, `${process.memoryUsage().arrayBuffers} bytes of ArrayBuffers alive`);
});

test('vector parameters take an Array or the matching typed array', () => {
  assert.equal(m.sumVector([1, 2.5]), 3.5);
  assert.equal(m.sumVector(new Float64Array([1, 2, 3])), 6);
  assert.equal(m.sumVectorInt64([1, 2n]), 3);
  assert.equal(m.sumVectorInt64(new BigInt64Array([5n, -2n])), 3);
  assert.throws(() => any(m.sumVector)(new Float32Array(1)), {
    name: 'TypeError',
    message: "sumVector(): argument 1 'values' must be one of Array<number> | Float64Array, got Float32Array",
  });
  assert.throws(() => m.sumVector([1, 'x' as unknown as number]), { message: /'values'\[1\] must be a number, got string/ });
});

test('vectorize: element by element over typed arrays, numbers broadcast, into a new array or `out`', () => {
  assert.deepEqual(m.scale(new Float64Array([1, 2, 3]), 2), new Float64Array([2, 4, 6]));
  assert.deepEqual(m.scale(3, new Float64Array([1, 2])), new Float64Array([3, 6]));
  assert.deepEqual(m.scale(new Float64Array([1, 2]), new Float64Array([3, 4])), new Float64Array([3, 8]));
  assert.deepEqual(m.scale(2, 3), new Float64Array([6]), 'numbers only: one element');
  assert.deepEqual(m.scale(new Float64Array(0), 2), new Float64Array());
  const out = new Int32Array(3);
  assert.equal(m.clampInt(new Int32Array([-5, 5, 50]), 0, 10, out), out);
  assert.deepEqual(out, new Int32Array([0, 5, 10]));
  assert.deepEqual(m.clampInt(new Int32Array([1, 9]), new Int32Array([2, 2]), 8), new Int32Array([2, 8]));
});

test('vectorize: mismatched lengths are RangeErrors; wrong element types and counts are TypeErrors', () => {
  assert.throws(() => m.scale(new Float64Array(2), new Float64Array(3)), {
    name: 'RangeError',
    message: 'the typed arrays have different lengths (2 and 3)',
  });
  assert.throws(() => m.clampInt(new Int32Array(2), 0, 1, new Int32Array(3)), { name: 'RangeError', message: 'out has 3 elements, the arguments 2' });
  assert.throws(() => any(m.scale)(new Float32Array(2), 1), { name: 'TypeError', message: /must be one of number \| Float64Array, got Float32Array/ });
  assert.throws(() => any(m.clampInt)(new Int32Array(1), 0, 1, new Float64Array(1)), { name: 'TypeError', message: /'out' must be an Int32Array, got Float64Array/ });
  assert.throws(() => any(m.clampInt)(1, 2), { name: 'TypeError', message: 'clampInt(): expected 3 to 4 arguments, got 2' });
  assert.throws(() => any(m.clampInt)(2 ** 40, 0, 1), { name: 'RangeError' });
});

test('tsbind::plain_array: numbers out as a plain Array where the contract says Array; in, what a vector takes', () => {
  const counts = m.histogram([0.1, 0.15, 0.5, 0.99, 2], 4);
  assert.ok(Array.isArray(counts));
  assert.deepEqual(counts, [2, 0, 1, 1]);
  assert.deepEqual(m.histogram([], 0), []);
  assert.equal(m.plainTotal([1, 2, 3.5]), 6.5);
  assert.equal(m.plainTotal(new Float64Array([1, 2])), 3);
  assert.equal(m.plainTotal(new Set([4, 5]) as unknown as number[]), 9);
  assert.throws(() => m.plainTotal([1, 'x'] as unknown as number[]), { name: 'TypeError', message: "plainTotal(): argument 1 'values'[1] must be a number, got string" });
});
