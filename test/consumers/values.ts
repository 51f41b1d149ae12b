// Uses every declaration of test/goldens/values.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  kindOf, identity, isArray, getPath, makeRecord, bare, keysOf, hasKey, symbolValue, setIndex, callWith, makeRegExp,
  isRegExp, stringOf, numberOf, truthy, upper, asInt, asStrings, sumIterable, save, callSaved, dropSaved, saveArray,
  savedSum, dropSavedArray, byteSum, copyBytes, adoptBytes, zeros, replaceTokens, applyList,
} from '../goldens/values.js';

/** Callbacks with a variable number of arguments, and calls with a list. */
export function useRest(): unknown[] {
  const replaced: string = replaceTokens('a=1;b', (token, ...parts) => `${token}:${parts.join(',')}`);
  // @ts-expect-error: the parts are strings
  replaceTokens('a', (token: string, ...parts: number[]) => token + parts.length);
  return [replaced, applyList(Math.max, [1, 2])];
}

export function use(): unknown[] {
  const texts: string[] = [kindOf(1), stringOf({}), upper('a'), ...keysOf({ a: 1 }), ...asStrings(['x'])];
  const flags: boolean[] = [isArray([]), hasKey({}, 'a'), isRegExp(/a/), isRegExp('a'), truthy(0)];
  const unknowns: unknown[] = [identity(1), getPath({}, 'a', 'b'), symbolValue({}, Symbol.iterator), callWith(() => 1, 2), callSaved(1)];
  const objects: object[] = [makeRecord('a', 1), bare()];
  const numbers: number[] = [setIndex([], 0, 1), numberOf('1'), asInt(1), sumIterable(new Set([1])), savedSum(), byteSum(new Uint8Array(1))];
  const regexp: RegExp = makeRegExp('a');
  const buffers: Buffer[] = [copyBytes('a'), adoptBytes(1), zeros(1)];
  save(() => 1);
  saveArray(new Float64Array(1));
  dropSaved();
  dropSavedArray();
  // @ts-expect-error: a declared `string | RegExp` is not any value
  isRegExp(1);
  // @ts-expect-error: an object parameter takes no primitive
  keysOf(1);
  // @ts-expect-error: a Function parameter takes no string
  save('f');
  // @ts-expect-error: an Iterable<number> of strings
  sumIterable(['a']);
  return [texts, flags, unknowns, objects, numbers, regexp, buffers];
}
