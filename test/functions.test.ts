// Binding functions: every kind of callable, names, defaults, overloads.
import test from 'node:test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { describeModule, loadTestModule, testDir } from './support/addons.js';

/** The loader, as CommonJS, for child processes. */
const loaderPath = fileURLToPath(new URL('../cjs/loader/index.js', import.meta.url));

interface Functions {
  argumentsGiven(x?: number): string;
  readonly VERSION: string;
  readonly ANSWER: number;
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  addOffset(x: number): number;
  counter(): number;
  shout(text: string): string;
  bump(): void;
  bumped(): number;
  greet(name: string, greeting?: string, times?: number): string;
  describe(value: number | string | boolean): string;
  describe(a: number, b: number): string;
  sum10(...values: number[]): number;
}

const m = loadTestModule<Functions>('functions');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

test('function pointers, lambdas, capturing lambdas and std::function are callable', () => {
  assert.equal(m.add(1.5, 2.25), 3.75);
  assert.equal(m.sub(5, 7), -2);
  assert.equal(m.addOffset(1), 101);
  assert.equal(m.shout('hi'), 'hi!');
});

test('a mutable capturing lambda keeps its state between calls', () => {
  const first = m.counter();
  assert.equal(m.counter(), first + 1);
  assert.equal(m.counter(), first + 2);
});

test('void functions return undefined and run their side effects', () => {
  const before = m.bumped();
  assert.equal(m.bump(), undefined);
  assert.equal(m.bumped(), before + 1);
});

test('functions carry their JS name and parameter count', () => {
  assert.equal(m.add.name, 'add');
  assert.equal(typeof m.add, 'function');
});

test('defaults fill missing and undefined trailing arguments', () => {
  assert.equal(m.greet('Ada'), 'Hello, Ada!');
  assert.equal(m.greet('Ada', 'Hi'), 'Hi, Ada!');
  assert.equal(m.greet('Ada', undefined, 2), 'Hello, Ada!Hello, Ada!');
  assert.equal(m.greet('Ada', 'Yo', 0), '');
});

test('more arguments than the dispatcher keeps on its stack', () => {
  assert.equal(m.sum10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 55);
  assert.throws(() => m.sum10(1, 2, 3, 4, 5, 6, 7, 8, 9, 'x' as unknown as number), {
    name: 'TypeError',
    message: 'sum10(): argument 10 must be a number, got string',
  });
  assert.throws(() => m.sum10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), {
    name: 'TypeError',
    message: 'sum10(): expected 10 arguments, got 11',
  });
});

test('overloads are chosen by the JS types of the arguments, in definition order', () => {
  assert.equal(m.describe(3), 'int 3');
  assert.equal(m.describe(-0), 'int 0');
  assert.equal(m.describe(3.5), 'double 3.500000');
  assert.equal(m.describe(2 ** 40), 'double 1099511627776.000000');
  assert.equal(m.describe('x'), 'string x');
  assert.equal(m.describe(true), 'bool true');
  assert.equal(m.describe(1, 2), 'pair 3.000000');
});

test('no matching overload lists every signature', () => {
  assert.throws(() => m.describe({} as unknown as number), {
    name: 'TypeError',
    message:
      'describe(): no overload matches the arguments (object). The overloads are:\n' +
      '  describe(value: number): string\n' +
      '  describe(value: number): string\n' +
      '  describe(value: string): string\n' +
      '  describe(value: boolean): string\n' +
      '  describe(a: number, b: number): string',
  });
  assert.throws(() => (m.describe as (...a: unknown[]) => string)(1, 'x', 3), /no overload matches the arguments \(number, string, number\)/);
});

test('a wrong argument type names the function, the position, the parameter and both types', () => {
  assert.throws(() => m.add('1' as unknown as number, 2), {
    name: 'TypeError',
    message: "add(): argument 1 'a' must be a number, got string",
  });
  assert.throws(() => m.add(1, null as unknown as number), {
    name: 'TypeError',
    message: "add(): argument 2 'b' must be a number, got null",
  });
  assert.throws(() => m.sub(1, [] as unknown as number), {
    message: 'sub(): argument 2 must be a number, got Array',
  });
  assert.throws(() => m.greet('a', 'b', 'c' as unknown as number), {
    message: "greet(): argument 3 'times' must be a number, got string",
  });
});

test('a wrong argument count is a TypeError that says what was expected', () => {
  const add = m.add as (...a: unknown[]) => number;
  assert.throws(() => add(1), { name: 'TypeError', message: 'add(): expected 2 arguments, got 1' });
  assert.throws(() => add(), { name: 'TypeError', message: 'add(): expected 2 arguments, got 0' });
  assert.throws(() => add(1, 2, 3), { name: 'TypeError', message: 'add(): expected 2 arguments, got 3' });
  const greet = m.greet as (...a: unknown[]) => string;
  assert.throws(() => greet(), { message: 'greet(): expected 1 to 3 arguments, got 0' });
  assert.throws(() => greet('a', 'b', 1, 2), { message: 'greet(): expected 1 to 3 arguments, got 4' });
});

test('values quoted in messages are cut short, so a huge argument cannot make a message V8 cannot hold', () => {
  const huge = 'é'.repeat(1_000_000);
  const ctor = function () {};
  Object.defineProperty(ctor, 'name', { value: 'x'.repeat(1_000_000) });
  assert.throws(() => any(m.describe)(...Array(600).fill({ constructor: ctor })), (error: Error) => {
    assert.equal(error.name, 'TypeError');
    assert.match(error.message, /^describe\(\): no overload matches the arguments \(x{200}…, x{200}…/);
    assert.ok(error.message.length <= 65537, `${error.message.length} characters`);
    return true;
  });
  assert.throws(() => any(m.add)(1, huge), { message: "add(): argument 2 'b' must be a number, got string" });
});

test('a crash inside a bound function names it and prints a native backtrace before the process dies', () => {
  const variant = process.env.TSBIND_VARIANT;
  const script =
    `const { loadAddon } = require(${JSON.stringify(loaderPath)});\n` +
    `const m = loadAddon(${JSON.stringify(testDir)}, 'functions');\n` +
    `console.log('before', m.crashForTest(0));\n` +
    `m.crashForTest(7);\n` +
    `console.log('after');\n`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: process.env });
  assert.equal(child.stdout, 'before 0\n', 'nothing runs after the crash');
  assert.notEqual(child.status, 0);
  if (variant === 'Sanitize') {
    // AddressSanitizer reports crashes itself, with more to say; tsbind leaves it to it.
    assert.match(child.stderr, /AddressSanitizer: SEGV|runtime error: store to null pointer/);
    return;
  }
  assert.equal(child.signal, 'SIGSEGV');
  assert.match(child.stderr, /tsbind: SIGSEGV \(invalid memory access\) in the bound C\+\+ function crashForTest\(\) of module "functions"/);
  assert.match(child.stderr, /tsbind: native backtrace \(innermost first\):\n.*functions\.node\(\+0x[0-9a-f]+\)/);
});

test('an out-of-range integer argument is a RangeError', () => {
  assert.throws(() => m.addOffset(2 ** 31), {
    name: 'RangeError',
    message: "addOffset(): argument 1 'x' must be an integer from -2147483648 to 2147483647 (int32), got 2147483648",
  });
  assert.throws(() => m.addOffset(1.5), {
    name: 'RangeError',
    message: "addOffset(): argument 1 'x' must be an integer (int32), got 1.5",
  });
});

test('the module describes its functions: names, overloads, parameters, defaults, types, docs', () => {
  const d = describeModule(m);
  assert.equal(d.tsbind, 1);
  assert.equal(d.module, 'functions');
  assert.deepEqual(
    d.functions.map((f: { name: string }) => f.name),
    ['add', 'argumentsGiven', 'sub', 'addOffset', 'counter', 'shout', 'bump', 'bumped', 'greet', 'describe', 'sum10', 'crashForTest'],
  );
  const byName = (name: string) => d.functions.find((f: { name: string }) => f.name === name);
  assert.deepEqual(byName('add').overloads, [
    {
      params: [
        { name: 'a', type: 'number', optional: false },
        { name: 'b', type: 'number', optional: false },
      ],
      returns: 'number',
      doc: 'Adds two numbers.',
    },
  ]);
  assert.deepEqual(byName('greet').overloads[0].params, [
    { name: 'name', type: 'string', optional: false },
    { name: 'greeting', type: 'string', optional: true, default: 'Hello' },
    { name: 'times', type: 'number', optional: true, default: 1 },
  ]);
  assert.deepEqual(byName('sub').overloads[0].params.map((p: { name: string }) => p.name), ['arg0', 'arg1']);
  assert.equal(byName('bump').overloads[0].returns, 'void');
  assert.equal(byName('describe').overloads.length, 5);
  assert.deepEqual(byName('describe').overloads[4].params.map((p: { name: string }) => p.name), ['a', 'b']);
  // The description is not an enumerable export.
  assert.equal(Object.getOwnPropertySymbols(m).length, 1);
  assert.equal(Object.prototype.propertyIsEnumerable.call(m, Symbol.for('tsbind.describe')), false);
});

test('module constants (attr): read-only, enumerable exports, declared as const', () => {
  assert.equal(m.VERSION, '1.2.3');
  assert.equal(m.ANSWER, 42);
  assert.throws(() => { (m as { ANSWER: number }).ANSWER = 1; }, TypeError);
  assert.equal(m.ANSWER, 42);
  assert.ok(Object.keys(m).includes('VERSION'));
  const described = describeModule(m);
  assert.deepEqual(described.constants, [
    { name: 'VERSION', type: 'string', doc: 'The version of the test module.' },
    { name: 'ANSWER', type: 'number', doc: '' },
  ]);
});

test('call_info: a function sees how many arguments JS gave, to tell f() from f(undefined)', () => {
  assert.equal(m.argumentsGiven(), '0:none');
  assert.equal(m.argumentsGiven(undefined), '1:none');
  assert.equal(m.argumentsGiven(5), '1:5');
  assert.throws(() => (m.argumentsGiven as (...a: unknown[]) => string)(1, 2), { name: 'TypeError', message: 'argumentsGiven(): expected 0 to 1 arguments, got 2' });
});
