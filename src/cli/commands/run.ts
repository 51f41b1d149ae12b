// `tsbind run --sanitize=<list> [--leaks] -- <command>`: run a command that loads the sanitizer-built modules.
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import pc from 'picocolors';
import { VARIANT_ENV } from '../../loader/layout.js';
import { CliError, reportError } from '../errors.js';
import { abandonLeakCheck, finishLeakCheck, LEAK_DIR_ENV, prepareLeakCheck, type LeakCheck } from '../leak-check.js';
import { leakCheckLine, summarizeLeaks } from '../leak-report.js';
import { formatCommand } from '../log.js';
import { runtimePreload } from '../sanitizer-runtime.js';
import { parseSanitizers, sanitizerOptionsEnv, sanitizerVariant, threadCheckTsanOptions, type Sanitizer } from '../sanitizers.js';
import { abandonTsanCheck, finishTsanCheck, prepareTsanCheck, withoutAslr, type TsanCheck } from '../tsan-check.js';
import { summarizeTsan, tsanCheckLine } from '../tsan-report.js';
import { findOnPath } from '../which.js';

/** Options of `tsbind run`, as commander parses them. */
export interface RunOptions {
  /** Sanitizers the modules were built with. */
  readonly sanitize: Sanitizer[];
  /** Check for leaks of native modules (needs `address`). */
  readonly leaks?: boolean;
  /** Print the environment set up and the command. */
  readonly verbose?: boolean;
}

/** What a run checks after the command: leaks (`--leaks`), ThreadSanitizer's reports (`thread`). */
export interface RunChecks {
  readonly leakCheck?: LeakCheck;
  readonly tsanCheck?: TsanCheck;
}

/**
 * The variables `tsbind run` adds to the environment: the variant pin for the
 * loader, the ASan or TSan runtime preload, and the sanitizers' runtime
 * options. With a leak check, the helper is preloaded right after the runtime
 * and told its folder, and ASAN_OPTIONS turns leak detection on; with a
 * thread check, TSAN_OPTIONS sends the reports to its folder.
 */
export function sanitizedEnv(sanitizers: readonly Sanitizer[], env: NodeJS.ProcessEnv = process.env, checks: RunChecks = {}): Record<string, string> {
  const { leakCheck, tsanCheck } = checks;
  const added: Record<string, string> = { [VARIANT_ENV]: sanitizerVariant(sanitizers) };
  const runtime = sanitizers.includes('address') ? 'address' : sanitizers.includes('thread') ? 'thread' : undefined;
  if (runtime) {
    const preload = runtimePreload(runtime, env);
    // The value is the runtime, then the entries that were there: the helper goes between.
    added[preload.variable] = leakCheck ? `${preload.library}:${leakCheck.helper}${preload.value.slice(preload.library.length)}` : preload.value;
  }
  if (leakCheck) added[LEAK_DIR_ENV] = leakCheck.dir;
  const tsan = tsanCheck ? threadCheckTsanOptions(tsanCheck.reportPrefix) : undefined;
  return { ...added, ...sanitizerOptionsEnv(sanitizers, env, { leaks: leakCheck !== undefined, tsan }) };
}

/** The error of a command that cannot be started. */
function commandNotFound(command: string): CliError {
  return new CliError(`Command not found: ${command}`, {
    exitCode: 127,
    hint: 'Give the program to run after `--`, e.g. `tsbind run --sanitize=address -- node --test`.',
  });
}

// Signals a terminal or supervisor sends to stop us: passed on to the child,
// which decides how to end; we then end the same way it did.
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs the command with `env` and resolves with how it ended. */
function spawnAndWait(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(command, args, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      reject(error.code === 'ENOENT' ? commandNotFound(command) : error);
    });
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      resolve({ code, signal });
    });
  });
}

/** What a check after the command found, as the run reports it. */
interface CheckOutcome {
  /** The sanitizer that found it, which the error names: `LeakSanitizer`, `ThreadSanitizer`. */
  readonly sanitizer: string;
  /** The findings with their stacks; empty when there is nothing to show. */
  readonly report: string;
  /** The one-line account. */
  readonly line: string;
  /** Whether the run passes the check. */
  readonly clean: boolean;
  /** How many processes had problems of the check itself (printed in the report). */
  readonly problems: number;
  /** What those problems are, e.g. `the leak check reported problems`. */
  readonly problemText: string;
  readonly hint: string;
}

/** Prints what a check found and returns the error that fails the run, if any. */
function concludeCheck(outcome: CheckOutcome, exitCode: number): CliError | undefined {
  if (outcome.report) process.stderr.write(`\n${outcome.report}\n`);
  if (outcome.clean) {
    process.stderr.write(pc.dim(`tsbind run: ${outcome.line}\n`));
    return undefined;
  }
  const problems = outcome.problems > 0 ? `; ${outcome.problemText} in ${outcome.problems} process${outcome.problems === 1 ? '' : 'es'} (above)` : '';
  // The command's own failure, if it failed, says more than ours.
  return new CliError(`${outcome.sanitizer}: ${outcome.line}${problems}`, { exitCode: exitCode !== 0 ? exitCode : 1, hint: outcome.hint });
}

/**
 * Reads the leak reports of the run, prints the leaks made through native
 * modules with their stacks, and returns the error that fails the run, if any.
 */
function reportLeaks(check: LeakCheck, exitCode: number): CliError | undefined {
  const result = summarizeLeaks(finishLeakCheck(check), { color: pc.isColorSupported });
  return concludeCheck(
    {
      sanitizer: 'LeakSanitizer',
      report: result.report,
      line: leakCheckLine(result),
      clean: result.leaks === 0 && result.problems === 0,
      problems: result.problems,
      problemText: 'the leak check reported problems',
      hint:
        'Each stack above is where leaked memory was allocated, innermost first; frames in a .node module are in bold. ' +
        'Node\'s and V8\'s own leaks are left out (docs/cli.md, "Leak checking"). ' +
        'To accept a known leak, list it in a LeakSanitizer suppressions file and set LSAN_OPTIONS=suppressions=<file>.',
    },
    exitCode,
  );
}

/**
 * Reads the ThreadSanitizer reports of the run, prints those about native
 * modules with their stacks (and with `verbose` the summaries of Node's own),
 * and returns the error that fails the run, if any.
 */
function reportTsan(check: TsanCheck, exitCode: number, verbose: boolean): CliError | undefined {
  const result = summarizeTsan(finishTsanCheck(check), { color: pc.isColorSupported });
  if (verbose && result.ignoredSummaries.length > 0) {
    process.stderr.write(pc.dim(`Reports of Node's own, ignored:\n${result.ignoredSummaries.map(({ summary, count }) => `  ${count} × ${summary}`).join('\n')}\n`));
  }
  const clean = result.reports === 0 && result.problems === 0;
  return concludeCheck(
    {
      sanitizer: 'ThreadSanitizer',
      report: result.report,
      line: clean ? `ThreadSanitizer: ${tsanCheckLine(result)}` : tsanCheckLine(result),
      clean,
      problems: result.problems,
      problemText: 'other sanitizer output',
      hint:
        'Each report above has the stacks of the two accesses (or locks) it is about, innermost first; frames in a .node module are in bold. ' +
        'Node\'s and V8\'s own reports are left out (docs/cli.md, "ThreadSanitizer"; --verbose lists them). ' +
        'To accept a known report, list it in a ThreadSanitizer suppressions file and set TSAN_OPTIONS=suppressions=<file>.',
    },
    exitCode,
  );
}

/** Whether `command` names a program that exists: a path, or a name on PATH. */
function commandExists(command: string): boolean {
  return command.includes('/') ? existsSync(command) : findOnPath(command) !== undefined;
}

/** Runs `command args...` with the sanitizer environment; resolves when it ends, having set our exit status to its. */
export async function run(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  if (options.leaks && !options.sanitize.includes('address')) {
    throw new CliError('--leaks needs --sanitize=address', {
      hint: 'LeakSanitizer is part of the AddressSanitizer runtime: build with `tsbind build --sanitize=address` and run with `tsbind run --sanitize=address --leaks`.',
    });
  }
  const thread = options.sanitize.includes('thread');
  // Under setarch a missing command would be setarch's error: say ours first.
  if (thread && !commandExists(command)) throw commandNotFound(command);
  const leakCheck = options.leaks ? prepareLeakCheck() : undefined;
  const tsanCheck = thread ? prepareTsanCheck() : undefined;
  let ended: { code: number | null; signal: NodeJS.Signals | null };
  try {
    const added = sanitizedEnv(options.sanitize, process.env, { leakCheck, tsanCheck });
    const started = thread ? withoutAslr(command, args) : { command, args: [...args] };
    if (options.verbose) {
      for (const [name, value] of Object.entries(added)) process.stderr.write(pc.dim(`${name}=${value}\n`));
      process.stderr.write(`${pc.dim('$')} ${pc.dim(formatCommand(started.command, started.args))}\n`);
    }
    ended = await spawnAndWait(started.command, started.args, { ...process.env, ...added });
  } catch (error) {
    if (leakCheck) abandonLeakCheck(leakCheck);
    if (tsanCheck) abandonTsanCheck(tsanCheck);
    throw error;
  }
  const { code, signal } = ended;
  const exitCode = signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1);
  const checkError = leakCheck ? reportLeaks(leakCheck, exitCode) : tsanCheck ? reportTsan(tsanCheck, exitCode, Boolean(options.verbose)) : undefined;
  if (signal) {
    // End by the same signal, so that our parent sees what the child did;
    // the shell's 128+n stands in should that signal not end a process.
    if (checkError) reportError(checkError);
    process.exitCode = exitCode;
    process.kill(process.pid, signal);
    return;
  }
  process.exitCode = exitCode;
  if (checkError) throw checkError;
}

/** The `run` subcommand for the tsbind program. */
export function runCommand(): Command {
  return new Command('run')
    .description('run a command (e.g. node --test) so that it loads the modules of build/Sanitize (build/SanitizeThread with thread) under the sanitizers')
    .requiredOption('--sanitize <list>', 'sanitizers the modules were built with: address, thread, undefined, comma-separated (not address with thread)', parseSanitizers)
    .option('--leaks', 'with address: check every process that loaded a native module for leaks at exit, and fail if memory allocated through a .node module leaked')
    .option('--verbose', 'print the environment tsbind sets and the command it runs; with thread, also list the reports of Node\'s own it ignored')
    .argument('<command>', 'program to run, e.g. node')
    .argument('[args...]', 'its arguments')
    // Options after the command belong to it: `tsbind run --sanitize=address node --test`.
    .passThroughOptions()
    .action(async (command: string, args: string[], options: RunOptions) => {
      await run(command, args, options);
    });
}
