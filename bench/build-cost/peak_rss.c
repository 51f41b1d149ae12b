/* Compiler launcher of the build-cost row: runs the compile command it is
 * given and writes the compiler's peak memory next to the object file.
 *
 *   peak_rss <compiler> <args>...    (CMake's <LANG>_COMPILER_LAUNCHER)
 *
 * After the command ends, `<object>.peak` holds the largest resident set size
 * of the command and everything it waited for (the driver, cc1/cc1plus, as),
 * in KiB, where <object> is the argument after -o. The command's exit status
 * is ours, so a failing compile fails the build as before. It needs no
 * package beyond the C compiler that builds the row: wait4() reports the
 * child's peak, as /usr/bin/time does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: peak_rss <command> [args...]\n");
    return 2;
  }
  const char* object = NULL;
  for (int i = 1; i + 1 < argc; i++) {
    if (strcmp(argv[i], "-o") == 0) object = argv[i + 1];
  }

  pid_t child = fork();
  if (child < 0) {
    perror("peak_rss: fork");
    return 2;
  }
  if (child == 0) {
    execvp(argv[1], argv + 1);
    perror("peak_rss: exec");
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  while (wait4(child, &status, 0, &usage) < 0) {
    if (errno == EINTR) continue;
    perror("peak_rss: wait4");
    return 2;
  }

  if (object) {
#ifdef __APPLE__
    long kib = (long)(usage.ru_maxrss / 1024); /* bytes there */
#else
    long kib = (long)usage.ru_maxrss; /* KiB on Linux and the BSDs */
#endif
    char path[4096];
    if (snprintf(path, sizeof path, "%s.peak", object) < (int)sizeof path) {
      FILE* out = fopen(path, "w");
      if (out) {
        fprintf(out, "%ld\n", kib);
        fclose(out);
      }
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}
