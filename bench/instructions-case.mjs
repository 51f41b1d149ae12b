// One case of `npm run bench -- --instructions`, run under callgrind by instructions.mjs.
//
//   valgrind --tool=callgrind --instr-atstart=no ... node <flags> instructions-case.mjs <impl> <op> <settings-json>
//
// Settings: { buildDir, count, warmup, n }. The case loads the implementation,
// checks the subject, runs `warmup` batches of `count` operations (the JIT
// and the inline caches settle; nothing is counted yet), collects the garbage,
// runs two more batches, and then counts one batch of `n` operations: callgrind's instrumentation is
// on from just before the batch to just after it (and its promise, for the
// async rows). The parent runs this twice, with n = count and n = 2 * count,
// and takes the difference, so that what is not per operation cancels out.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { impls } from './impls/index.mjs';
import { opById } from './ops.mjs';

const require = createRequire(import.meta.url);

const [implName, opId, settingsJson] = process.argv.slice(2);
const { buildDir, count, warmup, n } = JSON.parse(settingsJson);

const impl = impls.find((i) => i.name === implName);
if (!impl) throw new Error(`unknown implementation '${implName}'`);
const op = opById(opId);
const makeSubject = impl.subjects[opId];
if (typeof makeSubject !== 'function') throw new Error(`${implName} has no subject for ${opId}`);

const meter = require(join(buildDir, 'bench_callgrind.node'));
if (!meter.onValgrind()) throw new Error('instructions-case.mjs runs under valgrind --tool=callgrind (see bench/instructions.mjs)');

const subject = makeSubject(impl.load({ buildDir }));
if (!(await op.check(subject))) throw new Error(`${implName} computes the wrong result for ${opId}`);
const batch = op.run(subject);

// Results land here so that no batch is dead code.
globalThis.benchSink = undefined;

async function runBatch(size) {
  const result = batch(size);
  globalThis.benchSink = result instanceof Promise ? await result : result;
}

for (let i = 0; i < warmup; i++) await runBatch(count);
// The same heap in every run: the warm-up's garbage collected and its
// finalizers run (Node-API runs them from the event loop).
for (let i = 0; i < 2; i++) {
  globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
}
// The collection drops V8's cache of loop-entry (OSR) code: two more batches
// so that no compilation lands in the counted one.
for (let i = 0; i < 2; i++) await runBatch(count);

meter.start();
const result = batch(n);
// Only async operations pay for an await, as in the timing mode.
globalThis.benchSink = result instanceof Promise ? await result : result;
meter.stop();
