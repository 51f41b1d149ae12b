// Finding a sanitizer's runtime library (ASan's, TSan's), to preload into a `node` that was not built with it.
//
// A module built with -fsanitize=address or -fsanitize=thread needs its
// sanitizer's runtime to be in the process before anything else runs (ASan
// intercepts malloc, TSan every thread and lock, from the first one on). Node is
// not built with them, so the runtime is preloaded. It must be the runtime of
// the compiler that built the module, so the compiler is asked where its own
// copy is.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CliError } from './errors.js';
import { installHint, type Tool } from './install-hints.js';

/** The sanitizers whose runtime is preloaded (UBSan's comes with the module, or with ASan's or TSan's). */
export type RuntimeSanitizer = 'address' | 'thread';

/** What the messages call each runtime, and the install hint that finds it. */
export const RUNTIMES: Readonly<Record<RuntimeSanitizer, { readonly name: string; readonly short: string; readonly tool: Tool }>> = {
  address: { name: 'AddressSanitizer', short: 'ASan', tool: 'asanRuntime' },
  thread: { name: 'ThreadSanitizer', short: 'TSan', tool: 'tsanRuntime' },
};

/** How one platform preloads a library, and the runtime file names its compilers ship. */
interface PreloadRule {
  /** Environment variable of the dynamic linker. */
  readonly variable: string;
  /** Separator between entries of that variable. */
  readonly separator: string;
  /** Runtime file names to ask the compiler for, best first (GCC's, then clang's). */
  readonly libraries: (sanitizer: RuntimeSanitizer, arch: string) => readonly string[];
}

/** Clang names its runtimes after the target triple's arch, not Node's. */
const CLANG_ARCH: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i386', arm: 'armhf' };

/** GCC's and clang's short names of each runtime: `libasan.so`, `libclang_rt.asan-x86_64.so`. */
const GCC_NAME: Readonly<Record<RuntimeSanitizer, string>> = { address: 'asan', thread: 'tsan' };

/** The platform table of preloading; platforms not here cannot preload a runtime. */
const PRELOAD_RULES: Readonly<Partial<Record<string, PreloadRule>>> = {
  linux: {
    variable: 'LD_PRELOAD',
    separator: ':',
    libraries: (sanitizer, arch) => {
      const name = GCC_NAME[sanitizer];
      return [`lib${name}.so`, `libclang_rt.${name}-${CLANG_ARCH[arch] ?? arch}.so`, `libclang_rt.${name}.so`];
    },
  },
  darwin: {
    variable: 'DYLD_INSERT_LIBRARIES',
    separator: ':',
    libraries: (sanitizer) => [`libclang_rt.${GCC_NAME[sanitizer]}_osx_dynamic.dylib`],
  },
};

/** A library to preload and the variable that preloads it. */
export interface RuntimePreload {
  /** `LD_PRELOAD` or `DYLD_INSERT_LIBRARIES`. */
  readonly variable: string;
  /** Absolute path of the runtime. */
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
 * The runtime of `sanitizer` of `$CXX` (or `c++`) and the preload variable set
 * up for it. Throws a CliError naming what was asked when nothing resolves to
 * a file.
 */
export function runtimePreload(sanitizer: RuntimeSanitizer, env: NodeJS.ProcessEnv = process.env): RuntimePreload {
  const { name, short } = RUNTIMES[sanitizer];
  const rule = PRELOAD_RULES[process.platform];
  if (!rule) {
    throw new CliError(`tsbind run --sanitize=${sanitizer} is not supported on ${process.platform}`, {
      hint: `Preloading the ${short} runtime into node is done on Linux and macOS; elsewhere run node with the runtime by hand.`,
    });
  }
  const compiler = compilerCommand(env);
  const tried: string[] = [];
  // -print-runtime-dir is clang's folder of per-target runtimes; GCC does not know it.
  const runtimeDir = ask(compiler, '-print-runtime-dir', env);
  for (const file of rule.libraries(sanitizer, process.arch)) {
    const printed = ask(compiler, `-print-file-name=${file}`, env);
    tried.push(`\`${compiler.display} -print-file-name=${file}\` → ${printed === undefined ? '(failed to run)' : JSON.stringify(printed)}`);
    const candidates = [printed, runtimeDir ? join(runtimeDir, file) : undefined];
    const library = candidates.find((path) => path !== undefined && isAbsolute(path) && existsSync(path));
    if (library) {
      const existing = env[rule.variable];
      return { variable: rule.variable, library, value: existing ? `${library}${rule.separator}${existing}` : library };
    }
  }
  throw new CliError(`Could not find the ${name} runtime library to preload into node`, {
    hint:
      `Asked the compiler that builds the modules (CXX, or c++ when CXX is unset):\n  ${tried.join('\n  ')}\n` +
      `${installHint(RUNTIMES[sanitizer].tool)} It must be the compiler that built the modules.`,
  });
}
