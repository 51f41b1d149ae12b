// Tests of tsbind/loader: search order, variant pin, prebuild preference and failure messages, on real .node files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { AddonLoadError, addonCandidates, currentTarget, loadAddon, prebuildTags, targetTag } from '../src/loader/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// The whole suite may run under `tsbind run`, which pins the loader to
// build/Sanitize; these tests set the pin themselves where they need it.
delete process.env.TSBIND_VARIANT;

/** What the fixture module exports. */
interface Minimal {
  buildType(): string;
  path(): string;
}

let work: string;
/** A real Release build of test/fixtures/minimal, made by `tsbind build`. */
let realModule: string;
let counter = 0;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-loader-'));
  const project = join(work, 'fixture');
  cpSync(join(repoRoot, 'test', 'fixtures', 'minimal'), project, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TSBIND_VARIANT;
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'src', 'cli', 'index.js'), 'build', project, '-j', '1'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `tsbind build of the fixture failed:\n${result.stdout}${result.stderr}`);
  realModule = join(project, 'build', 'Release', 'minimal.node');
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A new empty package folder (a new path each time, as require() caches loaded modules by path). */
function packageDir(): string {
  const dir = join(work, `pkg-${++counter}`);
  mkdirSync(dir);
  return dir;
}

/** Puts a copy of the real module at `relative` inside `dir`; returns its path. */
function placeModule(dir: string, relative: string): string {
  const path = join(dir, relative);
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(realModule, path);
  return path;
}

/** Runs `body` with TSBIND_VARIANT set, then unsets it. */
function withVariant<T>(variant: string, body: () => T): T {
  process.env.TSBIND_VARIANT = variant;
  try {
    return body();
  } finally {
    delete process.env.TSBIND_VARIANT;
  }
}

/** The error loadAddon throws, asserted to be an AddonLoadError. */
function loadError(dir: string, name: string): AddonLoadError {
  try {
    loadAddon(dir, name);
  } catch (error) {
    assert.ok(error instanceof AddonLoadError, `expected AddonLoadError, got ${String(error)}`);
    return error;
  }
  assert.fail(`loadAddon(${dir}, ${name}) loaded something`);
}

describe('addonCandidates', () => {
  test('Linux: exact-libc prebuild, plain prebuild, build/Release, build/Debug', () => {
    const paths = addonCandidates('/pkg', 'm', { env: {}, target: { platform: 'linux', arch: 'arm64', libc: 'musl' } });
    assert.deepEqual(paths, [
      { path: '/pkg/prebuilds/linux-arm64-musl/m.node', kind: 'prebuild' },
      { path: '/pkg/prebuilds/linux-arm64/m.node', kind: 'prebuild' },
      { path: '/pkg/build/Release/m.node', kind: 'build' },
      { path: '/pkg/build/Debug/m.node', kind: 'build' },
    ]);
  });

  test('platforms without a libc split have one prebuild folder', () => {
    const paths = addonCandidates('/pkg', 'm', { env: {}, target: { platform: 'darwin', arch: 'arm64' } }).map((c) => c.path);
    assert.deepEqual(paths, ['/pkg/prebuilds/darwin-arm64/m.node', '/pkg/build/Release/m.node', '/pkg/build/Debug/m.node']);
  });

  test('TSBIND_VARIANT leaves only that build folder', () => {
    assert.deepEqual(addonCandidates('/pkg', 'm', { env: { TSBIND_VARIANT: 'Sanitize' } }), [
      { path: '/pkg/build/Sanitize/m.node', kind: 'variant' },
    ]);
  });

  test('defaults to this process: its target and its environment', () => {
    const tags = prebuildTags(currentTarget());
    assert.equal(tags[0], targetTag(currentTarget()));
    assert.equal(addonCandidates('/pkg', 'm')[0]?.path, `/pkg/prebuilds/${tags[0]}/m.node`);
    if (process.platform === 'linux') assert.match(targetTag(currentTarget()), /^linux-[^-]+-(glibc|musl)$/);
    withVariant('Debug', () => assert.deepEqual(addonCandidates('/pkg', 'm').map((c) => c.path), ['/pkg/build/Debug/m.node']));
  });

  test('accepts a file: URL for the folder and rejects a name with a path in it', () => {
    assert.equal(addonCandidates(pathToFileURL('/pkg/'), 'm', { env: { TSBIND_VARIANT: 'Debug' } })[0]?.path, '/pkg/build/Debug/m.node');
    assert.throws(() => addonCandidates('/pkg', '../m'), TypeError);
    assert.throws(() => addonCandidates('/pkg', ''), TypeError);
  });
});

describe('loadAddon', () => {
  test('loads build/Release and returns the module exports, the same object on a second load', () => {
    const dir = packageDir();
    const path = placeModule(dir, 'build/Release/minimal.node');
    const first = loadAddon<Minimal>(dir, 'minimal');
    assert.equal(first.path(), path);
    assert.equal(first.buildType(), 'release');
    assert.equal(loadAddon<Minimal>(pathToFileURL(`${dir}/`), 'minimal'), first);
  });

  test('prefers the prebuild for this platform over build/Release', () => {
    const dir = packageDir();
    const [tag] = prebuildTags(currentTarget());
    const prebuild = placeModule(dir, `prebuilds/${tag}/minimal.node`);
    placeModule(dir, 'build/Release/minimal.node');
    assert.equal(loadAddon<Minimal>(dir, 'minimal').path(), prebuild);
  });

  test('on Linux, falls back to the plain <platform>-<arch> prebuild folder', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
    const dir = packageDir();
    const plain = placeModule(dir, `prebuilds/${process.platform}-${process.arch}/minimal.node`);
    placeModule(dir, 'build/Release/minimal.node');
    assert.equal(loadAddon<Minimal>(dir, 'minimal').path(), plain);
  });

  test('a prebuild that fails to load is skipped for a local build that works', () => {
    const dir = packageDir();
    const [tag] = prebuildTags(currentTarget());
    mkdirSync(join(dir, 'prebuilds', tag!), { recursive: true });
    writeFileSync(join(dir, 'prebuilds', tag!, 'minimal.node'), 'not a shared library\n');
    const release = placeModule(dir, 'build/Release/minimal.node');
    assert.equal(loadAddon<Minimal>(dir, 'minimal').path(), release);
  });

  test('TSBIND_VARIANT restricts the search to that build folder', () => {
    const dir = packageDir();
    placeModule(dir, 'build/Release/minimal.node');
    const error = withVariant('Debug', () => loadError(dir, 'minimal'));
    assert.deepEqual(error.attempts, [{ path: join(dir, 'build/Debug/minimal.node'), found: false, reason: 'not found' }]);
    assert.match(error.message, /TSBIND_VARIANT=Debug limits the search/);
    assert.match(error.message, /tsbind build --debug/);

    const debug = placeModule(dir, 'build/Debug/minimal.node');
    assert.equal(withVariant('Debug', () => loadAddon<Minimal>(dir, 'minimal')).path(), debug);
  });

  test('a junk .node file: the error lists every path tried and the dynamic linker\'s own error', () => {
    const dir = packageDir();
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    const junk = join(dir, 'build', 'Release', 'minimal.node');
    writeFileSync(junk, 'this is not a shared library, it is plain text padded out to be long enough to parse a header\n'.repeat(8));
    const error = loadError(dir, 'minimal');
    assert.equal(error.code, 'TSBIND_LOAD_FAILED');
    assert.deepEqual(
      error.attempts.map((a) => a.path),
      addonCandidates(dir, 'minimal').map((c) => c.path),
    );
    for (const candidate of addonCandidates(dir, 'minimal')) assert.ok(error.message.includes(candidate.path), candidate.path);
    const junkAttempt = error.attempts.find((a) => a.path === junk);
    assert.equal(junkAttempt?.found, true);
    assert.notEqual(junkAttempt?.reason, 'not found');
    // The linker's words, e.g. "invalid ELF header" on Linux, "not a mach-o file" on macOS.
    assert.ok(error.message.includes(`${junk}: ${junkAttempt?.reason}`), error.message);
    assert.match(error.message, /found but did not load/);
    for (const attempt of error.attempts.filter((a) => a.path !== junk)) assert.equal(attempt.reason, 'not found');
  });

  test('nothing there: names the platform, the prebuilds the package has, and `tsbind build`', () => {
    const dir = packageDir();
    mkdirSync(join(dir, 'prebuilds', 'tsbind-test-os-arch'), { recursive: true });
    const error = loadError(dir, 'minimal');
    const tag = targetTag(currentTarget());
    assert.match(error.message, new RegExp(`could not load native module "minimal" \\(${tag}, Node ${process.versions.node}`));
    assert.ok(error.message.includes(`no prebuild for ${tag} (it has prebuilds for tsbind-test-os-arch)`), error.message);
    assert.match(error.message, /run `tsbind build` in/);
    assert.ok(error.attempts.every((a) => !a.found));
  });
});
