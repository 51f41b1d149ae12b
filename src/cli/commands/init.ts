// `tsbind init <dir>`: write a complete addon package (C++ source, CMake project, tests, CI) that `npm install && npm test` builds and tests.
//
// The files are the templates in templates/init/ of the tsbind package, copied
// as text with a few placeholders filled in (templates/README.md lists them).
import { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import pc from 'picocolors';
import { CliError } from '../errors.js';
import { displayPath, formatCommand, Log } from '../log.js';
import { packageRoot, packageVersion } from '../package-root.js';

/** Options of `tsbind init`, as commander parses them. */
export interface InitOptions {
  /** The npm package name (default: the folder's name). */
  readonly name?: string;
  /** Write into a folder that is not empty. */
  readonly force?: boolean;
}

/** What the placeholders of the templates stand for. */
export interface TemplateValues {
  /** `{{name}}`: the npm package name. */
  readonly name: string;
  /** `{{module}}`: the C++ module name (a C identifier). */
  readonly module: string;
  /** `{{tsbindVersion}}`: the version of this tsbind. */
  readonly tsbindVersion: string;
}

/** A file of the new package: where it goes (relative, with `/`) and its text. */
export interface InitFile {
  readonly path: string;
  readonly text: string;
}

/** Entries of a folder that do not make it "not empty": a fresh `git init` may come first. */
const IGNORED_ENTRIES = new Set(['.git']);

/** Names npm refuses whatever their characters. */
const RESERVED_PACKAGE_NAMES = new Set(['node_modules', 'favicon.ico']);

/**
 * Module names that would not work as a C identifier (C and C++ keywords, and
 * the alternative operator tokens that the preprocessor does not paste), as a
 * CMake target (names CMake keeps for itself, tsbind's own targets), or as a
 * file name on Windows: the module gets `_addon` appended.
 */
const RESERVED_MODULE_NAMES = new Set([
  // C++ keywords (C++20), which include C's, and the alternative tokens.
  ...'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires restrict return short signed sizeof static static_assert static_cast struct switch template this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq'.split(' '),
  // Targets CMake reserves, with its generators' own.
  ...'all clean help install install_local install_strip list_install_components package package_source test edit_cache rebuild_cache'.split(' '),
  // Device names Windows refuses as file names.
  ...'con prn aux nul com1 com2 com3 com4 com5 com6 com7 com8 com9 lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9'.split(' '),
]);

/**
 * What is wrong with `name` as the name of a new npm package, by npm's rules
 * (those of validate-npm-package-name for new packages); empty when it is valid.
 */
export function packageNameProblems(name: string): string[] {
  if (name.length === 0) return ['it is empty'];
  const problems: string[] = [];
  if (name.length > 214) problems.push('it is longer than 214 characters');
  if (name.trim() !== name) problems.push('it starts or ends with a space');
  if (/^[._]/.test(name)) problems.push('it starts with "." or "_"');
  if (name.toLowerCase() !== name) problems.push('it has uppercase letters');
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && !scoped) problems.push('a scoped name is @scope/name, with one "/"');
  const parts = scoped ? [scoped[1]!, scoped[2]!] : name.startsWith('@') ? [] : [name];
  const base = parts.at(-1) ?? '';
  if (parts.some((part) => encodeURIComponent(part) !== part) || (!scoped && name.includes('/'))) {
    problems.push('it has characters npm does not allow in a name (use a-z, 0-9, "-", "." and "_", after an optional "@scope/")');
  } else if (/[~'!()*]/.test(base)) {
    problems.push('it has one of ~\'!()*, which npm refuses in new names');
  }
  if (RESERVED_PACKAGE_NAMES.has(name.toLowerCase())) problems.push('npm reserves this name');
  if (builtinModules.includes(name)) problems.push('it is the name of a Node.js core module');
  if (name === 'tsbind') problems.push('it is tsbind\'s own name, and the package depends on tsbind');
  return problems;
}

/** A valid package name close to `name` (a folder name, say), or undefined when there is none. */
export function suggestPackageName(name: string): string | undefined {
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[.-]+$/g, '')
    .slice(0, 214);
  return suggestion && packageNameProblems(suggestion).length === 0 ? suggestion : undefined;
}

/**
 * The C++ module name for a package: its name without the scope, with every
 * run of other characters than letters, digits and `_` made one `_`. It
 * names `TSBIND_MODULE`, the CMake target, `<module>.node` and the entry
 * files, so it is a C identifier that is no keyword, no CMake target name
 * and no Windows device name.
 */
export function moduleName(packageName: string): string {
  const base = packageName.slice(packageName.lastIndexOf('/') + 1);
  let module = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
  if (module === '') return 'addon';
  if (/^[0-9]/.test(module)) module = `addon_${module}`;
  if (RESERVED_MODULE_NAMES.has(module.toLowerCase()) || module.toLowerCase().startsWith('tsbind')) module = `${module}_addon`;
  return module;
}

/**
 * Replaces the placeholders `{{name}}`, `{{module}}` and `{{tsbindVersion}}`
 * in `text`. Braces after a `$` are left alone: `${{ matrix.os }}` belongs
 * to GitHub Actions. Any other placeholder is an error, naming `file`.
 */
export function fillTemplate(text: string, values: TemplateValues, file: string): string {
  return text.replace(/(?<!\$)\{\{(\w+)\}\}/g, (_match, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`tsbind: the template ${file} uses an unknown placeholder {{${key}}}`);
    return values[key as keyof TemplateValues];
  });
}

/** Where a template file goes in the package: `__module__` is the module's name, and a leading `_` of a name is `.`. */
export function targetPath(templatePath: string, values: TemplateValues): string {
  return templatePath
    .split('/')
    .map((part) => part.replaceAll('__module__', values.module).replace(/^_(?!_)/, '.'))
    .join('/');
}

/** The folder of the templates in the tsbind package. */
export function templateDir(): string {
  return join(packageRoot(), 'templates', 'init');
}

/** Paths of the files under `dir`, relative to it with `/`, sorted. */
function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/** The files of a new package with these values, from the templates. */
export function initFiles(values: TemplateValues): InitFile[] {
  const dir = templateDir();
  if (!existsSync(dir)) throw new CliError(`tsbind's templates are missing: ${dir}`, { hint: 'Reinstall tsbind (`npm install tsbind`).' });
  return listFiles(dir).map((file) => ({
    path: targetPath(file, values),
    text: fillTemplate(readFileSync(join(dir, file), 'utf8'), values, `templates/init/${file}`),
  }));
}

/** The package name to use: `--name`, else the folder's name; a {@link CliError} saying why when it is not valid. */
function packageName(target: string, options: InitOptions): string {
  const fromFolder = options.name === undefined;
  const name = options.name ?? basename(target);
  const problems = packageNameProblems(name);
  if (problems.length === 0) return name;
  const suggestion = suggestPackageName(name) ?? 'my-addon';
  throw new CliError(
    fromFolder
      ? `The folder name "${name}" is not a valid npm package name: ${problems.join('; ')}`
      : `"${name}" is not a valid npm package name: ${problems.join('; ')}`,
    {
      hint: fromFolder
        ? `The package is named after its folder unless you give a name: \`${formatCommand('tsbind', ['init', displayPath(target), '--name', suggestion])}\`.`
        : `Package names are lowercase letters, digits, "-", "." and "_", optionally after "@scope/"; for example \`--name ${suggestion}\`.`,
    },
  );
}

/** Checks that `target` can receive the package: missing (it is made), or a folder that is empty or --force is given. */
function checkTarget(target: string, force: boolean): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new CliError(`Not a directory: ${target}`);
  const entries = readdirSync(target)
    .filter((entry) => !IGNORED_ENTRIES.has(entry))
    .sort();
  if (entries.length === 0 || force) return;
  const shown = entries.length > 5 ? `${entries.slice(0, 4).join(', ')} and ${entries.length - 4} more` : entries.join(', ');
  throw new CliError(`${displayPath(target)} is not empty (it has ${shown}): \`tsbind init\` writes a new package`, {
    hint: 'Give a new or empty folder, or pass --force to write the package into this one: files of the same names are overwritten, other files are left alone.',
  });
}

/** Writes a new addon package into `dir` and prints what it wrote and what to do next. */
export function init(dir: string, options: InitOptions, log: Log = new Log(false)): void {
  const target = resolve(dir);
  const name = packageName(target, options);
  checkTarget(target, options.force === true);
  const values: TemplateValues = { name, module: moduleName(name), tsbindVersion: packageVersion() };
  const files = initFiles(values);

  log.step('tsbind', `init ${displayPath(target)}: package ${pc.bold(name)}, C++ module ${pc.bold(values.module)}`);
  for (const file of files) {
    const path = join(target, ...file.path.split('/'));
    const existed = existsSync(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.text);
    } catch (error) {
      throw new CliError(`Could not write ${displayPath(path)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    log.step(existed ? 'overwrote' : 'wrote', displayPath(path));
  }
  log.step('done', `${files.length} files`);

  const steps: [string, string][] = [];
  if (resolve(process.cwd()) !== target) steps.push([formatCommand('cd', [displayPath(target)]), '']);
  steps.push(
    ['npx tsbind doctor', 'optional: checks CMake and the C++ compiler, says how to install what is missing'],
    ['npm install', `installs tsbind, then its install script (tsbind install) builds build/Release/${values.module}.node`],
    ['npm test', `builds build/Release/${values.module}.node and its typed entry point ${values.module}.js, then runs test/${values.module}.test.ts`],
  );
  const width = Math.max(...steps.map(([command]) => command.length));
  process.stdout.write(`\nNext steps:\n`);
  for (const [command, note] of steps) process.stdout.write(`  ${note ? `${command.padEnd(width)}   ${pc.dim(note)}` : command}\n`);
  process.stdout.write(
    `\nThe C++ code is in src/${values.module}.cpp; .github/workflows/prebuild.yml builds prebuilds for five platforms and packs them into the npm package.\n`,
  );
}

/** The `init` subcommand for the tsbind program. */
export function initCommand(): Command {
  return new Command('init')
    .description('write a new addon package: C++ source, CMakeLists.txt, package.json, a TypeScript test, README and a CI workflow for prebuilds')
    .argument('<dir>', 'folder of the new package (made if missing; must be empty unless --force)')
    .option('--name <package-name>', 'the npm package name (default: the folder\'s name); the C++ module name is derived from it')
    .option('--force', 'write into a folder that is not empty, overwriting files of the same names')
    .action((dir: string, options: InitOptions) => {
      init(dir, options);
    });
}
