// A tour of the example: C++ classes, overloads, exceptions and dispose, called from TypeScript.
// The package imports itself by name: its entry point and declarations are written by `tsbind build`.
import { Matrix, DimensionError, SingularMatrixError } from 'tsbind-example-matrix';

/** The name and message of a caught error. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// Solve a linear system in C++.
const a = Matrix.fromRows([
  [2, 1, -1],
  [-3, -1, 2],
  [-2, 1, 2],
]);
console.log(String(a));
const x: Float64Array = a.solve([8, -11, -3]); // a std::vector<double> arrives as a Float64Array, without a copy
console.log('solve a·x = [8, -11, -3]  ->  x =', Array.from(x, (v) => +v.toFixed(6)));

// Overloads: matrix × matrix and matrix × vector, chosen by argument type (and typed per overload).
const rotate = Matrix.fromRows([
  [0, -1],
  [1, 0],
]);
const turned: Float64Array = rotate.multiply([1, 0]);
const squared: Matrix = rotate.multiply(rotate);
console.log('rotate [1, 0] by 90°:', turned);
console.log(String(squared));

// C++ exceptions arrive as JS Error subclasses.
try {
  a.multiply(rotate);
} catch (error) {
  console.log(`${describe(error)} (instanceof DimensionError: ${error instanceof DimensionError})`);
}
try {
  Matrix.fromRows([
    [1, 2],
    [2, 4],
  ]).solve([1, 2]);
} catch (error) {
  console.log(`${describe(error)} (instanceof SingularMatrixError: ${error instanceof SingularMatrixError})`);
}

// Bad input is a compile error in TypeScript, and still a clear TypeError, not a crash, from JS.
try {
  // @ts-expect-error: get() takes two numbers
  a.get(0, 'x');
} catch (error) {
  console.log(describe(error));
}

// Native memory is released by the GC, or at once with dispose() (or `using`).
const big = new Matrix(500, 500, 1);
const product = big.multiply(Matrix.identity(500));
console.log(`500x500 product computed in C++: sum of row 0 = ${product.toArray()[0]!.reduce((s, v) => s + v, 0)}`);
big.dispose();
product.dispose();
try {
  big.get(0, 0);
} catch (error) {
  console.log(`after dispose(): ${error instanceof Error ? error.message : error}`);
}
