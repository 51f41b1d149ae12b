// Runs clang on the headers and returns their declarations: clang's own AST, never a hand-written parser.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from '../cli/which.js';
import type { AstNode } from './ast.js';
import { AstStreamFilter } from './ast-stream.js';
import { GenerateError } from './errors.js';

/** How to install clang, per platform (said by `tsbind doctor` and by a failed `tsbind generate`). */
export function clangInstallHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'linux':
      return 'Install clang: `sudo apt-get install clang` (Debian/Ubuntu), `sudo dnf install clang` (Fedora), `apk add clang` (Alpine); or set TSBIND_CLANG to a clang++ binary.';
    case 'darwin':
      return 'Install clang with the Xcode command line tools (`xcode-select --install`) or `brew install llvm`; or set TSBIND_CLANG to a clang++ binary.';
    case 'win32':
      return 'Install LLVM (`winget install LLVM.LLVM`) and put its bin folder on PATH; or set TSBIND_CLANG to clang++.exe.';
    default:
      return 'Install clang (https://releases.llvm.org) and put clang++ on PATH, or set TSBIND_CLANG to a clang++ binary.';
  }
}

/** The clang++ to run: TSBIND_CLANG, else clang++ on PATH (also versioned names Debian installs). */
export function findClang(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TSBIND_CLANG) return findOnPath(env.TSBIND_CLANG, env) ?? (existsSync(env.TSBIND_CLANG) ? env.TSBIND_CLANG : undefined);
  for (const name of ['clang++', 'clang++-19', 'clang++-18', 'clang++-17', 'clang++-16', 'clang++-15', 'clang++-14']) {
    const found = findOnPath(name, env);
    if (found) return found;
  }
  return undefined;
}

/** What to parse and how. */
export interface ClangInput {
  /** Absolute paths of the headers. */
  readonly headers: readonly string[];
  /** Include directories (-I). */
  readonly includeDirs: readonly string[];
  /** Preprocessor definitions (-D), `NAME` or `NAME=value`. */
  readonly defines: readonly string[];
  /** `c` parses the headers as C (a C API), `c++` as C++17. */
  readonly language: 'c' | 'c++';
  /** Further arguments for clang. */
  readonly extraArgs: readonly string[];
  /** C++ appended to the translation unit after the headers (the instantiations of "templates"). */
  readonly extraSource?: string;
}

/** Progress while clang runs: bytes of AST read so far. */
export type ClangProgress = (bytes: number) => void;

/**
 * Runs `clang++ -Xclang -ast-dump=json -fsyntax-only` on a translation unit
 * that includes the headers, and returns the top-level declarations located in
 * them. A missing clang, or headers clang rejects, is a {@link GenerateError}
 * that says what to do.
 */
export async function parseHeaders(input: ClangInput, onProgress?: ClangProgress, env: NodeJS.ProcessEnv = process.env): Promise<AstNode[]> {
  const clang = findClang(env);
  if (!clang) {
    const which = env.TSBIND_CLANG ? `TSBIND_CLANG=${env.TSBIND_CLANG} does not exist` : 'clang++ was not found on PATH';
    throw new GenerateError(`${which}: \`tsbind generate\` reads headers through clang's AST`, clangInstallHint());
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-generate-'));
  try {
    const unit = join(dir, input.language === 'c' ? 'unit.c' : 'unit.cpp');
    writeFileSync(unit, input.headers.map((h) => `#include "${h}"\n`).join('') + (input.extraSource ?? ''));
    const args = [
      ...(input.language === 'c' ? ['-x', 'c', '-std=c11'] : ['-x', 'c++', '-std=c++17']),
      '-fsyntax-only',
      '-Xclang',
      '-ast-dump=json',
      '-fno-color-diagnostics',
      '-Wno-everything',
      ...input.includeDirs.map((d) => `-I${d}`),
      ...input.defines.map((d) => `-D${d}`),
      ...input.extraArgs,
      unit,
    ];
    return await runClang(clang, args, input.headers, onProgress, env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runClang(clang: string, args: string[], headers: readonly string[], onProgress: ClangProgress | undefined, env: NodeJS.ProcessEnv): Promise<AstNode[]> {
  const child = spawn(clang, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 256) stderr.push(chunk);
  });
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  // Read below; a spawn failure must not become an unhandled rejection before then.
  exit.catch(() => undefined);
  const filter = new AstStreamFilter(headers);
  let nodes: AstNode[];
  try {
    nodes = await filter.read(child.stdout, onProgress);
  } catch (error) {
    child.kill();
    await exit.catch(() => 1);
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${clang} could not be run` : (error as Error).message;
    throw new GenerateError(`reading clang's AST failed: ${reason}`, clangInstallHint());
  }
  let code: number;
  try {
    code = await exit;
  } catch (error) {
    throw new GenerateError(`${clang} could not be run: ${(error as Error).message}`, clangInstallHint());
  }
  if (code !== 0) {
    const text = Buffer.concat(stderr).toString('utf8').trim();
    const errors = text.split('\n').filter((line) => /error:/.test(line)).slice(0, 10).join('\n');
    throw new GenerateError(`clang could not parse the headers (exit code ${code}):\n${errors || text.slice(0, 2000)}`,
      'Add the include directories the headers need with -I (or "includeDirs" in the config), and the definitions with -D.');
  }
  return nodes;
}
