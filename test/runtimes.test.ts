// Other runtimes with Node-API: a tsbind module loads under Bun and Deno, and
// a function, a class and an async function work there. The runtimes come
// from npm: .ci/run installs them into .ci/runtimes (or set TSBIND_BUN /
// TSBIND_DENO to their binaries); without them these tests are skipped.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDir } from './support/addons.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const loaderPath = join(repoRoot, 'dist', 'cjs', 'loader', 'index.js');

/** The runtime's binary: from the environment variable, .ci/runtimes, or absent. */
function runtime(name: string, variable: string): string | undefined {
  const fromEnv = process.env[variable];
  if (fromEnv) return fromEnv;
  const installed = join(repoRoot, '.ci', 'runtimes', 'node_modules', '.bin', name);
  return existsSync(installed) ? installed : undefined;
}

// Loads the test modules through the CommonJS loader, as a package's .cjs entry does.
const script = `
const { createRequire } = require('node:module');
const { loadAddon } = require(${JSON.stringify(loaderPath)});
const asyncModule = loadAddon(${JSON.stringify(testDir)}, 'async');
const classes = loadAddon(${JSON.stringify(testDir)}, 'classes');
const functions = loadAddon(${JSON.stringify(testDir)}, 'functions');
(async () => {
  const counter = new classes.Counter(41);
  let typeError = '';
  try { functions.add(1, 'x'); } catch (e) { typeError = e.name + ': ' + e.message; }
  console.log(JSON.stringify({
    add: functions.add(1, 2),
    typeError,
    method: counter.increment(1),
    asyncAdd: await asyncModule.add(1, 2),
    rejected: await asyncModule.fail('range').then(() => 'resolved', (e) => e.name),
  }));
})();
`;

const expected = {
  add: 3,
  typeError: "TypeError: add(): argument 2 'b' must be a number, got string",
  method: 42,
  asyncAdd: 3,
  rejected: 'RangeError',
};

const sanitized = process.env.TSBIND_VARIANT === 'Sanitize' && 'sanitizer builds load only into a node started by `tsbind run`';

for (const [name, variable, args] of [
  ['bun', 'TSBIND_BUN', (file: string) => [file]],
  ['deno', 'TSBIND_DENO', (file: string) => ['run', '--allow-all', file]],
] as const) {
  const binary = runtime(name, variable);
  test(`a tsbind module works under ${name}: a function, a class, an async function`, { skip: sanitized || (!binary && `${name} is not installed (.ci/run installs it into .ci/runtimes)`) }, () => {
    const dir = mkdtempSync(join(tmpdir(), `tsbind-${name}-`));
    try {
      const file = join(dir, 'check.cjs');
      writeFileSync(file, script);
      const result = spawnSync(binary!, args(file), { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
