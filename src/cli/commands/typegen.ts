// `tsbind typegen <module.node> [-o <file.d.ts>]`: write the TypeScript declarations of a built module.
//
// The module is loaded into this process and asked to describe itself
// (`exports[Symbol.for('tsbind.describe')]()`); src/typegen turns the
// description into .d.ts text. The generator, and with it the TypeScript
// compiler, is imported only when this command runs: loading TypeScript
// takes about half a second that other commands should not pay.
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import pc from 'picocolors';
import { binaryProblem } from '../../loader/binary.js';
import { ADDON_EXTENSION } from '../../loader/layout.js';
import { DescriptionError, DESCRIBE_KEY, parseDescription, type ModuleDescription } from '../../typegen/description.js';
import { CliError } from '../errors.js';
import { displayPath, Log } from '../log.js';

/** Options of `tsbind typegen`, as commander parses them. */
export interface TypegenOptions {
  /** The .d.ts file to write; standard output when absent. */
  readonly output?: string;
}

const require = createRequire(import.meta.url);

/** The exports of the module at `path` (a `.node` file, or a CommonJS file that exports one's exports). */
function loadModule(path: string): unknown {
  if (!existsSync(path)) {
    throw new CliError(`Module not found: ${path}`, { hint: '`tsbind build` puts modules in build/Release/<name>.node (build/Debug with --debug).' });
  }
  if (!statSync(path).isFile()) throw new CliError(`Not a file: ${path}`);
  // A .node file cut short would kill this process when loaded (binary.ts).
  const problem = path.endsWith(ADDON_EXTENSION) ? binaryProblem(path) : undefined;
  if (problem !== undefined) throw new CliError(`Could not load ${displayPath(path)}: ${problem}`, { hint: 'Rebuild it with `tsbind build`.' });
  try {
    return require(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`Could not load ${displayPath(path)}: ${reason}`, {
      hint:
        `Give a Node-API module built for this platform (${process.platform}-${process.arch}). ` +
        'A module built with --sanitize loads only under `tsbind run --sanitize=…`, e.g. `tsbind run --sanitize=address -- tsbind typegen …`.',
    });
  }
}

/** A module that loads but has no describe function: not made with TSBIND_MODULE, or by an older tsbind. */
export class NotATsbindModuleError extends CliError {}

/**
 * Loads the module at `path` and returns its validated description. Throws a
 * {@link CliError} saying what went wrong: no such file, it does not load, it
 * is not a tsbind module (no describe function), describing it failed, or the
 * description is malformed.
 */
export function readModuleDescription(path: string): ModuleDescription {
  const file = resolve(path);
  const exports = loadModule(file);
  const isObject = (typeof exports === 'object' && exports !== null) || typeof exports === 'function';
  const describe: unknown = isObject ? Reflect.get(exports, Symbol.for(DESCRIBE_KEY)) : undefined;
  if (typeof describe !== 'function') {
    throw new NotATsbindModuleError(`${displayPath(file)} is not a tsbind module: its exports have no [Symbol.for('${DESCRIBE_KEY}')]() function to describe it`, {
      hint: 'Declarations are generated for modules made with TSBIND_MODULE; if it is one, rebuild it with this version of tsbind (`tsbind build`).',
    });
  }
  let description: unknown;
  try {
    description = Reflect.apply(describe, exports, []);
  } catch (error) {
    throw new CliError(`${displayPath(file)} failed to describe itself: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseDescription(description);
  } catch (error) {
    if (error instanceof DescriptionError) {
      throw new CliError(`${displayPath(file)}: ${error.message}`, { hint: 'The module may have been built with another version of tsbind: rebuild it with `tsbind build`.' });
    }
    throw error;
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Writes the declarations of the module at `modulePath` to `options.output`, or to standard output. */
export async function typegen(modulePath: string, options: TypegenOptions): Promise<void> {
  const description = readModuleDescription(modulePath);
  const { generateDeclarations } = await import('../../typegen/generate.js');
  let text: string;
  try {
    // A .d.cts file types a CommonJS module: a default export is `export =` there.
    const defaultStyle = options.output !== undefined && /\.d\.cts$/.test(options.output) ? 'cjs' : 'esm';
    text = generateDeclarations(description, { source: basename(modulePath), defaultStyle });
  } catch (error) {
    if (error instanceof DescriptionError) throw new CliError(`${displayPath(resolve(modulePath))}: ${error.message}`);
    throw error;
  }
  if (options.output === undefined) {
    process.stdout.write(text);
    return;
  }
  const { functions, classes, exceptions, objects, enums } = description;
  const parts = [count(functions.length, 'function', 'functions'), count(classes.length, 'class', 'classes'), count(exceptions.length, 'exception', 'exceptions')];
  // Kinds most modules do not have are named only when present.
  if (objects.length > 0) parts.push(count(objects.length, 'object type', 'object types'));
  if (enums.length > 0) parts.push(count(enums.length, 'enum', 'enums'));
  const summary = `(${parts.join(', ')})`;
  writeGenerated(new Log(false), resolve(options.output), text, summary);
}

/**
 * Writes a generated file and says so, or leaves it untouched when it already
 * holds exactly `text`, so that build tools watching it see no change.
 */
export function writeGenerated(log: Log, output: string, text: string, summary = ''): void {
  const note = summary ? ` ${pc.dim(summary)}` : '';
  if (existsSync(output) && readFileSync(output, 'utf8') === text) {
    log.step('unchanged', `${displayPath(output)}${note}`);
    return;
  }
  try {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, text);
  } catch (error) {
    throw new CliError(`Could not write ${displayPath(output)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  log.step('wrote', `${displayPath(output)}${note}`);
}

/** The `typegen` subcommand for the tsbind program. */
export function typegenCommand(): Command {
  return new Command('typegen')
    .description('write the TypeScript declarations (.d.ts) of a built tsbind module')
    .argument('<module>', 'the built module, e.g. build/Release/demo.node')
    .option('-o, --output <file>', 'the .d.ts file to write (default: standard output); a .d.cts file types a CommonJS module')
    .action(async (modulePath: string, options: TypegenOptions) => {
      await typegen(modulePath, options);
    });
}
