// `tsbind run --sanitize=thread`: ThreadSanitizer's reports of every process collected in a folder, and the command run with ASLR off.
//
// Node is not built with ThreadSanitizer, so its runtime, preloaded, reports
// Node's and V8's own synchronisation as races (tsan-report.ts says which and
// how they are told apart). Printed as they happen they would bury the
// modules' reports, and each would make its process exit with 66. So every
// process writes its reports to the run's folder (`log_path`), keeps its own
// exit status (`exitcode=0`), and afterwards tsan-report.ts keeps those about
// native modules. The environment reaches child processes, so a test's
// children are checked too.
//
// ASLR: the ThreadSanitizer runtimes of GCC before 14 and LLVM before 18 map
// their shadow memory at fixed addresses that a kernel with more than 28 bits
// of mmap randomness (vm.mmap_rnd_bits, 32 on recent Ubuntu kernels) can
// place libraries over ("FATAL: ThreadSanitizer: unexpected memory mapping").
// Newer runtimes re-run themselves without ASLR when that happens; for the
// older ones the command runs under `setarch <machine> -R`, which turns
// address randomisation off for it and its children, whatever the runtime.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { machine, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTsanLog, processTsanReports, type ProcessTsanReports } from './tsan-report.js';
import { findOnPath } from './which.js';

/** A thread-checked run's folder, where the processes write their reports. */
export interface TsanCheck {
  /** The run's folder, removed by {@link finishTsanCheck}. */
  readonly dir: string;
  /** The `log_path` of the run: each process writes `<reportPrefix>.<pid>`. */
  readonly reportPrefix: string;
}

/** The report files' name before `.<pid>`. */
const REPORT_NAME = 'tsan';

/** Makes the run's folder. */
export function prepareTsanCheck(): TsanCheck {
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-tsan-'));
  return { dir, reportPrefix: join(dir, REPORT_NAME) };
}

/** Reads the reports the processes of a run wrote into `dir`, one entry per process that wrote any. */
export function collectTsanReports(dir: string): ProcessTsanReports[] {
  const pattern = new RegExp(`^${REPORT_NAME}\\.(\\d+)$`);
  return readdirSync(dir)
    .map((file) => ({ file, pid: Number(pattern.exec(file)?.[1]) }))
    .filter(({ pid }) => Number.isInteger(pid) && pid > 0)
    .sort((a, b) => a.pid - b.pid)
    .map(({ file, pid }) => processTsanReports(pid, parseTsanLog(readFileSync(join(dir, file), 'utf8'))));
}

/** Reads the run's reports and removes its folder. */
export function finishTsanCheck(check: TsanCheck): ProcessTsanReports[] {
  try {
    return collectTsanReports(check.dir);
  } finally {
    rmSync(check.dir, { recursive: true, force: true });
  }
}

/** Removes the run's folder without reading it (the command could not start). */
export function abandonTsanCheck(check: TsanCheck): void {
  rmSync(check.dir, { recursive: true, force: true });
}

/**
 * The command and arguments to run with address randomisation off: `setarch
 * <machine> -R <command> <args>` on Linux when `setarch` is on PATH (see the
 * top of this file), else the command as it is.
 */
export function withoutAslr(command: string, args: readonly string[]): { command: string; args: string[] } {
  const setarch = process.platform === 'linux' ? findOnPath('setarch') : undefined;
  if (!setarch) return { command, args: [...args] };
  return { command: setarch, args: [machine(), '-R', command, ...args] };
}
