// Build-cost row: compile wall time, compiler peak memory and stripped size of the 50-function module per binding style.
//
// The sources are generated into the build folder from functions.mjs, then
// one CMake project builds every style with the same flags (Release,
// hidden symbols). Each timed build removes the style's object file and
// module first and rebuilds just that target on one job; the styles take
// turns, `reps` rounds, and the median counts. tsbind's compiled core is
// built once per project (as nanobind's is), so it is timed apart and not
// counted in the module's time. The compiler's peak memory (max RSS) comes
// from the same timed builds: CMakeLists.txt runs each module's compiles
// through peak_rss.c, which leaves <object>.peak beside the object file.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmakeBuild, run } from '../build.mjs';
import { functions } from './functions.mjs';
import { styles } from './emit.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time in ns of `cmake --build <build> --target <target>` on one job. */
function timeTarget(build, target) {
  const start = process.hrtime.bigint();
  run('cmake', ['--build', build, '--target', target, '--parallel', '1']);
  return Number(process.hrtime.bigint() - start);
}

/** Object files (and their .peak records), relative to the target's folder: names ending in one of `suffixes`. */
const targetFiles = (build, target, suffixes) =>
  readdirSync(join(build, 'CMakeFiles', `${target}.dir`), { recursive: true })
    .map(String)
    .filter((entry) => suffixes.some((suffix) => entry.endsWith(suffix)));

/** Removes a target's object files, peak records and module, so that the next build compiles it from scratch. */
function clean(build, target) {
  for (const entry of targetFiles(build, target, ['.o', '.obj', '.peak'])) {
    rmSync(join(build, 'CMakeFiles', `${target}.dir`, entry));
  }
  rmSync(join(build, `${target}.node`), { force: true });
}

/**
 * The compiler's peak memory in KiB for the compile of `file` in `target`,
 * from the <object>.peak that peak_rss.c wrote; null when the generator has
 * no launcher (not Makefiles or Ninja) or the platform is not Unix.
 */
function peakKiB(build, target, file) {
  const records = targetFiles(build, target, [`${file}.o.peak`, `${file}.obj.peak`]);
  if (records.length !== 1) return null;
  const kib = Number(readFileSync(join(build, 'CMakeFiles', `${target}.dir`, records[0]), 'utf8').trim());
  return Number.isFinite(kib) && kib > 0 ? kib : null;
}

/**
 * Measures the styles of `implNames` (raw always comes along as the
 * reference). Returns { rows: [{ impl, compileNs, peakKiB, bytes }], coreNs,
 * functions }: compileNs is the median wall time of compile + link, peakKiB
 * the median of the compiler's peak memory (max RSS, KiB) over the same
 * builds, or null where it cannot be measured (see peakKiB() above).
 */
export function measureBuildCost({ benchDir, buildRoot, implNames, reps }) {
  const chosen = styles.filter((s) => s.impl === 'raw' || implNames.includes(s.impl));
  const sources = join(buildRoot, 'build-cost', 'src');
  const build = join(buildRoot, 'build-cost', 'out');
  mkdirSync(sources, { recursive: true });
  for (const style of chosen) writeFileSync(join(sources, style.file), style.render(functions, style.target));

  const withTsbind = chosen.some((s) => s.impl === 'tsbind');
  // Configure, and build everything once: checks the sources compile and
  // leaves only the module TU and link for the timed builds.
  cmakeBuild({
    source: join(benchDir, 'build-cost'),
    build,
    definitions: { BUILD_COST_SOURCES: sources, BENCH_TSBIND: withTsbind ? 'ON' : 'OFF' },
  });

  let coreNs = null;
  if (withTsbind) {
    run('cmake', ['--build', build, '--target', 'clean']);
    coreNs = timeTarget(build, 'tsbind_core');
  }

  const samples = new Map(chosen.map((s) => [s.impl, { ns: [], kib: [] }]));
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < chosen.length; i++) {
      const style = chosen[(i + rep) % chosen.length]; // rotate who goes first
      clean(build, style.target);
      const sample = samples.get(style.impl);
      sample.ns.push(timeTarget(build, style.target));
      const kib = peakKiB(build, style.target, style.file);
      if (kib !== null) sample.kib.push(kib);
    }
  }

  const rows = chosen.map((style) => {
    const stripped = join(build, `${style.target}.stripped.node`);
    run('strip', ['-o', stripped, join(build, `${style.target}.node`)]);
    const { ns, kib } = samples.get(style.impl);
    return {
      impl: style.impl,
      compileNs: median(ns),
      peakKiB: kib.length === ns.length ? median(kib) : null,
      bytes: statSync(stripped).size,
    };
  });
  return { rows, coreNs, functions: functions.length };
}
