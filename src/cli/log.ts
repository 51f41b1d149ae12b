// What the CLI prints while it works: one line per step, commands and tool output with --verbose, a progress line.
//
// Colours come from picocolors, which turns them off for NO_COLOR, a pipe, or
// TERM=dumb. On a terminal the build's progress is redrawn on one line; in a
// pipe or a CI log each progress line is printed as it comes.
import { isAbsolute, relative } from 'node:path';
import pc from 'picocolors';

/** Quotes one argument the way a POSIX shell would need, so printed commands can be pasted. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Formats a command line for display. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map(shellQuote).join(' ');
}

/** A path as short as it can be said: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Formats a byte count as B, KiB or MiB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Step and progress output of one command run. */
export class Log {
  /** Whether every command and all tool output is shown. */
  readonly verbose: boolean;
  readonly #out: NodeJS.WriteStream;
  readonly #redraw: boolean;
  #progressShown = false;

  /** @param verbose show commands and full tool output; @param out stream to write to. */
  constructor(verbose: boolean, out: NodeJS.WriteStream = process.stdout) {
    this.verbose = verbose;
    this.#out = out;
    // Redrawing one line only makes sense on a terminal, and not while the
    // full tool output is streaming past (--verbose).
    this.#redraw = Boolean(out.isTTY) && !verbose && process.env.TERM !== 'dumb';
  }

  /** Prints a step: a coloured label, then what it is about. */
  step(label: string, detail = ''): void {
    this.endProgress();
    this.#out.write(`${pc.bold(pc.cyan(label.padStart(10)))}  ${detail}\n`);
  }

  /** Prints a warning line. */
  warn(message: string): void {
    this.endProgress();
    this.#out.write(`${pc.bold(pc.yellow('warning'.padStart(10)))}  ${message}\n`);
  }

  /** Prints a command about to run (only with --verbose). */
  command(file: string, args: readonly string[]): void {
    if (this.verbose) this.#out.write(`${pc.dim('$')} ${pc.dim(formatCommand(file, args))}\n`);
  }

  /** Shows a tool's progress line: redrawn in place on a terminal, printed as a plain line otherwise. */
  progress(line: string): void {
    if (this.verbose) return; // the full output, progress included, is already streaming
    if (!this.#redraw) {
      this.#out.write(`${' '.repeat(12)}${pc.dim(line)}\n`);
      return;
    }
    const width = Math.max(20, (this.#out.columns || 80) - 13);
    const text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
    this.#out.write(`\r\x1b[2K${' '.repeat(12)}${pc.dim(text)}`);
    this.#progressShown = true;
  }

  /** Clears the progress line, so that the next line starts clean. */
  endProgress(): void {
    if (!this.#progressShown) return;
    this.#out.write('\r\x1b[2K');
    this.#progressShown = false;
  }
}
