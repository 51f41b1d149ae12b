// Configures and builds a CMake project for the benchmark, failing loudly.
import { execFileSync } from 'node:child_process';

/**
 * Configures `source` into `build` with the given cache definitions and
 * builds `targets` (all when empty). Throws, with CMake's output, on failure:
 * a module that does not build is an error, never a silently missing row.
 */
export function cmakeBuild({ source, build, definitions = {}, targets = [] }) {
  const defs = Object.entries(definitions).map(([key, value]) => `-D${key}=${value}`);
  run('cmake', ['-S', source, '-B', build, '-DCMAKE_BUILD_TYPE=Release', ...defs]);
  const targetArgs = targets.length ? ['--target', ...targets] : [];
  run('cmake', ['--build', build, '--parallel', buildJobs(), ...targetArgs]);
}

/** Parallel compile jobs: BENCH_BUILD_JOBS, else 2 (e.g. 1 on a machine shared with another build). */
export function buildJobs() {
  const jobs = process.env.BENCH_BUILD_JOBS ?? '2';
  if (!/^[1-9][0-9]*$/.test(jobs)) throw new Error(`BENCH_BUILD_JOBS must be a positive integer, not '${jobs}'`);
  return jobs;
}

/** Runs a command, returning stdout; on failure throws with its output. */
export function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`\`${command} ${args.join(' ')}\` failed:\n${output || error.message}`);
  }
}
