// Uses every declaration of test/goldens/classes.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  makeToken, readByRef, bumpByRef, readByConstRef, readByPointer, bumpCopy, liveCounters, sumCounters, Counter, Vec2, Token,
  consumeCounter, makeUniqueCounter, globalCounter, copyOfGlobal, newCounter, same, shapeArea, circleRadius, makeShape,
  nodeUseCount, addAll, makeSharedCircle, sharedArea, reportLiveAtExit, externalMemory, Holder, Watchlist, Shape, Circle, Square, Canvas, Node, Graph,
  Bag, Blob, Big, sameBig, liveBigs, Widget, Panel, counterOrText, counterOrAnything, maybeSharedCircle, Announcer,
  Tree, geometry, Money, howCalled, lastHowCalled,
} from '../goldens/classes.js';

/** A class JS may call without `new` (TypeScript still asks for `new`), and functions that see how they were called. */
export function useCallable(): unknown[] {
  const money = new Money(5);
  // @ts-expect-error: TypeScript cannot declare a class that may be called
  Money(5);
  // @ts-expect-error: read-only
  money.amount = 1;
  return [money.amount, money.madeBy, howCalled(), lastHowCalled(), money.dispose(), money[Symbol.dispose]()];
}

/** Nested classes, enums and objects (`Tree.Node`), and a submodule with one of its own (`geometry.units`). */
export function useScopes(): unknown[] {
  const tree = new Tree();
  const node: Tree.Node = new Tree.Node('root', Tree.Kind.branch);
  tree.add(node);
  const stats: Tree.Stats = tree.stats();
  const kind: Tree.Kind = node.kind;
  // @ts-expect-error: Tree.Node takes a Tree.Kind, not a string
  new Tree.Node('leaf', 'leaf');
  const square: geometry.Square = geometry.square(2);
  // @ts-expect-error: geometry.Square is not the top-level Square (a Shape)
  shapeArea(square);
  let error: geometry.NegativeSide | undefined;
  try {
    geometry.square(-1);
  } catch (e) {
    if (e instanceof geometry.TooLarge || e instanceof geometry.NegativeSide) error = e;
  }
  const mm: number = geometry.units.toMillimetres(2, geometry.units.Unit.cm) + geometry.units.perMetre;
  const segment: geometry.LineSegment = new geometry.LineSegment(0, 2);
  const made: number = new geometry.LineSegment('1-2').length() + new geometry.LineSegment(3, true).length();
  // @ts-expect-error: the factory takes a length and a flag
  new geometry.LineSegment(3, 'yes');
  segment.dispose();
  segment[Symbol.dispose]();
  // @ts-expect-error: exported as LineSegment, not under its JS name
  new geometry.Segment(0, 1);
  // @ts-expect-error: a constant of a submodule is read-only
  geometry.units.perMetre = 1;
  tree.dispose();
  node[Symbol.dispose]();
  square.dispose();
  // Tree.Node and geometry.Square inherit nothing: their dispose() are their own.
  new Tree.Node('x', Tree.Kind.leaf).dispose();
  tree[Symbol.dispose]();
  square[Symbol.dispose]();
  return [tree.path(), node.describe(), stats.branches, kind, square.area(), new geometry.Square(3), geometry.perimeter(square), error, mm, segment.length(), made];
}

export function use(): unknown[] {
  const counter = new Counter();
  const started = new Counter(5);
  counter.label = 'c';
  counter.value = counter.id + counter.doubled;
  const counts: number[] = [counter.increment(2), counter.increment(), counter.get(), Counter.liveCount(), liveCounters()];
  counter.setFromString('7');
  const parsed: Counter = Counter.fromString('3');
  counts.push(readByRef(counter), readByConstRef(started), readByPointer(null), readByPointer(parsed), bumpCopy(counter), sumCounters([counter, started]));
  bumpByRef(counter);

  const v = new Vec2(1, 2).plus(Vec2.zero()).plus(Vec2.UNIT_X);
  Vec2.precision = Vec2.twicePrecision + Vec2.dimensions;
  // @ts-expect-error: a read-only static
  Vec2.dimensions = 3;
  v.x = v.y;
  counts.push(v.lengthSquared());

  const token: Token = makeToken('t');
  const text: string = token.text + counter.toString();
  token.dispose();
  token[Symbol.dispose]();
  v.dispose();
  v[Symbol.dispose]();
  started.dispose();
  started[Symbol.dispose]();

  // @ts-expect-error: a wrong class: a Vec2 is not a Counter
  readByRef(v);
  // @ts-expect-error: a wrong class in an array
  sumCounters([counter, v]);
  // @ts-expect-error: a missing constructor argument
  new Vec2(1);
  // @ts-expect-error: a readonly property
  counter.id = 3;
  // @ts-expect-error: a static method is not on instances
  counter.liveCount();
  // @ts-expect-error: Token is not constructible from JS
  new Token();
  // @ts-expect-error: a Counter is not a Token, though both have only dispose() in common
  const notToken: Token = counter;
  // @ts-expect-error: readByRef is sync: its result has no then()
  readByRef(counter).then(() => {});
  return [counts, text, notToken];
}

/** The object model: holders, policies, inheritance, TypeScript subclasses overriding C++ virtuals. */
export function objectModel(): unknown[] {
  class Triangle extends Shape {
    override area(): number {
      return 6;
    }
  }
  const canvas = new Canvas();
  canvas.add(new Triangle());
  canvas.add(makeShape('circle'));
  const circle = new Circle(1);
  const first: Shape | null = canvas.at(0);
  const areas: number[] = [
    canvas.totalArea(), shapeArea(circle), circleRadius(circle), circle.radius, Shape.live(), new Square(2).area(),
    consumeCounter(makeUniqueCounter(1)), consumeCounter(newCounter(2)), globalCounter().get(), copyOfGlobal().get(),
    same(new Counter()).get(), sameBig(new Big(1)).id, liveBigs(), addAll(new Counter(), [1, 2]), sharedArea(makeSharedCircle(1)), externalMemory(), new Holder().inner.get(),
  ];
  const names: string = canvas.describeAll() + circle.name() + circle.describe();
  canvas.clear();

  class Fancy extends Widget {
    override label(): string {
      return 'fancy';
    }
  }
  const panel = new Panel();
  panel.add(new Fancy());
  panel.addPlain();
  const labels: string = panel.labels() + new Widget().label() + panel.greetFirst(new Fancy()) + new Widget().greet(null) + panel.shortLabels() + new Widget().shortLabel();
  panel.clear();
  panel.dispose();
  panel[Symbol.dispose]();
  const widget = new Widget();
  widget.dispose();
  widget[Symbol.dispose]();
  // @ts-expect-error: a Node is not a Widget
  panel.add(new Node('n'));

  const graph = new Graph();
  const node: Node = new Node('a');
  graph.add(node);
  node.name = graph.get(0)?.name ?? graph.make('b')?.name ?? '';
  areas.push(graph.size, nodeUseCount(node));

  const list = new Watchlist();
  list.watch(new Counter(1));
  areas.push(list.sum());

  const bag = new Bag([1, 2]);
  const items: number[] = [...bag];
  const first2: IteratorResult<number> = bag[Symbol.iterator]().next();
  const equal: boolean = bag.equals(new Bag(new Int32Array([1, 2])));
  reportLiveAtExit();
  const disposables = { holder: new Holder(), list, graph, node, bag, blob: new Blob(1), big: new Big(2), canvas, circle };
  disposables.holder.dispose();
  disposables.blob.dispose();
  disposables.holder[Symbol.dispose]();
  disposables.blob[Symbol.dispose]();
  disposables.big.dispose();
  disposables.big[Symbol.dispose]();
  list.dispose();
  list[Symbol.dispose]();
  graph.dispose();
  graph[Symbol.dispose]();
  node.dispose();
  node[Symbol.dispose]();
  bag.dispose();
  bag[Symbol.dispose]();
  canvas.dispose();
  canvas[Symbol.dispose]();
  circle.dispose();
  circle[Symbol.dispose]();

  // @ts-expect-error: a Shape is not a Circle (circleRadius needs the derived class)
  circleRadius(first);
  // @ts-expect-error: a Counter is not a Shape
  shapeArea(new Counter());
  // @ts-expect-error: a Node is not a Counter, for a std::unique_ptr<Counter> either
  consumeCounter(node);
  // @ts-expect-error: a Bag iterates numbers
  const words: string[] = [...bag];
  const noted: number = new Watchlist().note('kept') + new Announcer((a: Announcer | null) => a?.id).id;
  const announcer = new Announcer(() => {});
  announcer.dispose();
  announcer[Symbol.dispose]();
  const unions: Array<string | null> = [counterOrText(new Counter()), counterOrText('x'), counterOrAnything(1)];
  const maybeCircle: Circle | null | undefined = maybeSharedCircle(1);
  // @ts-expect-error: a number is neither a Counter nor a string
  counterOrText(1);
  return [areas, names, items, equal, words, first2, labels, unions, maybeCircle, noted];
}
