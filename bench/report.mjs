// Turns measurements into the stdout table, results.json and RESULTS.md, and
// instruction counts (--instructions) into their table, instructions.json and
// RESULTS.md's Instructions section.
//
// A cell is one of: a measurement { ns, ratio }, { pending } (tsbind cannot
// bind it yet), { na } (the operation means nothing there), or absent (the
// implementation was left out of this run with --impl).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { WARMUP, formatInstructions } from './instructions.mjs';

/** ns as a short human figure: ns below 10 µs, then µs, then ms. */
export function formatNs(ns) {
  if (ns < 10) return `${ns.toFixed(2)} ns`;
  if (ns < 1e4) return `${ns.toFixed(ns < 100 ? 1 : 0)} ns`;
  if (ns < 1e7) return `${(ns / 1e3).toFixed(ns < 1e5 ? 1 : 0)} µs`;
  return `${(ns / 1e6).toFixed(1)} ms`;
}

const formatRatio = (r) => `${r.toFixed(2)}x`;

function cellText(cell, implName) {
  if (!cell) return '-';
  if (cell.pending) return 'pending';
  if (cell.na) return 'n/a';
  return implName === 'raw' ? formatNs(cell.ns) : `${formatNs(cell.ns)} (${formatRatio(cell.ratio)})`;
}

/** Whether tsbind's cell misses the row's floor (DESIGN.md, "What fast means"). */
function overFloor(row, cells) {
  const t = cells.get('tsbind');
  if (!t || t.ns === undefined) return false;
  if (row.op.floor !== null && t.ratio > row.op.floor) return true;
  // add(double, double) must also be no slower than node-addon-api.
  const naa = cells.get('node-addon-api');
  return row.op.id === 'add_f64' && naa?.ns !== undefined && t.ns > naa.ns;
}

/** The plain-text table for stdout. */
export function textTable(rows, implNames, buildCost) {
  const header = ['operation', ...implNames];
  const lines = rows.map((row) => [row.op.title, ...implNames.map((name) => cellText(row.cells.get(name), name))]);
  if (buildCost) {
    for (const [label, pick, fmt] of buildCostMeasures) {
      lines.push([
        `build: 50 functions, ${label}`,
        ...implNames.map((name) => {
          const r = buildCost.rows.find((x) => x.impl === name);
          if (!r) return '-';
          const raw = buildCost.rows.find((x) => x.impl === 'raw');
          return name === 'raw' || pick(r) === null ? fmt(pick(r)) : `${fmt(pick(r))} (${formatRatio(pick(r) / pick(raw))})`;
        }),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cols) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

const buildCostMeasures = [
  ['compile + link', (r) => r.compileNs, (ns) => `${(ns / 1e9).toFixed(2)} s`],
  ['stripped .node', (r) => r.bytes, (b) => `${(b / 1024).toFixed(1)} KiB`],
  ['compiler peak', (r) => r.peakKiB, (kib) => (kib === null ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`)],
];

/** results.json: one entry per measured cell, plus the build-cost rows. */
export function resultsJson(rows, buildCost) {
  const out = [];
  for (const row of rows) {
    for (const [impl, cell] of row.cells) {
      if (cell.ns !== undefined) out.push({ op: row.op.title, impl, ns: cell.ns, ratio_to_raw: cell.ratio });
    }
  }
  if (buildCost) {
    const raw = buildCost.rows.find((r) => r.impl === 'raw');
    for (const r of buildCost.rows) {
      out.push({
        op: `build: ${buildCost.functions}-function module (ns: compile + link wall time)`,
        impl: r.impl,
        ns: r.compileNs,
        ratio_to_raw: r.compileNs / raw.compileNs,
        bytes: r.bytes, // stripped .node size
        bytes_ratio_to_raw: r.bytes / raw.bytes,
        peak_kib: r.peakKiB, // the compiler's peak memory for the module's source file (null: not measured)
        ...(r.impl === 'tsbind' && buildCost.coreNs !== null ? { core_ns: buildCost.coreNs } : {}),
      });
    }
  }
  return out;
}

function firstLine(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

/** HEAD's short hash, saying so when tracked files differ from it (the modules were built from those). */
export function commitText(repoDir) {
  const head = firstLine('git', ['-C', repoDir, 'rev-parse', '--short', 'HEAD']);
  let dirty = false;
  try {
    dirty = execFileSync('git', ['-C', repoDir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    // not a git checkout: the hash already says unknown
  }
  return dirty ? `${head} with uncommitted changes` : head;
}

/** What the run ran on, for RESULTS.md; `commit` as taken when the modules were built (else now). */
export function machineInfo({ repoDir, buildDir, commit = commitText(repoDir) }) {
  const cache = existsSync(join(buildDir, 'CMakeCache.txt')) ? readFileSync(join(buildDir, 'CMakeCache.txt'), 'utf8') : '';
  const compiler = (lang) => cache.match(new RegExp(`^CMAKE_${lang}_COMPILER:\\w+=(.*)$`, 'm'))?.[1];
  const version = (pkg) => JSON.parse(readFileSync(join(repoDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const cxx = compiler('CXX');
  const cc = compiler('C');
  return [
    ['CPU', `${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores`],
    ['memory', `${Math.round(os.totalmem() / 2 ** 30)} GiB`],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}`],
    ['Node', `${process.version} (V8 ${process.versions.v8}, Node-API ${process.versions.napi})`],
    ['C++ compiler', cxx ? firstLine(cxx, ['--version']) : 'unknown'],
    ['C compiler', cc ? firstLine(cc, ['--version']) : 'unknown'],
    ['CMake', firstLine('cmake', ['--version'])],
    ['node-addon-api', version('node-addon-api')],
    ['koffi', version('koffi')],
    ['commit', commit],
  ];
}

/** A Markdown table; the first column is left-aligned, the others right-aligned unless `left`. */
const mdTable = (header, lines, { left = false } = {}) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 || left ? ' --- ' : ' ---: ')).join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');

/** Spread of a cell's repetitions, relative to its median, above which RESULTS.md flags it. */
const NOISY = 0.2;

const NOTES_HEADING = '## Notes';
const NOTES_PLACEHOLDER = `For each tsbind row over its target: the cause, and the fix or the issue that tracks it.

(none yet)`;

/** The "## Notes" section of an existing RESULTS.md: kept across runs, since people write it. */
export function keptNotes(path) {
  if (!existsSync(path)) return NOTES_PLACEHOLDER;
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(`\n${NOTES_HEADING}\n`);
  return at < 0 ? NOTES_PLACEHOLDER : text.slice(at + NOTES_HEADING.length + 2).trim();
}

const INSTRUCTIONS_HEADING = '## Instructions';
const INSTRUCTIONS_PLACEHOLDER = `${INSTRUCTIONS_HEADING}

Not counted yet: \`npm run bench -- --instructions\` writes this section.`;

/** RESULTS.md's "## Instructions" section (heading included), or the placeholder: a timing run keeps it. */
export function keptInstructions(path) {
  if (!existsSync(path)) return INSTRUCTIONS_PLACEHOLDER;
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(`\n${INSTRUCTIONS_HEADING}\n`);
  if (at < 0) return INSTRUCTIONS_PLACEHOLDER;
  const end = text.indexOf('\n## ', at + 1);
  return text.slice(at + 1, end < 0 ? undefined : end).trim();
}

/**
 * RESULTS.md with its Instructions section replaced by `section` (an
 * instruction run keeps everything else): inserted before the Notes when the
 * file has none yet; a new file has only this section and the Notes.
 */
export function withInstructions(path, section) {
  if (!existsSync(path)) {
    return `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs); re-run it to refresh this file. Everything but the Notes section is regenerated.

${section}

${NOTES_HEADING}

${NOTES_PLACEHOLDER}
`;
  }
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(`\n${INSTRUCTIONS_HEADING}\n`);
  if (at >= 0) {
    const end = text.indexOf('\n## ', at + 1);
    return `${text.slice(0, at + 1)}${section}\n${end < 0 ? '' : text.slice(end)}`;
  }
  const notes = text.indexOf(`\n${NOTES_HEADING}\n`);
  if (notes < 0) return `${text.trimEnd()}\n\n${section}\n`;
  return `${text.slice(0, notes + 1)}${section}\n\n${text.slice(notes + 1)}`;
}

/** A row's title for instruction tables: "(ns/elem)" reads "(per elem)". */
const instructionsTitle = (op) => op.title.replace('(ns/', '(per ');

function instructionCellText(cell, implName) {
  if (!cell) return '-';
  if (cell.pending) return 'pending';
  if (cell.na) return 'n/a';
  return implName === 'raw' ? formatInstructions(cell.instructions) : `${formatInstructions(cell.instructions)} (${formatRatio(cell.ratio)})`;
}

/** The plain-text table of instructions per operation, for stdout. */
export function instructionsTextTable(rows, implNames) {
  const header = ['operation (instructions/op)', ...implNames];
  const lines = rows.map((row) => [instructionsTitle(row.op), ...implNames.map((name) => instructionCellText(row.cells.get(name), name))]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cols) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

/** instructions.json: one entry per counted cell, instructions per operation. */
export function instructionsJson(rows) {
  const out = [];
  for (const row of rows) {
    for (const [impl, cell] of row.cells) {
      if (cell.instructions === undefined) continue;
      out.push({
        op: row.op.title,
        id: row.op.id,
        impl,
        instructions: Math.round(cell.instructions * 10) / 10,
        ratio_to_raw: Math.round(cell.ratio * 1e4) / 1e4,
        n1: cell.n1,
        n2: cell.n2,
        ...(cell.repeats.length > 1 ? { repeats: cell.repeats.map((x) => Math.round(x * 10) / 10) } : {}),
      });
    }
  }
  return out;
}

/** RESULTS.md's Instructions section for an instruction run. */
export function instructionsSection({ rows, implNames, allImpls, quick, repeat, nodeFlags, caseEnv, valgrind, commit }) {
  const table = mdTable(
    ['operation', 'target', ...implNames],
    rows.map((row) => [
      instructionsTitle(row.op),
      row.op.floor === null ? '' : `≤ ${row.op.floor.toFixed(2)}x`,
      ...implNames.map((name) => {
        const cell = row.cells.get(name);
        const text = instructionCellText(cell, name);
        return name === 'tsbind' && row.op.floor !== null && cell?.ratio > row.op.floor ? `**${text}** ⚠` : text;
      }),
    ]),
  );
  const sizes = rows.map((row) => {
    const cell = [...row.cells.values()].find((c) => c.n1 !== undefined);
    return cell ? `${row.op.id} ${cell.n1.toLocaleString('en-US')}` : null;
  });
  const spreads = rows.flatMap((row) =>
    [...row.cells]
      .filter(([, c]) => c.repeats?.length > 1)
      .map(([impl, c]) => `${row.op.id}/${impl} ${formatInstructions(Math.max(...c.repeats) - Math.min(...c.repeats))}`),
  );
  const excluded = allImpls.filter((name) => !implNames.includes(name));
  return `${INSTRUCTIONS_HEADING}

Written by \`npm run bench -- --instructions\` (bench/instructions.mjs) at commit ${commit}, ${valgrind}. Instructions per operation (x86-64 instructions retired, every thread), and the ratio to the raw row.

- Each case runs twice under \`valgrind --tool=callgrind --instr-atstart=no\`, as \`${caseEnv} node ${nodeFlags.join(' ')} bench/instructions-case.mjs\`: check, ${WARMUP} batches of n1 operations, a full collection and 2 more batches (nothing counted yet), then one counted batch of n1 operations in one run and n2 = 2 × n1 in the other. callgrind counts only that batch (bench/native/callgrind.c switches it on and off); the figure is (I2 - I1) / (n2 - n1), so what is not per operation cancels out.
- The JS loop is the same as the timing rows' (bench/ops.mjs), so the JS rows count what V8 makes of it. The garbage a batch leaves is collected in the batch as far as V8 collects while it runs, as in the timing rows; finalizers that Node-API defers to the event loop are not counted.
- n1 per operation: ${sizes.filter(Boolean).join(', ')}.
- Targets are the timing rows' (DESIGN.md); a tsbind ratio over its row's target is marked ⚠, as a pointer: instructions are not time (a cache miss, a system call or a wait costs time and few instructions; valgrind counts a \`rep movs\`/\`rep stos\` of memcpy/memset once per element moved).
${quick ? '- **This was a --quick smoke run: batches a hundredth of the size.**\n' : ''}${repeat > 1 ? `- Each case counted ${repeat} times; the median is shown. Spread (max - min, instructions per operation): ${spreads.join(', ')}.\n` : ''}${excluded.length ? `- Left out of this run with --impl: ${excluded.join(', ')} (shown as -).\n` : ''}
${table}`;
}

/** RESULTS.md: machine, versions, method, the table, build cost, and the kept notes. */
export function resultsMarkdown({ rows, implNames, buildCost, machine, settings, notes, instructions = INSTRUCTIONS_PLACEHOLDER }) {
  const table = mdTable(
    ['operation', 'target', ...implNames],
    rows.map((row) => {
      const over = overFloor(row, row.cells);
      return [
        row.op.title,
        row.op.floor === null ? '' : `≤ ${row.op.floor.toFixed(2)}x`,
        ...implNames.map((name) => {
          const text = cellText(row.cells.get(name), name);
          return name === 'tsbind' && over ? `**${text}** ⚠` : text;
        }),
      ];
    }),
  );
  const over = rows.filter((row) => overFloor(row, row.cells)).map((row) => `- ${row.op.title}`);
  // DESIGN.md: the 50-function module must build faster and smaller with tsbind than with node-addon-api.
  const cost = (impl) => buildCost?.rows.find((r) => r.impl === impl);
  if (cost('tsbind') && cost('node-addon-api')) {
    if (cost('tsbind').compileNs > cost('node-addon-api').compileNs) over.push('- build cost: compile time above node-addon-api');
    if (cost('tsbind').bytes > cost('node-addon-api').bytes) over.push('- build cost: stripped size above node-addon-api');
  }
  const missing = rows.flatMap((row) =>
    [...row.cells].filter(([, c]) => c.pending || c.na).map(([impl, c]) => `- ${row.op.title}, ${impl}: ${c.pending ? `pending: ${c.pending}` : `n/a: ${c.na}`}`),
  );
  const noisy = rows.flatMap((row) =>
    [...row.cells]
      .filter(([, c]) => c.spread > NOISY)
      .map(([impl, c]) => `- ${row.op.title}, ${impl}: ${Math.round(c.spread * 100)}%`),
  );
  const excluded = settings.allImpls.filter((name) => !implNames.includes(name));
  const buildSection = buildCost
    ? [
        `The same ${buildCost.functions}-function module (bench/build-cost/functions.mjs), generated per binding style and built with the same CMake flags (Release, hidden symbols); median of ${settings.buildReps} clean rebuilds of the module's one source file and link, one job, styles taking turns. Size is the .node after \`strip\`; compiler peak is the peak memory (max RSS) of compiling the module's source file.`,
        '',
        mdTable(
          ['style', 'compile + link', 'ratio', 'stripped .node', 'ratio', 'compiler peak', 'ratio'],
          buildCost.rows.map((r) => {
            const raw = buildCost.rows.find((x) => x.impl === 'raw');
            const peak = r.peakKiB === null ? ['n/a', ''] : [`${(r.peakKiB / 1024).toFixed(1)} MiB`, formatRatio(r.peakKiB / raw.peakKiB)];
            return [r.impl, `${(r.compileNs / 1e9).toFixed(2)} s`, formatRatio(r.compileNs / raw.compileNs), `${(r.bytes / 1024).toFixed(1)} KiB`, formatRatio(r.bytes / raw.bytes), ...peak];
          }),
        ),
        '',
        buildCost.coreNs !== null
          ? `tsbind's compiled core (tsbind_core, built once per CMake project and shared by its modules) took ${(buildCost.coreNs / 1e9).toFixed(2)} s on its own, not counted above.`
          : 'tsbind was not built in this run.',
      ].join('\n')
    : 'Not measured in this run (--no-build-cost).';

  return `# Benchmark results

Written by \`npm run bench\` (bench/run.mjs); re-run it to refresh this file. Everything but the Notes section is regenerated.

## Machine

${mdTable(['', ''], machine, { left: true })}

## Method

- Each (operation, implementation) case runs in its own Node process (\`node --expose-gc bench/case.mjs\`), which loads only that implementation.
- Before timing, each case checks that its subject computes the right result, sizes a batch to take about ${settings.batchMs} ms, warms up for ${settings.warmupMs} ms, and sizes the batch again.
- Then ${settings.reps} timed repetitions of one batch each, timed with \`process.hrtime.bigint()\`, after a \`gc()\` outside the clock. The cases of one operation are all alive at once and take turns, one repetition each, the first of each round rotating, so that drift of the shared machine hits every implementation alike.
- The figure is the median ns per operation; the ratio is to the raw Node-API C row measured in the same run.
- The JS loop around each call is the same for every implementation (bench/ops.mjs); implementations only supply the function or class called.
- Targets are DESIGN.md's floors for tsbind / raw; a tsbind cell over its target is marked ⚠. No time is asserted anywhere.
${settings.quick ? '- **This was a --quick smoke run: the figures are not meaningful.**\n' : ''}${excluded.length ? `- Left out of this run with --impl: ${excluded.join(', ')} (shown as -).\n` : ''}
## Results

${table}

${noisy.length ? `Cells whose repetitions spread (max - min) over more than ${NOISY * 100}% of their median; read them with care:\n\n${noisy.join('\n')}\n\n` : ''}## Rows over target

${over.length ? over.join('\n') : 'None in this run.'}

## Pending and not applicable

${missing.length ? missing.join('\n') : 'None.'}

## Build cost

${buildSection}

${instructions}

${NOTES_HEADING}

${notes}
`;
}
