// Reading ThreadSanitizer's reports, keeping those about native modules (`.node` files), and writing them out.
//
// Node is not built with ThreadSanitizer. Preloaded, the runtime still sees
// every thread, lock, condition variable, allocation and `memcpy` of Node, V8
// and libuv through its interceptors, but not their plain memory accesses nor
// their atomics. So it reports races in Node's own code that are not races:
// two threads whose order an atomic (a V8 job's state, a worker's message
// port) decides, seen as touching the same memory (e.g. one destroying a
// mutex that the other has just used) with nothing between them. A run of
// the async and worker tests gives a dozen such reports, in
// `DefaultJobState::~DefaultJobState`, `DefaultJobWorker`,
// `MessagePort::PostMessage`, `uv_rwlock_destroy`, `TracingController`,
// `GlobalBackingStoreRegistry::Purge`: every stack in `node` and the
// sanitizer's interceptors.
//
// A report is a native module's when one of the stacks it is about was made
// by a `.node` file (a module under test, with tsbind's core linked into it):
// the two memory accesses of a data race (or of a use after free: the use and
// the free), the locking of a lock-order inversion, the call of a mutex
// misuse or a signal-unsafe call. The stacks that only say where something
// was made do not count: where the memory was allocated (`Location is heap
// block … allocated by`), where a mutex or a thread was created; except for a
// thread leak, which is about the thread's creation.
//
// A stack is made by a module when its innermost frame outside the sanitizer
// runtime and the C and C++ runtime libraries (the interceptor, `free`,
// libstdc++'s own code) is in a `.node` file, or is Node-API itself
// (`napi_*`, `node_api_*`, `v8impl::`) called right from a `.node` frame:
// what Node-API does for a module is the module's doing. A module frame
// further out does not count: uninstrumented code shows only the frame that
// called the interceptor, then the instrumented frames around it, so a V8 job
// destroyed by a garbage collection that a module's allocation started looks
// like `pthread_mutex_destroy` ← `DefaultJobState::~DefaultJobState` ← (the
// rest of V8, unseen) ← the module's function. That is Node's report (it is
// in the async tests' runs, from `arrays.node` making a typed array).

// A report, as the GCC and LLVM runtimes write it (to `<log_path>.<pid>`):
//
//   ==================
//   WARNING: ThreadSanitizer: data race (pid=7402)
//     Read of size 4 at 0x7f5ee10900a4 by main thread (mutexes: write M3007):
//       #0 race /tmp/tsx/racy.cpp:6 (racy.node+0x138f)
//       #1 v8impl::(anonymous namespace)::FunctionCallbackWrapper::Invoke(…) <null> (node+0xc45d94)
//
//     Previous write of size 4 at 0x7f5ee10900a4 by thread T7:
//       #0 operator() /tmp/tsx/racy.cpp:5 (racy.node+0x1254)
//
//     Location is global 'counter' of size 4 at 0x7f5ee10900a4 (racy.node+0x40a4)
//
//     Thread T7 (tid=7414, finished) created by main thread at:
//       #0 pthread_create …/tsan_interceptors_posix.cpp:1001 (libtsan.so+0x5e686)
//
//   SUMMARY: ThreadSanitizer: data race /tmp/tsx/racy.cpp:6 in race
//   ==================
//
// Every frame names its module, `(<module>+0x<offset>)`, so no address ranges
// are needed, unlike for leaks.
import pc from 'picocolors';
import { isNativeModule, isRuntimeLibrary } from './leak-report.js';

/** One stack of a report, under the line that says what it is. */
export interface TsanStack {
  /** The line above the frames, e.g. `Previous write of size 4 at 0x… by thread T7:`; empty for frames right under the heading. */
  readonly title: string;
  /** Whether the stack is one the report is about (an access, a lock, a call), not where something was made. */
  readonly action: boolean;
  /** Frames, innermost first, as written without their indentation. */
  readonly frames: readonly string[];
}

/** One report: from `WARNING: ThreadSanitizer: <kind>` to its `SUMMARY` line. */
export interface TsanReport {
  /** What was found: `data race`, `heap-use-after-free`, `thread leak`, `lock-order-inversion (potential deadlock)`, … */
  readonly kind: string;
  /** The process that wrote it. */
  readonly pid: number;
  /** Every line of the report, banner to summary, as written. */
  readonly lines: readonly string[];
  readonly stacks: readonly TsanStack[];
  /** The `SUMMARY:` line, without `SUMMARY: ThreadSanitizer: `. */
  readonly summary: string;
}

/** A report file, taken apart. */
export interface TsanLog {
  readonly reports: readonly TsanReport[];
  /** Lines outside any report that are not the runtime's routine output: a fatal error, another sanitizer's report (UBSan's, in a `thread,undefined` build). */
  readonly other: readonly string[];
}

const BANNER = /^=+$/;
const HEADING = /^WARNING: ThreadSanitizer: (.+?) \(pid=(\d+)\)$/;
const SUMMARY = /^SUMMARY: ThreadSanitizer: (.*)$/;
const FRAME = /^\s+#\d+ /;
/** `(module+0xoffset)` at the end of a frame line. */
const FRAME_MODULE = /\(([^()]+)\+0x[0-9a-f]+\)$/;
/** Stacks that say where something was made, not what happened. */
const ORIGIN_TITLE = /^(Location is |Mutex M\d+ .*created at:|Thread T\d+ .*created by )/;
const THREAD_CREATED = /^Thread T\d+ .*created by /;
/** What the runtime writes outside reports in a healthy run. */
const ROUTINE_LINES = [/^ThreadSanitizer: reported \d+ warnings?$/];

/** The module a TSan frame names, `(<module>+0x…)`, if any. */
export function tsanFrameModule(frame: string): string | undefined {
  return FRAME_MODULE.exec(frame.trimEnd())?.[1];
}

/** Takes a ThreadSanitizer log apart into its reports; anything else in the file is kept as `other`. */
export function parseTsanLog(text: string): TsanLog {
  const reports: TsanReport[] = [];
  const other: string[] = [];
  let current: { kind: string; pid: number; lines: string[]; stacks: { title: string; action: boolean; frames: string[] }[]; summary: string } | undefined;
  let title = '';
  for (const line of text.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      current = { kind: heading[1]!, pid: Number(heading[2]), lines: [line], stacks: [], summary: '' };
      title = '';
      continue;
    }
    if (!current) {
      if (line.trim() === '' || BANNER.test(line) || ROUTINE_LINES.some((pattern) => pattern.test(line))) continue;
      other.push(line);
      continue;
    }
    current.lines.push(line);
    const summary = SUMMARY.exec(line);
    if (summary) {
      current.summary = summary[1]!;
      reports.push(current);
      current = undefined;
      continue;
    }
    if (FRAME.test(line)) {
      let stack = current.stacks[current.stacks.length - 1];
      if (!stack || stack.title !== title) {
        const origin = ORIGIN_TITLE.test(title) && !(current.kind === 'thread leak' && THREAD_CREATED.test(title));
        stack = { title, action: !origin, frames: [] };
        current.stacks.push(stack);
      }
      stack.frames.push(line.trim());
    } else if (line.trim() !== '') {
      title = line.trim();
    }
  }
  // A report cut short (the process died while writing it) still counts.
  if (current) reports.push(current);
  return { reports, other };
}

/** Node-API's own functions in `node`: what they do, they do for the module that called them. */
const NODE_API_FUNCTION = /^#\d+ (napi_|node_api_|v8impl::)/;

/** Whether a stack was made by a native module (see the top of this file). */
export function isNativeModuleStack(frames: readonly string[]): boolean {
  const innermost = frames.findIndex((frame) => {
    const module = tsanFrameModule(frame);
    return module === undefined || !isRuntimeLibrary(module);
  });
  if (innermost < 0) return false;
  const frame = frames[innermost]!;
  if (isNativeModule(tsanFrameModule(frame))) return true;
  const caller = frames[innermost + 1];
  return NODE_API_FUNCTION.test(frame) && caller !== undefined && isNativeModule(tsanFrameModule(caller));
}

/** Whether a report is about a native module: one of its action stacks was made by a `.node` file. */
export function isNativeModuleReport(report: TsanReport): boolean {
  return report.stacks.some((stack) => stack.action && isNativeModuleStack(stack.frames));
}

/** The reports of one process, sorted into those that count and those of Node's own. */
export interface ProcessTsanReports {
  readonly pid: number;
  /** Reports about native modules. */
  readonly reports: readonly TsanReport[];
  /** Reports left out as Node's own. */
  readonly ignored: readonly TsanReport[];
  /** Other runtime output (see {@link TsanLog.other}). */
  readonly other: readonly string[];
}

/** Sorts one process's log into native-module reports and the rest. */
export function processTsanReports(pid: number, log: TsanLog): ProcessTsanReports {
  const reports = log.reports.filter(isNativeModuleReport);
  return { pid, reports, ignored: log.reports.filter((report) => !reports.includes(report)), other: log.other };
}

/** How a run's ThreadSanitizer reports came out. */
export interface TsanCheckResult {
  /** Processes that wrote a report or other runtime output. */
  readonly processes: number;
  /** Reports about native modules. */
  readonly reports: number;
  /** Reports left out as Node's own. */
  readonly ignored: number;
  /** Processes that wrote other runtime output (a fatal error, a UBSan report). */
  readonly problems: number;
  /** The text to print: the reports with their stacks, then problems; empty when there is nothing to say. */
  readonly report: string;
  /** The ignored reports' summary lines, most frequent first, with their counts. */
  readonly ignoredSummaries: readonly { readonly summary: string; readonly count: number }[];
}

/** A report's identity across processes and runs: its lines without addresses, ids and pids. */
function reportKey(report: TsanReport): string {
  return report.lines
    .map((line) => line.replace(/0x[0-9a-f]+/g, '').replace(/\b(pid|tid)=\d+/g, '').replace(/\b([MT])\d+\b/g, '$1'))
    .join('\n');
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** Puts the processes' reports together into one result and text; the same report in several processes is printed once. */
export function summarizeTsan(all: readonly ProcessTsanReports[], options: { color?: boolean } = {}): TsanCheckResult {
  const colors = pc.createColors(options.color ?? pc.isColorSupported);
  const groups = new Map<string, { report: TsanReport; pids: number[] }>();
  for (const entry of all) {
    for (const report of entry.reports) {
      const key = reportKey(report);
      const group = groups.get(key);
      if (group) group.pids.push(entry.pid);
      else groups.set(key, { report, pids: [entry.pid] });
    }
  }
  const lines: string[] = [];
  for (const { report, pids } of groups.values()) {
    for (const line of report.lines) {
      if (HEADING.test(line) || SUMMARY.test(line)) lines.push(colors.red(line));
      else if (FRAME.test(line) && isNativeModule(tsanFrameModule(line))) lines.push(colors.bold(line));
      else lines.push(line);
    }
    lines.push(colors.dim(`  in ${pids.length === 1 ? 'process' : 'processes'} ${pids.join(', ')}`), '');
  }
  let problems = 0;
  for (const entry of all.filter((e) => e.other.length > 0)) {
    problems++;
    lines.push(colors.yellow(`Other sanitizer output of process ${entry.pid}:`), ...entry.other.map((line) => `    ${line}`), '');
  }
  const counts = new Map<string, number>();
  for (const report of all.flatMap((entry) => entry.ignored)) counts.set(report.summary, (counts.get(report.summary) ?? 0) + 1);
  return {
    processes: all.length,
    reports: all.reduce((sum, entry) => sum + entry.reports.length, 0),
    ignored: all.reduce((sum, entry) => sum + entry.ignored.length, 0),
    problems,
    report: lines.join('\n'),
    ignoredSummaries: [...counts].map(([summary, count]) => ({ summary, count })).sort((a, b) => b.count - a.count),
  };
}

/** The one-line account of a run, e.g. `no reports about native modules (12 reports of Node's own ignored, in 3 processes)`. */
export function tsanCheckLine(result: TsanCheckResult): string {
  const found = `${result.reports === 0 ? 'no reports' : plural(result.reports, 'report')} about native modules`;
  if (result.ignored === 0) return found;
  return `${found} (${plural(result.ignored, 'report')} of Node's own ignored, in ${plural(result.processes, 'process', 'processes')})`;
}
