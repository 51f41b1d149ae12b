// One benchmark case (an operation on one implementation), run in its own process.
//
// Started by run.mjs with an IPC channel: node --expose-gc case.mjs <impl> <op> <settings-json>.
// It loads the implementation, checks the subject, sizes a batch to take
// about `batchMs`, warms up for `warmupMs`, and says {ready}. Then each
// {rep} message times one batch and answers {ns} per operation; {done} ends
// it. The parent sends {rep} to one case at a time, round-robin, so the
// cases of an operation interleave and a drifting machine hits all alike;
// a waiting case sleeps on its channel and takes no CPU.
import { opById } from './ops.mjs';
import { impls } from './impls/index.mjs';

const [implName, opId, settingsJson] = process.argv.slice(2);
const { buildDir, batchMs, warmupMs } = JSON.parse(settingsJson);

const impl = impls.find((i) => i.name === implName);
if (!impl) throw new Error(`unknown implementation '${implName}'`);
const op = opById(opId);
const step = op.step ?? 1;
const makeSubject = impl.subjects[opId];
if (typeof makeSubject !== 'function') throw new Error(`${implName} has no subject for ${opId}`);

const subject = makeSubject(impl.load({ buildDir }));
if (!(await op.check(subject))) throw new Error(`${implName} computes the wrong result for ${opId}`);
const batch = op.run(subject);

// Results land here so that no batch is dead code.
globalThis.benchSink = undefined;

/** Runs one batch of n operations; returns its wall time in ns. */
async function timeBatch(n) {
  const start = process.hrtime.bigint();
  const result = batch(n);
  // Only async operations pay for an await; sync ones stop the clock at once.
  if (result instanceof Promise) globalThis.benchSink = await result;
  else globalThis.benchSink = result;
  return Number(process.hrtime.bigint() - start);
}

/** The batch size (a multiple of step) that takes about batchMs. */
async function calibrate() {
  const target = batchMs * 1e6;
  let n = step;
  for (;;) {
    const ns = await timeBatch(n);
    if (ns >= target / 4) return Math.max(step, Math.round((n * target) / ns / step) * step);
    n *= ns < target / 64 ? 16 : 2;
  }
}

let n = await calibrate();
// Warm-up: TurboFan, inline caches and the allocator settle before timing.
for (const until = process.hrtime.bigint() + BigInt(warmupMs * 1e6); process.hrtime.bigint() < until; ) {
  await timeBatch(n);
}
n = await calibrate(); // again, now that the code is optimized

process.on('message', async (message) => {
  if (message.type === 'rep') {
    // Garbage of earlier batches is collected outside the clock.
    globalThis.gc?.();
    const ns = await timeBatch(n);
    process.send({ type: 'rep', ns: ns / n });
  } else if (message.type === 'done') {
    process.disconnect();
  }
});
process.send({ type: 'ready', n });
