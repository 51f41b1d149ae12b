// `tsbind run --leaks`: LeakSanitizer's check at the exit of every process that loaded a native module, its reports collected from a folder.
//
// Why not the runtime's own check at exit: it prints to stderr and changes the
// exit status of every process Node leaves memory behind in (any that calls
// `process.exit()`), and LeakSanitizer's suppressions can only leave leaks
// out, not keep only some. So a small helper library, compiled here and
// preloaded after the ASan runtime, runs the check instead (ASAN_OPTIONS gets
// `leak_check_at_exit=0`): in an atexit handler, only in processes that loaded
// a `.node` file, with the report written to a file in the run's folder and
// the exit status left alone. Every other sanitizer report still goes to
// stderr as it happens. The environment reaches child processes, so a test's
// children are checked too. After the command, leak-report.ts keeps the
// leaks of native modules (its rule is at its top).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilerCommand } from './sanitizer-runtime.js';
import { CliError } from './errors.js';
import { parseLeakLog, parseProcessInfo, processLeaks, type ProcessLeaks } from './leak-report.js';

/** The variable that tells the helper where to write; a process without it is not checked. */
export const LEAK_DIR_ENV = 'TSBIND_LEAK_DIR';

/** The helper library's source (C++, Linux: `dl_iterate_phdr`). */
export const HELPER_SOURCE = String.raw`// tsbind's leak-check helper, preloaded after the AddressSanitizer runtime by tsbind run --leaks.
//
// At exit, in a process that loaded a native module (a .node file), it writes
// $TSBIND_LEAK_DIR/<pid>-<time>.modules (the command line and the address
// ranges of the loaded modules), sends the sanitizer's reports to
// <pid>-<time>.leaks.<pid>, runs LeakSanitizer's recoverable check (which
// leaves the exit status alone) and appends the time the check took.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1  // dladdr, RTLD_DEFAULT
#endif
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern "C" {
// The sanitizer runtime's interface, found in the runtime preloaded before this library.
void __sanitizer_set_report_path(const char *path) __attribute__((weak));
int __lsan_do_recoverable_leak_check() __attribute__((weak));
}

namespace {

bool is_native_module(const char *name) {
  size_t length = strlen(name);
  return length > 5 && strcmp(name + length - 5, ".node") == 0;
}

int count_native_modules(dl_phdr_info *info, size_t, void *count) {
  if (is_native_module(info->dlpi_name)) ++*static_cast<int *>(count);
  return 0;
}

// The loaded segments of every module: the report's frames are placed in
// their modules by address, since a frame with a source line does not name it.
int write_modules(dl_phdr_info *info, size_t, void *out) {
  const char *name = info->dlpi_name;
  char program[4096];
  if (!*name) {  // the program itself
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    program[length > 0 ? length : 0] = 0;
    name = program;
  }
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_LOAD) continue;
    unsigned long start = info->dlpi_addr + segment.p_vaddr;
    fprintf(static_cast<FILE *>(out), "module %lx %lx %s\n", start, start + (unsigned long)segment.p_memsz, name);
  }
  return 0;
}

// The arguments, separated by spaces, on one line.
void write_command_line(FILE *out) {
  FILE *in = fopen("/proc/self/cmdline", "r");
  if (!in) return;
  bool separate = true;
  for (int c; (c = fgetc(in)) != EOF;) {
    if (c == 0) {
      separate = true;
      continue;
    }
    if (separate) fputc(' ', out);
    separate = false;
    fputc(c == '\n' || c == '\r' ? ' ' : c, out);
  }
  fclose(in);
}

long long micros(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return now.tv_sec * 1000000LL + now.tv_nsec / 1000;
}

void check_leaks() {
  const char *dir = getenv("TSBIND_LEAK_DIR");
  if (!dir || !*dir || !__sanitizer_set_report_path || !__lsan_do_recoverable_leak_check) return;
  int native_modules = 0;
  dl_iterate_phdr(count_native_modules, &native_modules);
  if (native_modules == 0) return;

  char prefix[4096];
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  snprintf(prefix, sizeof prefix, "%s/%ld-%lld%09ld", dir, (long)getpid(), (long long)now.tv_sec, now.tv_nsec);
  char path[4200];
  snprintf(path, sizeof path, "%s.modules", prefix);
  FILE *out = fopen(path, "w");
  if (!out) return;
  fprintf(out, "tsbind-leak-check 1\npid %ld\ncommand", (long)getpid());
  write_command_line(out);
  fputc('\n', out);
  dl_iterate_phdr(write_modules, out);
  fclose(out);

  snprintf(path, sizeof path, "%s.leaks", prefix);
  __sanitizer_set_report_path(path);
  long long started = micros(CLOCK_MONOTONIC);
  int leaks = __lsan_do_recoverable_leak_check();
  long long took = micros(CLOCK_MONOTONIC) - started;

  snprintf(path, sizeof path, "%s.modules", prefix);
  out = fopen(path, "a");
  if (!out) return;
  fprintf(out, "checked %lld %d\n", took, leaks);
  fclose(out);
}

// Under nested tsbind runs a process preloads several copies of this library,
// each registering its handler: only the first copy in lookup order checks,
// into the innermost run's folder. The copies find the first through this
// marker, which resolves to the first copy's wherever it is looked up.
void check_leaks_once() {
  Dl_info first{}, own{};
  void *marker = dlsym(RTLD_DEFAULT, "tsbind_leak_check_helper");
  if (marker && dladdr(marker, &first) && dladdr(reinterpret_cast<void *>(&check_leaks_once), &own) && first.dli_fbase != own.dli_fbase) return;
  check_leaks();
}

// A preloaded library starts before the program, so this handler is
// registered before the program's own and runs after them, near the very end.
__attribute__((constructor)) void install() { atexit(check_leaks_once); }

}  // namespace

extern "C" __attribute__((visibility("default"))) const int tsbind_leak_check_helper = 1;
`;

/** A leak-checked run's folder: the helper library, and the reports the processes write. */
export interface LeakCheck {
  /** The run's folder, removed by {@link finishLeakCheck}. */
  readonly dir: string;
  /** The helper library to preload after the ASan runtime. */
  readonly helper: string;
}

/**
 * Makes the run's folder and compiles the helper into it with `$CXX` (or
 * `c++`), the compiler whose ASan runtime is preloaded: a fraction of a
 * second, so it is not cached.
 */
export function prepareLeakCheck(env: NodeJS.ProcessEnv = process.env): LeakCheck {
  if (process.platform !== 'linux') {
    throw new CliError(`tsbind run --leaks is not supported on ${process.platform}`, {
      hint: 'The leak check preloads a helper library found through the dynamic linker of Linux; run without --leaks here, or on Linux.',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsbind-leaks-'));
  const source = join(dir, 'leak-check.cpp');
  const helper = join(dir, 'leak-check.so');
  writeFileSync(source, HELPER_SOURCE);
  const compiler = compilerCommand(env);
  const args = [...compiler.args, '-shared', '-fPIC', '-O2', '-o', helper, source, '-ldl'];
  const result = spawnSync(compiler.file, args, { env, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new CliError(`Could not compile the leak-check helper with ${compiler.display}`, {
      output: result.error ? String(result.error.message) : `${result.stdout}${result.stderr}`,
      hint: 'tsbind run --leaks compiles a small C++ library with the compiler that built the modules (CXX, or c++ when CXX is unset); run `npx tsbind doctor` to check it.',
    });
  }
  return { dir, helper };
}

/** Reads what the processes of the run wrote into the folder, one entry per process that loaded a `.node` module. */
export function collectLeaks(dir: string): ProcessLeaks[] {
  const files = readdirSync(dir);
  const result: ProcessLeaks[] = [];
  for (const file of files.filter((name) => name.endsWith('.modules')).sort()) {
    const prefix = file.slice(0, -'.modules'.length);
    const info = parseProcessInfo(readFileSync(join(dir, file), 'utf8'));
    const reports = files.filter((name) => name.startsWith(`${prefix}.leaks.`));
    const text = reports.map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
    result.push(processLeaks(info, reports.length > 0 ? parseLeakLog(text) : undefined));
  }
  return result;
}

/** Reads the run's reports and removes its folder. */
export function finishLeakCheck(check: LeakCheck): ProcessLeaks[] {
  try {
    return collectLeaks(check.dir);
  } finally {
    rmSync(check.dir, { recursive: true, force: true });
  }
}

/** Removes the run's folder without reading it (the command could not start). */
export function abandonLeakCheck(check: LeakCheck): void {
  rmSync(check.dir, { recursive: true, force: true });
}
