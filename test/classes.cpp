// Test module for bound classes: constructors, methods, statics,
// properties, dispose, finalization, and passing instances back to C++.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// Counts live C++ objects so tests can see destructors run.
int live_counters = 0;

struct Counter {
    explicit Counter(int start = 0) : value(start) { ++live_counters; }
    Counter(const Counter &other) : value(other.value), label(other.label) { ++live_counters; }
    ~Counter() { --live_counters; }
    int increment(int by) { return value += by; }
    int increment() { return ++value; }
    int get() const { return value; }
    std::string toString() const { return "Counter(" + std::to_string(value) + ")"; }
    int value;
    std::string label = "counter";
    const int id = 7;
};

struct Vec2 {
    double x = 0, y = 0;
    Vec2() = default;
    Vec2(double x, double y) : x(x), y(y) {}
    Vec2 plus(const Vec2 &o) const { return {x + o.x, y + o.y}; }
    double length() const;
    static Vec2 zero() { return {}; }
};
double Vec2::length() const { return x * x + y * y; }

/// Not constructible from JS: only made by the factory below.
struct Token {
    std::string text;
};

} // namespace

TSBIND_MODULE(classes, m) {
    tsbind::class_<Counter>(m, "Counter")
        .def(tsbind::init<>())
        .def(tsbind::init<int>(), tsbind::arg("start"))
        .def("increment", static_cast<int (Counter::*)(int)>(&Counter::increment), tsbind::arg("by"))
        .def("increment", static_cast<int (Counter::*)()>(&Counter::increment))
        .def("get", &Counter::get)
        .def("toString", &Counter::toString)
        .def("setFromString", [](Counter &self, const std::string &text) { self.value = std::stoi(text); },
             tsbind::arg("text"))
        .def_readwrite("label", &Counter::label)
        .def_readonly("id", &Counter::id)
        .def_property("value", &Counter::get, [](Counter &self, int v) { self.value = v; })
        .def_property_readonly("doubled", [](const Counter &self) { return self.value * 2; })
        .def_static("liveCount", [] { return live_counters; })
        .def_static("fromString", [](const std::string &text) { return Counter(std::stoi(text)); },
                    tsbind::arg("text"));

    tsbind::class_<Vec2>(m, "Vec2")
        .def(tsbind::init<double, double>(), tsbind::arg("x"), tsbind::arg("y"))
        .def("plus", &Vec2::plus, tsbind::arg("other"))
        .def("lengthSquared", &Vec2::length)
        .def_readwrite("x", &Vec2::x)
        .def_readwrite("y", &Vec2::y)
        .def_static("zero", &Vec2::zero);

    tsbind::class_<Token>(m, "Token").def_readonly("text", &Token::text);
    m.def("makeToken", [](const std::string &text) { return Token{text}; }, tsbind::arg("text"));

    // Instances passed back to C++ by reference, const reference, pointer, value.
    m.def("readByRef", [](Counter &c) { return c.value; }, tsbind::arg("counter"));
    m.def("bumpByRef", [](Counter &c) { c.value += 100; }, tsbind::arg("counter"));
    m.def("readByConstRef", [](const Counter &c) { return c.value; }, tsbind::arg("counter"));
    m.def("readByPointer", [](const Counter *c) { return c ? c->value : -1; }, tsbind::arg("counter"));
    m.def("bumpCopy", [](Counter c) { return c.increment(1000); }, tsbind::arg("counter"));
    m.def("liveCounters", [] { return live_counters; });
    m.def("sumCounters", [](const std::vector<Counter> &cs) {
        int total = 0;
        for (const auto &c : cs) total += c.value;
        return total;
    }, tsbind::arg("counters"));
}
