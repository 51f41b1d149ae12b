// Uses every declaration of test/goldens/classes.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  makeToken, readByRef, bumpByRef, readByConstRef, readByPointer, bumpCopy, liveCounters, sumCounters, Counter, Vec2, Token,
} from '../goldens/classes.js';

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

  const v = new Vec2(1, 2).plus(Vec2.zero());
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
