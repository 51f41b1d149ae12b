// Plain structs as plain objects (object_) and enums as frozen objects of named numbers (enum_).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type * as Objects from './goldens/objects.js';
import { describeModule, loadTestModule, testModulePath } from './support/addons.js';

const m = loadTestModule<typeof Objects>('objects');
const any = (f: unknown) => f as (...args: unknown[]) => unknown;

test('a struct bound with object_ comes out as a new plain object with its fields', () => {
  const p = m.makePoint(1, 2);
  assert.deepEqual(p, { x: 1, y: 2 });
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
  assert.notEqual(m.makePoint(1, 2), m.makePoint(1, 2), 'each result is a copy');
  assert.deepEqual(m.segment(), { from: { x: 0, y: 0 }, to: { x: 1, y: 2 } }, 'nested structs nest');
  assert.deepEqual(m.points(2), [{ x: 1, y: 2 }, { x: 1, y: 2 }]);
  // An empty optional field is left out; a vector field follows the vector rules.
  const defaults = m.defaults();
  assert.deepEqual(Object.keys(defaults), ['name', 'weights']);
  assert.deepEqual(defaults.weights, new Float64Array([1, 2]));
});

test('any object with the fields goes in, by value or const reference', () => {
  assert.equal(m.norm2({ x: 3, y: 4 }), 25);
  assert.deepEqual(m.mirror({ x: 1, y: 2 }), { x: 2, y: 1 });
  assert.equal(m.norm2(m.makePoint(3, 4)), 25);
  // Extra properties are ignored; getters and class instances are read like any object.
  assert.equal(m.norm2({ x: 1, y: 1, z: 100 } as Objects.Point), 2);
  assert.equal(m.norm2(new (class { x = 2; get y() { return 2; } })()), 8);
  assert.equal(m.length({ from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }), 2);
  // The interface declares fields as JS receives them (weights: Float64Array); an Array goes in too.
  assert.equal(any(m.describeOptions)({ name: 'a', weights: [1] }), 'a:none:1');
  assert.equal(m.describeOptions({ name: 'a', retries: undefined, weights: new Float64Array() }), 'a:none:0');
  assert.equal(m.describeOptions({ name: 'a', retries: 3, weights: new Float64Array(2) }), 'a:3:2');
});

test('a missing field or a field of the wrong type names the field', () => {
  assert.throws(() => any(m.norm2)({ x: 1 }), { name: 'TypeError', message: "norm2(): argument 1 'p' is missing the field 'y' (number)" });
  assert.throws(() => any(m.norm2)({ x: 1, y: 'a' }), { name: 'TypeError', message: "norm2(): argument 1 'p'.y must be a number, got string" });
  assert.throws(() => any(m.length)({ from: { x: 0, y: 0 }, to: { x: 1 } }), {
    name: 'TypeError',
    message: "length(): argument 1 'segment'.to is missing the field 'y' (number)",
  });
  assert.throws(() => any(m.describeOptions)({ name: 'a', retries: 1.5, weights: [] }), {
    name: 'RangeError',
    message: "describeOptions(): argument 1 'options'.retries must be an integer (int32), got 1.5",
  });
  for (const value of [5, 'x', null, undefined, [1, 2], () => 1]) {
    assert.throws(() => any(m.norm2)(value), { name: 'TypeError', message: /^norm2\(\): argument 1 'p' must be a Point, got / });
  }
  const error = new Error('getter');
  assert.throws(
    () =>
      m.norm2({
        x: 1,
        get y(): number {
          throw error;
        },
      }),
    (thrown) => thrown === error,
    'a throwing getter reaches the caller as itself',
  );
});

test('enums are frozen objects of named numbers, both ways, as TypeScript enums are', () => {
  assert.deepEqual({ ...m.Color }, { 0: 'Red', 5: 'Green', 6: 'Blue', Red: 0, Green: 5, Blue: 6 });
  assert.ok(Object.isFrozen(m.Color));
  assert.equal(m.Color[m.Color.Green], 'Green');
  assert.equal(m.next(m.Color.Red), m.Color.Green);
  assert.equal(m.next(m.Color.Blue), m.Color.Red);
  assert.equal(m.isHigh(m.Level.High), true);
  assert.equal(m.isHigh(1), false);
});

test('a number that is not a value of the enum is a RangeError listing the values; other types are TypeErrors', () => {
  assert.throws(() => any(m.next)(3), {
    name: 'RangeError',
    message: "next(): argument 1 'color' must be one of Color.Red (0), Color.Green (5), Color.Blue (6), got 3",
  });
  assert.throws(() => any(m.next)('Red'), { name: 'TypeError', message: "next(): argument 1 'color' must be a Color, got string" });
  assert.throws(() => any(m.isHigh)(300), { name: 'RangeError', message: /uint8/ }, 'the underlying type is checked first');
  assert.throws(() => any(m.next)(0.5), { name: 'RangeError' });
  // An enum that is not bound takes any value of its underlying type.
  assert.equal(m.unbound(7), 7);
});

test('the description lists the object types with their fields and the enums with their values', () => {
  const description = describeModule(m);
  assert.deepEqual(description.objects[0], {
    name: 'Point',
    doc: 'A point in the plane.',
    fields: [
      { name: 'x', type: 'number', optional: false, doc: 'Across.' },
      { name: 'y', type: 'number', optional: false, doc: '' },
    ],
  });
  assert.deepEqual(description.objects[1].fields[1], { name: 'retries', type: 'number | undefined', optional: true, doc: '' });
  assert.deepEqual(description.enums[0], {
    name: 'Color',
    doc: 'Primary colours.',
    values: [
      { name: 'Red', value: 0, doc: '' },
      { name: 'Green', value: 5, doc: 'The middle one.' },
      { name: 'Blue', value: 6, doc: '' },
    ],
  });
});

test('an object_ used only as input needs only the input direction of its fields; returning one is a clear Error', () => {
  assert.equal(m.queryIds({ key: 2, keys: [3, 4] }), 9);
  assert.equal(m.queryIds({ keys: [] }), -1);
  assert.throws(() => m.queryIds({ key: -1, keys: [] }), { name: 'TypeError', message: /queryIds\(\): argument 1 'query'\.key must be/ });
  assert.throws(() => m.echoQuery({ keys: [1] }), {
    name: 'Error',
    message: /Query\.key: its C\+\+ type converts only from JS, so Query cannot be returned to JS/,
  });
});

test('a flag enum takes any combination of its values made with |, and nothing beyond them', () => {
  const { Access } = m;
  assert.equal(m.canWrite(Access.Read | Access.Write), true);
  assert.equal(m.canWrite(Access.Read), false);
  assert.equal(m.canWrite(Access.None), false);
  assert.equal(m.readWrite(), 3);
  const canWrite = m.canWrite as (access: number) => boolean;
  assert.throws(() => canWrite(8), { name: 'RangeError', message: /must be a combination of the flags of Access \(within 7\), got 8/ });
  assert.throws(() => canWrite(-1), { name: 'RangeError' });
  // An enum that is not flags still takes only its values.
  assert.throws(() => m.next(m.Color.Green + m.Color.Blue), { name: "RangeError" });
});

test('loose option objects: a missing field keeps its default; coerce() fields take other types as JS does; the rest is strict', () => {
  const m = loadTestModule<typeof Objects>('objects');
  assert.equal(m.formatNumber(1234.5678), '1234.56');
  assert.equal(m.formatNumber(1234.5678, {}), '1234.56');
  assert.equal(m.formatNumber(1234.5678, { precision: undefined, grouping: undefined }), '1234.56');
  assert.equal(m.formatNumber(1234.5678, { grouping: true, unit: ' m', width: 12 }), '  1,234.56 m');
  // Coerced as Number(x) and Boolean(x); valueOf runs, as in JS.
  const loose = (o: Record<string, unknown>) => m.formatNumber(1234.5678, o as Objects.FormatOptions);
  assert.equal(loose({ precision: '3' }), '1234.567');
  assert.equal(loose({ precision: { valueOf: () => 1 } }), '1234.5');
  assert.equal(loose({ grouping: 1 }), '1,234.56');
  assert.equal(loose({ grouping: '' }), '1234.56');
  // After coercion the field's own rules hold; what JS itself refuses to coerce throws as in JS.
  assert.throws(() => loose({ precision: '2.5' }), { name: 'RangeError', message: "formatNumber(): argument 2 'options'.precision must be an integer (int32), got 2.5" });
  assert.throws(() => loose({ precision: 'x' }), { name: 'RangeError', message: /'options'\.precision must be an integer \(int32\), got NaN/ });
  assert.throws(() => loose({ precision: Symbol('p') }), { name: 'TypeError', message: 'Cannot convert a Symbol value to a number' });
  // A field without coerce() is strict, and the options must be an object.
  assert.throws(() => loose({ unit: 5 }), { name: 'TypeError', message: "formatNumber(): argument 2 'options'.unit must be a string, got number" });
  assert.throws(() => m.formatNumber(1, null as unknown as Objects.FormatOptions), { name: 'TypeError', message: "formatNumber(): argument 2 'options' must be a FormatOptions, got null" });
  // Declared with every field optional.
  const description = describeModule(m) as { objects: Array<{ name: string; fields: Array<{ name: string; optional: boolean }> }> };
  const fields = description.objects.find((o) => o.name === 'FormatOptions')!.fields;
  assert.deepEqual(fields.map((f) => [f.name, f.optional]), [['precision', true], ['grouping', true], ['unit', true], ['width', true]]);
});

// Plain-object results of numbers are built in JS from a scratch buffer the
// native side fills (the module's JS layer, src/core/js_layer.cpp): the same
// objects, errors and names as when Node-API builds them.
test('plain-object results of numbers, booleans and enums: fresh objects with every field, from functions, methods and statics', () => {
  const r = m.reading(true, m.Color.Blue, -3, 0.25);
  assert.deepEqual(r, { ok: true, color: m.Color.Blue, count: -3, ratio: 0.25, big: 4000000000, small: -5 });
  assert.deepEqual(Object.keys(r), ['ok', 'color', 'count', 'ratio', 'big', 'small'], 'in field order');
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(r, 'ok'), { value: true, writable: true, enumerable: true, configurable: true });
  assert.equal(m.reading(false, m.Color.Red, 0, 0).ok, false);
  assert.equal(m.reading(true, m.Color.Red, 0, 0.1).ratio, Math.fround(0.1), 'a float field is the float, widened');
  const first = m.makePoint(1, 2);
  const second = m.makePoint(3, 4);
  assert.deepEqual([first, second], [{ x: 1, y: 2 }, { x: 3, y: 4 }], 'a later call does not change an earlier result');
  first.x = 10;
  assert.deepEqual(m.makePoint(1, 2), { x: 1, y: 2 });
  assert.ok(Object.is(m.makePoint(-0, NaN).x, -0) && Number.isNaN(m.makePoint(-0, NaN).y));

  const sensor = new m.Sensor(3);
  assert.deepEqual(sensor.read(2), { ok: true, color: m.Color.Blue, count: 2, ratio: 1.5, big: 4000000000, small: -5 });
  assert.deepEqual(m.Sensor.origin(), { x: 0, y: 0 });
  assert.deepEqual(sensor.where(), { x: 3, y: 4 });
  assert.notEqual(sensor.where(), sensor.where(), 'a const reference result is a copy each time');
  // 64-bit fields keep their rules: a number when exact, else a RangeError.
  assert.deepEqual(m.tally(10), { total: 10, mean: 5 });
  assert.throws(() => m.tally(2 ** 60), { name: 'RangeError' });
});

test('plain-object results: errors, names, and a call of the same kind inside the call', () => {
  const call = (f: unknown, ...args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);
  assert.throws(() => call(m.makePoint, 1), { name: 'TypeError', message: 'makePoint(): expected 2 arguments, got 1' });
  assert.throws(() => call(m.makePoint, 'a', 1), { name: 'TypeError', message: "makePoint(): argument 1 'x' must be a number, got string" });
  assert.throws(() => call(new m.Sensor(1).read, 1), { name: 'TypeError', message: /^Sensor\.read\(\): 'this' must be a Sensor, got / });
  assert.throws(() => m.failingPoint(), { name: 'Error', message: 'no point' });
  assert.deepEqual(m.makePoint(5, 6), { x: 5, y: 6 }, 'a failed call leaves nothing behind');
  assert.deepEqual([m.makePoint.name, m.Sensor.prototype.read.name, m.Sensor.origin.name], ['makePoint', 'read', 'origin']);
  assert.deepEqual(m.pointVia(() => m.makePoint(1, 2)), { x: 2, y: 3 });
  assert.deepEqual(m.pointVia(() => ({ x: 5, y: 6 })), { x: 6, y: 7 });
  assert.deepEqual(m.pointVia(() => m.pointVia(() => m.makePoint(0, 0))), { x: 2, y: 2 });
});

test('plain-object results in a worker: each environment has its own scratch buffer', async () => {
  const worker = new Worker(
    `const m = require(${JSON.stringify(testModulePath('objects'))});
     const out = [];
     for (let i = 0; i < 1000; i++) out.push(m.makePoint(i, -i));
     require('node:worker_threads').parentPort.postMessage([out[999], new m.Sensor(4).read(1)]);`,
    { eval: true },
  );
  const points = Array.from({ length: 1000 }, (_, i) => m.makePoint(i, i));
  const [last, reading] = (await new Promise((resolve) => worker.once('message', resolve))) as [unknown, unknown];
  assert.deepEqual(last, { x: 999, y: -999 });
  assert.deepEqual(reading, { ok: true, color: m.Color.Blue, count: 1, ratio: 2, big: 4000000000, small: -5 });
  assert.deepEqual(points[999], { x: 999, y: 999 });
  await worker.terminate();
});
