// A tour of the example: C++ classes, overloads, exceptions and dispose from JS.
import { Matrix, DimensionError, SingularMatrixError } from './index.js';

// Solve a linear system in C++.
const a = Matrix.fromRows([
  [2, 1, -1],
  [-3, -1, 2],
  [-2, 1, 2],
]);
console.log(String(a));
console.log('solve a·x = [8, -11, -3]  ->  x =', a.solve([8, -11, -3]).map((v) => +v.toFixed(6)));

// Overloads: matrix × matrix and matrix × vector, chosen by argument type.
const rotate = Matrix.fromRows([
  [0, -1],
  [1, 0],
]);
console.log('rotate [1, 0] by 90°:', rotate.multiply([1, 0]));
console.log(String(rotate.multiply(rotate)));

// C++ exceptions arrive as JS Error subclasses.
try {
  a.multiply(rotate);
} catch (error) {
  console.log(`${error.name} (instanceof DimensionError: ${error instanceof DimensionError}): ${error.message}`);
}
try {
  Matrix.fromRows([
    [1, 2],
    [2, 4],
  ]).solve([1, 2]);
} catch (error) {
  console.log(`${error.name} (instanceof SingularMatrixError: ${error instanceof SingularMatrixError}): ${error.message}`);
}

// Bad input from JS is a clear TypeError, not a crash.
try {
  a.get(0, 'x');
} catch (error) {
  console.log(`${error.name}: ${error.message}`);
}

// Native memory is released by the GC, or at once with dispose().
const big = new Matrix(500, 500, 1);
const product = big.multiply(Matrix.identity(500));
console.log(`500x500 product computed in C++: sum of row 0 = ${product.toArray()[0].reduce((s, v) => s + v, 0)}`);
big.dispose();
product.dispose();
try {
  big.get(0, 0);
} catch (error) {
  console.log(`after dispose(): ${error.message}`);
}
