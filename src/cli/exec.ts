// Running an external tool with its output captured: shown on failure or with --verbose, read line by line for progress.
import { spawn } from 'node:child_process';

/** How a tool ended, and everything it printed (stdout and stderr interleaved as they came). */
export interface ToolResult {
  /** Exit code, or null when killed by a signal. */
  readonly code: number | null;
  /** Signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything it printed. */
  readonly output: string;
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  /** Environment of the tool (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory. */
  readonly cwd?: string;
  /** Also copy the output to this process's stdout as it comes (--verbose). */
  readonly echo?: boolean;
  /** Called with each complete output line (for progress). */
  readonly onLine?: (line: string) => void;
}

/** Thrown when the tool's executable does not exist (spawn's ENOENT). */
export class ToolNotFoundError extends Error {
  /** The executable that was not found. */
  readonly file: string;

  /** @param file the executable that was not found. */
  constructor(file: string) {
    super(`${file}: command not found`);
    this.name = 'ToolNotFoundError';
    this.file = file;
  }
}

/** Runs `file args...` to completion, capturing its output. Rejects only when it cannot start. */
export function runTool(file: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    let pending = '';
    const onData = (data: Buffer): void => {
      const text = data.toString('utf8');
      chunks.push(text);
      if (options.echo) process.stdout.write(text);
      if (!options.onLine) return;
      // Make and Ninja end progress lines with \n; some tools redraw with \r.
      const lines = (pending + text).split(/\r\n|\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new ToolNotFoundError(file) : error);
    });
    child.on('close', (code, signal) => {
      if (pending && options.onLine) options.onLine(pending);
      resolve({ code, signal, output: chunks.join('') });
    });
  });
}
