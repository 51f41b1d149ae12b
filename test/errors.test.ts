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
  CompileError: ErrorConstructor;
  LevelLockedError: ErrorConstructor;
  compile(source: string): number;
  lock(): void;
  nested(depth: number): void;
  throwValue(value: unknown): void;
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
  const plain = { code: '', fields: [] };
  assert.deepEqual(describeModule(m).exceptions.map((e: { name: string }) => e.name), [
    'ParseError', 'SyntaxProblem', 'StatusCodeError', 'CompileError', 'LevelLockedError',
  ]);
  assert.deepEqual(describeModule(m).exceptions.slice(0, 3), [
    { name: 'ParseError', extends: 'Error', ...plain },
    { name: 'SyntaxProblem', extends: 'ParseError', ...plain },
    { name: 'StatusCodeError', extends: 'Error', ...plain },
  ]);
});

test('a registered exception can extend a built-in error class, with a code and fields as own enumerable properties', () => {
  const error = thrown(() => m.compile('ab@c')) as Error & Record<string, unknown>;
  assert.ok(error instanceof m.CompileError);
  assert.ok(error instanceof SyntaxError, 'a compile error is a SyntaxError');
  assert.equal(error.name, 'CompileError');
  assert.equal(error.message, "unexpected '@'");
  assert.deepEqual({ code: error.code, line: error.line, column: error.column, where: error.where }, { code: 'ERR_COMPILE', line: 1, column: 3, where: '1:3' });
  assert.deepEqual(Object.keys(error), ['code', 'line', 'column', 'where']);
  // Own enumerable properties travel where the error is serialised.
  assert.deepEqual(JSON.parse(JSON.stringify(error)), { code: 'ERR_COMPILE', line: 1, column: 3, where: '1:3' });
  assert.match(String(error.stack), /^CompileError: unexpected '@'/);
  const locked = thrown(() => m.lock()) as Error & { code: string };
  assert.ok(locked instanceof m.LevelLockedError);
  assert.equal(locked.code, 'LEVEL_LOCKED');
  assert.equal(m.compile('abc'), 3);
});

test('std::throw_with_nested becomes a chain of causes, each translated as it would be alone', () => {
  const outer = thrown(() => m.nested(2)) as Error & { cause?: unknown };
  assert.ok(outer instanceof m.LevelLockedError);
  assert.equal(outer.message, 'outer');
  assert.equal(Object.getOwnPropertyDescriptor(outer, 'cause')?.enumerable, false, 'as new Error(m, { cause }) makes it');
  const middle = outer.cause as Error & { cause?: unknown };
  assert.equal(middle.constructor, Error);
  assert.equal(middle.message, 'middle');
  const inner = middle.cause as Error & { line?: number };
  assert.ok(inner instanceof m.CompileError);
  assert.equal(inner.line, 3);
  assert.equal(inner.cause, undefined);
  const one = thrown(() => m.nested(1)) as Error & { cause?: unknown };
  assert.equal(one.message, 'middle');
  assert.ok((one.cause as Error) instanceof m.CompileError);
});

test('C++ can throw any JS value it holds; the caller gets that very value', () => {
  for (const value of [new RangeError('r'), 'text', 0, undefined, null, Symbol('s'), { plain: true }]) {
    assert.ok(Object.is(thrown(() => m.throwValue(value)), value), String(value));
  }
});

test('declarations list what a function throws (@throws) and the fields of each error class', () => {
  const described = describeModule(m);
  const compile = described.functions.find((f: { name: string }) => f.name === 'compile');
  assert.deepEqual(compile.overloads[0].throws, ['CompileError']);
  const error = described.exceptions.find((e: { name: string }) => e.name === 'CompileError');
  assert.deepEqual(error, {
    name: 'CompileError',
    extends: 'SyntaxError',
    code: 'ERR_COMPILE',
    fields: [{ name: 'line', type: 'number' }, { name: 'column', type: 'number' }, { name: 'where', type: 'string' }],
  });
});
