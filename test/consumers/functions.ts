// Uses every declaration of test/goldens/functions.d.ts; each `@ts-expect-error` line must fail to type-check.
import { add, sub, addOffset, counter, shout, bump, bumped, greet, describe, sum10, crashForTest, VERSION, ANSWER, argumentsGiven } from '../goldens/functions.js';

export async function use(): Promise<string[]> {
  const total: number = add(1, 2) + sub(3, 4) + addOffset(5) + counter() + bumped() + sum10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) + crashForTest(0);
  bump();
  const texts: string[] = [shout('hi'), greet('Ada'), greet('Ada', 'Hi'), greet('Ada', 'Hi', 2), String(total), VERSION, String(ANSWER), argumentsGiven(), argumentsGiven(1)];
  // @ts-expect-error: a constant is not a function
  ANSWER();
  texts.push(describe(1), describe('one'), describe(true), describe(1, 2));

  // @ts-expect-error: a wrong argument type
  add('1', 2);
  // @ts-expect-error: a missing argument
  add(1);
  // @ts-expect-error: too many arguments
  shout('a', 'b');
  // @ts-expect-error: no overload takes a string and a number
  describe('a', 1);
  // @ts-expect-error: a void result is not a number
  const nothing: number = bump();
  // @ts-expect-error: a sync function's result is not a Promise
  const later: Promise<number> = add(1, 2);
  // @ts-expect-error: awaiting a sync result gives it unchanged, a number and not a string
  const awaited: string = await add(1, 2);
  texts.push(String(nothing), String(later), awaited);
  return texts;
}
