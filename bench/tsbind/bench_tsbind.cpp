// tsbind rows of the benchmark: the same operations as native/raw.c, bound with tsbind.
//
// Operations tsbind cannot bind yet are listed, with what they wait for, in
// bench/impls/tsbind.mjs; each one lands here as a def() plus one line there.
#include <tsbind/tsbind.h>
#include <tsbind/async.h>
#include <tsbind/stl.h>
#include <tsbind/vectorize.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <utility>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// Allocates without initialising, so that a vector of n doubles costs the
/// same for every n and only the conversion is timed (vector_adopt rows).
template <typename T>
struct uninitialized_allocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = uninitialized_allocator<U>;
  };
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) > 0) ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

struct Point {
  double x = 0;
  double y = 0;
};

double scale_one(double x) { return x * 1.5 + 0.5; }

// 20 methods, so that per-class costs show in the method-call row (which calls add).
struct Counter {
  double total = 0;
  explicit Counter(double start) : total(start) {}
  double add(double x) { return total += x; }
  double sub(double x) { return total -= x; }
  double mul(double x) { return total *= x; }
  double div(double x) { return total /= x; }
  double set(double x) { return total = x; }
  double min(double x) { return x < total ? (total = x) : total; }
  double max(double x) { return x > total ? (total = x) : total; }
  double avg(double x) { return total = (total + x) / 2; }
  double get() const { return total; }
  double reset() { return total = 0; }
  double inc() { return total += 1; }
  double dec() { return total -= 1; }
  double negate() { return total = -total; }
  double twice() { return total *= 2; }
  double half() { return total /= 2; }
  double square() { return total *= total; }
  double cube() { return total = total * total * total; }
  double abs() { return total < 0 ? (total = -total) : total; }
  double sign() { return total = (total > 0) - (total < 0); }
  double reciprocal() { return total = 1 / total; }
};

}  // namespace

TSBIND_MODULE(bench_tsbind, m) {
  m.def("add", [](double a, double b) { return a + b; }, tsbind::arg("a"), tsbind::arg("b"));
  m.def("addInt", [](int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
  });
  m.def("addOpt", [](double a, double b, std::optional<double> c) { return c ? a + b + *c : a + b; });
  m.def("strBytes", [](std::string_view s) { return static_cast<uint32_t>(s.size()); });
  // The C function returns a static buffer; the same here (a std::string of
  // 16 characters would add a heap allocation that is not binding cost).
  m.def("greet", [] { return std::string_view("hello, world 16B"); });
  tsbind::object_<Point>(m, "Point").field("x", &Point::x).field("y", &Point::y);
  m.def("makePoint", [] { return Point{1.5, 2.5}; });
  m.def_async("asyncNoop", [] {});
  // CPU-bound work for the thread-pool comparison (bench/threadpool.mjs).
  m.def_async("spin", [](double ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(ms);
    unsigned long long rounds = 0;
    while (std::chrono::steady_clock::now() < until) ++rounds;
    return static_cast<double>(rounds);
  });
  m.def("callN", [](const std::function<double(double)>& callback, int32_t n) {
    double sum = 0;
    for (int32_t i = 0; i < n; i++) sum += callback(i);
    return sum;
  });
  m.def("throwError", []() -> void { throw std::runtime_error("boom"); });
  m.def("sumArray", [](tsbind::typed_array<const double> values) {
    double sum = 0;
    for (double v : values) sum += v;
    return sum;
  });
  m.def("makeVector", [](uint32_t n) { return std::vector<double>(n, 1.0); });  // adopted, not copied
  m.def("adoptVector", [](uint32_t n) { return std::vector<double, uninitialized_allocator<double>>(n); });
  m.def("copyVector", []() -> const std::vector<double>& {  // C++ keeps it: copied
    static const std::vector<double> source(1000000, 1.0);
    return source;
  });
  m.def("scale", [](double x) { return scale_one(x); });
  m.def("scaleArray", tsbind::vectorize([](double x) { return scale_one(x); }));
  tsbind::class_<Counter>(m, "Counter")
      .def(tsbind::init<double>())
      .def("add", &Counter::add)
      .def("sub", &Counter::sub)
      .def("mul", &Counter::mul)
      .def("div", &Counter::div)
      .def("set", &Counter::set)
      .def("min", &Counter::min)
      .def("max", &Counter::max)
      .def("avg", &Counter::avg)
      .def("get", &Counter::get)
      .def("reset", &Counter::reset)
      .def("inc", &Counter::inc)
      .def("dec", &Counter::dec)
      .def("negate", &Counter::negate)
      .def("twice", &Counter::twice)
      .def("half", &Counter::half)
      .def("square", &Counter::square)
      .def("cube", &Counter::cube)
      .def("abs", &Counter::abs)
      .def("sign", &Counter::sign)
      .def("reciprocal", &Counter::reciprocal);
  m.def("readTotal", [](const Counter& c) { return c.total; });
}
