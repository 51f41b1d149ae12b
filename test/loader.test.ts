// Tests of tsbind/loader: search order, variant pin, prebuild preference and failure messages, on real .node files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { AddonLoadError, addonCandidates, currentTarget, loadAddon, prebuildTags, targetTag } from '../src/loader/index.js';
import { BINARY_FORMAT_BY_PLATFORM, binaryProblem } from '../src/loader/binary.js';

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

  test('a junk .node file: the error lists every path tried and why each failed', () => {
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
    // The header check's words (binary.ts), e.g. "not an executable file (it starts with 74 68 69 73) …".
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

describe('damaged files (binary.ts): skipped with a reason, never loaded', () => {
  const loaderModule = join(repoRoot, 'dist', 'src', 'loader', 'index.js');
  const format = BINARY_FORMAT_BY_PLATFORM[process.platform];

  /** Writes `bytes` at `relative` inside `dir`; returns its path. */
  function placeBytes(dir: string, relative: string, bytes: Uint8Array | string): string {
    const path = join(dir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return path;
  }

  /** The reason loadAddon gives for the only file there, build/Release/minimal.node. */
  function reasonFor(bytes: Uint8Array | string): string {
    const dir = packageDir();
    const path = placeBytes(dir, 'build/Release/minimal.node', bytes);
    const attempt = loadError(dir, 'minimal').attempts.find((a) => a.path === path);
    assert.equal(attempt?.found, true);
    return attempt.reason;
  }

  test('a prebuild cut to its first 4 KiB beside a good build/Release: build/Release loads (it was SIGBUS, exit 135)', { skip: !format && 'a platform whose format the loader does not check' }, () => {
    const dir = packageDir();
    const [tag] = prebuildTags(currentTarget());
    placeBytes(dir, join('prebuilds', tag!, 'minimal.node'), readFileSync(realModule).subarray(0, 4096));
    const release = placeModule(dir, 'build/Release/minimal.node');
    // In a child process: were the file loaded, the process would die.
    const script = `import { loadAddon } from ${JSON.stringify(pathToFileURL(loaderModule).href)};\nconsole.log(loadAddon(${JSON.stringify(dir)}, 'minimal').path());`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TSBIND_VARIANT;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
    assert.equal(child.signal, null, `the loader died of ${child.signal}`);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), release);
  });

  test('cut short anywhere: the reason names the file size and the part past its end', { skip: !format && 'a platform whose format the loader does not check' }, () => {
    const real = readFileSync(realModule);
    const damaged = new RegExp(`^damaged ${format} file: the file is (\\d+) bytes long, but .* spans bytes \\d+ to (\\d+) \\(it was probably cut short by an interrupted copy or download\\)$`);
    for (const length of [4096, Math.floor(real.length / 2), real.length - 16]) {
      const reason = reasonFor(real.subarray(0, length));
      const match = damaged.exec(reason);
      assert.ok(match, `${length} bytes: ${reason}`);
      assert.equal(Number(match[1]), length);
      assert.ok(Number(match[2]) > length, reason);
    }
    assert.match(reasonFor(real.subarray(0, 10)), new RegExp(`^damaged ${format} file: `));
  });

  test('empty, foreign and zeroed files', { skip: !format && 'a platform whose format the loader does not check' }, () => {
    assert.equal(reasonFor(''), 'empty file (0 bytes): it was probably cut short by an interrupted copy or download');
    const expected = { ELF: 'an ELF shared library', 'Mach-O': 'a Mach-O library', PE: 'a PE DLL' }[format!];
    assert.equal(reasonFor('PK\x03\x04 a zip archive'), `not an executable file (it starts with 50 4b 03 04): a native module on ${process.platform} is ${expected}`);
    // The first page zeroed (a crash while writing it), the length right.
    const real = readFileSync(realModule);
    const zeroed = Buffer.concat([Buffer.alloc(4096), real.subarray(4096)]);
    assert.equal(reasonFor(zeroed), `not an executable file (it starts with 00 00 00 00): a native module on ${process.platform} is ${expected}`);
    const [foreign, described] = format === 'ELF' ? ['cffaedfe07000001', 'a Mach-O file (built for macOS)'] : ['7f454c4602010100', 'an ELF file (built for Linux or a BSD)'];
    assert.equal(reasonFor(Buffer.concat([Buffer.from(foreign, 'hex'), Buffer.alloc(64)])), `${described}: a native module on ${process.platform} is ${expected}`);
  });

  test('ELF: a sound file that is not a shared library, and headers of the wrong shape', { skip: format !== 'ELF' && 'ELF platforms' }, () => {
    const real = readFileSync(realModule);
    const object = Buffer.from(real);
    object.writeUInt16LE(1, 16); // e_type: ET_REL
    assert.equal(reasonFor(object), `an ELF relocatable object (.o), not a shared library: a native module on ${process.platform} is an ELF shared library`);
    const badClass = Buffer.from(real);
    badClass[4] = 7;
    assert.match(reasonFor(badClass), /^damaged ELF file: its ELF class byte is 7/);
    assert.equal(binaryProblem(realModule), undefined);
  });

  /** A 64-bit Mach-O bundle: the header and one LC_SEGMENT_64 whose contents are `segment` bytes at 4096. */
  function machO(fileType = 8, segment = 4096): Buffer {
    const image = Buffer.alloc(4096 + segment);
    image.writeUInt32LE(0xfeedfacf, 0);
    image.writeUInt32LE(0x0100000c, 4); // CPU_TYPE_ARM64
    image.writeUInt32LE(fileType, 12);
    image.writeUInt32LE(1, 16); // ncmds
    image.writeUInt32LE(72, 20); // sizeofcmds
    image.writeUInt32LE(0x19, 32); // LC_SEGMENT_64
    image.writeUInt32LE(72, 36);
    image.write('__TEXT', 40, 'latin1');
    image.writeBigUInt64LE(4096n, 72); // fileoff
    image.writeBigUInt64LE(BigInt(segment), 80); // filesize
    return image;
  }

  /** A universal file with `image` as its one slice, at 4096. */
  function fat(image: Buffer): Buffer {
    const head = Buffer.alloc(4096);
    head.writeUInt32BE(0xcafebabe, 0);
    head.writeUInt32BE(1, 4);
    head.writeUInt32BE(4096, 16); // offset
    head.writeUInt32BE(image.length, 20); // size
    return Buffer.concat([head, image]);
  }

  /** A PE DLL with one section whose raw data is `size` bytes at 1024. */
  function pe(characteristics = 0x2022, size = 512): Buffer {
    const file = Buffer.alloc(1024 + size);
    file.write('MZ', 0, 'latin1');
    file.writeUInt32LE(64, 0x3c);
    file.write('PE\0\0', 64, 'latin1');
    file.writeUInt16LE(0x8664, 68); // machine: x64
    file.writeUInt16LE(1, 70); // sections
    file.writeUInt16LE(0, 84); // no optional header
    file.writeUInt16LE(characteristics, 86);
    file.write('.text', 88, 'latin1');
    file.writeUInt32LE(size, 88 + 16); // SizeOfRawData
    file.writeUInt32LE(1024, 88 + 20); // PointerToRawData
    return file;
  }

  test('Mach-O and PE headers are checked the same way (synthetic files)', () => {
    const check = (bytes: Buffer, platform: NodeJS.Platform) => binaryProblem(placeBytes(packageDir(), 'm.node', bytes), platform);
    assert.equal(check(machO(), 'darwin'), undefined);
    assert.equal(check(fat(machO()), 'darwin'), undefined);
    assert.equal(
      check(machO().subarray(0, 6000), 'darwin'),
      'damaged Mach-O file: the file is 6000 bytes long, but segment __TEXT spans bytes 4096 to 8192 (it was probably cut short by an interrupted copy or download)',
    );
    assert.equal(
      check(fat(machO()).subarray(0, 8192), 'darwin'),
      'damaged Mach-O file: the file is 8192 bytes long, but slice 0 spans bytes 4096 to 12288 (it was probably cut short by an interrupted copy or download)',
    );
    assert.equal(check(machO(2), 'darwin'), 'a Mach-O executable, not a library or bundle: a native module on darwin is a Mach-O library');
    assert.equal(check(pe(), 'win32'), undefined);
    assert.equal(
      check(pe().subarray(0, 1200), 'win32'),
      'damaged PE file: the file is 1200 bytes long, but section .text spans bytes 1024 to 1536 (it was probably cut short by an interrupted copy or download)',
    );
    assert.equal(check(pe(0x0022), 'win32'), 'a PE executable, not a DLL: a native module on win32 is a PE DLL');
    assert.equal(check(pe(), 'linux'), 'a PE file (built for Windows): a native module on linux is an ELF shared library');
    assert.equal(check(machO(), 'aix'), undefined, 'platforms without a known format are not checked');
  });
});
