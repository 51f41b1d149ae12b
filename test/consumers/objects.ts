// Uses every declaration of test/goldens/objects.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  makePoint, norm2, mirror, describeOptions, defaults, length, segment, points, next, isHigh, unbound, Color, Level,
  queryIds, echoQuery, canWrite, readWrite, Access, type Point, type Options, type Segment, type Query,
  formatNumber, type FormatOptions, reading, tally, pointVia, failingPoint, Sensor, type Reading, type Tally,
} from '../goldens/objects.js';

/** Plain-object results of numbers (built by the JS layer). */
export function useResults(): unknown[] {
  const r: Reading = reading(true, Color.Blue, 1, 0.5);
  const t: Tally = tally(4);
  const sensor = new Sensor(2);
  const fields: number[] = [r.color, r.count, r.ratio, r.big, r.small, t.total, t.mean, sensor.read(1).count];
  const points: Point[] = [pointVia(() => makePoint(1, 2)), Sensor.origin(), sensor.where()];
  // @ts-expect-error: ok is a boolean
  const wrong: number = r.ok;
  sensor.dispose();
  new Sensor(1)[Symbol.dispose]();
  return [fields, points, wrong, r.ok, () => failingPoint()];
}

/** Options read loosely: every field may be left out. */
export function useLoose(): string[] {
  const options: FormatOptions = { precision: 3 };
  // @ts-expect-error: the declared type is still number (coercion is for JS callers)
  formatNumber(1, { precision: '3' });
  return [formatNumber(1), formatNumber(1, {}), formatNumber(1, options), formatNumber(1, { grouping: true, unit: 'm', width: 8 })];
}

export function use(): unknown[] {
  const p: Point = makePoint(1, 2);
  const options: Options = { name: 'a', weights: new Float64Array(1) };
  const s: Segment = { from: p, to: mirror(p) };
  const numbers: number[] = [norm2(p), norm2({ x: 1, y: 2 }), length(s), length(segment()), points(2).length, unbound(1), p.x + p.y];
  const texts: string[] = [describeOptions(options), describeOptions({ ...defaults(), retries: 2 })];
  const colour: Color = next(Color.Red);
  const flags: boolean[] = [isHigh(Level.High), isHigh(Level.Low), colour === Color.Green, colour === Color.Blue];
  const defaulted: Options = defaults();
  const retries: number | undefined = defaulted.retries;
  const name: string = options.name;
  const weights: Float64Array = options.weights;
  const ends: Point[] = [s.from, s.to];

  // @ts-expect-error: a missing field
  norm2({ x: 1 });
  // @ts-expect-error: a field of the wrong type
  norm2({ x: 1, y: '2' });
  // @ts-expect-error: a Level is not a Color
  next(Level.Low);
  // @ts-expect-error: not a value of Color
  next(Color.Purple);
  // @ts-expect-error: the result of a sync function is not a Promise
  makePoint(1, 2).then(() => {});
  const access: Access = readWrite();
  const writable: boolean = canWrite(Access.Read | Access.Write) && canWrite(access);
  const query: Query = { keys: [1, 2] };
  const ids: number = queryIds(query) + queryIds({ key: 3, keys: [] });
  const echoed: Query = echoQuery(query); // declared both ways; at run time an Error (Key converts only from JS)
  // @ts-expect-error: keys is required
  queryIds({ key: 1 });
  return [numbers, texts, flags, retries, name, weights, ends, ids, echoed, writable];
}
