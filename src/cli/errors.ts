// Errors the CLI expects (a missing tool, a failed build) and how they reach the user.
import pc from 'picocolors';

/** What to attach to a {@link CliError}. */
export interface CliErrorDetails {
  /** How to fix it, printed after the message. */
  readonly hint?: string;
  /** Output of the tool that failed, printed before the message so the message stays last on screen. */
  readonly output?: string;
  /** Process exit code (default 1). */
  readonly exitCode?: number;
}

/** A failure the user can act on: printed as a message and hint, without a stack trace. */
export class CliError extends Error {
  /** How to fix it. */
  readonly hint: string | undefined;
  /** Output of the tool that failed. */
  readonly output: string | undefined;
  /** Process exit code. */
  readonly exitCode: number;

  /** @param message what went wrong, one line. */
  constructor(message: string, details: CliErrorDetails = {}) {
    super(message);
    this.name = 'CliError';
    this.hint = details.hint;
    this.output = details.output;
    this.exitCode = details.exitCode ?? 1;
  }
}

/** Prints an error thrown by a command and sets the exit code; unexpected errors keep their stack. */
export function reportError(error: unknown): void {
  if (error instanceof CliError) {
    if (error.output) process.stderr.write(error.output.endsWith('\n') ? error.output : `${error.output}\n`);
    process.stderr.write(`${pc.red(pc.bold('error:'))} ${error.message}\n`);
    if (error.hint) process.stderr.write(`${pc.yellow('hint:')} ${error.hint}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`${pc.red(pc.bold('tsbind: internal error:'))} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
