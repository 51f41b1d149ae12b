// Uses every declaration of test/goldens/async.d.ts; each `@ts-expect-error` line must fail to type-check.
import { add, noop, compute, repeat, sum, fail, waitForCancel, started, countTo, sumFromPool, splitFromPool, countWords, pause, callLater, Accumulator, QuotaExceeded, drain, reportHuge, echoLater, textLength, withText } from '../goldens/async.js';

export async function use(): Promise<unknown[]> {
  const signal = new AbortController().signal;
  const numbers: number[] = [
    await add(1, 2),
    await add(1, 2, { signal }),
    await compute(1),
    await sum(new Float64Array(1)),
    await fail('x').catch(() => 0),
    started(),
    await countTo(3, 0, { onProgress: (value: number) => void value }),
    await sumFromPool((i) => i * 2, 3),
  ];
  await noop();
  const text: string = await repeat('a', 2);
  const kept: string = (await echoLater('k', 1)).repeat(textLength('n') + withText('t', () => {}));
  // @ts-expect-error: the text is a string
  textLength(1);
  void kept;
  const cancelled: boolean = await waitForCancel(1, { signal });
  callLater(() => {}, 1, false);
  const accumulator = new Accumulator();
  numbers.push(await accumulator.add(1), accumulator.total);
  accumulator.dispose();
  accumulator[Symbol.dispose]();
  const quota: Error = new QuotaExceeded('x');

  // @ts-expect-error: an async function's result is a Promise, not the value
  const direct: number = add(1, 2);
  // @ts-expect-error: awaited, it is a number, not a string
  const wrong: string = await add(1, 2);
  // @ts-expect-error: the options take an AbortSignal
  await add(1, 2, { signal: true });
  // @ts-expect-error: onProgress gets numbers
  await countTo(1, 0, { onProgress: (value: string) => value });
  // @ts-expect-error: a function without progress has no onProgress
  await add(1, 2, { onProgress: () => {} });
  const drained: number = await drain(new Accumulator());
  const huge: number = await reportHuge({ onProgress: (value: number) => value });
  // @ts-expect-error: drain takes an Accumulator
  await drain(1);
  countWords('a b', (err, count) => {
    if (!err) numbers.push(count);
  });
  pause(1, (err) => err?.message);
  // @ts-expect-error: a Node-style function takes a callback, not options, and returns nothing
  await countWords('a', { signal: undefined });
  const words: number = await splitFromPool((line, ...rest) => line.length + rest.length, ['a b']);
  // @ts-expect-error: the callback returns a number
  await splitFromPool(() => 'x', []);
  return [numbers, text, cancelled, quota, direct, wrong, drained, huge, words];
}
