// Loads the test modules built from test/CMakeLists.txt through the real loader.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { addonCandidates, loadAddon } from '../../src/loader/index.js';

/** The test/ folder of the repository (this file runs from dist/test/support/). */
export const testDir = fileURLToPath(new URL('../../../test/', import.meta.url));

/** Loads test module `name` (build/Release, or the variant TSBIND_VARIANT names). */
export function loadTestModule<T>(name: string): T {
  return loadAddon<T>(testDir, name);
}

/** The file test module `name` loads from (for child processes and workers). */
export function testModulePath(name: string): string {
  const found = addonCandidates(testDir, name).map((candidate) => candidate.path).find((path) => existsSync(path));
  if (!found) throw new Error(`test module ${name} is not built`);
  return found;
}

/** Runs `fn` and returns what it threw; fails if it did not throw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** A module's self-description (docs/typegen.md), as `tsbind typegen` reads it. */
export function describeModule(module: unknown): any {
  const describe = (module as Record<symbol, () => unknown>)[Symbol.for('tsbind.describe')];
  if (typeof describe !== 'function') throw new Error('not a tsbind module: no describe function');
  return describe();
}
