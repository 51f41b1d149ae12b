// `tsbind generate <headers...> -o <file.cpp>`: write a tsbind binding source from C/C++ headers (src/generate).
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pc from 'picocolors';
import { GenerateError, generateBinding, loadConfig } from '../../generate/index.js';
import { CliError } from '../errors.js';
import { displayPath, formatSize } from '../log.js';

/** Options of `tsbind generate`, as commander parses them. */
export interface GenerateOptions {
  readonly output: string;
  readonly include: string[];
  readonly config?: string;
  readonly check?: boolean;
  readonly quiet?: boolean;
}

/** Runs the command: writes the binding, or with --check compares it with the file. */
export async function runGenerate(headers: readonly string[], options: GenerateOptions): Promise<void> {
  const progress = process.stderr.isTTY && !options.quiet;
  let last = 0;
  try {
    const { config, file } = loadConfig(options.config);
    if (!options.quiet) process.stderr.write(`${pc.dim('reading')} ${[...headers, ...config.headers].map(displayPath).join(', ')} through clang${file ? ` (config ${displayPath(file)})` : ''}\n`);
    const result = await generateBinding({
      headers,
      includeDirs: options.include,
      config,
      output: options.output,
      onProgress: (bytes) => {
        if (progress && bytes - last > 8 * 1024 * 1024) {
          last = bytes;
          process.stderr.write(`\r${pc.dim(`clang AST: ${formatSize(bytes)} read`)}`);
        }
      },
    });
    if (progress && last) process.stderr.write('\r\x1b[K');
    if (options.check) {
      const current = existsSync(options.output) ? readFileSync(options.output, 'utf8') : undefined;
      if (current !== result.text) {
        throw new CliError(`${displayPath(options.output)} is out of date with its headers and config`, {
          hint: `Run \`tsbind generate\` again without --check to rewrite it${current === undefined ? ' (the file does not exist)' : ''}.`,
          exitCode: 1,
        });
      }
      process.stdout.write(`${displayPath(options.output)} is up to date\n`);
    } else {
      mkdirSync(dirname(options.output), { recursive: true });
      writeFileSync(options.output, result.text);
      process.stdout.write(`wrote ${displayPath(options.output)} (module ${result.module})\n`);
    }
    if (!options.quiet) process.stdout.write(`${result.coverage.format()}\n`);
  } catch (error) {
    if (error instanceof GenerateError) throw new CliError(error.message, error.hint === undefined ? {} : { hint: error.hint });
    throw error;
  }
}

/** The `generate` subcommand. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('Write a tsbind binding (one TSBIND_MODULE) from C/C++ headers, read through clang\'s AST')
    .argument('[headers...]', 'headers to bind (more can be listed under "headers" in the config)')
    .requiredOption('-o, --output <file>', 'the binding source to write, e.g. src/bindings.cpp')
    .option('-I, --include <dir>', 'an include directory the headers need (repeatable)', (dir: string, all: string[]) => [...all, dir], [] as string[])
    .option('-c, --config <file>', 'the config file (default: tsbind.generate.json when it exists)')
    .option('--check', 'do not write: exit with an error when the file differs from what would be generated')
    .option('-q, --quiet', 'print no progress and no coverage summary')
    .action((headers: string[], options: GenerateOptions) => runGenerate(headers, options));
}
