// Probing the toolchain a tsbind build uses, for `tsbind doctor`: the C++ compiler CMake would pick,
// tool versions, whether the compiler really compiles C++17, and Visual Studio on Windows.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { runTool, type ToolResult } from './exec.js';
import { findOnPath } from './which.js';

/** The C++ compiler a CMake configure would use. */
export interface CompilerChoice {
  /** Where it came from: the CXX variable, or a search of PATH. */
  readonly source: 'CXX' | 'PATH';
  /** The command: CXX split into words (it may be e.g. `ccache g++` or `g++ -m64`), or the name found on PATH. */
  readonly words: readonly string[];
  /** Full path of the first word, or undefined when no such program exists. */
  readonly path: string | undefined;
}

/** Names CMake tries, in its order, when CXX is not set (CMakeDetermineCXXCompiler). */
export function defaultCompilers(platform: NodeJS.Platform = process.platform): readonly string[] {
  return platform === 'win32' ? ['cl', 'clang++', 'g++'] : ['c++', 'g++', 'clang++'];
}

/** Full path of a program named as CXX names it: a path (checked to exist) or a name looked up on PATH. */
function resolveProgram(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (isAbsolute(name) || /[/\\]/.test(name)) {
    const path = resolve(name);
    return existsSync(path) && statSync(path).isFile() ? path : undefined;
  }
  return findOnPath(name, env);
}

/** The compiler CMake would use: CXX when set, else the first of c++, g++, clang++ (cl first on Windows) on PATH. */
export function chooseCompiler(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): CompilerChoice | undefined {
  const words = (env.CXX ?? '').trim().split(/\s+/).filter(Boolean);
  const [first] = words;
  if (first !== undefined) return { source: 'CXX', words, path: resolveProgram(first, env) };
  for (const name of defaultCompilers(platform)) {
    const path = findOnPath(name, env);
    if (path) return { source: 'PATH', words: [name], path };
  }
  return undefined;
}

/** Whether the compiler takes MSVC's options (`cl`, `clang-cl`) rather than GCC's. */
export function isMsvcStyle(choice: CompilerChoice): boolean {
  const name = basename(choice.path ?? choice.words[0] ?? '').toLowerCase().replace(/\.exe$/, '');
  return name === 'cl' || name === 'clang-cl';
}

/** Runs a tool and returns its result, or undefined when it cannot be started at all. */
async function tryRun(file: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ToolResult | undefined> {
  try {
    return await runTool(file, args, { env, cwd });
  } catch {
    return undefined;
  }
}

/** First non-empty line of a tool's output. */
export function firstLine(output: string): string {
  return output.split(/\r?\n/).map((line) => line.trim()).find(Boolean) ?? '';
}

/** What `tool <args>` prints when it succeeds (e.g. `--version`), or undefined when it fails or cannot run. */
export async function toolOutput(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const result = await tryRun(file, args, env);
  return result?.code === 0 ? result.output : undefined;
}

/** A compiler's `--version` banner (or MSVC's logo) as family and version: `GCC 12.2.0`, `clang 17.0.6`, `MSVC 19.38.33133`. */
export function describeCompilerVersion(output: string): string | undefined {
  const msvc = /Microsoft.*Version (\d+(?:\.\d+)+)/.exec(output);
  if (msvc) return `MSVC ${msvc[1]}`;
  const clang = /(Apple )?clang version (\d+(?:\.\d+)+)/.exec(output);
  if (clang) return `${clang[1] ? 'Apple clang' : 'clang'} ${clang[2]}`;
  // GCC: `<program> (<package version>) <version> [<date>] [(<vendor>)]`, e.g. `g++ (GCC) 13.2.1 20231011 (Red Hat 13.2.1-4)`.
  const line = firstLine(output);
  const gcc = /^\S+ \(.*?\) (\d+\.\d+(?:\.\d+)?)/.exec(line);
  if (gcc && /Free Software Foundation/.test(output)) return `GCC ${gcc[1]}`;
  return line ? line.slice(0, 60) : undefined;
}

/** The compiler's family and version, or undefined when it does not say. */
export async function compilerVersion(choice: CompilerChoice, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!choice.path) return undefined;
  const rest = choice.words.slice(1);
  if (isMsvcStyle(choice)) {
    // cl has no --version: run without input files, it prints its logo (and an error about the missing input).
    const result = await tryRun(choice.path, rest, env);
    return result ? describeCompilerVersion(result.output) : undefined;
  }
  const output = await toolOutput(choice.path, [...rest, '--version'], env);
  return output === undefined ? undefined : describeCompilerVersion(output);
}

/** A small program that needs C++17 of both the compiler and its standard library. */
export const CXX17_TEST_PROGRAM = `// Written by \`tsbind doctor\` to check that the compiler does C++17.
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

template <typename T> constexpr int kind() {
    if constexpr (std::is_integral_v<T>) return 1;
    else return 2;
}

int main() {
    static_assert(kind<int>() == 1 && kind<double>() == 2);
    std::optional<std::string_view> name = "tsbind";
    auto [first, second] = std::pair<int, int>{1, 2};
    return name && first + second == 3 ? 0 : 1;
}
`;

/** How the C++17 test compile went. */
export type Cxx17Result =
  | { readonly ok: true; readonly command: string }
  | { readonly ok: false; readonly command: string; readonly reason: string };

/** The line of a compiler's output that best says why it failed: the first error, else the first line. */
function failureLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const line = lines.find((l) => /\berror\b/i.test(l)) ?? lines[0];
  return line && line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Compiles and links {@link CXX17_TEST_PROGRAM} with the compiler in a fresh
 * temporary folder, removed afterwards. Linking too, as CMake's own compiler
 * check does, so a missing linker or standard library shows up here.
 */
export async function compilesCxx17(choice: CompilerChoice, env: NodeJS.ProcessEnv = process.env): Promise<Cxx17Result> {
  const rest = choice.words.slice(1);
  const exe = process.platform === 'win32' ? 'check.exe' : 'check';
  const args = isMsvcStyle(choice)
    ? [...rest, '/nologo', '/std:c++17', '/EHsc', 'check.cpp', `/Fe${exe}`]
    : [...rest, '-std=c++17', 'check.cpp', '-o', exe];
  // Shown as the user would type it: CXX's words, then what doctor added (file names relative to the temp folder).
  const command = [...choice.words, ...args.slice(rest.length)].join(' ');
  if (!choice.path) return { ok: false, command, reason: 'the compiler was not found' };
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-doctor-'));
  try {
    writeFileSync(join(dir, 'check.cpp'), CXX17_TEST_PROGRAM);
    const result = await tryRun(choice.path, args, env, dir);
    if (!result) return { ok: false, command, reason: 'it could not be started' };
    if (result.code === 0 && existsSync(join(dir, exe))) return { ok: true, command };
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
    const line = failureLine(result.output);
    return { ok: false, command, reason: line ? `${status}: ${line}` : `${status}, no output` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether version `found` (e.g. `3.25.1`) is at least `wanted` (e.g. `3.19`). */
export function versionAtLeast(found: string, wanted: string): boolean {
  const a = found.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** A Visual Studio installation with the C++ tools. */
export interface VisualStudio {
  /** e.g. `Visual Studio Build Tools 2022`. */
  readonly name: string;
  /** e.g. `17.9.34622.214`. */
  readonly version: string;
  /** Its installation folder. */
  readonly path: string;
}

/** The newest Visual Studio with the C++ tools, as vswhere (installed with every Visual Studio since 2017) reports it. */
export async function findVisualStudio(env: NodeJS.ProcessEnv = process.env): Promise<VisualStudio | undefined> {
  const programFiles = env['ProgramFiles(x86)'] ?? env.ProgramFiles ?? 'C:\\Program Files (x86)';
  const vswhere = join(programFiles, 'Microsoft Visual Studio', 'Installer', 'vswhere.exe');
  if (!existsSync(vswhere)) return undefined;
  const args = ['-latest', '-products', '*', '-requires', 'Microsoft.VisualStudio.Component.VC.Tools.x86.x64', '-format', 'json', '-utf8'];
  const output = await toolOutput(vswhere, args, env);
  if (output === undefined) return undefined;
  try {
    const [first] = JSON.parse(output) as { displayName?: string; installationVersion?: string; installationPath?: string }[];
    if (!first?.installationPath) return undefined;
    return { name: first.displayName ?? 'Visual Studio', version: first.installationVersion ?? '', path: first.installationPath };
  } catch {
    return undefined;
  }
}
