// Exceptions: no C++ exception escapes; each arrives as the right JS error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { describeModule, loadTestModule, thrown } from './support/addons.js';

interface Errors {
  throwInvalidArgument(): void;
  throwOutOfRange(): void;
  throwLengthError(): void;
  throwBadAlloc(): void;
  throwRuntimeError(what: string): void;
  throwInt(): void;
  throwUnregistered(): void;
  parse(text: string): number;
  sum(values: number[]): number;
  failWithStatus(code: number): void;
  StatusCodeError: ErrorConstructor;
  ParseError: ErrorConstructor;
  SyntaxProblem: ErrorConstructor;
}

const m = loadTestModule<Errors>('errors');

test('standard exceptions map to TypeError, RangeError and Error', () => {
  assert.throws(() => m.throwInvalidArgument(), { name: 'TypeError', message: 'bad argument' });
  assert.throws(() => m.throwOutOfRange(), { name: 'RangeError', message: 'index 7 out of range' });
  assert.throws(() => m.throwLengthError(), { name: 'RangeError', message: 'too long' });
  assert.throws(() => m.throwBadAlloc(), { name: 'Error', message: 'out of memory (std::bad_alloc)' });
  assert.throws(() => m.throwRuntimeError('it broke'), { name: 'Error', message: 'it broke' });
  const error = thrown(() => m.throwInvalidArgument());
  assert.ok(error instanceof TypeError);
});

test('anything else thrown from C++ is an Error, never a crash', () => {
  assert.throws(() => m.throwInt(), { name: 'Error', message: 'unknown C++ exception' });
  assert.throws(() => m.throwUnregistered(), { name: 'Error', message: 'unknown C++ exception' });
});

test('a registered exception type arrives as an instance of its exported Error subclass', () => {
  const error = thrown(() => m.parse('12a'));
  assert.ok(error instanceof m.ParseError);
  assert.ok(error instanceof Error);
  assert.equal((error as Error).name, 'ParseError');
  assert.equal((error as Error).message, 'not a number: 12a');
  assert.equal(String(error), 'ParseError: not a number: 12a');
  assert.equal(m.ParseError.name, 'ParseError');
  assert.equal(Object.prototype.hasOwnProperty.call(error, 'name'), false);
});

test('its stack starts with the class and message and points at the JS caller', () => {
  const stack = (thrown(() => m.parse('x')) as Error).stack ?? '';
  const lines = stack.split('\n');
  assert.equal(lines[0], 'ParseError: not a number: x');
  assert.match(lines.slice(1).join('\n'), /errors\.test\.js/);
});

test('exception classes form a hierarchy when registered with a base', () => {
  const error = thrown(() => m.parse(''));
  assert.ok(error instanceof m.SyntaxProblem);
  assert.ok(error instanceof m.ParseError);
  assert.ok(error instanceof Error);
  assert.equal((error as Error).name, 'SyntaxProblem');
  assert.equal((error as Error).message, 'empty input');
  assert.ok(Object.getPrototypeOf(m.SyntaxProblem) === m.ParseError);
});

test('a registered type that is not a std::exception is matched too, with an empty message', () => {
  const error = thrown(() => m.failWithStatus(404));
  assert.ok(error instanceof m.StatusCodeError);
  assert.equal((error as Error).name, 'StatusCodeError');
  assert.equal((error as Error).message, '');
  // Registering it does not disturb the others.
  assert.throws(() => m.throwInt(), { name: 'Error', message: 'unknown C++ exception' });
  assert.ok(thrown(() => m.parse('z')) instanceof m.ParseError);
});

test('the JS classes work from JS too', () => {
  const error = new m.ParseError('made in JS');
  assert.ok(error instanceof Error);
  assert.equal(error.message, 'made in JS');
  assert.equal(error.name, 'ParseError');
});

test('successful calls are unaffected', () => {
  assert.equal(m.parse('12'), 12);
});

test('a JS exception raised while C++ reads an argument reaches the caller as the same object', () => {
  const boom = new Error('boom');
  const viaGetter = [1, 2];
  Object.defineProperty(viaGetter, 1, {
    get() {
      throw boom;
    },
  });
  assert.equal(thrown(() => m.sum(viaGetter)), boom);

  const viaProxy = new Proxy([1, 2, 3], {
    get(target, key, receiver) {
      if (key === '2') throw boom;
      return Reflect.get(target, key, receiver);
    },
  });
  assert.equal(thrown(() => m.sum(viaProxy)), boom);

  const notAnError = { reason: 'thrown value that is not an Error' };
  const viaLength = new Proxy([1], {
    get(target, key, receiver) {
      if (key === 'length') throw notAnError;
      return Reflect.get(target, key, receiver);
    },
  });
  assert.equal(thrown(() => m.sum(viaLength)), notAnError);
  assert.equal(m.sum([1, 2, 3]), 6);
});

test('the module describes its exception classes and their bases', () => {
  assert.deepEqual(describeModule(m).exceptions, [
    { name: 'ParseError', extends: 'Error' },
    { name: 'SyntaxProblem', extends: 'ParseError' },
    { name: 'StatusCodeError', extends: 'Error' },
  ]);
});
