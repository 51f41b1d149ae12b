// Tests of `tsbind prebuild` and `tsbind install`: a real Release build of a tsbind module copied into
// prebuilds/, loaded through tsbind/loader in fresh processes; install with and without a prebuild for
// this platform, and without a compiler.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { addonCandidates, currentTarget, prebuildTags, targetTag } from '../src/loader/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const entryFixture = join(repoRoot, 'test', 'fixtures', 'entry');

const target = currentTarget();
/** This process's prebuild folder name, e.g. linux-x64-glibc. */
const tag = targetTag(target);
/** The same platform on another architecture. */
const otherArchTag = targetTag({ ...target, arch: target.arch === 'x64' ? 'arm64' : 'x64' });
/** The same platform and architecture with the other libc (Linux only). */
const otherLibcTag = target.libc ? targetTag({ ...target, libc: target.libc === 'glibc' ? 'musl' : 'glibc' }) : undefined;
const otherTags = [otherArchTag, ...(otherLibcTag ? [otherLibcTag] : [])];

/** Full path of a program on PATH, or undefined. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** This environment without a variant pin and without colours, plus `extra` (undefined removes a variable). */
function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.TSBIND_VARIANT;
  delete env.FORCE_COLOR;
  delete env.npm_config_build_from_source;
  for (const [name, value] of Object.entries(extra)) if (value === undefined) delete env[name];
  return env;
}

/** Runs the built CLI to completion in `cwd`. */
function tsbind(args: string[], cwd: string, env: NodeJS.ProcessEnv = cliEnv()) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-prebuild-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/**
 * A package made from the tsbind fixture module `greeter`, with tsbind in its
 * node_modules and an "install" script as a published package has it.
 */
function packageCopy(name: string): string {
  const dir = join(work, name);
  cpSync(entryFixture, dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'tsbind'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', scripts: { install: 'tsbind install' } }));
  return dir;
}

/** Puts a copy of `file` at `<dir>/<relative>`. */
function place(file: string, dir: string, relative: string): string {
  const to = join(dir, relative);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(file, to);
  return to;
}

/** What a fresh process gets from `loadAddon(<dir>, 'greeter')`: the greeting and the .node files it loaded, or the load error. */
interface LoadOutcome {
  greeting?: string;
  loaded?: string[];
  code?: string;
  message?: string;
  attempts?: { path: string; found: boolean; reason: string }[];
}

function loadInFreshProcess(dir: string): LoadOutcome {
  writeFileSync(
    join(dir, 'load.mjs'),
    `import { createRequire } from 'node:module';
import { loadAddon } from 'tsbind/loader';
const require = createRequire(import.meta.url);
let outcome;
try {
  const addon = loadAddon(process.cwd(), 'greeter');
  outcome = { greeting: addon.greet('prebuild'), loaded: Object.keys(require.cache).filter((path) => path.endsWith('.node')) };
} catch (error) {
  outcome = { code: error.code, message: error.message, attempts: error.attempts };
}
console.log(JSON.stringify(outcome));
`,
  );
  return JSON.parse(execFileSync(process.execPath, ['load.mjs'], { cwd: dir, env: cliEnv(), encoding: 'utf8' })) as LoadOutcome;
}

/** A package built and prebuilt once, shared by the tests below (they run in order). */
let pkg: string;
let prebuildRun: ReturnType<typeof tsbind>;
/** The prebuilt binary, a real tsbind module for this platform. */
let prebuilt: string;

describe('tsbind prebuild', () => {
  before(() => {
    pkg = packageCopy('prebuilt-pkg');
    prebuildRun = tsbind(['prebuild', '-j', '1'], pkg);
    prebuilt = join(pkg, 'prebuilds', tag, 'greeter.node');
  });

  test('builds Release and copies each module to prebuilds/<platform>-<arch>[-<libc>]/, saying what it wrote', () => {
    assert.equal(prebuildRun.status, 0, prebuildRun.stderr + prebuildRun.stdout);
    // The build is `tsbind build`'s own: its steps, the module, the entry files.
    assert.match(prebuildRun.stdout, /module {2}build\/Release\/greeter\.node/);
    assert.match(prebuildRun.stdout, /wrote {2}greeter\.js/);
    const line = new RegExp(`prebuild {2}prebuilds/${escapeRegExp(tag)}/greeter\\.node \\(\\d+(\\.\\d)? (B|KiB|MiB), ${escapeRegExp(tag)}\\)`);
    assert.match(prebuildRun.stdout, line);
    assert.deepEqual(readFileSync(prebuilt), readFileSync(join(pkg, 'build', 'Release', 'greeter.node')));
    // Exactly one folder, named as the loader names this process's first choice.
    assert.deepEqual(readdirSync(join(pkg, 'prebuilds')), [tag]);
    assert.equal(tag, prebuildTags(target)[0]);
    assert.equal(addonCandidates(pkg, 'greeter', { env: {} })[0]?.path, prebuilt);
    if (process.platform === 'linux') assert.match(tag, new RegExp(`^linux-${process.arch}-(glibc|musl)$`));
  });

  test('--target-dir puts prebuilds/ in another package folder; --no-entry writes no entry files', () => {
    const other = join(work, 'prebuild-target-dir');
    mkdirSync(other);
    const result = tsbind(['prebuild', pkg, '--target-dir', other, '--no-entry', '-j', '1'], work);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const copy = join(other, 'prebuilds', tag, 'greeter.node');
    assert.match(result.stdout, new RegExp(`prebuild {2}prebuild-target-dir/prebuilds/${escapeRegExp(tag)}/greeter\\.node`));
    assert.deepEqual(readFileSync(copy), readFileSync(prebuilt));
    assert.deepEqual(readdirSync(other), ['prebuilds']);
    assert.doesNotMatch(result.stdout, /wrote|unchanged/);
  });

  test('the loader takes the prebuild before build/Release, and loads it once build/Release is gone', () => {
    assert.equal(prebuildRun.status, 0);
    const withBuild = loadInFreshProcess(pkg);
    assert.equal(withBuild.greeting, 'Hello, prebuild', withBuild.message);
    assert.deepEqual(withBuild.loaded, [prebuilt]);

    rmSync(join(pkg, 'build', 'Release'), { recursive: true });
    const prebuildOnly = loadInFreshProcess(pkg);
    assert.equal(prebuildOnly.greeting, 'Hello, prebuild', prebuildOnly.message);
    assert.deepEqual(prebuildOnly.loaded, [prebuilt]);

    // As a user of the published package imports it: through the entry file `prebuild` wrote.
    writeFileSync(join(pkg, 'entry.mjs'), "import { greet } from './greeter.js';\nconsole.log(JSON.stringify(greet('entry')));\n");
    assert.equal(JSON.parse(execFileSync(process.execPath, ['entry.mjs'], { cwd: pkg, env: cliEnv(), encoding: 'utf8' })), 'Hello, entry');
  });

  test(`a prebuild for another ${target.libc ? 'libc or ' : ''}architecture is not picked, even one that would load here`, () => {
    assert.equal(prebuildRun.status, 0);
    // Copies of this machine's own binary: each would load if the loader tried it.
    const dir = packageCopy('other-targets');
    for (const other of otherTags) place(prebuilt, dir, join('prebuilds', other, 'greeter.node'));

    const none = loadInFreshProcess(dir);
    assert.equal(none.code, 'TSBIND_LOAD_FAILED', JSON.stringify(none));
    const tried = none.attempts!.map((attempt) => attempt.path);
    assert.deepEqual(
      tried,
      addonCandidates(dir, 'greeter', { env: {} }).map((candidate) => candidate.path),
    );
    for (const other of otherTags) assert.ok(!tried.some((path) => path.includes(other)), `${other} was tried`);
    assert.match(none.message!, new RegExp(`no prebuild for ${escapeRegExp(tag)} \\(it has prebuilds for ${[...otherTags].sort().map(escapeRegExp).join(', ')}\\)`));

    // A local build stands in for the missing prebuild...
    const local = place(prebuilt, dir, join('build', 'Release', 'greeter.node'));
    assert.deepEqual(loadInFreshProcess(dir).loaded, [local]);
    // ...and this platform's prebuild, once there, wins over it and over the others.
    const own = place(prebuilt, dir, join('prebuilds', tag, 'greeter.node'));
    assert.deepEqual(loadInFreshProcess(dir).loaded, [own]);
  });
});

describe('tsbind install', () => {
  /** A folder for PATH holding links to only these programs (those that exist here). */
  function binWith(name: string, tools: readonly string[]): string {
    const bin = join(work, `bin-${name}`);
    mkdirSync(bin);
    for (const tool of tools) {
      const path = which(tool);
      if (path) symlinkSync(path, join(bin, tool));
    }
    return bin;
  }

  test('with a prebuild for this platform it builds nothing, and says so', () => {
    assert.ok(existsSync(prebuilt), 'the prebuild test made no prebuild');
    const dir = packageCopy('install-prebuilt');
    place(prebuilt, dir, join('prebuilds', tag, 'greeter.node'));
    place(prebuilt, dir, join('prebuilds', otherArchTag, 'greeter.node'));
    // No CMake and no compiler: a build could not even start.
    const result = tsbind(['install'], dir, cliEnv({ PATH: binWith('install-prebuilt', []), CXX: join(work, 'no-such-c++') }));
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(
      result.stdout,
      new RegExp(`install {2}install-prebuilt: prebuild for ${escapeRegExp(tag)} found, nothing to build \\(prebuilds/${escapeRegExp(tag)}/greeter\\.node\\)`),
    );
    assert.equal(result.stderr, '');
    assert.ok(!existsSync(join(dir, 'build')), 'install built something');
    assert.ok(result.ms < 10_000, `took ${result.ms} ms`);
  });

  test('without a prebuild for this platform it builds from source: Release, no entry files', () => {
    assert.ok(existsSync(prebuilt), 'the prebuild test made no prebuild');
    const dir = packageCopy('install-source');
    place(prebuilt, dir, join('prebuilds', otherArchTag, 'greeter.node'));
    const result = tsbind(['install', '-j', '1'], dir);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(
      result.stdout,
      new RegExp(
        `install {2}install-source: no prebuild of greeter for ${escapeRegExp(tag)} ` +
          `\\(the package has prebuilds for ${escapeRegExp(otherArchTag)}\\); building from source`,
      ),
    );
    assert.match(result.stdout, /\(Release\)/);
    const built = join(dir, 'build', 'Release', 'greeter.node');
    assert.match(result.stdout, /module {2}build\/Release\/greeter\.node/);
    for (const file of ['greeter.js', 'greeter.cjs', 'greeter.d.ts', 'greeter.d.cts']) assert.ok(!existsSync(join(dir, file)), `${file} written`);
    const loaded = loadInFreshProcess(dir);
    assert.equal(loaded.greeting, 'Hello, prebuild', loaded.message);
    assert.deepEqual(loaded.loaded, [built]);
  });

  test('with no compiler it fails, naming the platform, what a build needs and `tsbind doctor`', { skip: !which('cmake') && 'cmake not installed' }, () => {
    assert.ok(existsSync(prebuilt), 'the prebuild test made no prebuild');
    const dir = packageCopy('install-no-compiler');
    place(prebuilt, dir, join('prebuilds', otherArchTag, 'greeter.node'));
    const missing = join(work, 'no-such-c++');
    const env = cliEnv({ PATH: binWith('install-no-compiler', ['cmake', 'ninja']), CXX: missing });
    const result = tsbind(['install', '-j', '1'], dir, env);
    assert.equal(result.status, 1, result.stderr + result.stdout);
    assert.match(
      result.stderr,
      new RegExp(
        `error: Could not install install-no-compiler on ${escapeRegExp(tag)}: no prebuild of greeter for ${escapeRegExp(tag)} ` +
          `\\(the package has prebuilds for ${escapeRegExp(otherArchTag)}\\), and building it from source failed: ` +
          `The C\\+\\+ compiler named by CXX \\(${escapeRegExp(missing)}\\) was not found`,
      ),
    );
    assert.match(result.stderr, /Building from source needs CMake 3\.19 or newer, a C\+\+17 compiler/);
    assert.match(result.stderr, /Run `npx tsbind doctor` to see what is missing/);
    assert.match(result.stderr, new RegExp(`ask the maintainers of install-no-compiler for a ${escapeRegExp(tag)} prebuild`));
    assert.ok(!existsSync(join(dir, 'build', 'Release', 'greeter.node')));
  });

  test('a prebuild for this platform that does not load does not count: it says why, and builds', { skip: !which('cmake') && 'cmake not installed' }, () => {
    const dir = packageCopy('install-broken-prebuild');
    mkdirSync(join(dir, 'prebuilds', tag), { recursive: true });
    writeFileSync(join(dir, 'prebuilds', tag, 'greeter.node'), 'not a shared library\n');
    // Without a compiler the build fails at once; what matters is that it was tried, and why.
    const env = cliEnv({ PATH: binWith('install-broken-prebuild', ['cmake', 'ninja']), CXX: join(work, 'no-such-c++') });
    const result = tsbind(['install'], dir, env);
    assert.equal(result.status, 1, result.stderr + result.stdout);
    assert.match(result.stdout, new RegExp(`prebuilds/${escapeRegExp(tag)}/greeter\\.node does not load here \\(.+\\); building from source`));
    assert.match(result.stderr, /building it from source failed/);
  });

  test('a prebuild cut short does not count either: its headers are checked before it is loaded (it was SIGBUS)', { skip: !which('cmake') && 'cmake not installed' }, () => {
    assert.ok(existsSync(prebuilt), 'the prebuild test made no prebuild');
    const dir = packageCopy('install-truncated-prebuild');
    mkdirSync(join(dir, 'prebuilds', tag), { recursive: true });
    writeFileSync(join(dir, 'prebuilds', tag, 'greeter.node'), readFileSync(prebuilt).subarray(0, 4096));
    const env = cliEnv({ PATH: binWith('install-truncated-prebuild', ['cmake', 'ninja']), CXX: join(work, 'no-such-c++') });
    const result = tsbind(['install'], dir, env);
    assert.equal(result.status, 1, result.stderr + result.stdout);
    assert.match(result.stdout, new RegExp(`prebuilds/${escapeRegExp(tag)}/greeter\\.node does not load here \\(damaged \\S+ file: the file is 4096 bytes long, .+\\); building from source`));
  });

  test('--build-from-source builds even with a matching prebuild', { skip: !which('cmake') && 'cmake not installed' }, () => {
    assert.ok(existsSync(prebuilt), 'the prebuild test made no prebuild');
    const dir = packageCopy('install-forced');
    place(prebuilt, dir, join('prebuilds', tag, 'greeter.node'));
    const env = cliEnv({ PATH: binWith('install-forced', ['cmake', 'ninja']), CXX: join(work, 'no-such-c++') });
    const result = tsbind(['install', '--build-from-source'], dir, env);
    assert.equal(result.status, 1, result.stderr + result.stdout);
    assert.match(result.stdout, /building from source was asked for \(--build-from-source or npm_config_build_from_source\); building from source/);
    const viaNpm = tsbind(['install'], dir, { ...env, npm_config_build_from_source: 'true' });
    assert.equal(viaNpm.status, 1);
    assert.match(viaNpm.stdout, /building from source was asked for/);
  });
});
