// Finding the AddressSanitizer runtime library, to preload into a `node` that was not built with ASan.
//
// A module built with -fsanitize=address needs the ASan runtime to be the
// first library in the process (it intercepts malloc before anything else
// runs). Node is not built with it, so the runtime is preloaded. It must be the
// runtime of the compiler that built the module, so the compiler is asked
// where its own copy is.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CliError } from './errors.js';

/** How one platform preloads a library, and the ASan runtime file names its compilers ship. */
interface PreloadRule {
  /** Environment variable of the dynamic linker. */
  readonly variable: string;
  /** Separator between entries of that variable. */
  readonly separator: string;
  /** Runtime file names to ask the compiler for, best first (GCC's, then clang's). */
  readonly libraries: (arch: string) => readonly string[];
}

/** Clang names its runtimes after the target triple's arch, not Node's. */
const CLANG_ARCH: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386', arm: 'armhf' };

/** The platform table of preloading; platforms not here cannot preload ASan. */
const PRELOAD_RULES: Readonly<Partial<Record<string, PreloadRule>>> = {
  linux: {
    variable: 'LD_PRELOAD',
    separator: ':',
    libraries: (arch) => ['libasan.so', `libclang_rt.asan-${CLANG_ARCH[arch] ?? arch}.so`, 'libclang_rt.asan.so'],
  },
  darwin: {
    variable: 'DYLD_INSERT_LIBRARIES',
    separator: ':',
    libraries: () => ['libclang_rt.asan_osx_dynamic.dylib'],
  },
};

/** A library to preload and the variable that preloads it. */
export interface AsanPreload {
  /** `LD_PRELOAD` or `DYLD_INSERT_LIBRARIES`. */
  readonly variable: string;
  /** Absolute path of the ASan runtime. */
  readonly library: string;
  /** The variable's new value: the runtime first, then whatever was already preloaded. */
  readonly value: string;
}

/** `$CXX` split into program and arguments (it may be e.g. `ccache g++`), or the system's `c++`. */
export function compilerCommand(env: NodeJS.ProcessEnv): { file: string; args: string[]; display: string } {
  const words = (env.CXX ?? '').trim().split(/\s+/).filter(Boolean);
  const [file = 'c++', ...args] = words;
  return { file, args, display: words.length > 0 ? words.join(' ') : 'c++' };
}

/** Runs the compiler with one query flag; undefined when it cannot run or fails. */
function ask(compiler: { file: string; args: string[] }, flag: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(compiler.file, [...compiler.args, flag], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The ASan runtime of `$CXX` (or `c++`) and the preload variable set up for
 * it. Throws a CliError naming what was asked when nothing resolves to a file.
 */
export function asanPreload(env: NodeJS.ProcessEnv = process.env): AsanPreload {
  const rule = PRELOAD_RULES[process.platform];
  if (!rule) {
    throw new CliError(`tsbind run --sanitize=address is not supported on ${process.platform}`, {
      hint: 'Preloading the ASan runtime into node is done on Linux and macOS; elsewhere run node with the runtime by hand.',
    });
  }
  const compiler = compilerCommand(env);
  const tried: string[] = [];
  // -print-runtime-dir is clang's folder of per-target runtimes; GCC does not know it.
  const runtimeDir = ask(compiler, '-print-runtime-dir', env);
  for (const name of rule.libraries(process.arch)) {
    const printed = ask(compiler, `-print-file-name=${name}`, env);
    tried.push(`\`${compiler.display} -print-file-name=${name}\` → ${printed === undefined ? '(failed to run)' : JSON.stringify(printed)}`);
    const candidates = [printed, runtimeDir ? join(runtimeDir, name) : undefined];
    const library = candidates.find((path) => path !== undefined && isAbsolute(path) && existsSync(path));
    if (library) {
      const existing = env[rule.variable];
      return { variable: rule.variable, library, value: existing ? `${library}${rule.separator}${existing}` : library };
    }
  }
  throw new CliError('Could not find the AddressSanitizer runtime library to preload into node', {
    hint:
      `Asked the compiler that builds the modules (CXX, or c++ when CXX is unset):\n  ${tried.join('\n  ')}\n` +
      'Install the ASan runtime (e.g. `sudo apt-get install libasan8`, it comes with gcc on most systems), ' +
      'or set CXX to the compiler that built the Sanitize variant.',
  });
}
