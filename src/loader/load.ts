// loadAddon: load a tsbind module from the first candidate path that works, or say exactly why none did.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { binaryProblem } from './binary.js';
import { addonCandidates, packageDirPath, pinnedVariant, type PackageDir } from './candidates.js';
import { buildDir, prebuildsRoot, VARIANT_ENV } from './layout.js';
import { currentTarget, targetTag } from './platform.js';

// require() rather than process.dlopen(): it caches by path, so loading the
// same module twice gives the same exports instead of initialising it twice,
// even when an ESM and a CommonJS entry of one package both load it. The
// require function is made from the module's own path, which keeps this file
// free of `import.meta` so that it compiles to CommonJS as well.
function requireNative(path: string): unknown {
  return createRequire(path)(path);
}

/** One path the loader tried, and why it did not load. */
export interface LoadAttempt {
  /** Absolute path of the `.node` file. */
  readonly path: string;
  /** Whether a file was there (so the failure is a load error, not a missing file). */
  readonly found: boolean;
  /** `not found`, or the error text of loading the file (wrong ELF class, undefined symbol, ...). */
  readonly reason: string;
}

/** Thrown by {@link loadAddon} when no candidate loads; the message lists every path tried and why it failed. */
export class AddonLoadError extends Error {
  /** Stable code to test for instead of matching the message. */
  readonly code = 'TSBIND_LOAD_FAILED';

  /** Every candidate path in search order, with its failure. */
  readonly attempts: readonly LoadAttempt[];

  /**
   * @param message the full text: paths tried, reasons, hint.
   * @param attempts the paths tried, in search order.
   */
  constructor(message: string, attempts: readonly LoadAttempt[]) {
    super(message);
    this.name = 'AddonLoadError';
    this.attempts = attempts;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The outcome of loading one module file: its exports, or why it did not load. */
export type LoadOutcome = { readonly loaded: true; readonly exports: unknown } | { readonly loaded: false; readonly reason: string };

/**
 * Loads the module file at `path`, after checking its headers: a file cut
 * short would be mapped past its end and kill the process (SIGBUS) instead of
 * failing (binary.ts). The reason is the check's, or the dynamic linker's
 * error without the path Node repeats at its start.
 */
export function loadModuleFile(path: string): LoadOutcome {
  let problem: string | undefined;
  try {
    problem = binaryProblem(path);
  } catch (error) {
    problem = `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem !== undefined) return { loaded: false, reason: problem };
  try {
    return { loaded: true, exports: requireNative(path) };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { loaded: false, reason: text.startsWith(`${path}: `) ? text.slice(path.length + 2) : text };
  }
}

/** Names of the prebuild folders the package ships, to say what it does have. */
function shippedPrebuilds(root: string): string[] {
  try {
    return readdirSync(prebuildsRoot(root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

/** The `tsbind build` flags that produce a variant. */
function buildCommandFor(variant: string): string {
  if (variant === 'Debug') return 'tsbind build --debug';
  if (variant === 'Sanitize') return 'tsbind build --sanitize=address,undefined';
  if (variant === 'SanitizeThread') return 'tsbind build --sanitize=thread';
  return 'tsbind build';
}

/** The likely cause and fix, from what was found. */
function hint(root: string, attempts: readonly LoadAttempt[]): string {
  const variant = pinnedVariant();
  if (variant !== undefined) {
    return (
      `${VARIANT_ENV}=${variant} limits the search to ${buildDir(root, variant)}. ` +
      `Build that variant with \`${buildCommandFor(variant)}\` in ${root}, or unset ${VARIANT_ENV}.`
    );
  }
  if (attempts.some((attempt) => attempt.found)) {
    return (
      'A file was found but did not load: it was probably built for another platform or architecture, ' +
      'needs a newer Node-API version than this Node offers, or is damaged (the reason says so). ' +
      `Rebuild it with \`tsbind build\` in ${root}, or reinstall the package.`
    );
  }
  const tag = targetTag(currentTarget());
  const shipped = shippedPrebuilds(root);
  const has = shipped.length > 0 ? ` (it has prebuilds for ${shipped.join(', ')})` : '';
  return (
    `The package has no prebuild for ${tag}${has} and has not been built locally. ` +
    `If you are developing it, run \`tsbind build\` in ${root} (needs CMake and a C++ compiler); ` +
    `if you installed it, ask its maintainers for a ${tag} prebuild.`
  );
}

/**
 * Loads the tsbind (or any Node-API) module `name` of the package in `dir`.
 *
 * With `TSBIND_VARIANT` set (as `tsbind run` does) only
 * `<dir>/build/<TSBIND_VARIANT>/<name>.node` is tried. Otherwise, in order:
 * `<dir>/prebuilds/<platform>-<arch>-<libc>/` (Linux only),
 * `<dir>/prebuilds/<platform>-<arch>/`, `<dir>/build/Release/`,
 * `<dir>/build/Debug/`. The first file that loads wins; a file that exists but
 * fails to load is skipped so that a local build can stand in for a bad
 * prebuild. Each file's headers are checked before it is loaded, so that a
 * file cut short is skipped too, instead of killing the process.
 *
 * @param dir the package folder: a path, or a `file:` URL such as `new URL('..', import.meta.url)`.
 * @param name the module name, as given to `tsbind_add_module()`.
 * @returns the module's exports, typed as `T`.
 * @throws {AddonLoadError} when no candidate loads; its message lists every path tried, why each failed, and a hint.
 */
export function loadAddon<T = unknown>(dir: PackageDir, name: string): T {
  const attempts: LoadAttempt[] = [];
  for (const { path } of addonCandidates(dir, name)) {
    if (!isFile(path)) {
      attempts.push({ path, found: false, reason: 'not found' });
      continue;
    }
    const outcome = loadModuleFile(path);
    if (outcome.loaded) return outcome.exports as T;
    attempts.push({ path, found: true, reason: outcome.reason });
  }
  const root = packageDirPath(dir);
  const napi = process.versions.napi ?? 'unknown';
  const message = [
    `tsbind: could not load native module "${name}" ` +
      `(${targetTag(currentTarget())}, Node ${process.versions.node}, Node-API ${napi}). Tried:`,
    ...attempts.map((attempt) => `  ${attempt.path}: ${attempt.reason}`),
    `Hint: ${hint(root, attempts)}`,
  ].join('\n');
  throw new AddonLoadError(message, attempts);
}
