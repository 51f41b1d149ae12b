// CPU-bound def_async work with UV_THREADPOOL_SIZE=1 against 2: the work runs
// on the libuv thread pool, so a second thread should nearly halve the wall
// time of parallel calls (on a machine with two free cores).
//
//   node bench/threadpool.mjs [--tasks 8] [--ms 50] [--reps 5]
//
// Run `npm run bench` first (it builds bench/build/bench_tsbind.node). Each
// pool size runs in its own process, since libuv reads the variable once.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '8' }, ms: { type: 'string', default: '50' }, reps: { type: 'string', default: '5' } } });
const tasks = Number(values.tasks);
const ms = Number(values.ms);
const reps = Number(values.reps);
const modulePath = fileURLToPath(new URL('build/bench_tsbind.node', import.meta.url));
if (!existsSync(modulePath)) {
  console.error(`${modulePath} is missing: run \`npm run bench\` (or \`npm run bench -- --quick\`) first`);
  process.exit(1);
}

// In the child: the median over reps of the wall time of `tasks` parallel calls of spin(ms).
const child = `
  const m = require(${JSON.stringify(modulePath)});
  (async () => {
    await m.spin(1);
    const times = [];
    for (let r = 0; r < ${reps}; r++) {
      const start = process.hrtime.bigint();
      await Promise.all(Array.from({ length: ${tasks} }, () => m.spin(${ms})));
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(times[Math.floor(times.length / 2)]);
  })();
`;

const wall = {};
for (const size of [1, 2]) {
  const out = execFileSync(process.execPath, ['-e', child], { env: { ...process.env, UV_THREADPOOL_SIZE: String(size) }, encoding: 'utf8' });
  wall[size] = Number(out.trim());
  console.log(`UV_THREADPOOL_SIZE=${size}: ${tasks} x spin(${ms} ms) in ${wall[size].toFixed(0)} ms`);
}
console.log(`speed-up with 2 threads: ${(wall[1] / wall[2]).toFixed(2)}x (ideal 2.00x)`);
