// Locating the installed tsbind package (for its CMake package and dependencies) from this file's own path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageManifest {
  readonly name?: string;
  readonly version?: string;
}

let cached: { root: string; manifest: PackageManifest } | undefined;

function find(): { root: string; manifest: PackageManifest } {
  if (cached) return cached;
  // dist/src/cli/package-root.js lives a few folders below the package root;
  // walk up rather than count, so the layout of dist/ can change.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
      if (manifest.name === 'tsbind') return (cached = { root: dir, manifest });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`tsbind: no package.json named "tsbind" above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of the tsbind package this CLI belongs to (the folder of its package.json). */
export function packageRoot(): string {
  return find().root;
}

/** Version of the tsbind package, from its package.json. */
export function packageVersion(): string {
  return find().manifest.version ?? '0.0.0';
}

/** Folder of tsbind's CMake package, for `-Dtsbind_DIR`. */
export function cmakePackageDir(): string {
  return join(packageRoot(), 'cmake');
}
