// Build-cost row: compile wall time and stripped size of the 50-function module per binding style.
//
// The sources are generated into the build folder from functions.mjs, then
// one CMake project builds every style with the same flags (Release,
// hidden symbols). Each timed build removes the style's object file and
// module first and rebuilds just that target on one job; the styles take
// turns, `reps` rounds, and the median counts. tsbind's compiled core is
// built once per project (as nanobind's is), so it is timed apart and not
// counted in the module's time.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** Removes a target's object files and module, so that the next build compiles it from scratch. */
function clean(build, target) {
  const objects = join(build, 'CMakeFiles', `${target}.dir`);
  for (const entry of readdirSync(objects, { recursive: true })) {
    if (String(entry).endsWith('.o') || String(entry).endsWith('.obj')) rmSync(join(objects, String(entry)));
  }
  rmSync(join(build, `${target}.node`), { force: true });
}

/**
 * Measures the styles of `implNames` (raw always comes along as the
 * reference). Returns { rows: [{ impl, compileNs, bytes }], coreNs }.
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

  const samples = new Map(chosen.map((s) => [s.impl, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (let i = 0; i < chosen.length; i++) {
      const style = chosen[(i + rep) % chosen.length]; // rotate who goes first
      clean(build, style.target);
      samples.get(style.impl).push(timeTarget(build, style.target));
    }
  }

  const rows = chosen.map((style) => {
    const stripped = join(build, `${style.target}.stripped.node`);
    run('strip', ['-o', stripped, join(build, `${style.target}.node`)]);
    return { impl: style.impl, compileNs: median(samples.get(style.impl)), bytes: statSync(stripped).size };
  });
  return { rows, coreNs, functions: functions.length };
}
