// The platform table: how the running Node names the prebuild folders it can load.
//
// A prebuild folder is named `<platform>-<arch>[-<libc>]` after `process.platform`
// and `process.arch`. Where one OS has two incompatible C libraries (Linux:
// glibc and musl), binaries are split by libc too; which platforms those are is
// data, below, not code.
import { readFileSync } from 'node:fs';

/** A C library whose ABI a Linux binary depends on. */
export type Libc = 'glibc' | 'musl';

/** What a prebuilt binary must match to load: OS, CPU architecture and, where it matters, C library. */
export interface Target {
  /** `process.platform`, e.g. `linux`, `darwin`, `win32`. */
  readonly platform: string;
  /** `process.arch`, e.g. `x64`, `arm64`. */
  readonly arch: string;
  /** The C library, on platforms listed in {@link LIBC_BY_PLATFORM}. */
  readonly libc?: Libc;
}

/** Platforms whose binaries are split by C library, with the libcs each has. Others have one ABI per arch. */
export const LIBC_BY_PLATFORM: Readonly<Partial<Record<string, readonly Libc[]>>> = {
  linux: ['glibc', 'musl'],
};

let detectedLibc: Libc | undefined;

/**
 * The C library this Linux process runs on. Reads /usr/bin/ldd first (cheap,
 * and what musl and glibc both ship), then falls back to Node's diagnostic
 * report, which names the glibc version only when running on glibc.
 */
function detectLibc(): Libc {
  if (detectedLibc !== undefined) return detectedLibc;
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return (detectedLibc = 'musl');
    if (ldd.includes('GNU C Library') || ldd.includes('GLIBC')) return (detectedLibc = 'glibc');
  } catch {
    // No ldd (e.g. a distroless image): ask Node below.
  }
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return (detectedLibc = report?.header?.glibcVersionRuntime ? 'glibc' : 'musl');
}

/** The target of the running process. */
export function currentTarget(): Target {
  const { platform, arch } = process;
  return LIBC_BY_PLATFORM[platform] ? { platform, arch, libc: detectLibc() } : { platform, arch };
}

/** The most specific name of a target's prebuild folder, e.g. `linux-x64-glibc` or `darwin-arm64`. */
export function targetTag(target: Target): string {
  const base = `${target.platform}-${target.arch}`;
  return target.libc ? `${base}-${target.libc}` : base;
}

/**
 * Prebuild folder names that can serve `target`, best first: the exact libc
 * folder, then the plain `<platform>-<arch>` one (for packages that ship a
 * single Linux build).
 */
export function prebuildTags(target: Target): string[] {
  const base = `${target.platform}-${target.arch}`;
  return target.libc ? [`${base}-${target.libc}`, base] : [base];
}
