// Test module for bound classes: constructors, methods, statics,
// properties, dispose, finalization, and passing instances back to C++.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

/// Counts live C++ objects so tests can see destructors run (workers too).
std::atomic<int> live_counters{0};

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

struct Vec2;
/// Class-level state and constants, for static properties.
int vec2_precision = 3;
extern const Vec2 vec2_unit_x;

struct Vec2 {
    double x = 0, y = 0;
    Vec2() = default;
    Vec2(double x, double y) : x(x), y(y) {}
    Vec2 plus(const Vec2 &o) const { return {x + o.x, y + o.y}; }
    double length() const;
    static Vec2 zero() { return {}; }
};
const Vec2 vec2_unit_x{1, 0};

double Vec2::length() const { return x * x + y * y; }

/// Hands `this` to JS from its constructor, while its JS object is not yet made.
struct Announcer {
    explicit Announcer(const std::function<void(const Announcer *)> &announce) { announce(this); }
    int id = 5;
};

/// Not constructible from JS: only made by the factory below.
struct Token {
    std::string text;
};

// ---- Inheritance and virtual methods overridden in JS -----------------------

std::atomic<int> live_shapes{0};

struct Shape {
    Shape() { ++live_shapes; }
    Shape(const Shape &) { ++live_shapes; }
    virtual ~Shape() { --live_shapes; }
    virtual double area() const = 0;
    virtual std::string name() const { return "shape"; }
    std::string describe() const { return name() + " of area " + std::to_string(int(area())); }
};

struct Circle : Shape {
    explicit Circle(double r) : radius(r) {}
    double area() const override { return 3 * radius * radius; }
    std::string name() const override { return "circle"; }
    double radius;
};

struct Square : Shape {
    explicit Square(double s) : side(s) {}
    double area() const override { return side * side; }
    std::string name() const override { return "square"; }
    double side;
};

/// The trampoline: JS classes that extend Shape override its virtuals.
struct JsShape : tsbind::trampoline<Shape> {
    using trampoline::trampoline;
    double area() const override { TSBIND_OVERRIDE_PURE(double, Shape, area); }
    std::string name() const override { TSBIND_OVERRIDE(std::string, Shape, name); }
};

/// Owns shapes given to it by JS (std::unique_ptr) and calls their virtuals.
struct Canvas {
    Canvas() = default;
    Canvas(const Canvas &) = delete;  // std::vector<std::unique_ptr> claims to be copyable
    std::vector<std::unique_ptr<Shape>> shapes;
    void add(std::unique_ptr<Shape> s) { shapes.push_back(std::move(s)); }
    double totalArea() const {
        double total = 0;
        for (const auto &s : shapes) total += s->area();
        return total;
    }
    std::string describeAll() const {
        std::string out;
        for (const auto &s : shapes) out += (out.empty() ? "" : ", ") + s->describe();
        return out;
    }
    Shape *at(size_t i) const { return i < shapes.size() ? shapes[i].get() : nullptr; }
    void clear() { shapes.clear(); }
};

/// A shared-held class that JS may extend: C++ keeps std::shared_ptr copies.
struct Widget {
    virtual ~Widget() = default;
    virtual std::string label() const { return "widget"; }
    /// A virtual that takes a pointer C++ keeps owning.
    virtual std::string greet(const Widget *other) const { return "hi " + (other ? other->label() : "nobody"); }
    /// A snake_case virtual bound under a camelCase name.
    virtual std::string short_label() const { return label().substr(0, 3); }
};
struct JsWidget : tsbind::trampoline<Widget> {
    using trampoline::trampoline;
    std::string label() const override { TSBIND_OVERRIDE(std::string, Widget, label); }
    std::string greet(const Widget *other) const override { TSBIND_OVERRIDE(std::string, Widget, greet, other); }
    std::string short_label() const override { TSBIND_OVERRIDE_NAME(std::string, Widget, "shortLabel", short_label); }
};
struct Panel {
    std::vector<std::shared_ptr<Widget>> widgets;
    void add(std::shared_ptr<Widget> w) { widgets.push_back(std::move(w)); }
    std::string labels() const {
        std::string out;
        for (const auto &w : widgets) out += (out.empty() ? "" : " ") + w->label();
        return out;
    }
    void clear() { widgets.clear(); }
    void addPlain() { widgets.push_back(std::make_shared<Widget>()); }
    std::string shortLabels() const {
        std::string out;
        for (const auto &w : widgets) out += (out.empty() ? "" : " ") + w->short_label();
        return out;
    }
    /// Passes the first widget, which C++ owns, to a virtual that JS may override.
    std::string greetFirst(const Widget &w) const { return w.greet(widgets.empty() ? nullptr : widgets[0].get()); }
};

// ---- Shared ownership ----------------------------------------------------------

struct Node {
    explicit Node(std::string name) : name(std::move(name)) {}
    std::string name;
};

struct Graph {
    std::vector<std::shared_ptr<Node>> nodes;
    void add(std::shared_ptr<Node> n) { nodes.push_back(std::move(n)); }
    std::shared_ptr<Node> get(size_t i) const { return i < nodes.size() ? nodes[i] : nullptr; }
    std::shared_ptr<Node> make(const std::string &name) {
        nodes.push_back(std::make_shared<Node>(name));
        return nodes.back();
    }
    size_t size() const { return nodes.size(); }
};

// ---- Return value policies, identity, keep_alive ---------------------------------

/// Holds a Counter by value: `inner` is a reference into it (reference_internal).
struct Holder {
    Counter inner{5};
};

Counter &global_counter() {
    static Counter *c = new Counter(1000);  // never destroyed: C++ owns it
    return *c;
}

/// Remembers pointers to counters it does not own (keep_alive keeps them alive).
struct Watchlist {
    std::vector<const Counter *> watched;
    void watch(const Counter &c) { watched.push_back(&c); }
    int sum() const {
        int total = 0;
        for (auto *c : watched) total += c->value;
        return total;
    }
};

/// Iterable, comparable, with a size reported to the GC.
struct Bag {
    std::vector<int> items;
    explicit Bag(std::vector<int> items) : items(std::move(items)) {}
    auto begin() const { return items.begin(); }
    auto end() const { return items.end(); }
    bool operator==(const Bag &other) const { return items == other.items; }
};

struct Blob {
    explicit Blob(size_t bytes) : data(bytes, 'x') {}
    std::vector<char> data;
};

/// Too big to live in its instance's block (objects of up to a few hundred
/// bytes live in it; test/native/instance_heap_test.cpp checks the limit).
std::atomic<int> live_bigs{0};
struct Big {
    explicit Big(int id) : id(id) { ++live_bigs; }
    Big(const Big &other) : id(other.id) { ++live_bigs; }
    ~Big() { --live_bigs; }
    int id;
    char payload[1000] = {};
};


} // namespace

/// A document tree whose node type and kinds are nested in it, as JS APIs
/// nest them (`Tree.Node`, `Tree.Kind`).
struct Tree {
    enum class Kind { leaf = 1, branch = 2 };
    struct Node {
        std::string label;
        Kind kind = Kind::leaf;
        explicit Node(std::string l, Kind k) : label(std::move(l)), kind(k) {}
        std::string describe() const { return label + (kind == Kind::branch ? "/" : ""); }
    };
    struct Stats {
        int nodes = 0;
        int branches = 0;
    };
    std::vector<Node> nodes;
    void add(const Node &n) { nodes.push_back(n); }
    Stats stats() const {
        Stats s;
        for (const Node &n : nodes) {
            ++s.nodes;
            if (n.kind == Kind::branch) ++s.branches;
        }
        return s;
    }
    std::string path() const {
        std::string out;
        for (const Node &n : nodes) out += n.describe();
        return out;
    }
};

/// An ES5-era class: `Money(5)` and `new Money(5)` are the same; the
/// constructor sees how it was called (`new.target`).
struct Money {
    Money(tsbind::call_info info, double a) : amount(a), made_by(info.new_target().get("name").to_string()) {}
    double amount;
    std::string made_by;
};

/// Units and shapes grouped in a submodule (`classes.geometry`).
/// Named Square in JS, as the top-level Square (a Shape) is: scopes keep them apart.
struct PlainSquare {
    double side;
    explicit PlainSquare(double s) : side(s) {}
    double area() const { return side * side; }
};
enum class Unit { mm = 1, cm = 10, m = 1000 };
struct Segment {
    double from, to;
};
struct NegativeSide : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct TooLarge : NegativeSide {
    using NegativeSide::NegativeSide;
};

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
        .def_static("liveCount", [] { return live_counters.load(); })
        .def_static("fromString", [](const std::string &text) { return Counter(std::stoi(text)); },
                    tsbind::arg("text"));

    tsbind::class_<Vec2>(m, "Vec2")
        .def(tsbind::init<double, double>(), tsbind::arg("x"), tsbind::arg("y"))
        .def("plus", &Vec2::plus, tsbind::arg("other"))
        .def("lengthSquared", &Vec2::length)
        .def_readwrite("x", &Vec2::x)
        .def_readwrite("y", &Vec2::y)
        .def_static("zero", &Vec2::zero)
        // Statics: a variable, a constant instance (one JS object, owned by C++), accessors.
        .def_readwrite_static("precision", &vec2_precision)
        .def_readonly_static("UNIT_X", &vec2_unit_x)
        .def_property_static("twicePrecision", [] { return vec2_precision * 2; },
                             [](int v) { vec2_precision = v / 2; })
        .def_property_readonly_static("dimensions", [] { return 2; });

    tsbind::class_<Token>(m, "Token").def_readonly("text", &Token::text);
    m.def("makeToken", [](const std::string &text) { return Token{text}; }, tsbind::arg("text"));

    // Instances passed back to C++ by reference, const reference, pointer, value.
    tsbind::class_<Announcer>(m, "Announcer")
        .def(tsbind::init<const std::function<void(const Announcer *)> &>(), tsbind::arg("announce"))
        .def_readonly("id", &Announcer::id);
    m.def("readByRef", [](Counter &c) { return c.value; }, tsbind::arg("counter"));
    // A disposed object is an error in a union too, even with a catch-all alternative.
    m.def("counterOrText", [](std::variant<const Counter *, std::string> v) {
        if (v.index() == 1) return "text " + std::get<1>(v);
        const Counter *c = std::get<0>(v);  // null for JS null
        return c ? "Counter " + std::to_string(c->value) : std::string("null");
    }, tsbind::arg("value"));
    m.def("counterOrAnything", [](std::variant<const Counter *, napi_value> v) { return v.index() == 0 ? "Counter" : "value"; },
          tsbind::arg("value"));
    m.def("bumpByRef", [](Counter &c) { c.value += 100; }, tsbind::arg("counter"));
    m.def("readByConstRef", [](const Counter &c) { return c.value; }, tsbind::arg("counter"));
    m.def("readByPointer", [](const Counter *c) { return c ? c->value : -1; }, tsbind::arg("counter"));
    m.def("bumpCopy", [](Counter c) { return c.increment(1000); }, tsbind::arg("counter"));
    m.def("liveCounters", [] { return live_counters.load(); });
    m.def("sumCounters", [](const std::vector<Counter> &cs) {
        int total = 0;
        for (const auto &c : cs) total += c.value;
        return total;
    }, tsbind::arg("counters"));

    m.def("consumeCounter", [](std::unique_ptr<Counter> c) { return c ? c->value : -1; }, tsbind::arg("counter"));
    m.def("makeUniqueCounter", [](int v) { return std::make_unique<Counter>(v); }, tsbind::arg("start"));

    // Return value policies and identity.
    m.def("globalCounter", &global_counter, tsbind::return_value_policy::reference);
    m.def("copyOfGlobal", &global_counter, tsbind::return_value_policy::copy);
    m.def("newCounter", [](int v) { return new Counter(v); }, tsbind::arg("start"));
    m.def("same", [](Counter &c) -> Counter & { return c; }, tsbind::arg("counter"),
          tsbind::return_value_policy::reference);
    tsbind::class_<Holder>(m, "Holder").def(tsbind::init<>()).def_readonly("inner", &Holder::inner);
    tsbind::class_<Watchlist>(m, "Watchlist")
        .def(tsbind::init<>())
        .def("watch", &Watchlist::watch, tsbind::arg("counter"), tsbind::keep_alive<1, 2>())
        // keep_alive of a primitive: nothing to keep, and no error.
        .def("note", [](Watchlist &, const std::string &text) { return text.size(); }, tsbind::arg("text"),
             tsbind::keep_alive<1, 2>())
        .def("sum", &Watchlist::sum);

    // Inheritance, most-derived results, virtuals overridden in JS.
    tsbind::class_<Shape, JsShape>(m, "Shape")
        .def(tsbind::init<>())
        .def("area", &Shape::area)
        .def("name", &Shape::name)
        .def("describe", &Shape::describe)
        .def_static("live", [] { return live_shapes.load(); });
    tsbind::class_<Circle, Shape>(m, "Circle")
        .def(tsbind::init<double>(), tsbind::arg("radius"))
        .def_readonly("radius", &Circle::radius);
    tsbind::class_<Square, Shape>(m, "Square").def(tsbind::init<double>(), tsbind::arg("side"));
    m.def("shapeArea", [](const Shape &s) { return s.area(); }, tsbind::arg("shape"));
    m.def("circleRadius", [](const Circle &c) { return c.radius; }, tsbind::arg("circle"));
    m.def("makeShape", [](const std::string &kind) -> std::unique_ptr<Shape> {
        if (kind == "circle") return std::make_unique<Circle>(1);
        if (kind == "square") return std::make_unique<Square>(2);
        return nullptr;
    }, tsbind::arg("kind"));
    m.def("makeSharedCircle", [](double r) { return std::make_shared<Circle>(r); }, tsbind::arg("radius"));
    // Declared `Circle | null | undefined`, each member once.
    m.def("maybeSharedCircle", [](double r) -> std::optional<std::shared_ptr<Circle>> {
        if (r <= 0) return std::nullopt;
        return std::make_shared<Circle>(r);
    }, tsbind::arg("radius"));
    m.def("sharedArea", [](std::shared_ptr<const Shape> s) { return s ? s->area() : -1; }, tsbind::arg("shape"));
    tsbind::class_<Canvas>(m, "Canvas")
        .def(tsbind::init<>())
        .def("add", &Canvas::add, tsbind::arg("shape"))
        .def("totalArea", &Canvas::totalArea)
        .def("describeAll", &Canvas::describeAll)
        .def("at", &Canvas::at, tsbind::arg("index"), tsbind::return_value_policy::reference_internal)
        .def("clear", &Canvas::clear);

    tsbind::class_<Widget, JsWidget, std::shared_ptr<Widget>>(m, "Widget")
        .def(tsbind::init<>())
        .def("label", &Widget::label)
        .def("greet", &Widget::greet, tsbind::arg("other"))
        .def("shortLabel", &Widget::short_label);
    tsbind::class_<Panel>(m, "Panel")
        .def(tsbind::init<>())
        .def("add", &Panel::add, tsbind::arg("widget"))
        .def("labels", &Panel::labels)
        .def("shortLabels", &Panel::shortLabels)
        .def("clear", &Panel::clear)
        .def("addPlain", &Panel::addPlain)
        .def("greetFirst", &Panel::greetFirst, tsbind::arg("widget"));

    // Shared ownership.
    tsbind::class_<Node, std::shared_ptr<Node>>(m, "Node")
        .def(tsbind::init<std::string>(), tsbind::arg("name"))
        .def_readwrite("name", &Node::name);
    tsbind::class_<Graph>(m, "Graph")
        .def(tsbind::init<>())
        .def("add", &Graph::add, tsbind::arg("node"))
        .def("get", &Graph::get, tsbind::arg("index"))
        .def("make", &Graph::make, tsbind::arg("name"))
        .def_property_readonly("size", &Graph::size);
    m.def("nodeUseCount", [](const std::shared_ptr<Node> &n) { return n.use_count(); }, tsbind::arg("node"));

    // Iteration, equality, native size.
    tsbind::class_<Bag>(m, "Bag")
        .def(tsbind::init<std::vector<int>>(), tsbind::arg("items"))
        .def_iterator()
        .def_equals();
    tsbind::class_<Blob>(m, "Blob")
        .def(tsbind::init<size_t>(), tsbind::arg("bytes"))
        .native_size([](const Blob &b) { return b.data.size(); });
    tsbind::class_<Big>(m, "Big").def(tsbind::init<int>(), tsbind::arg("id")).def_readonly("id", &Big::id);
    m.def("sameBig", [](Big &b) -> Big & { return b; }, tsbind::arg("big"), tsbind::return_value_policy::reference);
    m.def("liveBigs", [] { return live_bigs.load(); });
    m.def("addAll", [](Counter &c, const std::vector<int> &xs) {
        for (int x : xs) c.value += x;
        return c.value;
    }, tsbind::arg("counter"), tsbind::arg("values"));
    // Teardown: what is still alive when the process exits.
    m.def("reportLiveAtExit", [] {
        static bool registered = false;
        if (std::exchange(registered, true)) return;
        std::atexit([] { std::fprintf(stderr, "live at exit: %d counters, %d shapes\n", live_counters.load(), live_shapes.load()); });
    });
    m.def("externalMemory", [](tsbind::env env) { return double(env.adjust_external_memory(0)); });

    // Nested types: `class_` and `enum_` take the outer class as their scope.
    tsbind::class_<Tree> tree(m, "Tree", "A tree of labelled nodes.");
    tsbind::enum_<Tree::Kind>(tree, "Kind").value("leaf", Tree::Kind::leaf).value("branch", Tree::Kind::branch);
    tsbind::class_<Tree::Node>(tree, "Node")
        .def(tsbind::init<std::string, Tree::Kind>(), tsbind::arg("label"), tsbind::arg("kind"))
        .def("describe", &Tree::Node::describe)
        .def_readonly("kind", &Tree::Node::kind);
    tsbind::object_<Tree::Stats>(tree, "Stats").field("nodes", &Tree::Stats::nodes).field("branches", &Tree::Stats::branches);
    tree.def(tsbind::init<>())
        .def("add", &Tree::add, tsbind::arg("node"))
        .def("stats", &Tree::stats)
        .def("path", &Tree::path);

    // A submodule, with a submodule of its own.
    auto geometry = m.def_submodule("geometry", "Plane geometry.");
    auto units = geometry.def_submodule("units");
    tsbind::enum_<Unit>(units, "Unit").value("mm", Unit::mm).value("cm", Unit::cm).value("m", Unit::m);
    units.attr("perMetre", 1000, "Millimetres in a metre.");
    units.def("toMillimetres", [](double value, Unit unit) { return value * static_cast<int>(unit); },
              tsbind::arg("value"), tsbind::arg("unit"));
    auto negative = geometry.exception<NegativeSide>("NegativeSide", "RangeError");
    geometry.exception<TooLarge>("TooLarge", negative);
    tsbind::class_<PlainSquare>(geometry, "Square")
        .def(tsbind::init<double>(), tsbind::arg("side"))
        .def("area", &PlainSquare::area);
    geometry.def("square", [](double side) {
        if (side < 0) throw NegativeSide("a side cannot be negative");
        if (side > 1e6) throw TooLarge("a side must be at most 1e6");
        return PlainSquare(side);
    }, tsbind::arg("side"), tsbind::throws<NegativeSide, TooLarge>());
    geometry.def("perimeter", [](const PlainSquare &s) { return 4 * s.side; }, tsbind::arg("square"));
    // A class exported under a key other than its JS name.
    tsbind::class_<Segment>(geometry, "Segment", tsbind::export_as("LineSegment"))
        .def(tsbind::init<double, double>(), tsbind::arg("from"), tsbind::arg("to"))
        // Constructors from factories: by value, and by std::unique_ptr (null is an error).
        .def(tsbind::factory([](const std::string &text) {
            auto dash = text.find('-');
            if (dash == std::string::npos) throw std::invalid_argument("a segment is written 'from-to'");
            return Segment{std::stod(text.substr(0, dash)), std::stod(text.substr(dash + 1))};
        }), tsbind::arg("text"))
        .def(tsbind::factory([](double length, bool valid) {
            return valid ? std::make_unique<Segment>(Segment{0, length}) : nullptr;
        }), tsbind::arg("length"), tsbind::arg("valid"))
        .def("length", [](const Segment &s) { return s.to - s.from; });

    // Callable without `new`, and a constructor that reads new.target.
    tsbind::class_<Money>(m, "Money")
        .def(tsbind::init<tsbind::call_info, double>(), tsbind::arg("amount"))
        .def_readonly("amount", &Money::amount)
        .def_readonly("madeBy", &Money::made_by)
        .callable_without_new();
    // A function that sees whether it was called with `new`.
    static std::string last_how_called;
    m.def("howCalled", [](tsbind::call_info info) {
        last_how_called = std::string(info.constructing() ? "new " : "call ") + std::to_string(info.argc) +
                          (info.new_target().is_undefined() ? " undefined" : " defined");
        return last_how_called;
    });
    // What howCalled saw last (`new howCalled()` gives JS `this`, not its result).
    m.def("lastHowCalled", [] { return last_how_called; });
}
