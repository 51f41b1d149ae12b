// Benchmark suite entry point (`npm run bench`): build, measure every case, report.
//
// Options:
//   --quick              short smoke run (CI): few, small repetitions
//   --impl a,b,...       implementations to run (default: all); raw is
//                        always needed, since every ratio is to raw
//   --op id,...          operations to run (default: all; ids in ops.mjs)
//   --reps N             timed repetitions per case (default 21; --quick 3)
//   --no-build-cost      skip the 50-function build-cost row
//   --instructions       count instructions per operation under callgrind
//                        instead of timing (bench/instructions.mjs); with
//                        --quick, batches a hundredth of the size and only
//                        add_f64 unless --op says otherwise; --reps N counts
//                        each case N times (default 1)
// Progress goes to stderr, the table to stdout. results.json and RESULTS.md
// go to bench/ for a full run, else to bench/build/quick/ (--quick) or
// bench/build/partial/ (--op, --reps, --no-build-cost). An instruction run
// writes instructions.json and RESULTS.md's Instructions section (the rest of
// the file is kept), to bench/ only for a run of every case (no --op, --impl
// or --reps), else to bench/build/quick/ or bench/build/partial/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cmakeBuild } from './build.mjs';
import { measureBuildCost } from './build-cost/measure.mjs';
import { CaseProcess } from './case-process.mjs';
import { impls } from './impls/index.mjs';
import { CASE_ENV, NODE_FLAGS, measureInstructions, valgrindVersion } from './instructions.mjs';
import { ops } from './ops.mjs';
import {
  commitText,
  formatNs,
  instructionsJson,
  instructionsSection,
  instructionsTextTable,
  keptInstructions,
  keptNotes,
  machineInfo,
  resultsJson,
  resultsMarkdown,
  textTable,
  withInstructions,
} from './report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoDir = dirname(benchDir);
const buildDir = join(benchDir, 'build');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    impl: { type: 'string' },
    op: { type: 'string' },
    reps: { type: 'string' },
    'no-build-cost': { type: 'boolean', default: false },
    instructions: { type: 'boolean', default: false },
  },
});

const allImplNames = impls.map((i) => i.name);
const pick = (list, known, what) => {
  if (!list) return known;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(`unknown ${what} ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return known.filter((n) => names.includes(n)); // table order, not argument order
};
const implNames = pick(args.impl, allImplNames, 'implementation');
if (!implNames.includes('raw')) throw new Error('--impl must include raw: every ratio is to the raw Node-API row');
// A --quick instruction run is a smoke test of the machinery: one row unless told.
const opIds = pick(args.op ?? (args.quick && args.instructions ? 'add_f64' : undefined), ops.map((o) => o.id), 'operation');

// Every implementation must say something about every operation (a subject,
// pending or n/a), so that a new operation cannot be forgotten anywhere.
for (const impl of impls) {
  const missing = ops.filter((op) => !(op.id in impl.subjects)).map((op) => op.id);
  const extra = Object.keys(impl.subjects).filter((id) => !ops.some((op) => op.id === id));
  if (missing.length || extra.length) {
    throw new Error(`bench/impls: ${impl.name} lacks ${missing.join(', ') || '-'}, has unknown ${extra.join(', ') || '-'}`);
  }
}

const settings = args.quick
  ? { quick: true, reps: 3, batchMs: 5, warmupMs: 30, buildReps: 1 }
  : { quick: false, reps: 21, batchMs: 75, warmupMs: 400, buildReps: 3 };
if (args.reps) settings.reps = Number(args.reps);
if (!(settings.reps >= 1)) throw new Error('--reps must be a positive number');
settings.allImpls = allImplNames;

const log = (text) => process.stderr.write(`${text}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

log(`building benchmark modules (${implNames.includes('tsbind') ? 'with' : 'without'} tsbind) in ${buildDir}`);
try {
  cmakeBuild({ source: benchDir, build: buildDir, definitions: { BENCH_TSBIND: implNames.includes('tsbind') ? 'ON' : 'OFF' } });
} catch (error) {
  // Never skipped silently: a row that cannot be built is a failed run.
  const others = allImplNames.filter((n) => n !== 'tsbind').join(',');
  log(`bench: ${error.message}\n\nbench: the build failed. To run without tsbind: npm run bench -- --impl ${others}`);
  process.exit(1);
}
// The tree the modules were built from: the core may be committed to while the run goes on.
const builtFrom = commitText(repoDir);

if (args.instructions) {
  const started = Date.now();
  const repeat = args.reps ? settings.reps : 1;
  const selected = ops.filter((o) => opIds.includes(o.id));
  log(`counting instructions under callgrind, one case at a time (${selected.length} operations)`);
  let instructionRows;
  try {
    instructionRows = measureInstructions({ ops: selected, impls, implNames, buildDir, quick: settings.quick, repeat, log });
  } catch (error) {
    log(`bench: ${error.message}`);
    process.exit(1);
  }
  console.log(instructionsTextTable(instructionRows, implNames));
  const partial = args.op || args.impl || args.reps;
  const outDir = settings.quick ? join(buildDir, 'quick') : partial ? join(buildDir, 'partial') : benchDir;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'instructions.json'), `${JSON.stringify(instructionsJson(instructionRows), null, 2)}\n`);
  const mdPath = join(outDir, 'RESULTS.md');
  const section = instructionsSection({
    rows: instructionRows,
    implNames,
    allImpls: allImplNames,
    quick: settings.quick,
    repeat,
    nodeFlags: NODE_FLAGS,
    caseEnv: Object.entries(CASE_ENV).map(([key, value]) => `${key}=${value}`).join(' '),
    valgrind: valgrindVersion(),
    commit: builtFrom,
  });
  writeFileSync(mdPath, withInstructions(mdPath, section));
  log(`wrote ${join(outDir, 'instructions.json')} and the Instructions section of ${mdPath} (${((Date.now() - started) / 60000).toFixed(1)} min)`);
  process.exit(0);
}

/** Measures one operation on its cases, interleaved; returns Map impl -> { ns: median, spread: (max - min) / median }. */
async function measureOp(op, caseImpls) {
  const caseSettings = { buildDir, batchMs: settings.batchMs, warmupMs: settings.warmupMs };
  const procs = [];
  try {
    // Started one after another, so that calibrations do not compete for the 2 cores.
    for (const name of caseImpls) procs.push(await CaseProcess.start(name, op.id, caseSettings));
    const samples = procs.map(() => []);
    for (let rep = 0; rep < settings.reps; rep++) {
      for (let i = 0; i < procs.length; i++) {
        const k = (i + rep) % procs.length;
        samples[k].push(await procs[k].rep());
      }
    }
    return new Map(
      caseImpls.map((name, k) => {
        const ns = median(samples[k]);
        return [name, { ns, spread: (Math.max(...samples[k]) - Math.min(...samples[k])) / ns }];
      }),
    );
  } finally {
    await Promise.all(procs.map((p) => p.finish()));
  }
}

const rows = [];
for (const op of ops.filter((o) => opIds.includes(o.id))) {
  const cells = new Map();
  const caseImpls = [];
  for (const impl of impls.filter((i) => implNames.includes(i.name))) {
    const subject = impl.subjects[op.id];
    if (typeof subject === 'function') caseImpls.push(impl.name);
    else cells.set(impl.name, subject); // { pending } or { na }
  }
  const medians = await measureOp(op, caseImpls);
  const rawNs = medians.get('raw').ns;
  for (const name of caseImpls) {
    const { ns, spread } = medians.get(name);
    cells.set(name, { ns, ratio: ns / rawNs, spread });
  }
  // Keep the table's column order whatever the order of measurement.
  rows.push({ op, cells: new Map(implNames.filter((n) => cells.has(n)).map((n) => [n, cells.get(n)])) });
  log(`${op.title}: ${caseImpls.map((n) => `${n} ${formatNs(medians.get(n).ns)}`).join(', ')}`);
}

let buildCost = null;
if (!args['no-build-cost']) {
  log('build cost: generating and compiling the 50-function module per style');
  buildCost = measureBuildCost({ benchDir, buildRoot: buildDir, implNames, reps: settings.buildReps });
}

console.log(textTable(rows, implNames, buildCost));

// Only a full run of every operation replaces the committed RESULTS.md.
const partial = args.op || args['no-build-cost'] || args.reps;
const outDir = settings.quick ? join(buildDir, 'quick') : partial ? join(buildDir, 'partial') : benchDir;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(resultsJson(rows, buildCost), null, 2)}\n`);
const mdPath = join(outDir, 'RESULTS.md');
const machine = machineInfo({ repoDir, buildDir, commit: builtFrom });
writeFileSync(mdPath, resultsMarkdown({ rows, implNames, buildCost, machine, settings, notes: keptNotes(mdPath), instructions: keptInstructions(mdPath) }));
log(`wrote ${join(outDir, 'results.json')} and ${mdPath}`);
