// `tsbind doctor`: check the toolchain a tsbind build needs, one line per check, with a concrete fix for each problem.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { clangInstallHint, findClang } from '../../generate/clang.js';
import { CliError } from '../errors.js';
import { installHint } from '../install-hints.js';
import { displayPath } from '../log.js';
import { nodeApiHeadersDir } from '../node-api-headers.js';
import { packageRoot, packageVersion } from '../package-root.js';
import { RUNTIMES, runtimePreload, type RuntimeSanitizer } from '../sanitizer-runtime.js';
import {
  chooseCompiler,
  compilerVersion,
  compilesCxx17,
  defaultCompilers,
  findVisualStudio,
  firstLine,
  toolOutput,
  versionAtLeast,
} from '../toolchain.js';
import { findOnPath } from '../which.js';

/** Lowest Node.js major version: package.json `engines.node`. */
const MIN_NODE_MAJOR = 20;
/** Node-API version modules are built for: TSBIND_NAPI_VERSION in cmake/tsbindConfig.cmake. */
const NAPI_TARGET = 8;
/** Lowest CMake: cmake_minimum_required in cmake/tsbindConfig.cmake. */
const MIN_CMAKE = '3.19';

/** ok: fine; warning: an optional tool is missing (the build still works); problem: `tsbind build` will fail. */
export type CheckStatus = 'ok' | 'warning' | 'problem';

/** The outcome of one check, as printed and as `--json` gives it. */
export interface CheckResult {
  /** Which check: node, compiler, cmake, build-tool, node-api-headers, ccache, asan-runtime, tsan-runtime. */
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found: version and path, or what is missing. */
  readonly found: string;
  /** How to fix it; null when the status is ok. */
  readonly fix: string | null;
}

/** Options of `tsbind doctor`, as commander parses them. */
export interface DoctorOptions {
  /** Print the results as a JSON array instead of lines. */
  readonly json?: boolean;
}

function ok(check: string, found: string): CheckResult {
  return { check, status: 'ok', found, fix: null };
}

function problem(check: string, found: string, fix: string): CheckResult {
  return { check, status: 'problem', found, fix };
}

function warning(check: string, found: string, fix: string): CheckResult {
  return { check, status: 'warning', found, fix };
}

/** The Node.js running tsbind, and its Node-API version. */
function checkNode(): CheckResult {
  const major = Number(process.versions.node.split('.')[0]);
  const napi = Number(process.versions.napi ?? 0);
  const found = `${process.version}, Node-API ${napi || 'unknown'}`;
  if (major < MIN_NODE_MAJOR) return problem('node', found, `tsbind needs Node.js ${MIN_NODE_MAJOR} or newer. ${installHint('node')}`);
  if (napi < NAPI_TARGET) return problem('node', found, `tsbind modules need Node-API ${NAPI_TARGET}. ${installHint('node')}`);
  return ok('node', `${found} (modules target Node-API ${NAPI_TARGET})`);
}

/** The C++ compiler CMake would use, its version, and a real C++17 compile and link. */
async function checkCompiler(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const choice = chooseCompiler(env);
  if (!choice) {
    if (process.platform === 'win32') {
      const vs = await findVisualStudio(env);
      if (vs && (findOnPath('ninja', env) || env.CMAKE_GENERATOR?.startsWith('Ninja'))) {
        return problem(
          'compiler',
          `${vs.name} ${vs.version}, but cl.exe is not on PATH`,
          'With Ninja, CMake needs cl.exe on PATH: run from the "x64 Native Tools Command Prompt for VS" (or a Developer PowerShell).',
        );
      }
      if (vs) {
        return warning(
          'compiler',
          `${vs.name} ${vs.version} at ${vs.path} (cl.exe not on PATH, so C++17 was not tested)`,
          'CMake\'s Visual Studio generator finds cl.exe by itself; to test it, run `tsbind doctor` from a Developer Command Prompt.',
        );
      }
    }
    const names = defaultCompilers();
    const list = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    return problem('compiler', `none: CXX is not set and no ${list} is on PATH`, installHint('compiler'));
  }
  const cxx = choice.words.join(' ');
  if (!choice.path) {
    return problem(
      'compiler',
      `CXX=${cxx}: ${choice.words[0]} not found`,
      `Set CXX to an installed compiler, or unset it to use the default. ${installHint('compiler')}`,
    );
  }
  const where = `${displayPath(choice.path)}${choice.source === 'PATH' ? '' : cxx === choice.path ? ' (from CXX)' : ` (CXX=${cxx})`}`;
  const version = (await compilerVersion(choice, env)) ?? 'unknown version';
  const test = await compilesCxx17(choice, env);
  if (test.ok) return ok('compiler', `${version} at ${where}, compiles C++17`);
  const next = choice.source === 'CXX' ? 'Set CXX to such a compiler, or unset it to use the default.' : installHint('compiler');
  return problem(
    'compiler',
    `${version} at ${where}: does not compile C++17`,
    `\`${test.command}\` failed on a small C++17 program (${test.reason}). ` +
      `tsbind needs C++17: GCC 7, Clang 5, Visual Studio 2017 15.7 or newer. ${next}`,
  );
}

/** CMake on PATH, 3.19 or newer. */
async function checkCmake(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const cmake = findOnPath('cmake', env);
  if (!cmake) return problem('cmake', 'not found on PATH', installHint('cmake'));
  const output = await toolOutput(cmake, ['--version'], env);
  const version = output === undefined ? undefined : /cmake version (\d+(?:\.\d+)+)/i.exec(output)?.[1];
  if (!version) return problem('cmake', `${cmake}: \`cmake --version\` failed`, `Reinstall CMake. ${installHint('cmake')}`);
  if (!versionAtLeast(version, MIN_CMAKE)) {
    return problem('cmake', `${version} at ${cmake}, older than ${MIN_CMAKE}`, installHint('cmake'));
  }
  return ok('cmake', `${version} at ${cmake}`);
}

/**
 * What runs the compiles: Ninja when it is on PATH (`tsbind build` picks it),
 * else make, or on Windows Visual Studio's MSBuild. A generator chosen through
 * CMAKE_GENERATOR is honoured, as `tsbind build` does.
 */
async function checkBuildTool(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const generator = env.CMAKE_GENERATOR;
  if (generator && !/^(Ninja|Unix Makefiles)/.test(generator)) return ok('build-tool', `CMake's "${generator}" generator (CMAKE_GENERATOR)`);
  const pinned = generator ? ` (CMAKE_GENERATOR=${generator})` : '';
  if (!generator?.startsWith('Unix Makefiles')) {
    const ninja = findOnPath('ninja', env);
    if (ninja) {
      const version = firstLine((await toolOutput(ninja, ['--version'], env)) ?? '') || 'unknown version';
      return ok('build-tool', `ninja ${version} at ${ninja}${pinned}`);
    }
    if (generator) {
      return problem('build-tool', `CMAKE_GENERATOR=${generator}, but ninja is not on PATH`, `${installHint('buildTool')} Or unset CMAKE_GENERATOR.`);
    }
    if (process.platform === 'win32') {
      const vs = await findVisualStudio(env);
      if (vs) return ok('build-tool', `${vs.name} ${vs.version} (MSBuild, CMake's default generator on Windows)`);
      return problem('build-tool', 'neither ninja nor Visual Studio found', installHint('buildTool'));
    }
  }
  const make = findOnPath('make', env);
  if (!make) {
    const found = generator ? `CMAKE_GENERATOR=${generator}, but make is not on PATH` : 'neither ninja nor make on PATH';
    return problem('build-tool', found, installHint('buildTool'));
  }
  const version = firstLine((await toolOutput(make, ['--version'], env)) ?? '') || 'make, unknown version';
  return ok('build-tool', `${version} at ${make}${pinned || ' (no ninja: CMake uses Unix Makefiles)'}`);
}

/** The node-api-headers package, found as `tsbind build` finds it, holding node_api.h. */
function checkHeaders(): CheckResult {
  try {
    const dir = nodeApiHeadersDir(packageRoot());
    let version = '';
    try {
      version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
    } catch {
      // The version is for show only.
    }
    return ok('node-api-headers', `${version || 'unknown version'} at ${displayPath(dir)}`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return problem('node-api-headers', error.message, error.hint ?? 'Run `npm install`.');
  }
}

/** ccache, optional: `tsbind build` uses it as the compiler launcher when it is on PATH. */
async function checkCcache(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const ccache = findOnPath('ccache', env);
  if (!ccache) return warning('ccache', 'not found on PATH (optional)', installHint('ccache'));
  const output = (await toolOutput(ccache, ['--version'], env)) ?? '';
  const version = /ccache version (\S+)/i.exec(output)?.[1] ?? 'unknown version';
  return ok('ccache', `${version} at ${ccache}`);
}

/** clang++, optional: `tsbind generate` reads headers through clang's AST (builds do not need it). */
async function checkClang(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const clang = findClang(env);
  if (!clang) return warning('clang', 'not found on PATH (optional: needed by `tsbind generate`)', clangInstallHint());
  const version = firstLine((await toolOutput(clang, ['--version'], env)) ?? '') || 'unknown version';
  return ok('clang', `${version} at ${clang} (for \`tsbind generate\`)`);
}

/** A sanitizer runtime `tsbind run --sanitize=address` or `=thread` preloads, optional: found exactly as `run` finds it. */
function checkRuntime(sanitizer: RuntimeSanitizer, env: NodeJS.ProcessEnv): CheckResult {
  const check = `${RUNTIMES[sanitizer].short.toLowerCase()}-runtime`;
  const compiler = env.CXX?.trim() || 'c++';
  try {
    const { library } = runtimePreload(sanitizer, env);
    return ok(check, `${library} (of ${compiler})`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (process.platform !== 'linux' && process.platform !== 'darwin') {
      return warning(check, error.message, error.hint ?? `\`--sanitize=${sanitizer}\` is supported on Linux and macOS.`);
    }
    return warning(check, `not found for ${compiler} (optional)`, installHint(RUNTIMES[sanitizer].tool));
  }
}

/** Runs every check in order, calling `onResult` as each one finishes. */
export async function runChecks(env: NodeJS.ProcessEnv, onResult: (result: CheckResult) => void = () => {}): Promise<CheckResult[]> {
  const checks: (() => CheckResult | Promise<CheckResult>)[] = [
    checkNode,
    () => checkCompiler(env),
    () => checkCmake(env),
    () => checkBuildTool(env),
    checkHeaders,
    () => checkCcache(env),
    () => checkClang(env),
    () => checkRuntime('address', env),
    () => checkRuntime('thread', env),
  ];
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await check();
    results.push(result);
    onResult(result);
  }
  return results;
}

const STATUS_COLOUR: Readonly<Record<CheckStatus, (text: string) => string>> = { ok: pc.green, warning: pc.yellow, problem: pc.red };

/** One check as lines: status, check, what was found; then the fix, indented under it. */
function formatResult(result: CheckResult): string {
  const status = pc.bold(STATUS_COLOUR[result.status](result.status.padStart(7)));
  let text = `${status}  ${result.check.padEnd(17)} ${result.found}\n`;
  if (result.fix) text += `${' '.repeat(9)}${pc.yellow('fix:')} ${result.fix.replaceAll('\n', `\n${' '.repeat(14)}`)}\n`;
  return text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Checks the toolchain and prints the results; the exit code is 1 when any required check failed. */
export async function doctor(options: DoctorOptions, env: NodeJS.ProcessEnv = process.env): Promise<CheckResult[]> {
  const out = process.stdout;
  if (!options.json) out.write(`${pc.bold('tsbind doctor')} ${pc.dim(`(tsbind ${packageVersion()}, ${process.platform}-${process.arch})`)}\n`);
  const results = await runChecks(env, (result) => {
    if (!options.json) out.write(formatResult(result));
  });
  const problems = results.filter((r) => r.status === 'problem').length;
  const warnings = results.filter((r) => r.status === 'warning').length;
  if (options.json) {
    out.write(`${JSON.stringify(results, null, 2)}\n`);
  } else if (problems > 0) {
    out.write(`\n${pc.red(pc.bold(plural(problems, 'problem')))}${warnings ? `, ${plural(warnings, 'warning')}` : ''}: \`tsbind build\` will fail until ${problems === 1 ? 'it is' : 'they are'} fixed.\n`);
  } else {
    out.write(`\n${pc.green(pc.bold('No problems'))}${warnings ? ` (${plural(warnings, 'warning')}, for optional tools)` : ''}: ready to build tsbind modules.\n`);
  }
  process.exitCode = problems > 0 ? 1 : 0;
  return results;
}

/** The `doctor` subcommand for the tsbind program. */
export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check the toolchain tsbind builds need (Node.js, C++17 compiler, CMake, build tool, Node-API headers) and say how to fix what is missing')
    .option('--json', 'print the results as JSON: an array of { check, status, found, fix }')
    .action(async (options: DoctorOptions) => {
      await doctor(options);
    });
}
