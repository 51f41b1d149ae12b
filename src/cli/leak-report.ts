// Reading LeakSanitizer's reports, keeping the leaks that native modules (`.node` files) made, and writing them out.
//
// `tsbind run --leaks` (leak-check.ts) has every process that loaded a native
// module write two files when it exits: `<prefix>.modules`, written by tsbind's
// helper (the process's command line and the address ranges of its loaded
// modules), and `<prefix>.leaks.<pid>`, LeakSanitizer's report, when it found
// leaks. Node and V8 leave memory unfreed at exit by design (after
// `process.exit()`, over a hundred blocks), so only the leaks of native modules
// (`.node` files: the modules under test with tsbind's core linked in) count:
//
// - blocks a native module allocated: the allocating frame, the innermost one
//   outside the sanitizer runtime and the C and C++ runtime libraries, is in
//   a `.node` file (also the members of a leaked object, indirect leaks);
// - direct leaks allocated during a call from a native module: what Node-API
//   allocated for the module and the module never released (a reference, a
//   promise's deferred).
//
// Left out, too, is one leak that Node-API gives tsbind no way to avoid: the
// deferred of a `def_async` call's promise (8 bytes) when the environment is
// torn down while the call runs (a worker terminated). Node frees a deferred
// only by settling it and refuses to settle during teardown; settling through
// a JS function instead would cost every async call (measured: 1e4 calls in
// flight went from 1.0-1.3x to 1.6x of hand-written Node-API). Only a deferred
// that tsbind's own `start_async` made is left out: one a module makes itself
// and never settles is still reported.
//
// Left out are indirect leaks that Node or V8 allocated while a native module
// called them: they hang off some other leaked block, and after
// `process.exit()` V8's own bookkeeping shows up that way, e.g. a remembered
// set grown during the module's `napi_define_properties`.
//
// A report, as the GCC and LLVM runtimes write it:
//
//   ==18759==ERROR: LeakSanitizer: detected memory leaks
//
//   Direct leak of 24 byte(s) in 1 object(s) allocated from:
//       #0 0x7f5d6b0b9628 in operator new[](unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:98
//       #1 0x7f5d6b6a11e6 in leak_block /tmp/lk/leaky/leaky.cpp:12
//       #3 0xc45d94 in v8impl::(anonymous namespace)::FunctionCallbackWrapper::Invoke(…) (/usr/bin/node+0xc45d94)
//
//   SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).
//
// A frame with a source location does not name its module, so a frame's
// module is found from its address in the helper's module ranges; a frame
// that names its module, `(<module>+0x<offset>)` (no debug information, or
// `symbolize=0`), is placed by that name.
import pc from 'picocolors';

/** One frame of an allocation stack. */
export interface StackFrame {
  /** The frame's number, `#n`. */
  readonly index: number;
  /** Its program counter. */
  readonly pc: bigint;
  /** The module the frame names itself, `(<module>+0x…)`, if it does. */
  readonly module?: string;
  /** The line as LeakSanitizer wrote it, without its indentation. */
  readonly text: string;
}

/** One record of a report: blocks allocated from one stack and never freed. */
export interface LeakRecord {
  /** `Direct` (nothing points to the blocks) or `Indirect` (only other leaked blocks do). */
  readonly kind: 'Direct' | 'Indirect';
  /** Bytes leaked. */
  readonly bytes: number;
  /** Blocks leaked. */
  readonly objects: number;
  /** The allocation stack, innermost first. */
  readonly frames: readonly StackFrame[];
}

/** A report file, taken apart. */
export interface LeakLog {
  /** The leak records, in report order. */
  readonly records: readonly LeakRecord[];
  /** Lines that belong to no leak record and are not the report's own frame: a fatal error of LeakSanitizer, another sanitizer's report. */
  readonly other: readonly string[];
}

/** The address range of a loaded segment of a module (the program, a shared library, a `.node` file). */
export interface ModuleRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly path: string;
}

/** What the helper wrote about one process (`<prefix>.modules`). */
export interface ProcessInfo {
  readonly pid: number;
  /** Its command line, arguments separated by spaces. */
  readonly command: string;
  /** The segments of its loaded modules. */
  readonly modules: readonly ModuleRange[];
  /** How long the leak check took, in microseconds; undefined if the check did not finish (the process died in it). */
  readonly checkMicros: number | undefined;
}

const RECORD_HEADER = /^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object\(s\) allocated from:$/;
const FRAME = /^\s+#(\d+) (0x[0-9a-f]+)\b(.*)$/;
/** `(module+0xoffset)` at the end of a frame line. */
const FRAME_MODULE = /\(([^()]+)\+0x[0-9a-f]+\)$/;
/** Lines of the report around the records: its banner, heading and summary, the suppressions table's heading, `report_objects` lists. */
const REPORT_FRAME_LINES = [
  /^=+$/,
  /^==\d+==ERROR: LeakSanitizer: detected memory leaks$/,
  /^SUMMARY: \w+Sanitizer: \d+ byte\(s\) leaked in \d+ allocation\(s\)\.$/,
  /^-+$/,
  /^Suppressions used:$/,
  /^Objects leaked above:$/,
  /^0x[0-9a-f]+ \(\d+ bytes\)$/,
  /^The \d+ top leak\(s\):$/,
  /^Too many leaks! Only the first \d+ leaks encountered will be reported\.$/,
];

/** Takes a LeakSanitizer report apart into its records; anything else in the file is kept as `other`. */
export function parseLeakLog(text: string): LeakLog {
  const records: LeakRecord[] = [];
  const other: string[] = [];
  let current: { kind: 'Direct' | 'Indirect'; bytes: number; objects: number; frames: StackFrame[] } | undefined;
  let inSuppressions = false;
  for (const line of text.split(/\r?\n/)) {
    const header = RECORD_HEADER.exec(line);
    if (header) {
      current = { kind: header[1] as 'Direct' | 'Indirect', bytes: Number(header[2]), objects: Number(header[3]), frames: [] };
      records.push(current);
      inSuppressions = false;
      continue;
    }
    const frame = FRAME.exec(line);
    if (frame && current) {
      const rest = frame[3]!;
      const module = FRAME_MODULE.exec(rest.trimEnd())?.[1];
      current.frames.push({ index: Number(frame[1]), pc: BigInt(frame[2]!), ...(module ? { module } : {}), text: line.trim() });
      continue;
    }
    // A record's stack ends at the first line that is not a frame.
    current = undefined;
    if (/^Suppressions used:$/.test(line)) inSuppressions = true;
    if (line.trim() === '') continue;
    if (inSuppressions && /^\s*(count\s+bytes\s+template|\d+\s+\d+\s+\S.*)$/.test(line)) continue;
    if (REPORT_FRAME_LINES.some((pattern) => pattern.test(line))) continue;
    other.push(line);
  }
  return { records, other };
}

/** Reads the helper's `<prefix>.modules` file. */
export function parseProcessInfo(text: string): ProcessInfo {
  let pid = 0;
  let command = '';
  let checkMicros: number | undefined;
  const modules: ModuleRange[] = [];
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.split(' ');
    if (key === 'pid') pid = Number(rest[0]);
    else if (key === 'command') command = rest.join(' ').trim();
    else if (key === 'module' && rest.length >= 3) {
      modules.push({ start: BigInt(`0x${rest[0]}`), end: BigInt(`0x${rest[1]}`), path: rest.slice(2).join(' ') });
    } else if (key === 'checked') checkMicros = Number(rest[0]);
  }
  return { pid, command, modules, checkMicros };
}

/** The module a frame is in: named in the frame, or found from its address; undefined when neither tells. */
export function frameModule(frame: StackFrame, modules: readonly ModuleRange[]): string | undefined {
  return frame.module ?? modules.find((range) => frame.pc >= range.start && frame.pc < range.end)?.path;
}

/** Whether a module is a native module, a `.node` file. */
export function isNativeModule(path: string | undefined): boolean {
  return path !== undefined && path.endsWith('.node');
}

/** The sanitizer runtimes and the C and C++ runtime libraries: the allocator, and what allocates for its callers. */
const RUNTIME_LIBRARY = /^(lib(a|l|t|ub)san\.so|libclang_rt\.|libstdc\+\+\.so|libc\+\+(abi)?\.so|libc\.so|libc\.musl|libm\.so|libgcc_s\.so|libpthread\.so|libdl\.so|ld-linux|ld-musl)/;
/** Source paths of the sanitizer runtimes, for frames without a module (a report without module ranges). */
const RUNTIME_SOURCE = /\/(libsanitizer|compiler-rt\/lib)\//;

/** Whether a module (a path or a file name) is a sanitizer runtime or a C or C++ runtime library. */
export function isRuntimeLibrary(module: string): boolean {
  return RUNTIME_LIBRARY.test(module.slice(module.lastIndexOf('/') + 1));
}

function isRuntimeFrame(frame: StackFrame, modules: readonly ModuleRange[]): boolean {
  const module = frameModule(frame, modules);
  if (module !== undefined) return isRuntimeLibrary(module);
  return RUNTIME_SOURCE.test(frame.text);
}

/** The frame that allocated the blocks: the innermost one outside the sanitizer runtime and the C and C++ runtime libraries. */
export function allocatingFrame(record: LeakRecord, modules: readonly ModuleRange[]): StackFrame | undefined {
  return record.frames.find((frame) => !isRuntimeFrame(frame, modules));
}

/**
 * Whether a leak is a native module's: a `.node` file allocated it, or it is a
 * direct leak allocated during a call from a `.node` file (see the top of this file).
 */
export function isNativeModuleLeak(record: LeakRecord, modules: readonly ModuleRange[]): boolean {
  if (isAsyncDeferredAtTeardown(record, modules)) return false;
  const allocator = allocatingFrame(record, modules);
  if (allocator && isNativeModule(frameModule(allocator, modules))) return true;
  return record.kind === 'Direct' && record.frames.some((frame) => isNativeModule(frameModule(frame, modules)));
}

/** A `def_async` call's promise deferred, made by tsbind's `start_async` (see the top of this file). */
export function isAsyncDeferredAtTeardown(record: LeakRecord, modules: readonly ModuleRange[]): boolean {
  const allocator = allocatingFrame(record, modules);
  if (!allocator || !/ in napi_create_promise\b/.test(allocator.text)) return false;
  const caller = record.frames[record.frames.indexOf(allocator) + 1];
  return caller !== undefined && / in tsbind::detail::start_async\(/.test(caller.text);
}

/** The leaks of one process, sorted into those that count and those of Node's own. */
export interface ProcessLeaks {
  readonly process: ProcessInfo;
  /** Leaks allocated through a native module. */
  readonly leaks: readonly LeakRecord[];
  /** How many records were left out (Node's and V8's own). */
  readonly ignored: number;
  /** Other sanitizer output the process wrote at exit (see {@link LeakLog.other}). */
  readonly other: readonly string[];
}

/** Sorts one process's report (undefined: it wrote none, it had no leaks) into native-module leaks and the rest. */
export function processLeaks(process: ProcessInfo, log: LeakLog | undefined): ProcessLeaks {
  if (!log) return { process, leaks: [], ignored: 0, other: [] };
  const leaks = log.records.filter((record) => isNativeModuleLeak(record, process.modules));
  return { process, leaks, ignored: log.records.length - leaks.length, other: log.other };
}

/** One leak as printed: the same stack in several processes (e.g. every test file that makes the leak) is printed once. */
interface LeakGroup {
  readonly record: LeakRecord;
  readonly bytes: number;
  readonly objects: number;
  readonly processes: ProcessInfo[];
}

/** A stack's identity across processes: frames without their addresses (module offsets and source lines stay). */
function stackKey(record: LeakRecord): string {
  return [record.kind, ...record.frames.map((frame) => frame.text.replace(/^#\d+ 0x[0-9a-f]+/, ''))].join('\n');
}

/** How a run's leak check went. */
export interface LeakCheckResult {
  /** Processes that loaded a `.node` module, and so were checked. */
  readonly processes: number;
  /** Leak records allocated through a native module. */
  readonly leaks: number;
  /** Bytes those leaked. */
  readonly bytes: number;
  /** Records left out as Node's own. */
  readonly ignored: number;
  /** Processes whose check did not finish, or that wrote other sanitizer output at exit. */
  readonly problems: number;
  /** Total time of the checks, in microseconds. */
  readonly checkMicros: number;
  /** The report to print: leaks with their stacks, then problems; empty when there is nothing to say. */
  readonly report: string;
}

/** Command lines longer than this (a test's `node -e` script) are cut short. */
const COMMAND_LENGTH = 240;

function describeProcess(info: ProcessInfo): string {
  const command = info.command.length > COMMAND_LENGTH ? `${info.command.slice(0, COMMAND_LENGTH)}…` : info.command;
  return `process ${info.pid}${command ? `: ${command}` : ''}`;
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** Puts the processes' leaks together into one result and report. */
export function summarizeLeaks(all: readonly ProcessLeaks[], options: { color?: boolean } = {}): LeakCheckResult {
  const colors = pc.createColors(options.color ?? pc.isColorSupported);
  const groups = new Map<string, LeakGroup>();
  for (const entry of all) {
    for (const record of entry.leaks) {
      const key = stackKey(record);
      const group = groups.get(key);
      if (group) {
        groups.set(key, { ...group, bytes: group.bytes + record.bytes, objects: group.objects + record.objects, processes: [...group.processes, entry.process] });
      } else {
        groups.set(key, { record, bytes: record.bytes, objects: record.objects, processes: [entry.process] });
      }
    }
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const { record } = group;
    const modules = group.processes[0]!.modules;
    lines.push(colors.red(`${record.kind} leak of ${group.bytes} byte(s) in ${group.objects} object(s) allocated from:`));
    for (const frame of record.frames) {
      const text = `    ${frame.text}`;
      lines.push(isNativeModule(frameModule(frame, modules)) ? colors.bold(text) : text);
    }
    const where = group.processes.length === 1 ? [`  in ${describeProcess(group.processes[0]!)}`] : [`  in ${group.processes.length} processes:`, ...group.processes.map((p) => `    ${describeProcess(p)}`)];
    lines.push(...where.map((line) => colors.dim(line)), '');
  }
  let problems = 0;
  for (const entry of all) {
    if (entry.process.checkMicros === undefined) {
      problems++;
      lines.push(colors.red(`The leak check did not finish in ${describeProcess(entry.process)}.`));
    } else if (entry.other.length > 0) {
      problems++;
      lines.push(colors.yellow(`Sanitizer output at the exit of ${describeProcess(entry.process)}:`));
    } else {
      continue;
    }
    lines.push(...entry.other.map((line) => `    ${line}`), '');
  }
  const kept = all.flatMap((entry) => entry.leaks);
  return {
    processes: all.length,
    leaks: kept.length,
    bytes: kept.reduce((sum, record) => sum + record.bytes, 0),
    ignored: all.reduce((sum, entry) => sum + entry.ignored, 0),
    problems,
    checkMicros: all.reduce((sum, entry) => sum + (entry.process.checkMicros ?? 0), 0),
    report: lines.join('\n'),
  };
}

/** The one-line account of a check, e.g. `no leaks of native modules (3 processes with a .node module checked in 0.1 s; 120 leaks of Node's own ignored)`. */
export function leakCheckLine(result: LeakCheckResult): string {
  const found = result.leaks === 0 ? 'no leaks of native modules' : `${plural(result.leaks, 'leak')} (${result.bytes} bytes) of native modules`;
  const details = [`${plural(result.processes, 'process', 'processes')} with a .node module checked in ${(result.checkMicros / 1e6).toFixed(1)} s`];
  if (result.ignored > 0) details.push(`${plural(result.ignored, 'leak')} of Node's own ignored`);
  return `${found} (${details.join('; ')})`;
}
