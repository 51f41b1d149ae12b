// Sanitizer names `--sanitize` accepts, and the runtime options a sanitized run starts with.
import { InvalidArgumentError } from 'commander';

/** Sanitizers tsbind can build with, in the canonical order of `TSBIND_SANITIZE`. */
export const SANITIZERS = ['address', 'undefined'] as const;

/** A sanitizer: `address` (ASan) or `undefined` (UBSan). */
export type Sanitizer = (typeof SANITIZERS)[number];

function isSanitizer(name: string): name is Sanitizer {
  return (SANITIZERS as readonly string[]).includes(name);
}

/**
 * Parses a `--sanitize` value such as `address,undefined` into a sorted list
 * without duplicates. A commander option parser: a bad name throws
 * InvalidArgumentError, which commander reports and exits with.
 */
export function parseSanitizers(value: string): Sanitizer[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError(`No sanitizer given; choose from ${SANITIZERS.join(', ')}.`);
  const unknown = names.filter((name) => !isSanitizer(name));
  if (unknown.length > 0) {
    const list = unknown.map((name) => JSON.stringify(name)).join(', ');
    throw new InvalidArgumentError(`Unknown sanitizer ${list}; choose from ${SANITIZERS.join(', ')} (comma-separated).`);
  }
  return SANITIZERS.filter((name) => names.includes(name));
}

/** The `TSBIND_SANITIZE` CMake value for a list: `address`, `undefined` or `address,undefined`. */
export function sanitizeCacheValue(sanitizers: readonly Sanitizer[]): string {
  return sanitizers.join(',');
}

/**
 * Runtime option variables tsbind sets for each sanitizer, with its defaults.
 * Node itself leaks at exit by design, so LeakSanitizer would fail every run;
 * UBSan should stop at the first error with a stack, like ASan does.
 */
export const SANITIZER_OPTIONS: Readonly<Record<Sanitizer, { readonly variable: string; readonly defaults: string }>> = {
  address: { variable: 'ASAN_OPTIONS', defaults: 'detect_leaks=0' },
  undefined: { variable: 'UBSAN_OPTIONS', defaults: 'print_stacktrace=1:halt_on_error=1' },
};

/**
 * The option variables for a run: tsbind's defaults, followed by whatever the
 * user already set, since with these variables a later setting wins.
 */
export function sanitizerOptionsEnv(sanitizers: readonly Sanitizer[], env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const sanitizer of sanitizers) {
    const { variable, defaults } = SANITIZER_OPTIONS[sanitizer];
    const user = env[variable];
    result[variable] = user ? `${defaults}:${user}` : defaults;
  }
  return result;
}
