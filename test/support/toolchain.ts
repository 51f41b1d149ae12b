// What the tests need to know of the machine's C++ toolchain.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** The runtime library `lib<name>.so` of the default compiler (`CXX`, else `c++`), when it has one. */
function compilerRuntime(name: 'asan' | 'tsan'): string | undefined {
  try {
    const [file = 'c++', ...args] = (process.env.CXX ?? 'c++').trim().split(/\s+/);
    const path = execFileSync(file, [...args, `-print-file-name=lib${name}.so`], { encoding: 'utf8' }).trim();
    return isAbsolute(path) && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The ASan runtime of the default compiler, when it has one (the sanitizer tests need it). */
export function asanRuntime(): string | undefined {
  return compilerRuntime('asan');
}

/** The TSan runtime of the default compiler, when it has one (the ThreadSanitizer tests need it). */
export function tsanRuntime(): string | undefined {
  return compilerRuntime('tsan');
}
