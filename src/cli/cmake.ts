// CMake for `tsbind build`: the configure and build command lines, progress lines, and what a failure means.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installHint } from './install-hints.js';
import type { Sanitizer } from './sanitizers.js';
import { sanitizeCacheValue } from './sanitizers.js';

/** Everything the configure step needs to know. */
export interface ConfigureSettings {
  /** Folder of the project's CMakeLists.txt. */
  readonly sourceDir: string;
  /** Build folder, `<dir>/build/<Variant>`. */
  readonly binaryDir: string;
  /** CMAKE_BUILD_TYPE: `Release` or `Debug`. */
  readonly buildType: string;
  /** tsbind's CMake package folder, for find_package(tsbind). */
  readonly tsbindDir: string;
  /** The node-api-headers package folder. */
  readonly nodeApiHeadersDir: string;
  /** Sanitizers to build with (empty for none). */
  readonly sanitizers: readonly Sanitizer[];
  /** Generator to ask for (`Ninja`), or undefined to let CMake keep or pick one. */
  readonly generator: string | undefined;
  /** Compiler launcher such as ccache, or undefined. */
  readonly compilerLauncher: string | undefined;
}

/** Whether CMake has configured `binaryDir` before (then its generator must not change). */
export function hasCache(binaryDir: string): boolean {
  return existsSync(join(binaryDir, 'CMakeCache.txt'));
}

/** The generator recorded in an existing build folder's cache, for display. */
export function cachedGenerator(binaryDir: string): string | undefined {
  try {
    return /^CMAKE_GENERATOR:INTERNAL=(.*)$/m.exec(readFileSync(join(binaryDir, 'CMakeCache.txt'), 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Arguments of `cmake` for the configure step. */
export function configureArgs(settings: ConfigureSettings): string[] {
  const args = [
    '-S', settings.sourceDir,
    '-B', settings.binaryDir,
    `-DCMAKE_BUILD_TYPE=${settings.buildType}`,
    `-Dtsbind_DIR=${settings.tsbindDir}`,
    `-DTSBIND_NODE_API_HEADERS_DIR=${settings.nodeApiHeadersDir}`,
  ];
  if (settings.sanitizers.length > 0) args.push(`-DTSBIND_SANITIZE=${sanitizeCacheValue(settings.sanitizers)}`);
  if (settings.generator) args.push('-G', settings.generator);
  if (settings.compilerLauncher) {
    args.push(`-DCMAKE_CXX_COMPILER_LAUNCHER=${settings.compilerLauncher}`, `-DCMAKE_C_COMPILER_LAUNCHER=${settings.compilerLauncher}`);
  }
  return args;
}

/**
 * Arguments of `cmake` for the build step. `--config` serves multi-config
 * generators (Visual Studio, Xcode). `verbose` adds `--verbose`, which makes
 * the build tool print each compiler and linker command line (`ninja -v`,
 * `make VERBOSE=1`, MSBuild's normal verbosity) instead of only a description.
 */
export function buildArgs(binaryDir: string, buildType: string, jobs: number, verbose = false): string[] {
  const args = ['--build', binaryDir, '--config', buildType, '--parallel', String(jobs)];
  if (verbose) args.push('--verbose');
  return args;
}

/** Ninja's `[3/10] ...` and Make's `[ 30%] ...` lines: the build's progress. */
export function isProgressLine(line: string): boolean {
  return /^\[\s*\d+\/\d+\]/.test(line) || /^\[\s*\d+%\]/.test(line);
}

/** Number of compiler warnings in a build's output. */
export function countWarnings(output: string): number {
  return output.match(/\bwarning( [A-Z]+\d+)?:/g)?.length ?? 0;
}

/** A failure CMake reports in words that mean a missing tool or a stale build folder. */
interface KnownFailure {
  readonly pattern: RegExp;
  readonly message: (match: RegExpExecArray) => string;
  readonly hint: (match: RegExpExecArray) => string;
}

/** Recognised failures, checked in order; the first match explains the failure. */
const KNOWN_FAILURES: readonly KnownFailure[] = [
  {
    pattern: /Could not find compiler set in environment variable CXX:\s*(\S+?)\.?(?:\s|$)/,
    message: (m) => `The C++ compiler named by CXX (${m[1]}) was not found`,
    hint: () => `Set CXX to an installed compiler, or unset it to use the default. ${installHint('compiler')}`,
  },
  {
    pattern: /No CMAKE_CXX_COMPILER could be found|CMAKE_CXX_COMPILER not set/,
    message: () => 'No C++ compiler was found',
    hint: () => installHint('compiler'),
  },
  {
    pattern: /No CMAKE_C_COMPILER could be found|CMAKE_C_COMPILER not set/,
    message: () => 'No C compiler was found',
    hint: () => installHint('compiler'),
  },
  {
    pattern: /CMAKE_MAKE_PROGRAM is not set|Unable to find the Ninja program|Could not find a build program/i,
    message: () => 'No build tool (Ninja or make) was found',
    hint: () => installHint('buildTool'),
  },
  {
    pattern: /does not match the source ".*" used to generate cache|is different than the directory .* where CMakeCache\.txt was created|Does not match the generator used previously/,
    message: () => 'The build folder was configured for another project or generator',
    hint: () => 'Delete the build folder (e.g. `rm -rf build`) and run `tsbind build` again.',
  },
];

/** The message and hint for a CMake failure, when its output says what is missing. */
export function diagnose(output: string): { message: string; hint: string } | undefined {
  for (const failure of KNOWN_FAILURES) {
    const match = failure.pattern.exec(output);
    if (match) return { message: failure.message(match), hint: failure.hint(match) };
  }
  return undefined;
}
