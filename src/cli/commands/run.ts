// `tsbind run --sanitize=<list> -- <command>`: run a command that loads the sanitizer-built modules.
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import pc from 'picocolors';
import { VARIANT_ENV } from '../../loader/layout.js';
import { asanPreload } from '../asan-runtime.js';
import { CliError } from '../errors.js';
import { formatCommand } from '../log.js';
import { parseSanitizers, sanitizerOptionsEnv, type Sanitizer } from '../sanitizers.js';

/** Options of `tsbind run`, as commander parses them. */
export interface RunOptions {
  /** Sanitizers the modules were built with. */
  readonly sanitize: Sanitizer[];
  /** Print the environment set up and the command. */
  readonly verbose?: boolean;
}

/**
 * The variables `tsbind run` adds to the environment: the variant pin for the
 * loader, the ASan runtime preload, and the sanitizers' runtime options.
 */
export function sanitizedEnv(sanitizers: readonly Sanitizer[], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const added: Record<string, string> = { [VARIANT_ENV]: 'Sanitize' };
  if (sanitizers.includes('address')) {
    const preload = asanPreload(env);
    added[preload.variable] = preload.value;
  }
  return { ...added, ...sanitizerOptionsEnv(sanitizers, env) };
}

// Signals a terminal or supervisor sends to stop us: passed on to the child,
// which decides how to end; we then end the same way it did.
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `command args...` with the sanitizer environment; resolves when it ends, having set our exit status to its. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  const added = sanitizedEnv(options.sanitize);
  if (options.verbose) {
    for (const [name, value] of Object.entries(added)) process.stderr.write(pc.dim(`${name}=${value}\n`));
    process.stderr.write(`${pc.dim('$')} ${pc.dim(formatCommand(command, args))}\n`);
  }
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...added } });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      reject(
        error.code === 'ENOENT'
          ? new CliError(`Command not found: ${command}`, { exitCode: 127, hint: 'Give the program to run after `--`, e.g. `tsbind run --sanitize=address -- node --test`.' })
          : error,
      );
    });
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      if (signal) {
        // End by the same signal, so that our parent sees what the child did;
        // the shell's 128+n stands in should that signal not end a process.
        process.exitCode = 128 + (constants.signals[signal] ?? 0);
        process.kill(process.pid, signal);
      } else {
        process.exitCode = code ?? 1;
      }
      resolve();
    });
  });
}

/** The `run` subcommand for the tsbind program. */
export function runCommand(): Command {
  return new Command('run')
    .description('run a command (e.g. node --test) so that it loads the modules of build/Sanitize under the sanitizers')
    .requiredOption('--sanitize <list>', 'sanitizers the modules were built with: address, undefined, comma-separated', parseSanitizers)
    .option('--verbose', 'print the environment tsbind sets and the command it runs')
    .argument('<command>', 'program to run, e.g. node')
    .argument('[args...]', 'its arguments')
    // Options after the command belong to it: `tsbind run --sanitize=address node --test`.
    .passThroughOptions()
    .action(async (command: string, args: string[], options: RunOptions) => {
      await run(command, args, options);
    });
}
