// `tsbind install [dir]`: for a package's "install" script. Uses the prebuild for this platform when the
// package ships one that loads; otherwise builds from source, or says exactly what is missing.
import { Command, Option } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import pc from 'picocolors';
import { addonCandidates } from '../../loader/candidates.js';
import { ADDON_EXTENSION, prebuildsRoot } from '../../loader/layout.js';
import { loadModuleFile } from '../../loader/load.js';
import { currentTarget, targetTag } from '../../loader/platform.js';
import { CliError } from '../errors.js';
import { displayPath, Log } from '../log.js';
import { build, type BuildOptions, type BuiltModule } from './build.js';
import { sharedBuildOptions } from './prebuild.js';

/** Options of `tsbind install`, as commander parses them. */
export interface InstallOptions extends Pick<BuildOptions, 'jobs' | 'verbose'> {
  /** Build even when a prebuild for this platform is there. */
  readonly buildFromSource?: boolean;
}

/** What `install` did. */
export type InstallResult =
  | { readonly action: 'prebuild'; readonly tag: string; readonly prebuilds: readonly string[] }
  | { readonly action: 'build'; readonly tag: string; readonly modules: readonly BuiltModule[] };

/** Environment variable npm sets for `npm install --build-from-source`, the flag prebuild-install and node-pre-gyp honour too. */
const BUILD_FROM_SOURCE_ENV = 'npm_config_build_from_source';

/** The prebuild folders the package ships (any platform), each with the module names in it. */
function shippedPrebuilds(root: string): Map<string, string[]> {
  const shipped = new Map<string, string[]>();
  let entries;
  try {
    entries = readdirSync(prebuildsRoot(root), { withFileTypes: true });
  } catch {
    return shipped;
  }
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const names = readdirSync(join(prebuildsRoot(root), entry.name))
      .filter((file) => file.endsWith(ADDON_EXTENSION))
      .map((file) => basename(file, ADDON_EXTENSION));
    if (names.length > 0) shipped.set(entry.name, names.sort());
  }
  return shipped;
}

/** The package's name from its package.json, else its folder's name. */
function packageName(root: string): string {
  try {
    const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  } catch {
    // No or unreadable package.json: the folder names it well enough.
  }
  return basename(root);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Looks for a prebuild of each module the package ships for this platform,
 * along the loader's own search order. Returns the prebuilds that load, or
 * why building is needed.
 */
function findPrebuilds(root: string, tag: string, shipped: Map<string, string[]>): { paths: string[] } | { reason: string } {
  const names = [...new Set([...shipped.values()].flat())].sort();
  if (names.length === 0) return { reason: 'the package ships no prebuilds' };
  const paths: string[] = [];
  for (const name of names) {
    // Local builds do not count: `install` is about what the package ships. A pinned TSBIND_VARIANT neither.
    const candidates = addonCandidates(root, name, { env: {} }).filter((candidate) => candidate.kind === 'prebuild');
    const failures: string[] = [];
    const found = candidates.find(({ path }) => {
      if (!existsSync(path)) return false;
      const outcome = loadModuleFile(path);
      if (!outcome.loaded) failures.push(`${displayPath(path)} does not load here (${outcome.reason})`);
      return outcome.loaded;
    });
    if (found) {
      paths.push(found.path);
      continue;
    }
    if (failures.length > 0) return { reason: failures.join('; ') };
    const has = [...shipped.keys()].join(', ');
    return { reason: `no prebuild of ${name} for ${tag} (the package has prebuilds for ${has})` };
  }
  return { paths };
}

/**
 * The install step of a package made with tsbind: nothing to do when a
 * prebuild for this platform loads; otherwise a Release build from source,
 * without entry files (the published package ships them). Throws a CliError
 * that names the platform and what a source build needs when that fails.
 */
export async function install(dir: string, options: InstallOptions): Promise<InstallResult> {
  const root = resolve(dir);
  const log = new Log(Boolean(options.verbose));
  const tag = targetTag(currentTarget());
  const name = packageName(root);
  const shipped = shippedPrebuilds(root);

  const fromSource = options.buildFromSource || truthy(process.env[BUILD_FROM_SOURCE_ENV]);
  const found = fromSource
    ? { reason: `building from source was asked for (--build-from-source or ${BUILD_FROM_SOURCE_ENV})` }
    : findPrebuilds(root, tag, shipped);
  if ('paths' in found) {
    const list = found.paths.map((path) => displayPath(path)).join(', ');
    log.step('install', `${name}: prebuild for ${tag} found, nothing to build ${pc.dim(`(${list})`)}`);
    return { action: 'prebuild', tag, prebuilds: found.paths };
  }

  log.step('install', `${name}: ${found.reason}; building from source`);
  let modules: BuiltModule[];
  try {
    modules = await build(root, { jobs: options.jobs, verbose: options.verbose, entry: false });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(`Could not install ${name} on ${tag}: ${found.reason}, and building it from source failed: ${error.message}`, {
      output: error.output,
      hint:
        (error.hint ? `${error.hint}\n` : '') +
        'Building from source needs CMake 3.19 or newer, a C++17 compiler (GCC 7, Clang 5, Visual Studio 2017 15.7 or newer) ' +
        'and make or Ninja. Run `npx tsbind doctor` to see what is missing on this machine and how to install it, ' +
        `then install again; or ask the maintainers of ${name} for a ${tag} prebuild.`,
      exitCode: error.exitCode,
    });
  }
  const built = new Set(modules.map((module) => basename(module.path, ADDON_EXTENSION)));
  for (const missing of [...new Set([...shipped.values()].flat())].filter((module) => !built.has(module))) {
    log.warn(`the build made no ${missing}${ADDON_EXTENSION}, which the prebuilds of other platforms have`);
  }
  return { action: 'build', tag, modules };
}

/** The `install` subcommand for the tsbind program. */
export function installCommand(): Command {
  const command = new Command('install')
    .description(
      'for a package\'s "install" script: use the prebuild for this platform if the package ships one that loads, ' +
        'otherwise build <dir> from source (Release, no entry files)',
    )
    .argument('[dir]', 'the package folder, holding prebuilds/ and the CMakeLists.txt', '.')
    .addOption(new Option('--build-from-source', `build even when a prebuild matches (also: ${BUILD_FROM_SOURCE_ENV}=true)`));
  for (const option of sharedBuildOptions('--jobs', '--verbose')) command.addOption(option);
  return command.action(async (dir: string, options: InstallOptions) => {
    await install(dir, options);
  });
}
