// The C++ side of {{name}}: what it exposes to JavaScript is listed in
// TSBIND_MODULE at the end. `npm run build` compiles it into
// build/Release/{{module}}.node and writes the typed entry point {{module}}.js.
#include <tsbind/tsbind.h>
#include <tsbind/async.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// A class: its constructor, methods and properties are bound below.
class Counter {
public:
    explicit Counter(int32_t start) : value_(start) {}
    int32_t increment(int32_t by) { return value_ += by; }
    void reset() { value_ = 0; }
    int32_t value() const { return value_; }
    std::string to_string() const { return "Counter(" + std::to_string(value_) + ")"; }

private:
    int32_t value_;
};

/// CPU-bound work for the thread pool: the number of primes below `limit`.
uint32_t count_primes(tsbind::cancel_token cancel, uint32_t limit) {
    if (limit > 100'000'000) throw std::out_of_range("limit must be at most 100000000");
    std::vector<bool> composite(limit, false);
    uint32_t count = 0;
    for (uint32_t n = 2; n < limit; ++n) {
        // Checked now and then: an aborted call stops early (its promise rejects with an AbortError).
        if ((n & 0xFFFF) == 0 && cancel.cancelled()) return 0;
        if (composite[n]) continue;
        ++count;
        for (uint64_t multiple = uint64_t(n) * n; multiple < limit; multiple += n) composite[multiple] = true;
    }
    return count;
}

} // namespace

TSBIND_MODULE({{module}}, m) {
    using tsbind::arg;

    // Functions: plain functions, lambdas, std::function; doc strings go into the declarations.
    m.def("add", [](double a, double b) { return a + b; }, arg("a"), arg("b"), "Adds two numbers.");
    m.def("greet", [](const std::string &name) { return "Hello, " + name + "!"; }, arg("name"));

    // A class: `new Counter(start?)`, methods, a read-only property; dispose() frees it at once.
    tsbind::class_<Counter>(m, "Counter")
        .def(tsbind::init<int32_t>(), arg("start") = 0)
        .def("increment", &Counter::increment, arg("by") = 1, "Adds `by` and returns the new value.")
        .def("reset", &Counter::reset)
        .def_property_readonly("value", &Counter::value)
        .def("toString", &Counter::to_string);

    // An async function: returns a Promise and runs on the libuv thread pool, so
    // the event loop keeps going; `{ signal }` cancels it through the cancel_token.
    m.def_async("countPrimes", &count_primes, arg("limit"), "The number of primes below `limit`, off the JS thread.");
}
