// What the tests need to know of the machine's C++ toolchain.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** The ASan runtime of the default compiler (`CXX`, else `c++`), when it has one (the sanitizer tests need it). */
export function asanRuntime(): string | undefined {
  try {
    const [file = 'c++', ...args] = (process.env.CXX ?? 'c++').trim().split(/\s+/);
    const path = execFileSync(file, [...args, '-print-file-name=libasan.so'], { encoding: 'utf8' }).trim();
    return isAbsolute(path) && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
