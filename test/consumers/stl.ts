// Uses every declaration of test/goldens/stl.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  maybeHalf, orDefault, greet, isNull, null as makeNull, kind, numberOrText, swap, triple, divide, bounds, norm3, unit, counts, total,
  squares, sumKeys, unique, setSize, apply, callN, each, adder, store, callStored, clearStored, catchInCpp, addSeconds,
  epoch, echo, Mirror, numberOrValue, callForValue, pick, pickIndex, callIt, optionalView, viewOrNumber,
  Point, PointList, Polygon, Anchor, centroid, square, closeRing, readAround,
} from '../goldens/stl.js';

// bind_vector: a PointList is a live view of a C++ std::vector<Point>, typed as a class.
export function useLists(): unknown[] {
  const list = new PointList([new Point(0, 0), new Point(1, 0)]);
  const empty = new PointList();
  const copy = new PointList(list);
  const polygon = new Polygon(list);
  const vertices: PointList = polygon.vertices();
  const first: Point = vertices.at(-1);
  first.x = first.y + 1;
  const count: number = vertices.push(vertices.get(0)) + list.length;
  vertices.set(0, new Point(2, 2));
  vertices.insert(1, centroid(vertices));
  vertices.erase(0);
  const last: Point | undefined = vertices.pop();
  const iterator: IterableIterator<Point> = vertices[Symbol.iterator]();
  const all: Point[] = [...vertices, ...iterator, ...vertices.toArray()];
  const text: string = vertices.toString() + first.toString();
  vertices.reverse();
  closeRing(vertices);
  const perimeter: number = polygon.perimeter + readAround(first, () => vertices.clear());
  polygon.translate(1, 1);
  const other: PointList = polygon.copyOfVertices();
  const anchor = new Anchor(square(2).at(0));
  const x: number = anchor.x;
  anchor.dispose();
  anchor[Symbol.dispose]();
  first.dispose();
  first[Symbol.dispose]();
  empty.dispose();
  copy[Symbol.dispose]();
  polygon.dispose();
  polygon[Symbol.dispose]();
  new Polygon().dispose();

  // @ts-expect-error: a list is not an Array, where C++ takes the vector itself
  centroid([new Point(1, 1)]);
  // @ts-expect-error: its elements are Points
  list.push({ x: 1, y: 2 });
  // @ts-expect-error: length is read-only; push and erase change it
  list.length = 0;
  // @ts-expect-error: the elements of a PointList are Points, not numbers
  new PointList([1, 2]);
  // @ts-expect-error: at() never gives undefined: out of range is a RangeError
  const never: undefined = list.at(5);
  return [count, last, all, text, perimeter, other, x, never];
}

export function use(): unknown[] {
  const maybe: number | undefined = maybeHalf(4);
  const texts: string[] = [orDefault(), orDefault(null), greet('a'), greet('a', 2), kind(1), kind('s'), kind([1]), catchInCpp(() => {})];
  const flags: boolean[] = [isNull(null)];
  const nothing: null = makeNull();
  const either: number | string = numberOrText(true);
  const pair: [string, number] = swap([1, 'a']);
  const quotient: [number, number, boolean] = divide(7, 2);
  const range: [number, number] = bounds(new Float64Array(2));
  // @ts-expect-error: the third element is a boolean
  const notNumber: number = divide(1, 1)[2];
  void [quotient, range, notNumber];
  const three: [boolean, number, string] = triple([true, 1, 'x']);
  const numbers: number[] = [norm3([1, 2, 3]), ...unit(), total({ a: 1 }), sumKeys(new Map([[1, 'a']])), setSize(new Set(['a']))];
  const record: Record<string, number> = counts(['a']);
  const map: Map<number, number> = squares(2);
  const set: Set<number> = unique([1, 1]);
  numbers.push(apply((x) => x + 1, 1), callN((i) => i, 3), callStored(1));
  each(['a'], (item, index) => texts.push(item + index));
  const add: (x: number) => number = adder(1);
  store(add);
  clearStored();
  const date: Date = addSeconds(epoch(), 1);

  // @ts-expect-error: an optional result may be undefined
  const sure: number = maybeHalf(3);
  // @ts-expect-error: a tuple has a fixed length
  swap([1, 'a', 2]);
  // @ts-expect-error: tuple elements have their own types
  swap(['a', 1]);
  // @ts-expect-error: a Map is not a Record
  total(new Map([['a', 1]]));
  // @ts-expect-error: the callback gets a number, not a string
  apply((x: string) => x.length, 1);
  // @ts-expect-error: the callback must return a number
  apply(() => 'x', 1);
  // @ts-expect-error: a number is not a Date
  addSeconds(0, 1);
  // napi_value parameters and results are `unknown`: anything goes in, and a result must be narrowed.
  const mirror = new Mirror();
  mirror[Symbol.dispose]();
  const disposable = new Mirror();
  disposable.dispose();
  const values: unknown[] = [echo(1), new Mirror().reflect('x'), numberOrValue({}), callForValue(() => null),
    pick({ a: 1 }, 'a'), pickIndex([1], 0), callIt(() => 1), optionalView(), optionalView('a'), viewOrNumber(1)];
  // @ts-expect-error: an unknown result is not a number until narrowed
  const narrowed: number = echo(1);
  // @ts-expect-error: the callback must return a number
  callIt(() => 'x');
  return [maybe, texts, flags, nothing, either, pair, three, numbers, record, map, set, date, sure, values, narrowed];
}
