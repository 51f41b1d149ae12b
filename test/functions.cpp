// Test module for binding functions: callables of every kind, names,
// defaults, overloads, docs.
#include <tsbind/tsbind.h>
#include <tsbind/stl/optional.h>

#include <functional>
#include <string>

namespace {
double add(double a, double b) { return a + b; }
int scale_counter = 0;
} // namespace

TSBIND_MODULE(functions, m) {
    // A free function pointer with named parameters and a doc string.
    m.def("add", &add, tsbind::arg("a"), tsbind::arg("b"), "Adds two numbers.");
    // How it was called: f() and f(undefined) differ for APIs that say so.
    m.def("argumentsGiven", [](tsbind::call_info info, std::optional<int> x) {
        return std::to_string(info.argc) + ":" + (x ? std::to_string(*x) : "none");
    }, tsbind::arg("x"));
    // Module-level constants.
    m.attr("VERSION", "1.2.3", "The version of the test module.").attr("ANSWER", 42);
    // A lambda without names.
    m.def("sub", [](double a, double b) { return a - b; });
    // A capturing lambda: each module instance keeps its own copy of the capture.
    int offset = 100;
    m.def("addOffset", [offset](int x) { return int64_t(x) + offset; }, tsbind::arg("x"));  // no int overflow near 2^31
    // A mutable capturing lambda keeps state between calls.
    m.def("counter", [n = 0]() mutable { return ++n; });
    // std::function.
    std::function<std::string(const std::string &)> shout = [](const std::string &s) { return s + "!"; };
    m.def("shout", shout, tsbind::arg("text"));
    // void result and side effects.
    m.def("bump", [] { ++scale_counter; });
    m.def("bumped", [] { return scale_counter; });
    // Defaults for trailing parameters.
    m.def("greet", [](const std::string &name, const std::string &greeting, int times) {
        std::string out;
        for (int i = 0; i < times; ++i) out += greeting + ", " + name + "!";
        return out;
    }, tsbind::arg("name"), tsbind::arg("greeting") = std::string("Hello"), tsbind::arg("times") = 1);
    // Overloads, chosen by the JS types of the arguments, in definition order.
    m.def("describe", [](int32_t x) { return "int " + std::to_string(x); }, tsbind::arg("value"));
    m.def("describe", [](double x) { return "double " + std::to_string(x); }, tsbind::arg("value"));
    m.def("describe", [](const std::string &s) { return "string " + s; }, tsbind::arg("value"));
    m.def("describe", [](bool b) { return std::string(b ? "bool true" : "bool false"); }, tsbind::arg("value"));
    m.def("describe", [](double a, double b) { return "pair " + std::to_string(a + b); }, tsbind::arg("a"),
          tsbind::arg("b"));
    // Many parameters (more than the dispatcher keeps on its stack).
    m.def("sum10", [](int a, int b, int c, int d, int e, int f, int g, int h, int i, int j) {
        return a + b + c + d + e + f + g + h + i + j;
    });

    // Writes through a null pointer when `code` is not 0: the crash-report test runs it in a child process.
    m.def("crashForTest", [](int code) {
        volatile int *nowhere = nullptr;
        if (code) *nowhere = code;
        return code;
    }, tsbind::arg("code"));
}
