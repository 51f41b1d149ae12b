// Tests of the example package, run by `npm test` in this folder after `npm run build`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Matrix, DimensionError, SingularMatrixError } from 'tsbind-example-matrix';

test('solves a linear system', () => {
  const a = Matrix.fromRows([
    [2, 1, -1],
    [-3, -1, 2],
    [-2, 1, 2],
  ]);
  const x = a.solve([8, -11, -3]);
  [2, 3, -1].forEach((expected, i) => assert.ok(Math.abs(x[i]! - expected) < 1e-9));
  assert.deepEqual(
    a.multiply(x).map((v) => Math.round(v)),
    new Float64Array([8, -11, -3]),
  );
});

test('multiplies, transposes and scales', () => {
  const m = Matrix.fromRows([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const rows = (matrix: Matrix) => matrix.toArray().map((row) => Array.from(row));
  assert.deepEqual(rows(m.transpose()), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(rows(m.multiply(m.transpose())), [
    [14, 32],
    [32, 77],
  ]);
  assert.deepEqual(m.scale(2).toArray()[1], new Float64Array([8, 10, 12]));
  assert.deepEqual(Matrix.identity(2).multiply(m).toArray(), m.toArray());
  assert.equal(m.rows, 2);
  assert.equal(m.cols, 3);
});

test('shape errors and singular systems are typed JS errors', () => {
  const m = new Matrix(2, 3);
  assert.throws(() => m.multiply(new Matrix(2, 2)), DimensionError);
  assert.throws(() => m.multiply([1, 2]), { name: 'DimensionError', message: 'cannot multiply 2x3 by a vector of 2' });
  assert.throws(() => Matrix.fromRows([[1, 2], [3]]), { name: 'DimensionError', message: 'row 1 has 1 values, expected 2' });
  assert.throws(() => new Matrix(2, 2).solve([1, 1]), SingularMatrixError);
  assert.throws(() => m.get(5, 0), { name: 'RangeError', message: '(5, 0) is outside 2x3' });
});

test('set and get, fill and dispose', () => {
  const m = new Matrix(2, 2, 7);
  assert.equal(m.get(1, 1), 7);
  m.set(0, 1, -3.5);
  assert.equal(m.get(0, 1), -3.5);
  m.dispose();
  assert.throws(() => m.get(0, 0), /has been disposed/);
});

test('the CommonJS entry gives the same classes as the ES module entry', () => {
  const required: typeof import('tsbind-example-matrix') = createRequire(import.meta.url)('tsbind-example-matrix');
  assert.equal(required.Matrix, Matrix);
  assert.ok(required.Matrix.identity(2) instanceof Matrix);
});
