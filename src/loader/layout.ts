// Where tsbind puts built modules and where the loader looks: the one definition of the layout on disk.
//
// `tsbind build` writes into these folders and the loader reads from them, so
// both import the names from here rather than spelling them twice.
import { join } from 'node:path';

/** Environment variable that pins the loader to one local build variant (`tsbind run` sets it). */
export const VARIANT_ENV = 'TSBIND_VARIANT';

/**
 * Local build variants `tsbind build` produces, each in `<dir>/build/<variant>`:
 * `Sanitize` for AddressSanitizer and UBSan, `SanitizeThread` for
 * ThreadSanitizer (its own folder, as it cannot share a process with ASan).
 */
export const BUILD_VARIANTS = ['Release', 'Debug', 'Sanitize', 'SanitizeThread'] as const;

/** A local build variant: the name of its folder under `build/`. */
export type BuildVariant = (typeof BUILD_VARIANTS)[number];

/**
 * Variants the loader tries, in order, when no variant is pinned. Sanitizer
 * builds are left out: they only load into a process started by `tsbind run`.
 */
export const DEFAULT_LOCAL_VARIANTS: readonly BuildVariant[] = ['Release', 'Debug'];

/** File name extension of a Node-API module. */
export const ADDON_EXTENSION = '.node';

/** Folder of one local build variant of the package in `root`. */
export function buildDir(root: string, variant: string): string {
  return join(root, 'build', variant);
}

/** Folder of the prebuilt binaries for one platform tag (e.g. `linux-x64-glibc`) of the package in `root`. */
export function prebuildDir(root: string, tag: string): string {
  return join(root, 'prebuilds', tag);
}

/** Folder that holds every prebuild folder of the package in `root`. */
export function prebuildsRoot(root: string): string {
  return join(root, 'prebuilds');
}

/** Path of module `name` inside `folder`. */
export function addonFile(folder: string, name: string): string {
  return join(folder, name + ADDON_EXTENSION);
}
