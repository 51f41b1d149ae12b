// Uses every declaration of test/goldens/arrays.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  sum, sumFloat32, sumInt8, sumUint8, sumInt16, sumUint16, sumInt32, sumUint32, sumBigInt64, sumBigUint64, fill, byteLength,
  xorBytes, same, spanSum, ramp, ones, lastVectorData, primes, int64s, bytes, rows, flags, dataAddress, sumVector,
  sumVectorInt64, scale, clampInt, histogram, plainTotal,
} from '../goldens/arrays.js';

/** Numbers as a plain Array (tsbind::plain_array). */
export function usePlain(): unknown[] {
  const counts: number[] = histogram([0.5], 2);
  // @ts-expect-error: a plain Array, not a typed array
  const typed: Int32Array = histogram([0.5], 2);
  return [counts, typed, plainTotal(counts)];
}

export function use(): unknown[] {
  const numbers: number[] = [
    sum(new Float64Array(1)), sumFloat32(new Float32Array(1)), sumInt8(new Int8Array(1)), sumUint8(new Uint8Array(1)),
    sumInt16(new Int16Array(1)), sumUint16(new Uint16Array(1)), sumInt32(new Int32Array(1)), sumUint32(new Uint32Array(1)),
    byteLength(new ArrayBuffer(1)), spanSum(new Float64Array(1)), lastVectorData(), dataAddress(new Float64Array(1)),
    sumVector([1, 2]), sumVectorInt64([1n, 2]),
  ];
  const bigints: bigint[] = [sumBigInt64(new BigInt64Array(1)), sumBigUint64(new BigUint64Array(1))];
  fill(new Float64Array(2), 1);
  xorBytes(new DataView(new ArrayBuffer(2)), 0xff);
  const f32: Float32Array = same(new Float32Array(1));
  const f64: Float64Array[] = [ramp(3), ones(3n), scale(new Float64Array(2), 2)];
  const i32: Int32Array[] = [primes(), clampInt(new Int32Array(1), 0, 1), clampInt(1, 0, 1, new Int32Array(1))];
  const rest: unknown[] = [int64s() satisfies BigInt64Array, bytes() satisfies Uint8Array, rows() satisfies Float32Array[], flags() satisfies boolean[]];

  // @ts-expect-error: a Float32Array is not a Float64Array
  sum(new Float32Array(1));
  // @ts-expect-error: an Array is not a typed array view
  sum([1, 2]);
  // @ts-expect-error: a BigInt64Array result holds bigints, not numbers
  const wrong: Float64Array = int64s();
  // @ts-expect-error: vectorize's out must have the result's element type
  clampInt(1, 0, 1, new Float64Array(1));
  // @ts-expect-error: a missing argument
  scale(new Float64Array(1));
  // @ts-expect-error: a vector of numbers comes back as a typed array, not an Array
  const list: number[] = ones(3);
  return [numbers, bigints, f32, f64, i32, rest, wrong, list];
}
