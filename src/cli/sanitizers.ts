// Sanitizer names `--sanitize` accepts, the build variant each list builds into, and the runtime options a sanitized run starts with.
import { InvalidArgumentError } from 'commander';
import type { BuildVariant } from '../loader/layout.js';

/** Sanitizers tsbind can build with, in the canonical order of `TSBIND_SANITIZE`. */
export const SANITIZERS = ['address', 'thread', 'undefined'] as const;

/** A sanitizer: `address` (ASan), `thread` (TSan) or `undefined` (UBSan). */
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
  if (names.includes('address') && names.includes('thread')) {
    throw new InvalidArgumentError(
      'thread cannot be combined with address: ThreadSanitizer and AddressSanitizer each need their own runtime and shadow memory, ' +
        'and a process can hold only one. Build and run them separately: --sanitize=address,undefined (build/Sanitize), --sanitize=thread (build/SanitizeThread).',
    );
  }
  return SANITIZERS.filter((name) => names.includes(name));
}

/**
 * The build variant a sanitizer list builds into and `tsbind run` loads:
 * `SanitizeThread` with `thread`, `Sanitize` otherwise. ThreadSanitizer gets a
 * folder of its own, as its modules cannot load beside ASan's runtime.
 */
export function sanitizerVariant(sanitizers: readonly Sanitizer[]): Extract<BuildVariant, 'Sanitize' | 'SanitizeThread'> {
  return sanitizers.includes('thread') ? 'SanitizeThread' : 'Sanitize';
}

/** The `TSBIND_SANITIZE` CMake value for a list: `address`, `undefined` or `address,undefined`. */
export function sanitizeCacheValue(sanitizers: readonly Sanitizer[]): string {
  return sanitizers.join(',');
}

/**
 * Runtime option variables tsbind sets for each sanitizer, with its defaults.
 * Node itself leaves memory unfreed at exit by design, so LeakSanitizer's own
 * check would fail every run: leaks are checked only with `tsbind run --leaks`
 * (leak-check.ts), which keeps those of native modules; an allocation ASan
 * cannot serve fails as the C library's would (a typed array of 32 GiB is
 * then a RangeError, as without ASan) instead of ending the process. UBSan should stop at
 * the first error with a stack, like ASan does. ThreadSanitizer reports
 * lock-order inversions with both stacks, and lets an allocation it cannot
 * serve fail as the C library's would (Node then throws a RangeError for a
 * typed array of 32 GiB, where by default TSan ends the process). Allocations
 * over 2 GiB fail the same way: under TSan touched memory costs several times
 * its size in shadow, and a runaway allocation (a length a test made up) would
 * take the machine's memory instead of failing. Where its reports go is set
 * per run ({@link threadCheckTsanOptions}).
 */
export const SANITIZER_OPTIONS: Readonly<Record<Sanitizer, { readonly variable: string; readonly defaults: string }>> = {
  address: { variable: 'ASAN_OPTIONS', defaults: 'detect_leaks=0:allocator_may_return_null=1' },
  thread: { variable: 'TSAN_OPTIONS', defaults: 'second_deadlock_stack=1:allocator_may_return_null=1:max_allocation_size_mb=2048' },
  undefined: { variable: 'UBSAN_OPTIONS', defaults: 'print_stacktrace=1:halt_on_error=1' },
};

/**
 * TSan options a `--sanitize=thread` run ends with, after the user's, since
 * sorting the reports depends on them: each process writes its reports to
 * `<dir>/tsan.<pid>` instead of stderr, and its exit status stays its own
 * (Node's own reports would otherwise make every process exit with 66).
 */
export function threadCheckTsanOptions(reportPrefix: string): string {
  return `log_path=${reportPrefix}:exitcode=0`;
}

/**
 * ASan options a leak-checked run (`tsbind run --leaks`) ends with, after the
 * user's, since the check depends on them: leak detection on, and the
 * runtime's own check at exit off, as tsbind's helper runs it instead.
 */
export const LEAK_CHECK_ASAN_OPTIONS = 'allocator_may_return_null=1:detect_leaks=1:leak_check_at_exit=0';

/**
 * The option variables for a run: tsbind's defaults, followed by whatever the
 * user already set, since with these variables a later setting wins. With
 * `leaks`, ASAN_OPTIONS is the user's settings followed by
 * {@link LEAK_CHECK_ASAN_OPTIONS} instead; with `tsan` (the options of a
 * thread check), TSAN_OPTIONS ends with them.
 */
export function sanitizerOptionsEnv(
  sanitizers: readonly Sanitizer[],
  env: NodeJS.ProcessEnv,
  options: { leaks?: boolean; tsan?: string } = {},
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const sanitizer of sanitizers) {
    const { variable, defaults } = SANITIZER_OPTIONS[sanitizer];
    const user = env[variable];
    const ours = user ? `${defaults}:${user}` : defaults;
    if (sanitizer === 'address' && options.leaks) {
      result[variable] = user ? `${user}:${LEAK_CHECK_ASAN_OPTIONS}` : LEAK_CHECK_ASAN_OPTIONS;
    } else if (sanitizer === 'thread' && options.tsan) {
      result[variable] = `${ours}:${options.tsan}`;
    } else {
      result[variable] = ours;
    }
  }
  return result;
}
