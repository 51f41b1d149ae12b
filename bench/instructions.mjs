// `npm run bench -- --instructions`: instructions per operation, counted by callgrind.
//
// Each case (operation x implementation) runs instructions-case.mjs under
// `valgrind --tool=callgrind --instr-atstart=no` twice, with batches of
// n1 = op.count and n2 = 2 * op.count operations after the same warm-up;
// callgrind counts only the batch (bench_callgrind.node switches its
// instrumentation on and off around it). The figure is (I2 - I1) / (n2 - n1):
// what one more operation costs, with whatever is not per operation (entering
// the batch, the switch itself) cancelled out. Cases run one at a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const caseFile = fileURLToPath(new URL('./instructions-case.mjs', import.meta.url));

/** The valgrind binary; BENCH_VALGRIND overrides. */
export const VALGRIND = process.env.BENCH_VALGRIND || 'valgrind';

/**
 * Node's flags for a counted case. --predictable makes V8 single-threaded
 * (no background compilation, marking or sweeping, which would land in the
 * count or not depending on thread timing) and fixes the GC schedule (4 MiB
 * semi-spaces, a fixed heap growth, no memory reducer). The other two are
 * implied by it, and named because they matter most: without them TurboFan's
 * code arrives in time or not depending on the background thread.
 */
export const NODE_FLAGS = ['--expose-gc', '--predictable', '--no-concurrent-recompilation', '--no-concurrent-osr'];

/**
 * One thread in libuv's pool: with the default four, which thread takes a
 * task and how many completions one turn of the loop collects vary between
 * runs, and the async rows' counts moved by up to 6%; with one they are as
 * steady as the others.
 */
export const CASE_ENV = { UV_THREADPOOL_SIZE: '1' };

/** Batches of `count` before counting: WARMUP, then a collection, then two more (instructions-case.mjs). */
export const WARMUP = 3;

/** The counted batch sizes of an operation: n1 and n2 = 2 * n1 (a hundredth for --quick, at least one step). */
export function batchSizes(op, { quick }) {
  const step = op.step ?? 1;
  if (!Number.isInteger(op.count) || op.count % step) throw new Error(`bench/ops.mjs: ${op.id} needs a count that is a multiple of ${step}`);
  const n1 = quick ? Math.max(step, Math.round(op.count / 100 / step) * step) : op.count;
  return { n1, n2: 2 * n1 };
}

/** The valgrind version line, or null when valgrind cannot be run. */
export function valgrindVersion() {
  const r = spawnSync(VALGRIND, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs one case once under callgrind; returns the instructions of its counted batch. */
function countBatch({ buildDir, outDir, implName, op, count, n }) {
  const outFile = join(outDir, `${op.id}.${implName}.${n}.callgrind`);
  const settings = JSON.stringify({ buildDir, count, warmup: WARMUP, n });
  const args = ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${outFile}`, process.execPath, ...NODE_FLAGS, caseFile, implName, op.id, settings];
  const r = spawnSync(VALGRIND, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...CASE_ENV } });
  if (r.error) throw new Error(`cannot run ${VALGRIND}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${op.id} on ${implName} (n = ${n}) failed under callgrind (${r.signal ?? `exit ${r.status}`}):\n${`${r.stdout}${r.stderr}`.trim()}`);
  }
  const text = readFileSync(outFile, 'utf8');
  const total = text.match(/^totals:\s*(\d+)/m) ?? text.match(/^summary:\s*(\d+)/m);
  if (!total) throw new Error(`no instruction total in ${outFile}`);
  return Number(total[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Counts every selected case, `repeat` times each. Returns rows as run.mjs
 * builds them for timings: { op, cells: Map impl -> { instructions, ratio,
 * spread, n1, n2 } or { pending } / { na } }, spread being (max - min) /
 * median over the repeats (0 with one).
 */
export function measureInstructions({ ops, impls, implNames, buildDir, quick = false, repeat = 1, log = () => {} }) {
  if (!existsSync(join(buildDir, 'bench_callgrind.node'))) {
    throw new Error(
      `${join(buildDir, 'bench_callgrind.node')} was not built: valgrind's headers (valgrind/callgrind.h) were not found when bench/build was configured. Install valgrind, then re-run.`,
    );
  }
  if (!valgrindVersion()) throw new Error(`cannot run '${VALGRIND} --version': install valgrind (or set BENCH_VALGRIND)`);
  const outDir = join(buildDir, 'instructions');
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const op of ops) {
    const { n1, n2 } = batchSizes(op, { quick });
    const cells = new Map();
    for (const impl of impls.filter((i) => implNames.includes(i.name))) {
      const subject = impl.subjects[op.id];
      if (typeof subject !== 'function') {
        cells.set(impl.name, subject); // { pending } or { na }
        continue;
      }
      const perOp = [];
      for (let k = 0; k < repeat; k++) {
        const started = Date.now();
        const i1 = countBatch({ buildDir, outDir, implName: impl.name, op, count: n1, n: n1 });
        const i2 = countBatch({ buildDir, outDir, implName: impl.name, op, count: n1, n: n2 });
        perOp.push((i2 - i1) / (n2 - n1));
        log(`  ${op.id} on ${impl.name}: ${formatInstructions(perOp.at(-1))} (${i1} and ${i2} for ${n1} and ${n2}; ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      }
      const instructions = median(perOp);
      const spread = (Math.max(...perOp) - Math.min(...perOp)) / Math.abs(instructions || 1);
      cells.set(impl.name, { instructions, spread, repeats: perOp, n1, n2 });
    }
    const raw = cells.get('raw')?.instructions;
    for (const cell of cells.values()) if (cell.instructions !== undefined) cell.ratio = cell.instructions / raw;
    rows.push({ op, cells: new Map(implNames.filter((n) => cells.has(n)).map((n) => [n, cells.get(n)])) });
    log(`${op.title}: ${[...cells].filter(([, c]) => c.instructions !== undefined).map(([n, c]) => `${n} ${formatInstructions(c.instructions)}`).join(', ')}`);
  }
  return rows;
}

/** Instructions per operation as a short figure: one decimal below 100, else whole with thousands separators. */
export function formatInstructions(x) {
  return Math.abs(x) < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US');
}
