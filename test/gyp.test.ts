// Tests of tsbind for node-gyp (gyp/tsbind.gyp, gyp/tsbind.gypi, `require('tsbind/gyp')`): the example package
// examples/matrix built with a binding.gyp by node-gyp, against the local Node headers (no download), and with
// CMake by `tsbind build`; both modules must load, behave and describe themselves the same.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const example = join(repoRoot, 'examples', 'matrix');

/** Full path of a program on PATH, or undefined. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * node-gyp's script, without installing anything: the one npm names to its
 * scripts, one in tsbind's node_modules, the one on PATH, or the copy npm
 * bundles beside this node.
 */
function findNodeGyp(): string | undefined {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(repoRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    which('node-gyp'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), // Windows
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

/**
 * A folder that holds this node's headers as node-gyp's --nodedir wants them
 * (include/node/common.gypi and node_api.h): npm's `nodedir` setting, or the
 * prefix this node is installed in (/usr for /usr/bin/node with /usr/include/node).
 */
function findNodeDir(): string | undefined {
  const candidates = [process.env.npm_config_nodedir, join(dirname(process.execPath), '..')];
  return candidates.find(
    (dir): dir is string =>
      Boolean(dir) && existsSync(join(dir!, 'include', 'node', 'common.gypi')) && existsSync(join(dir!, 'include', 'node', 'node_api.h')),
  );
}

const nodeGyp = findNodeGyp();
const nodeDir = findNodeDir();
const skip = !nodeGyp
  ? 'node-gyp not found (not in node_modules, on PATH, or bundled with npm)'
  : !nodeDir
    ? 'no local Node headers (include/node/common.gypi) for --nodedir; node-gyp would download them'
    : !which('python3') && !which('python')
      ? 'no Python for gyp'
      : false;

/** This environment without colours or a variant pin. */
function env(): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete copy.TSBIND_VARIANT;
  delete copy.FORCE_COLOR;
  return copy;
}

/** Every file under `dir` with its size and modification time, to tell whether anything wrote into it. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path), `${statSync(path).size}:${statSync(path).mtimeMs}`);
    }
  };
  walk(dir);
  return files;
}

/** What the matrix module does with a few calls, as JSON: the same for every build of it. */
const BEHAVIOUR = `
const m = require(process.argv[1]);
const a = m.Matrix.fromRows([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]]);
const x = Array.from(a.solve([8, -11, -3]), (v) => Math.round(v * 1e9) / 1e9);
const caught = (f) => { try { f(); return 'no error'; } catch (e) { return [e.constructor.name, e instanceof Error, e.message]; } };
console.log(JSON.stringify({
  x,
  text: m.Matrix.identity(2).toString(),
  outOfRange: caught(() => a.get(5, 5)),
  singular: caught(() => m.Matrix.fromRows([[1, 2], [2, 4]]).solve([1, 2])),
  singularClass: (() => { try { m.Matrix.fromRows([[1, 2], [2, 4]]).solve([1, 2]); } catch (e) { return e instanceof m.SingularMatrixError; } })(),
  badArgument: caught(() => a.solve('nope')),
}));
`;

function behaviour(module: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['-e', BEHAVIOUR, module], { env: env(), encoding: 'utf8' }));
}

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-gyp-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The example's sources, without its node_modules and builds. */
function exampleCopy(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const file of ['src', 'CMakeLists.txt', 'package.json']) cpSync(join(example, file), join(dir, file), { recursive: true });
  return dir;
}

/**
 * tsbind as `npm install` puts it in a package: the published files in
 * node_modules/tsbind (a copy, as npm makes it; gyp follows symlinks and would
 * write its build files beside the real folder), node-api-headers beside it.
 */
function installTsbind(dir: string): string {
  const installed = join(dir, 'node_modules', 'tsbind');
  mkdirSync(installed, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
  for (const file of ['package.json', 'gyp', 'include', 'src/core']) {
    assert.ok(file === 'package.json' || manifest.files.includes(file), `${file} is not in package.json "files"`);
    cpSync(join(repoRoot, file), join(installed, file), { recursive: true });
  }
  const headers = dirname(createRequire(join(repoRoot, 'package.json')).resolve('node-api-headers/package.json'));
  symlinkSync(headers, join(dir, 'node_modules', 'node-api-headers'), 'dir');
  return installed;
}

const BINDING_GYP = `{
  'targets': [
    {
      'target_name': 'matrix',
      'sources': ['src/matrix.cpp'],
      'dependencies': ["<!(node -p \\"require('tsbind/gyp').target\\")"],
    },
  ],
}
`;

describe('node-gyp', { skip }, () => {
  let gypDir: string;
  let installed: string;
  let installedBefore: Map<string, string>;
  let gypRun: { status: number | null; output: string };

  test('`require(\'tsbind/gyp\').target` names tsbind.gyp relative to the folder of the binding.gyp', () => {
    gypDir = exampleCopy('matrix-gyp');
    installed = installTsbind(gypDir);
    const paths = JSON.parse(execFileSync(process.execPath, ['-p', "JSON.stringify(require('tsbind/gyp'))"], { cwd: gypDir, encoding: 'utf8' })) as Record<string, string>;
    assert.equal(paths.target, 'node_modules/tsbind/gyp/tsbind.gyp:tsbind');
    assert.equal(paths.include_dir, join(installed, 'include'));
    assert.ok(existsSync(join(paths.node_api_include_dir!, 'node_api.h')));
    // The core sources, as tsbind.gyp sees them from its own folder.
    const fromGyp = execFileSync(process.execPath, ['-p', "require('tsbind/gyp').core_sources"], { cwd: join(installed, 'gyp'), encoding: 'utf8' }).trim().split(' ');
    const core = readdirSync(join(repoRoot, 'src', 'core')).filter((file) => file.endsWith('.cpp')).sort();
    assert.deepEqual(fromGyp, core.map((file) => `../src/core/${file}`));
  });

  test('node-gyp rebuild with --nodedir builds the example with a binding.gyp that depends on tsbind', () => {
    writeFileSync(join(gypDir, 'binding.gyp'), BINDING_GYP);
    installedBefore = snapshot(installed);
    // --nodedir: this machine's headers; a dist-url that cannot answer makes sure nothing is downloaded.
    const result = spawnSync(process.execPath, [nodeGyp!, 'rebuild', `--nodedir=${nodeDir}`, '--dist-url=http://127.0.0.1:9', '-j', '1'], {
      cwd: gypDir,
      env: env(),
      encoding: 'utf8',
    });
    gypRun = { status: result.status, output: result.stdout + result.stderr };
    assert.equal(result.status, 0, gypRun.output);
    assert.ok(existsSync(join(gypDir, 'build', 'Release', 'matrix.node')));
  });

  test('the flags node-gyp compiled with: exceptions and RTTI on, C++17, NAPI_VERSION=8, tsbind and Node-API headers', () => {
    assert.equal(gypRun?.status, 0);
    const makefile = readFileSync(join(gypDir, 'build', 'matrix.target.mk'), 'utf8');
    const release = makefile.slice(makefile.indexOf('CFLAGS_CC_Release'));
    assert.doesNotMatch(makefile, /-fno-exceptions|-fno-rtti/);
    assert.match(release, /-fexceptions/);
    assert.match(release, /-frtti/);
    assert.match(release, /-std=gnu\+\+17/);
    assert.match(makefile, /-DNAPI_VERSION=8\b/);
    assert.match(makefile, /-I\$\(srcdir\)\/node_modules\/tsbind\/include/);
    assert.match(makefile, /node-api-headers\/include/);
    // Everything gyp wrote is in the project's build folder; the installed tsbind is untouched.
    assert.deepEqual(snapshot(installed), installedBefore);
    assert.deepEqual(readdirSync(gypDir).sort(), ['CMakeLists.txt', 'binding.gyp', 'build', 'node_modules', 'package.json', 'src']);
  });

  test('the node-gyp module loads, and calls, errors and self-description match the CMake build of the same example', () => {
    assert.equal(gypRun?.status, 0);
    const cmakeDir = exampleCopy('matrix-cmake');
    const built = spawnSync(process.execPath, [cli, 'build', cmakeDir, '--no-entry', '-j', '1'], { env: env(), encoding: 'utf8' });
    assert.equal(built.status, 0, built.stdout + built.stderr);

    const fromGyp = join(gypDir, 'build', 'Release', 'matrix.node');
    const fromCmake = join(cmakeDir, 'build', 'Release', 'matrix.node');
    const gypBehaviour = behaviour(fromGyp) as Record<string, unknown>;
    const { badArgument, ...rest } = gypBehaviour;
    assert.deepEqual(rest, {
      x: [2, 3, -1],
      text: 'Matrix(2x2)\n     1.000    0.000\n     0.000    1.000',
      outOfRange: ['RangeError', true, '(5, 5) is outside 3x3'],
      singular: ['SingularMatrixError', true, 'the matrix is singular'],
      singularClass: true,
    });
    assert.equal((badArgument as string[])[0], 'TypeError');
    assert.deepEqual(behaviour(fromCmake), gypBehaviour);

    // The module describes itself identically: the same declarations from either build.
    const declarations = (module: string) => {
      const result = spawnSync(process.execPath, [cli, 'typegen', module], { env: env(), encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    const gypDeclarations = declarations(fromGyp);
    assert.match(gypDeclarations, /export declare class Matrix/);
    assert.equal(gypDeclarations, declarations(fromCmake));
  });
});
