// tsbind rows of the benchmark: the same operations as native/raw.c, bound with tsbind.
//
// Operations tsbind cannot bind yet are listed, with what they wait for, in
// bench/impls/tsbind.mjs; each one lands here as a def() plus one line there.
#include <tsbind/tsbind.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Counter {
  double total = 0;
  explicit Counter(double start) : total(start) {}
  double add(double x) { return total += x; }
};

}  // namespace

TSBIND_MODULE(bench_tsbind, m) {
  m.def("add", [](double a, double b) { return a + b; }, tsbind::arg("a"), tsbind::arg("b"));
  m.def("addInt", [](int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
  });
  m.def("strBytes", [](std::string_view s) { return static_cast<uint32_t>(s.size()); });
  // The C function returns a static buffer; the same here (a std::string of
  // 16 characters would add a heap allocation that is not binding cost).
  m.def("greet", [] { return std::string_view("hello, world 16B"); });
  m.def("throwError", []() -> void { throw std::runtime_error("boom"); });
  m.def("makeVector", [](uint32_t n) { return std::vector<double>(n, 1.0); });  // Array out (copy, for now)
  m.def("scale", [](double x) { return x * 1.5 + 0.5; });
  tsbind::class_<Counter>(m, "Counter").def(tsbind::init<double>()).def("add", &Counter::add);
}
