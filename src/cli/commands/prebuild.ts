// `tsbind prebuild [dir]`: a Release build, copied to <dir>/prebuilds/<platform>-<arch>[-<libc>]/ for publishing.
//
// Node-API is ABI-stable: a module built once per platform loads in every
// Node.js version that has its Node-API version, so one binary per platform
// tag is all a package ships. The tag is the loader's own name for this
// process's folder (targetTag), so what this writes is what loadAddon looks
// for first.
import { Command, type Option } from 'commander';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import pc from 'picocolors';
import { ADDON_EXTENSION, addonFile, prebuildDir } from '../../loader/layout.js';
import { currentTarget, targetTag } from '../../loader/platform.js';
import { CliError } from '../errors.js';
import { displayPath, formatSize, Log } from '../log.js';
import { build, buildCommand, type BuildOptions, type BuiltModule } from './build.js';

/** Options of `tsbind prebuild`, as commander parses them. */
export interface PrebuildOptions extends Pick<BuildOptions, 'jobs' | 'verbose' | 'entry' | 'entryDir'> {
  /** Package folder that receives `prebuilds/` (default: the project folder). */
  readonly targetDir?: string;
}

/** A module copied into a prebuild folder. */
export interface Prebuilt {
  /** Absolute path of the copy, `<targetDir>/prebuilds/<tag>/<name>.node`. */
  readonly path: string;
  /** The Release build it was copied from. */
  readonly from: string;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * Copies `from` to `to` through a temporary file and a rename, so that a
 * process which has the old file mapped (a test run, a dev server) keeps its
 * copy instead of seeing it change under it.
 */
function replaceFile(from: string, to: string): void {
  const temporary = `${to}.${process.pid}.tmp`;
  try {
    copyFileSync(from, temporary);
    renameSync(temporary, to);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CliError(`Could not write ${displayPath(to)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Modules already in a prebuild folder, by name. */
function modulesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((file) => file.endsWith(ADDON_EXTENSION));
  } catch {
    return [];
  }
}

/**
 * Builds the Release variant of the CMake project in `dir` (exactly as
 * `tsbind build` does) and copies each module to
 * `<targetDir>/prebuilds/<platform>-<arch>[-<libc>]/<name>.node`.
 */
export async function prebuild(dir: string, options: PrebuildOptions): Promise<Prebuilt[]> {
  const { targetDir, ...buildOptions } = options;
  const modules: BuiltModule[] = await build(dir, { ...buildOptions, debug: false, sanitize: undefined });
  const log = new Log(Boolean(options.verbose));
  if (modules.length === 0) {
    throw new CliError(`Nothing to prebuild: the build of ${displayPath(resolve(dir))} made no ${ADDON_EXTENSION} file`, {
      hint: 'Does the CMakeLists.txt call tsbind_add_module()?',
    });
  }
  const tag = targetTag(currentTarget());
  const folder = prebuildDir(resolve(targetDir ?? dir), tag);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new CliError(`Could not create ${displayPath(folder)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const written: Prebuilt[] = [];
  for (const module of modules) {
    const path = addonFile(folder, basename(module.path, ADDON_EXTENSION));
    replaceFile(module.path, path);
    written.push({ path, from: module.path, size: module.size });
    log.step('prebuild', `${displayPath(path)} ${pc.dim(`(${formatSize(module.size)}, ${tag})`)}`);
  }
  const built = new Set(written.map((module) => basename(module.path)));
  for (const stale of modulesIn(folder).filter((file) => !built.has(file))) {
    log.warn(`${displayPath(addonFile(folder, basename(stale, ADDON_EXTENSION)))} was not made by this build (left in place)`);
  }
  return written;
}

/** The options of `tsbind build` that `prebuild` shares, taken from its definition so that they cannot drift apart. */
export function sharedBuildOptions(...flags: string[]): Option[] {
  const options = buildCommand().options;
  return flags.map((flag) => {
    const option = options.find((candidate) => candidate.long === flag);
    if (!option) throw new Error(`tsbind: \`tsbind build\` has no option ${flag}`);
    return option;
  });
}

/** The `prebuild` subcommand for the tsbind program. */
export function prebuildCommand(): Command {
  const command = new Command('prebuild')
    .description(
      'build the Release variant of the CMake project in <dir> and copy each module to ' +
        '<dir>/prebuilds/<platform>-<arch>[-<libc>]/<name>.node, the folder the loader tries first',
    )
    .argument('[dir]', 'folder holding the CMakeLists.txt', '.')
    .option('--target-dir <dir>', 'package folder to put prebuilds/ in (default: <dir>)');
  for (const option of sharedBuildOptions('--jobs', '--entry-dir', '--no-entry', '--verbose')) command.addOption(option);
  return command.action(async (dir: string, options: PrebuildOptions) => {
    await prebuild(dir, options);
  });
}
