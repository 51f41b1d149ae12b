// Crash reports: when a fatal signal hits while a bound function runs, say
// which one (and in which module) and print a native backtrace before the
// process dies. The dispatcher keeps the record of the running call in a
// thread-local; the handler only reads it, and otherwise leaves the signal
// to whoever handled it before (Node, V8's WebAssembly trap handler).
#include "internal.h"

#if !defined(_WIN32)
#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#endif

namespace tsbind {
namespace detail {

TSBIND_FAST_TLS const function_record *running_call = nullptr;

#if !defined(_WIN32)

namespace {

constexpr int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction previous_actions[sizeof fatal_signals / sizeof fatal_signals[0]];

void write_text(const char *text) {
    size_t left = std::strlen(text);
    while (left > 0) {
        ssize_t written = ::write(STDERR_FILENO, text, left);
        if (written <= 0) return;
        text += written;
        left -= size_t(written);
    }
}

const char *signal_name(int signal) {
    switch (signal) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGFPE: return "SIGFPE (arithmetic error)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGABRT: return "SIGABRT (abort)";
    default: return "a fatal signal";
    }
}

void restore_previous(int signal) {
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; ++i)
        if (fatal_signals[i] == signal) sigaction(signal, &previous_actions[i], nullptr);
}

void on_fatal_signal(int signal, siginfo_t *info, void *context) {
    const function_record *rec = running_call;
    if (rec) {
        running_call = nullptr;  // a second fault while reporting is not reported again
        // Only async-signal-safe calls from here: write, backtrace (preloaded).
        write_text("\ntsbind: ");
        write_text(signal_name(signal));
        write_text(" in the bound C++ function ");
        write_text(rec->scope ? rec->scope->name.c_str() : "");
        write_text(rec->scope ? "." : "");
        write_text(rec->name.c_str());
        write_text("() of module \"");
        write_text(rec->state ? rec->state->module_name.c_str() : "?");
        write_text("\"\ntsbind: native backtrace (innermost first):\n");
        void *frames[64];
        int count = backtrace(frames, 64);
        backtrace_symbols_fd(frames, count, STDERR_FILENO);
        write_text("tsbind: the process dies now. Frames in a module read as module.node(+offset): "
                   "`addr2line -Cfpe module.node offset` names them (with line numbers in a `tsbind build --debug` "
                   "build); `tsbind build --sanitize=address` and `tsbind run` show the cause.\n\n");
    }
    // Then the signal goes on to whoever had it before (V8's WebAssembly
    // trap handler, Node's), as if this handler were not here.
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; ++i) {
        if (fatal_signals[i] != signal) continue;
        const struct sigaction &before = previous_actions[i];
        if ((before.sa_flags & SA_SIGINFO) && before.sa_sigaction) {
            before.sa_sigaction(signal, info, context);
            return;
        }
        if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN) {
            before.sa_handler(signal);
            return;
        }
    }
    // No handler before: the default action. Returning re-runs the faulting
    // instruction, which now meets it; a signal that was sent, not caused
    // (abort, kill), is raised again.
    restore_previous(signal);
    if (!info || info->si_code <= 0) raise(signal);
}

} // namespace

void install_crash_handler() noexcept {
#if defined(__SANITIZE_ADDRESS__)
    return;  // AddressSanitizer reports crashes itself, with more to say
#endif
    static std::once_flag once;
    std::call_once(once, [] {
        const char *off = std::getenv("TSBIND_NO_CRASH_HANDLER");
        if (off && *off && std::strcmp(off, "0") != 0) return;
        // backtrace() loads libgcc on its first call, which is not safe in a signal handler.
        void *warmup[1];
        backtrace(warmup, 1);
        struct sigaction action {};
        action.sa_sigaction = on_fatal_signal;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; ++i)
            sigaction(fatal_signals[i], &action, &previous_actions[i]);
    });
}

#else

void install_crash_handler() noexcept {}  // Windows: not yet (the process still dies with its own report)

#endif

} // namespace detail
} // namespace tsbind
