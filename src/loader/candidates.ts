// The loader's search order: every path where a module may be, best first.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonFile, buildDir, DEFAULT_LOCAL_VARIANTS, prebuildDir, VARIANT_ENV } from './layout.js';
import { currentTarget, prebuildTags, type Target } from './platform.js';

/** Why the loader looks at a path: a pinned variant, a prebuild, or a local build. */
export type CandidateKind = 'variant' | 'prebuild' | 'build';

/** One place the loader looks for a module. */
export interface AddonCandidate {
  /** Absolute path of the `.node` file. */
  readonly path: string;
  /** Which rule of the search order produced this path. */
  readonly kind: CandidateKind;
}

/** What the search order depends on; every field defaults to the running process. */
export interface CandidateOptions {
  /** Environment to read `TSBIND_VARIANT` from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Platform, arch and libc to pick prebuilds for (default: this process). */
  readonly target?: Target;
}

/** A package folder given as a path or a `file:` URL (e.g. `new URL('.', import.meta.url)`). */
export type PackageDir = string | URL;

/** Turns a path or `file:` URL into an absolute path. */
export function packageDirPath(dir: PackageDir): string {
  return resolve(dir instanceof URL ? fileURLToPath(dir) : dir);
}

/** The local build variant pinned by `TSBIND_VARIANT`, if any (an empty value counts as unset). */
export function pinnedVariant(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const variant = env[VARIANT_ENV];
  return variant ? variant : undefined;
}

/**
 * Every path where `loadAddon(dir, name)` looks for module `name`, in the
 * order it tries them. With `TSBIND_VARIANT` set, that is only
 * `<dir>/build/<variant>/<name>.node`; otherwise the prebuilds for this
 * platform, then `build/Release`, then `build/Debug`.
 */
export function addonCandidates(dir: PackageDir, name: string, options: CandidateOptions = {}): AddonCandidate[] {
  if (!name || /[\\/]/.test(name)) {
    throw new TypeError(`tsbind: module name must be a plain file name without extension, got ${JSON.stringify(name)}`);
  }
  const root = packageDirPath(dir);
  const variant = pinnedVariant(options.env);
  if (variant !== undefined) {
    return [{ path: addonFile(buildDir(root, variant), name), kind: 'variant' }];
  }
  const target = options.target ?? currentTarget();
  return [
    ...prebuildTags(target).map((tag): AddonCandidate => ({ path: addonFile(prebuildDir(root, tag), name), kind: 'prebuild' })),
    ...DEFAULT_LOCAL_VARIANTS.map((v): AddonCandidate => ({ path: addonFile(buildDir(root, v), name), kind: 'build' })),
  ];
}
