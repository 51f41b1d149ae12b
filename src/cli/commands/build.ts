// `tsbind build [dir]`: configure and build a CMake project of tsbind modules into <dir>/build/<Variant>.
import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import pc from 'picocolors';
import { ADDON_EXTENSION, buildDir, type BuildVariant } from '../../loader/layout.js';
import { buildArgs, cachedGenerator, configureArgs, countWarnings, diagnose, hasCache, isProgressLine } from '../cmake.js';
import { CliError } from '../errors.js';
import { runTool, ToolNotFoundError, type ToolResult } from '../exec.js';
import { installHint } from '../install-hints.js';
import { displayPath, formatSize, Log } from '../log.js';
import { nodeApiHeadersDir } from '../node-api-headers.js';
import { cmakePackageDir, packageRoot } from '../package-root.js';
import { parseSanitizers, sanitizerVariant, type Sanitizer } from '../sanitizers.js';
import { findOnPath } from '../which.js';
import type { ModuleDescription } from '../../typegen/description.js';
import { NotATsbindModuleError, readModuleDescription, writeGenerated } from './typegen.js';

/** Options of `tsbind build`, as commander parses them. */
export interface BuildOptions {
  /** Build the Debug variant. */
  readonly debug?: boolean;
  /** Build a sanitizer variant (Sanitize, or SanitizeThread with thread) with these sanitizers. */
  readonly sanitize?: Sanitizer[];
  /** Parallel compile jobs. */
  readonly jobs: number;
  /** Print every command and the full tool output. */
  readonly verbose?: boolean;
  /** Write each module's entry point and declarations (`--no-entry` sets false). */
  readonly entry?: boolean;
  /** Folder for the entry files, relative to the working directory (default: the project folder). */
  readonly entryDir?: string;
}

/** A module the build produced. */
export interface BuiltModule {
  /** Absolute path of the `.node` file. */
  readonly path: string;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * Which variant and CMake build type the options ask for. Sanitizers win over
 * --debug: they build as Debug anyway, into `Sanitize`, or `SanitizeThread`
 * for ThreadSanitizer.
 */
export function selectVariant(options: Pick<BuildOptions, 'debug' | 'sanitize'>): { variant: BuildVariant; buildType: string } {
  if (options.sanitize && options.sanitize.length > 0) return { variant: sanitizerVariant(options.sanitize), buildType: 'Debug' };
  if (options.debug) return { variant: 'Debug', buildType: 'Debug' };
  return { variant: 'Release', buildType: 'Release' };
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('Expected a whole number of jobs, 1 or more.');
  return jobs;
}

/** Checks that `dir` is a folder with a CMakeLists.txt; returns its absolute path. */
function checkProjectDir(dir: string): string {
  const sourceDir = resolve(dir);
  if (!existsSync(sourceDir)) throw new CliError(`Directory not found: ${sourceDir}`);
  if (!statSync(sourceDir).isDirectory()) throw new CliError(`Not a directory: ${sourceDir}`);
  if (!existsSync(join(sourceDir, 'CMakeLists.txt'))) {
    throw new CliError(`${sourceDir} has no CMakeLists.txt: \`tsbind build\` builds a CMake project`, {
      hint:
        'Give the folder of your CMakeLists.txt, or create one:\n' +
        '  cmake_minimum_required(VERSION 3.19)\n' +
        '  project(my_addon CXX)\n' +
        '  find_package(tsbind CONFIG REQUIRED)\n' +
        '  tsbind_add_module(my_addon SOURCES src/my_addon.cpp)',
    });
  }
  return sourceDir;
}

/** Runs one cmake step with the progress and failure handling every step shares. */
async function cmakeStep(log: Log, cmake: string, args: string[], what: string): Promise<ToolResult> {
  log.command(cmake, args);
  let result: ToolResult;
  try {
    result = await runTool(cmake, args, {
      echo: log.verbose,
      onLine: (line) => {
        if (isProgressLine(line)) log.progress(line);
      },
    });
  } catch (error) {
    if (error instanceof ToolNotFoundError) throw new CliError('CMake was not found on PATH', { hint: installHint('cmake') });
    throw error;
  }
  log.endProgress();
  if (result.code !== 0) {
    const known = diagnose(result.output);
    const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
    throw new CliError(known?.message ?? `CMake ${what} failed (${status})`, {
      // With --verbose the output has already streamed past.
      output: log.verbose ? undefined : result.output,
      hint: known?.hint ?? (what === 'configure' ? 'See the CMake output above.' : 'See the compiler output above.'),
    });
  }
  return result;
}

/** The `.node` files in a build folder, sorted by name. */
function modulesIn(binaryDir: string): BuiltModule[] {
  return readdirSync(binaryDir)
    .filter((file) => file.endsWith(ADDON_EXTENSION))
    .sort()
    .map((file) => join(binaryDir, file))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, size: statSync(path).size }));
}

/**
 * Writes the typed entry point of each module: `<name>.js` (ESM) and
 * `<name>.cjs` (CommonJS), which load it through tsbind/loader, and
 * `<name>.d.ts`/`<name>.d.cts` from its description. The module is loaded
 * into this process to describe itself, as `tsbind typegen` does.
 */
async function writeEntries(log: Log, modules: readonly BuiltModule[], packageDir: string, entryDir: string): Promise<void> {
  let generateEntry: typeof import('../../typegen/entry.js').generateEntry;
  try {
    // The generator brings the TypeScript compiler: loaded only when needed.
    ({ generateEntry } = await import('../../typegen/entry.js'));
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND' && /'typescript'/.test(error.message);
    if (!missing) throw error;
    throw new CliError('The package `typescript` is needed to write the declarations, and it is not installed', {
      hint: 'Install it beside tsbind (`npm install --save-dev typescript`), or build without the entry point: `tsbind build --no-entry`.',
    });
  }
  const fromEntry = relative(entryDir, packageDir).split(sep).join('/') || '.';
  for (const module of modules) {
    const name = basename(module.path, ADDON_EXTENSION);
    let description: ModuleDescription;
    try {
      description = readModuleDescription(module.path);
    } catch (error) {
      // A plain Node-API module built beside tsbind ones has nothing to declare.
      if (!(error instanceof NotATsbindModuleError)) throw error;
      log.warn(`no entry point for ${displayPath(module.path)}: it is not a tsbind module (it has no self-description)`);
      continue;
    }
    const files = generateEntry(description, { name, packageDir: fromEntry });
    const { functions, classes, exceptions, enums } = description;
    const summary = `(${functions.length + classes.length + exceptions.length + enums.length} exports)`;
    writeGenerated(log, join(entryDir, `${name}.d.ts`), files.declarations, summary);
    writeGenerated(log, join(entryDir, `${name}.d.cts`), files.cjsDeclarations);
    writeGenerated(log, join(entryDir, `${name}.js`), files.esm);
    writeGenerated(log, join(entryDir, `${name}.cjs`), files.cjs);
  }
}

/**
 * Configures and builds the CMake project in `dir` into `<dir>/build/<Variant>`
 * and returns the modules found there. Throws CliError on any failure.
 */
export async function build(dir: string, options: BuildOptions): Promise<BuiltModule[]> {
  const started = Date.now();
  const log = new Log(Boolean(options.verbose));
  const sourceDir = checkProjectDir(dir);
  const { variant, buildType } = selectVariant(options);
  const sanitizers = options.sanitize ?? [];
  const binaryDir = buildDir(sourceDir, variant);

  const cmake = findOnPath('cmake');
  if (!cmake) throw new CliError('CMake was not found on PATH', { hint: installHint('cmake') });
  const root = packageRoot();
  const headersDir = nodeApiHeadersDir(root);

  // A build folder keeps the generator it was first configured with (CMake
  // refuses to switch); a fresh one gets Ninja when it is there, unless the
  // user chose a generator through CMAKE_GENERATOR.
  const configured = hasCache(binaryDir);
  const generator = !configured && !process.env.CMAKE_GENERATOR && findOnPath('ninja') ? 'Ninja' : undefined;
  const launcher = findOnPath('ccache') ? 'ccache' : undefined;

  const sanitizeNote = sanitizers.length > 0 ? `, ${sanitizers.join(',')}` : '';
  log.step('tsbind', `${displayPath(sourceDir)} → ${displayPath(binaryDir)} (${variant}${sanitizeNote})`);

  const generatorNote = generator ?? cachedGenerator(binaryDir) ?? 'CMake default generator';
  log.step('configure', pc.dim(`${buildType}, ${generatorNote}${launcher ? ', ccache' : ''}`));
  const configure = configureArgs({
    sourceDir,
    binaryDir,
    buildType,
    tsbindDir: cmakePackageDir(),
    nodeApiHeadersDir: headersDir,
    sanitizers,
    generator,
    compilerLauncher: launcher,
  });
  await cmakeStep(log, cmake, configure, 'configure');

  log.step('build', pc.dim(`${options.jobs} job${options.jobs === 1 ? '' : 's'}`));
  const built = await cmakeStep(log, cmake, buildArgs(binaryDir, buildType, options.jobs, log.verbose), 'build');
  const warnings = countWarnings(built.output);
  if (warnings > 0 && !log.verbose) log.warn(`${warnings} compiler warning${warnings === 1 ? '' : 's'} (run with --verbose to see them)`);

  const modules = modulesIn(binaryDir);
  if (modules.length === 0) {
    log.warn(`no ${ADDON_EXTENSION} file in ${displayPath(binaryDir)}: does the CMakeLists.txt call tsbind_add_module()?`);
  }
  for (const module of modules) log.step('module', `${displayPath(module.path)} ${pc.dim(`(${formatSize(module.size)})`)}`);
  if (options.entry !== false && modules.length > 0) {
    if (sanitizers.length > 0) {
      log.step('entry', pc.dim(`not written from a ${variant} build (it loads only under \`tsbind run\`); a Release or Debug build writes it`));
    } else {
      await writeEntries(log, modules, sourceDir, resolve(options.entryDir ?? sourceDir));
    }
  }
  log.step('done', pc.dim(`in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  return modules;
}

/** The `build` subcommand for the tsbind program. */
export function buildCommand(): Command {
  return new Command('build')
    .description('configure and build the CMake project in <dir> into <dir>/build/<Release|Debug|Sanitize|SanitizeThread>')
    .argument('[dir]', 'folder holding the CMakeLists.txt', '.')
    .option('--debug', 'build the Debug variant (no optimisation, assertions on) into build/Debug')
    .option(
      '--sanitize <list>',
      'build a sanitizer variant (Debug + sanitizers) into build/Sanitize, or build/SanitizeThread with thread; list: address, thread, undefined, comma-separated (not address with thread)',
      parseSanitizers,
    )
    .addOption(
      new Option('-j, --jobs <n>', 'parallel compile jobs').argParser(parseJobs).default(availableParallelism(), 'number of CPUs'),
    )
    .option('--entry-dir <dir>', 'folder for each module\'s entry files <name>.js, .cjs, .d.ts and .d.cts (default: <dir>)')
    .option('--no-entry', 'do not write the entry files and declarations')
    .option('--verbose', 'print every command run (CMake\'s, and each compiler and linker command) and the full output of CMake and the compiler')
    .action(async (dir: string, options: BuildOptions) => {
      await build(dir, options);
    });
}
