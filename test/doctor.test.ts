// Tests of `tsbind doctor`: the real toolchain of this machine, and real failures made by changing the child's PATH and CXX.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { after, before, describe } from 'node:test';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repoRoot, 'dist', 'src', 'cli', 'index.js');

/** What `tsbind doctor --json` prints: one entry per check. */
interface CheckResult {
  check: string;
  status: 'ok' | 'warning' | 'problem';
  found: string;
  fix: string | null;
}

const CHECKS = ['node', 'compiler', 'cmake', 'build-tool', 'node-api-headers', 'ccache', 'clang', 'asan-runtime', 'tsan-runtime'];
/** Programs a compiler needs on PATH: the drivers, and the assembler and linker GCC runs from PATH. */
const COMPILER_TOOLS = ['c++', 'g++', 'clang++', 'as', 'ld'];

/** Full path of a program on PATH, or undefined. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'tsbind-doctor-test-'));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/**
 * The environment doctor runs in: this one without colours (so lines can be
 * matched as text), with CXX and CMAKE_GENERATOR unset unless given, and a
 * TMPDIR of its own so that the test compile's cleanup can be checked.
 */
function doctorEnv(name: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CXX: undefined, CMAKE_GENERATOR: undefined, ...extra };
  delete env.FORCE_COLOR;
  env.TMPDIR = join(work, `tmp-${name}`);
  mkdirSync(env.TMPDIR);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

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

/** Runs the built CLI's `doctor` to completion. */
function doctor(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [cli, 'doctor', ...args], { cwd: repoRoot, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `doctor --json` and returns its exit code and results by check. */
function doctorJson(env: NodeJS.ProcessEnv): { status: number | null; results: Map<string, CheckResult>; raw: string } {
  const result = doctor(['--json'], env);
  assert.equal(result.stderr, '');
  const list = JSON.parse(result.stdout) as CheckResult[];
  assert.deepEqual(
    list.map((r) => r.check),
    CHECKS,
  );
  for (const r of list) {
    assert.deepEqual(Object.keys(r).sort(), ['check', 'fix', 'found', 'status'], JSON.stringify(r));
    assert.ok(['ok', 'warning', 'problem'].includes(r.status), JSON.stringify(r));
    // A fix exactly when something is wrong.
    assert.equal(r.fix === null, r.status === 'ok', JSON.stringify(r));
  }
  return { status: result.status, results: new Map(list.map((r) => [r.check, r])), raw: result.stdout };
}

/** One check's result, which must be there. */
function get(results: Map<string, CheckResult>, check: string): CheckResult {
  const result = results.get(check);
  assert.ok(result, `no result for ${check}`);
  return result;
}

describe('tsbind doctor on this machine', () => {
  test('--json: every required check passes, with the versions and paths found, and exit code 0', () => {
    const env = doctorEnv('json');
    const { status, results, raw } = doctorJson(env);
    assert.equal(status, 0, raw);
    for (const check of ['node', 'compiler', 'cmake', 'build-tool', 'node-api-headers']) assert.equal(get(results, check).status, 'ok', raw);
    // Optional tools are at worst warnings.
    for (const check of ['ccache', 'asan-runtime', 'tsan-runtime']) assert.notEqual(get(results, check).status, 'problem', raw);

    assert.ok(get(results, 'node').found.startsWith(`${process.version}, Node-API ${process.versions.napi}`), raw);
    assert.match(get(results, 'compiler').found, /^(GCC|clang|Apple clang) \d+\.\d+\S* at \S+, compiles C\+\+17$/);
    const cmakeVersion = /cmake version (\S+)/.exec(execFileSync('cmake', ['--version'], { encoding: 'utf8' }))?.[1];
    assert.equal(get(results, 'cmake').found, `${cmakeVersion} at ${which('cmake')}`);
    if (which('ninja')) assert.match(get(results, 'build-tool').found, new RegExp(`^ninja \\d+\\.\\d+\\S* at ${which('ninja')}`));
    assert.match(get(results, 'node-api-headers').found, /^\d+\.\d+\.\d+ at \S*node-api-headers$/);
    if (!which('ccache')) assert.equal(get(results, 'ccache').status, 'warning');

    // The C++17 test compile cleans up after itself.
    assert.deepEqual(readdirSync(env.TMPDIR ?? ''), []);
  });

  test('prints one line per check and a summary', () => {
    const result = doctor([], doctorEnv('text'));
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^tsbind doctor \(tsbind \d+\.\d+\.\d+, \w+-\w+\)$/m);
    assert.match(result.stdout, /^ {5}ok {2}node {14}v\d+\.\d+\.\d+, Node-API \d+ \(modules target Node-API 8\)$/m);
    assert.match(result.stdout, /^ {5}ok {2}compiler {10}.* compiles C\+\+17$/m);
    assert.match(result.stdout, /^ {5}ok {2}cmake {13}\d+\.\d+/m);
    assert.match(result.stdout, /^ {5}ok {2}build-tool {8}\S/m);
    assert.match(result.stdout, /^ {5}ok {2}node-api-headers {2}\d/m);
    assert.match(result.stdout, /^No problems\b.*: ready to build tsbind modules\.$/m);
    assert.doesNotMatch(result.stdout, /^problem /m);
  });

  test('a missing optional tool is only a warning: exit code 0', { skip: !which('cmake') && 'cmake not installed' }, () => {
    // Compiler, cmake and a build tool, but no ccache.
    const bin = binWith('no-ccache', [...COMPILER_TOOLS, 'cmake', 'ninja', 'make']);
    const { status, results, raw } = doctorJson(doctorEnv('no-ccache', { PATH: bin }));
    assert.equal(status, 0, raw);
    const ccache = get(results, 'ccache');
    assert.equal(ccache.status, 'warning');
    assert.equal(ccache.found, 'not found on PATH (optional)');
    assert.match(ccache.fix ?? '', /faster rebuilds/);
  });

  test('a missing clang is a warning that says how to install it (only `tsbind generate` needs it)', { skip: !which('cmake') && 'cmake not installed' }, () => {
    const bin = binWith('no-clang', [...COMPILER_TOOLS.filter((t) => t !== 'clang++'), 'cmake', 'ninja', 'make']);
    const { status, results, raw } = doctorJson(doctorEnv('no-clang', { PATH: bin }));
    assert.equal(status, 0, raw);
    const clang = get(results, 'clang');
    assert.equal(clang.status, 'warning');
    assert.match(clang.found, /tsbind generate/);
    assert.match(clang.fix ?? '', /apt-get install clang/);
  });

  test('without ninja, make is the build tool', { skip: !which('make') && 'make not installed' }, () => {
    const bin = binWith('make-only', [...COMPILER_TOOLS, 'cmake', 'make']);
    const { status, results, raw } = doctorJson(doctorEnv('make-only', { PATH: bin }));
    assert.equal(status, 0, raw);
    assert.match(get(results, 'build-tool').found, /make .* \(no ninja: CMake uses Unix Makefiles\)$/i);
  });
});

describe('tsbind doctor finds real problems', () => {
  test('no cmake on PATH: a problem, with install commands, and exit code 1', () => {
    const bin = binWith('no-cmake', [...COMPILER_TOOLS, 'ninja', 'make']);
    const { status, results, raw } = doctorJson(doctorEnv('no-cmake', { PATH: bin }));
    assert.equal(status, 1, raw);
    const cmake = get(results, 'cmake');
    assert.equal(cmake.status, 'problem');
    assert.equal(cmake.found, 'not found on PATH');
    assert.match(cmake.fix ?? '', /^Install CMake 3\.19 or newer: /);
    // Only cmake is missing.
    assert.equal(get(results, 'compiler').status, 'ok', raw);
    assert.equal(get(results, 'build-tool').status, 'ok', raw);

    const text = doctor([], doctorEnv('no-cmake-text', { PATH: bin }));
    assert.equal(text.status, 1);
    assert.match(text.stdout, /^problem {2}cmake {13}not found on PATH\n {9}fix: Install CMake 3\.19 or newer/m);
    assert.match(text.stdout, /^1 problem\b.*: `tsbind build` will fail until it is fixed\.$/m);
  });

  test('an empty PATH: no compiler, no cmake, no build tool', () => {
    const bin = binWith('empty', []);
    const { status, results, raw } = doctorJson(doctorEnv('empty', { PATH: bin }));
    assert.equal(status, 1, raw);
    const compiler = get(results, 'compiler');
    assert.equal(compiler.status, 'problem');
    assert.equal(compiler.found, 'none: CXX is not set and no c++, g++ or clang++ is on PATH');
    assert.match(compiler.fix ?? '', /Install a C\+\+ compiler/);
    assert.equal(get(results, 'cmake').status, 'problem');
    const buildTool = get(results, 'build-tool');
    assert.equal(buildTool.status, 'problem');
    assert.equal(buildTool.found, 'neither ninja nor make on PATH');
    assert.match(buildTool.fix ?? '', /Install Ninja/);
    // The headers come from npm, not from PATH.
    assert.equal(get(results, 'node-api-headers').status, 'ok');
  });

  test('CXX naming a compiler that does not exist', () => {
    const { status, results, raw } = doctorJson(doctorEnv('missing-cxx', { CXX: 'tsbind-no-such-compiler' }));
    assert.equal(status, 1, raw);
    const compiler = get(results, 'compiler');
    assert.equal(compiler.status, 'problem');
    assert.equal(compiler.found, 'CXX=tsbind-no-such-compiler: tsbind-no-such-compiler not found');
    assert.match(compiler.fix ?? '', /^Set CXX to an installed compiler, or unset it to use the default\./);
    // The sanitizer runtimes are asked of the same compiler; optional, so warnings.
    assert.equal(get(results, 'asan-runtime').status, 'warning');
    assert.equal(get(results, 'tsan-runtime').status, 'warning');
  });

  test('CXX naming a "compiler" that fails to compile C++17', { skip: process.platform === 'win32' && 'a shell script as compiler' }, () => {
    const fake = join(work, 'fake-cxx');
    writeFileSync(fake, '#!/bin/sh\necho "fake-cxx: error: C++17 is not supported" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    const env = doctorEnv('fake-cxx', { CXX: fake });
    const { status, results, raw } = doctorJson(env);
    assert.equal(status, 1, raw);
    const compiler = get(results, 'compiler');
    assert.equal(compiler.status, 'problem');
    assert.equal(compiler.found, `unknown version at ${fake} (from CXX): does not compile C++17`);
    assert.ok(compiler.fix?.includes(`\`${fake} -std=c++17 check.cpp -o check\` failed on a small C++17 program`), compiler.fix ?? '');
    // The compiler's own words, then what to do.
    assert.ok(compiler.fix?.includes('(exit code 1: fake-cxx: error: C++17 is not supported)'), compiler.fix ?? '');
    assert.match(compiler.fix ?? '', /Set CXX to such a compiler, or unset it to use the default\.$/);
    assert.deepEqual(readdirSync(env.TMPDIR ?? ''), []);
  });
});
