// Tests of the `tsbind` command: real CMake builds of a fixture project, real child processes, real failures.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { asanRuntime } from './support/toolchain.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const loader = join(repoRoot, 'dist', 'src', 'loader', 'index.js');
const fixture = join(repoRoot, 'test', 'fixtures', 'minimal');
const entryFixture = join(repoRoot, 'test', 'fixtures', 'entry');
const requireNative = createRequire(import.meta.url);

/** Full path of a program on PATH, or undefined. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}


/**
 * The environment the CLI runs in: this one without a variant pin (the whole
 * suite may itself run under `tsbind run`) and without colours, so messages
 * can be matched as plain text.
 */
function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.TSBIND_VARIANT;
  delete env.FORCE_COLOR;
  for (const [name, value] of Object.entries(extra)) if (value === undefined) delete env[name];
  return env;
}

/** Runs the built CLI to completion. */
function tsbind(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? cliEnv(),
    encoding: 'utf8',
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-cli-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A fresh copy of a fixture project (by default the plain Node-API one), so each build starts from nothing. */
function fixtureCopy(name: string, from = fixture): string {
  const dir = join(work, name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** A copy of the tsbind fixture with tsbind installed in its node_modules, as a user's package has it. */
function packageCopy(name: string): string {
  const dir = fixtureCopy(name, entryFixture);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules', 'tsbind'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module' }));
  return dir;
}

/** Runs an ES module script in `dir` and returns what it printed, parsed as JSON. */
function runScript(dir: string, source: string): unknown {
  writeFileSync(join(dir, 'check.mjs'), source);
  return JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: dir, env: cliEnv(), encoding: 'utf8' }));
}

describe('tsbind build', () => {
  test('builds Release into build/Release, and --debug builds Debug into build/Debug', () => {
    const project = fixtureCopy('variants');

    const release = tsbind(['build', project, '-j', '1']);
    assert.equal(release.status, 0, release.stderr + release.stdout);
    const releaseModule = join(project, 'build', 'Release', 'minimal.node');
    assert.ok(existsSync(releaseModule), `${releaseModule} missing`);
    assert.match(release.stdout, /configure/);
    assert.match(release.stdout, /build/);
    assert.match(release.stdout, /minimal\.node \(\d+(\.\d)? (B|KiB|MiB)\)/);
    // Tool output is hidden unless something fails or --verbose asks for it.
    assert.doesNotMatch(release.stdout, /Build files have been written/);
    // A plain Node-API module has no self-description, so no entry point: said, not failed.
    assert.match(release.stderr + release.stdout, /no entry point for \S*minimal\.node: it is not a tsbind module/);
    assert.ok(!existsSync(join(project, 'minimal.js')));
    const releaseExports = requireNative(releaseModule) as { buildType(): string; path(): string };
    assert.equal(releaseExports.buildType(), 'release');
    assert.equal(releaseExports.path(), releaseModule);

    const debug = tsbind(['build', project, '--debug', '-j', '1']);
    assert.equal(debug.status, 0, debug.stderr + debug.stdout);
    const debugModule = join(project, 'build', 'Debug', 'minimal.node');
    const debugExports = requireNative(debugModule) as { buildType(): string };
    assert.equal(debugExports.buildType(), 'debug');
    assert.ok(!existsSync(join(project, 'build', 'Sanitize')));
  });

  test('--verbose prints the commands it runs and the tool output, and a rebuild keeps the generator', () => {
    const project = fixtureCopy('verbose');
    const first = tsbind(['build', project, '--verbose', '-j', '1']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.ok(first.stdout.includes(`-Dtsbind_DIR=${join(repoRoot, 'cmake')}`), first.stdout);
    assert.match(first.stdout, /-DCMAKE_BUILD_TYPE=Release/);
    assert.match(first.stdout, /-DTSBIND_NODE_API_HEADERS_DIR=\S*node-api-headers/);
    assert.match(first.stdout, /--build \S+ --config Release --parallel 1/);
    assert.match(first.stdout, /Build files have been written/);
    if (which('ninja')) assert.match(first.stdout, /-G Ninja/);

    // A configured folder keeps its generator: asking for one again would make CMake fail.
    const second = tsbind(['build', project, '--verbose', '-j', '1']);
    assert.equal(second.status, 0, second.stderr + second.stdout);
    assert.doesNotMatch(second.stdout, / -G /);
  });

  test('writes a typed ESM and CommonJS entry point per tsbind module, and leaves unchanged files alone', () => {
    const project = packageCopy('entry');
    const first = tsbind(['build', project, '-j', '2']);
    assert.equal(first.status, 0, first.stderr + first.stdout);
    assert.match(first.stdout, /wrote\s+\S*greeter\.d\.ts \(3 exports\)/);
    for (const file of ['greeter.js', 'greeter.cjs', 'greeter.d.ts', 'greeter.d.cts']) assert.ok(existsSync(join(project, file)), `${file} missing`);

    const declarations = readFileSync(join(project, 'greeter.d.ts'), 'utf8');
    assert.match(declarations, /Generated by `tsbind build`/);
    assert.match(declarations, /\/\*\* Greets someone\. \*\/\nexport declare function greet\(name: string\): string;/);
    assert.match(declarations, /export \{ delete_ as delete \};/);
    assert.equal(readFileSync(join(project, 'greeter.d.cts'), 'utf8'), declarations);

    const used = runScript(
      project,
      `import { createRequire } from 'node:module';\n` +
        `import { greet, Counter, delete as remove } from './greeter.js';\n` +
        `const cjs = createRequire(import.meta.url)('./greeter.cjs');\n` +
        `const counter = new Counter();\n` +
        `counter.increment();\n` +
        `console.log(JSON.stringify({ greeting: greet('Ada'), count: counter.increment(), removed: remove(7), same: cjs.Counter === Counter && cjs.greet === greet }));\n`,
    );
    assert.deepEqual(used, { greeting: 'Hello, Ada', count: 2, removed: 7, same: true });

    const again = tsbind(['build', project, '-j', '2']);
    assert.equal(again.status, 0, again.stderr + again.stdout);
    for (const file of ['greeter.d.ts', 'greeter.d.cts', 'greeter.js', 'greeter.cjs']) assert.match(again.stdout, new RegExp(`unchanged\\s+\\S*${file.replaceAll('.', '\\.')}`));
  });

  test('--no-entry writes no entry point; --entry-dir writes it elsewhere, pointing back at the package', () => {
    const project = packageCopy('entry-dir');
    const none = tsbind(['build', project, '--no-entry', '-j', '2']);
    assert.equal(none.status, 0, none.stderr + none.stdout);
    assert.ok(existsSync(join(project, 'build', 'Release', 'greeter.node')));
    assert.ok(!existsSync(join(project, 'greeter.js')));
    assert.doesNotMatch(none.stdout, /wrote/);

    const elsewhere = tsbind(['build', project, '--entry-dir', join(project, 'lib'), '-j', '2']);
    assert.equal(elsewhere.status, 0, elsewhere.stderr + elsewhere.stdout);
    assert.ok(!existsSync(join(project, 'greeter.js')));
    assert.match(readFileSync(join(project, 'lib', 'greeter.js'), 'utf8'), /loadAddon\(new URL\("\.\.\/", import\.meta\.url\), "greeter"\)/);
    const used = runScript(
      project,
      `import { createRequire } from 'node:module';\n` +
        `import { greet } from './lib/greeter.js';\n` +
        `const cjs = createRequire(import.meta.url)('./lib/greeter.cjs');\n` +
        `console.log(JSON.stringify([greet('Bo'), cjs.greet('Cy')]));\n`,
    );
    assert.deepEqual(used, ['Hello, Bo', 'Hello, Cy']);
  });

  test('a missing directory is a clear error', () => {
    const missing = join(work, 'no-such-project');
    const result = tsbind(['build', missing]);
    assert.notEqual(result.status, 0);
    assert.ok(result.stderr.includes(`Directory not found: ${missing}`), result.stderr);
  });

  test('a directory without CMakeLists.txt is a clear error with an example', () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const result = tsbind(['build', empty]);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /has no CMakeLists\.txt/);
    assert.match(result.stderr, /tsbind_add_module\(/);
  });

  test('--sanitize with an unknown sanitizer is rejected before anything runs', () => {
    const project = fixtureCopy('bogus');
    const result = tsbind(['build', project, '--sanitize=address,bogus']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /Unknown sanitizer "bogus"; choose from address, thread, undefined/);
    assert.ok(!existsSync(join(project, 'build')));
  });

  test('--sanitize=address,thread is rejected before anything runs: one sanitizer runtime per process', () => {
    const project = fixtureCopy('address-thread');
    const result = tsbind(['build', project, '--sanitize=thread,address']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /thread cannot be combined with address/);
    assert.ok(!existsSync(join(project, 'build')));
  });

  test('--jobs must be a positive whole number', () => {
    const result = tsbind(['build', fixtureCopy('jobs'), '--jobs', '0']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /whole number of jobs/);
  });

  test('without cmake on PATH it says CMake was not found and how to install it', () => {
    const emptyBin = join(work, 'empty-bin');
    mkdirSync(emptyBin);
    const result = tsbind(['build', fixtureCopy('no-cmake')], { env: cliEnv({ PATH: emptyBin }) });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /CMake was not found on PATH/);
    assert.match(result.stderr, /hint: Install CMake/);
  });

  test('without a C++ compiler it says so, and shows the CMake output', { skip: !which('cmake') && 'cmake not installed' }, () => {
    // A PATH holding only cmake (and ninja): CMake finds no compiler.
    const bin = join(work, 'cmake-only-bin');
    mkdirSync(bin);
    for (const tool of ['cmake', 'ninja']) {
      const path = which(tool);
      if (path) symlinkSync(path, join(bin, tool));
    }
    const result = tsbind(['build', fixtureCopy('no-compiler')], { env: cliEnv({ PATH: bin, CXX: undefined }) });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /No CMAKE_CXX_COMPILER could be found/); // the tool's own output
    assert.match(result.stderr, /error: No C\+\+ compiler was found/);
    assert.match(result.stderr, /hint: Install a C\+\+ compiler/);
  });

  test('a CXX naming no compiler is reported as such', { skip: !which('cmake') && 'cmake not installed' }, () => {
    const result = tsbind(['build', fixtureCopy('bad-cxx')], { env: cliEnv({ CXX: 'tsbind-no-such-compiler' }) });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error: The C\+\+ compiler named by CXX \(tsbind-no-such-compiler\) was not found/);
  });

  test('a compile error fails the build and prints the compiler output', () => {
    const project = fixtureCopy('broken');
    writeFileSync(join(project, 'minimal.cpp'), `${readFileSync(join(project, 'minimal.cpp'), 'utf8')}\nint broken( {\n`);
    const result = tsbind(['build', project, '-j', '1']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /minimal\.cpp/);
    assert.match(result.stderr, /error:/);
    assert.match(result.stderr, /CMake build failed/);
  });
});

describe('progress and --verbose', () => {
  // A progress line of the build tool for the fixture's one source file, as the
  // CLI prints it under its step lines: Ninja's `[1/2] …`, Make's `[ 50%] …`.
  const progressLine = /^ {12}\[\s*\d+(\/\d+|%)\] .*minimal\.cpp\.o$/m;
  // The compiler's own command line for that file.
  const compileCommand = /\s-c \S*minimal\.cpp$/m;

  for (const [command, extra] of [
    ['build', []],
    ['prebuild', ['--no-entry']],
    ['install', []],
  ] as const) {
    test(`tsbind ${command} shows progress lines while it compiles; --verbose shows the configure, build and compiler commands instead`, () => {
      const quiet = tsbind([command, fixtureCopy(`progress-${command}`), ...extra, '-j', '1']);
      assert.equal(quiet.status, 0, quiet.stderr + quiet.stdout);
      assert.match(quiet.stdout, progressLine);
      assert.doesNotMatch(quiet.stdout, /^\$ /m);
      assert.doesNotMatch(quiet.stdout, /-DCMAKE_BUILD_TYPE|--build |Build files have been written/);
      assert.doesNotMatch(quiet.stdout, compileCommand);

      const verbose = tsbind([command, fixtureCopy(`progress-${command}-verbose`), ...extra, '--verbose', '-j', '1']);
      assert.equal(verbose.status, 0, verbose.stderr + verbose.stdout);
      assert.match(verbose.stdout, /^\$ \S*cmake -S \S+ -B \S+ -DCMAKE_BUILD_TYPE=Release /m);
      assert.match(verbose.stdout, /^\$ \S*cmake --build \S+ --config Release --parallel 1 --verbose$/m);
      assert.match(verbose.stdout, /Build files have been written/);
      assert.match(verbose.stdout, compileCommand);
      // The tool's output streams as it is; no progress lines of tsbind's own besides it.
      assert.doesNotMatch(verbose.stdout, progressLine);
    });
  }
});

describe('tsbind run', () => {
  const noAsan = !asanRuntime() && 'the default C++ compiler has no ASan runtime';

  test('sets TSBIND_VARIANT, preloads ASan, sets sanitizer options and returns the exit code', { skip: noAsan }, () => {
    const script = 'const e = process.env; console.log(JSON.stringify([e.TSBIND_VARIANT, e.LD_PRELOAD, e.ASAN_OPTIONS, e.UBSAN_OPTIONS])); process.exit(7)';
    const result = tsbind(['run', '--sanitize=address,undefined', '--', process.execPath, '-e', script], {
      env: cliEnv({ ASAN_OPTIONS: 'abort_on_error=1', UBSAN_OPTIONS: undefined, LD_PRELOAD: undefined }),
    });
    assert.equal(result.status, 7, result.stderr);
    const [variant, preload, asanOptions, ubsanOptions] = JSON.parse(result.stdout) as string[];
    assert.equal(variant, 'Sanitize');
    assert.equal(preload, asanRuntime());
    // tsbind's defaults first, the user's settings after them so that they win.
    assert.equal(asanOptions, 'detect_leaks=0:allocator_may_return_null=1:abort_on_error=1');
    assert.equal(ubsanOptions, 'print_stacktrace=1:halt_on_error=1');
  });

  test('options after the command belong to the command', () => {
    const result = tsbind(['run', '--sanitize=undefined', process.execPath, '-e', 'process.exit(3)']);
    assert.equal(result.status, 3, result.stderr);
  });

  test('a child killed by a signal ends tsbind run by the same signal', { skip: process.platform === 'win32' && 'POSIX signals' }, () => {
    const result = tsbind(['run', '--sanitize=undefined', '--', process.execPath, '-e', "process.kill(process.pid, 'SIGTERM')"]);
    assert.equal(result.signal, 'SIGTERM');
  });

  test('--sanitize is required and validated', () => {
    const missing = tsbind(['run', '--', process.execPath, '-e', '0']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /required option '--sanitize <list>'/);
    const bogus = tsbind(['run', '--sanitize=memory', '--', process.execPath, '-e', '0']);
    assert.notEqual(bogus.status, 0);
    assert.match(bogus.stderr, /Unknown sanitizer "memory"/);
  });

  test('an unknown command is a clear error with exit code 127', () => {
    const result = tsbind(['run', '--sanitize=undefined', '--', 'tsbind-no-such-command']);
    assert.equal(result.status, 127);
    assert.match(result.stderr, /Command not found: tsbind-no-such-command/);
  });

  test('an ASan build loads under tsbind run, from build/Sanitize, and ASan catches an overflow', { skip: noAsan }, () => {
    const project = fixtureCopy('sanitize');
    const built = tsbind(['build', project, '--sanitize=address,undefined', '-j', '1']);
    assert.equal(built.status, 0, built.stderr + built.stdout);
    const sanitizeModule = join(project, 'build', 'Sanitize', 'minimal.node');
    assert.ok(existsSync(sanitizeModule));

    const script = join(project, 'use.mjs');
    writeFileSync(
      script,
      `import { loadAddon } from ${JSON.stringify(loader)};\n` +
        `const m = loadAddon(${JSON.stringify(project)}, 'minimal');\n` +
        `console.log(m.path());\n` +
        `if (process.argv[2] === 'overflow') m.overflow();\n`,
    );
    const ok = tsbind(['run', '--sanitize=address,undefined', '--', process.execPath, script]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), sanitizeModule);

    const overflow = tsbind(['run', '--sanitize=address,undefined', '--', process.execPath, script, 'overflow']);
    assert.notEqual(overflow.status, 0);
    assert.match(overflow.stderr, /AddressSanitizer: heap-buffer-overflow/);
  });
});

test('--version prints the package version', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const result = tsbind(['--version']);
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), manifest.version);
});
