// Tests of {{name}}, run by `npm test` after `npm run build`. They import the
// package by its own name, so they use (and type-check) the entry point and
// declarations that `tsbind build` writes, as users of the package will.
import test from 'node:test';
import assert from 'node:assert/strict';
import { add, greet, Counter, countPrimes } from '{{name}}';

test('functions take and return JS values', () => {
  assert.equal(add(2, 3), 5);
  assert.equal(greet('Ada'), 'Hello, Ada!');
});

test('a wrong argument is a TypeError, not a crash', () => {
  // @ts-expect-error: add() takes two numbers (and TypeScript says so first)
  assert.throws(() => add(1, 'two'), TypeError);
});

test('a class: constructor defaults, methods, a property and dispose()', () => {
  const counter = new Counter();
  assert.equal(counter.value, 0);
  assert.equal(counter.increment(), 1);
  assert.equal(counter.increment(41), 42);
  assert.equal(String(counter), 'Counter(42)');
  counter.reset();
  assert.equal(new Counter(7).value, 7);
  counter.dispose(); // frees the C++ object now; using it afterwards throws
  assert.throws(() => counter.value, /disposed/);
});

test('an async function resolves off the JS thread', async () => {
  const pending: Promise<number> = countPrimes(100_000);
  assert.equal(await pending, 9592);
});

test('an async function rejects with the C++ exception, or an AbortError when aborted', async () => {
  await assert.rejects(countPrimes(1e9), { name: 'RangeError', message: 'limit must be at most 100000000' });
  await assert.rejects(countPrimes(1000, { signal: AbortSignal.abort() }), { name: 'AbortError' });
});
