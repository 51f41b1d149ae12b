// Test module: plain structs as plain objects (object_) and enums as frozen objects (enum_).
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using tsbind::arg;

namespace {

struct Point {
    double x = 0;
    double y = 0;
};

struct Options {
    std::string name;
    std::optional<int> retries;
    std::vector<double> weights;
};

struct Segment {
    Point from;
    Point to;
};

/// A key a user's caster takes from JS only (a number at or above 0): no `cast`.
struct Key {
    int id = 0;
};
/// An input-only struct: its fields convert only from JS.
struct Query {
    std::optional<Key> key;
    std::vector<Key> keys;
};

/// Options read as a JS API reads them: anything left out keeps its default.
struct FormatOptions {
    int precision = 2;
    bool grouping = false;
    std::string unit;
    std::optional<int> width;
};

std::string format_number(double value, const FormatOptions &o) {
    std::string digits = std::to_string(static_cast<long long>(value));
    if (o.grouping)
        for (int i = static_cast<int>(digits.size()) - 3; i > (value < 0 ? 1 : 0); i -= 3) digits.insert(size_t(i), ",");
    double fraction = value - static_cast<double>(static_cast<long long>(value));
    std::string out = digits;
    if (o.precision > 0) {
        std::string f = std::to_string(fraction < 0 ? -fraction : fraction);  // "0.xxxxxx"
        out += "." + f.substr(2, size_t(o.precision));
    }
    out += o.unit;
    if (o.width && static_cast<int>(out.size()) < *o.width) out.insert(0, size_t(*o.width) - out.size(), ' ');
    return out;
}

enum class Color { Red, Green = 5, Blue };

/// Every kind of field the JS layer carries in its scratch buffer.
struct Reading {
    bool ok = false;
    Color color = Color::Red;
    int32_t count = 0;
    float ratio = 0;
    uint32_t big = 0;
    int8_t small = 0;
};

/// A 64-bit field: not in the scratch buffer (it may be a RangeError).
struct Tally {
    int64_t total = 0;
    double mean = 0;
};

/// Plain-object results from methods, statics and a const reference.
class Sensor {
public:
    explicit Sensor(double base) : base_(base) {}
    Reading read(int32_t count) const {
        return Reading{count > 0, Color::Blue, count, static_cast<float>(base_ / 2), 4000000000u, -5};
    }
    static Point origin() { return {}; }
    const Point &where() const { return where_; }

private:
    double base_;
    Point where_{3, 4};
};
enum Level : uint8_t { Low = 1, High = 2 };
enum class Unbound { A, B };
enum class Access : unsigned { None = 0, Read = 1, Write = 2, Execute = 4 };

} // namespace

namespace tsbind {
template <>
struct type_caster<Key> {
    static constexpr auto name = const_name("number");
    Key value{};
    bool load(napi_env env, napi_value v, tsbind::load_failure *failure) {
        type_caster<int> number;
        if (!number.load(env, v, failure) || number.value < 0) return false;
        value.id = number.value;
        return true;
    }
    template <typename Arg>
    Key &get() {
        return value;
    }
};
} // namespace tsbind

TSBIND_MODULE(objects, m) {
    tsbind::object_<Point>(m, "Point", "A point in the plane.").field("x", &Point::x, "Across.").field("y", &Point::y);
    tsbind::object_<Options>(m, "Options")
        .field("name", &Options::name)
        .field("retries", &Options::retries)
        .field("weights", &Options::weights);
    tsbind::object_<FormatOptions>(m, "FormatOptions", tsbind::loose(), "How formatNumber writes a number.")
        .field("precision", &FormatOptions::precision, tsbind::coerce(), "Digits after the point (default 2).")
        .field("grouping", &FormatOptions::grouping, tsbind::coerce())
        .field("unit", &FormatOptions::unit)
        .field("width", &FormatOptions::width);
    m.def("formatNumber", &format_number, arg("value"), arg("options") = FormatOptions{});
    tsbind::object_<Segment>(m, "Segment").field("from", &Segment::from).field("to", &Segment::to);

    tsbind::enum_<Color>(m, "Color", "Primary colours.")
        .value("Red", Color::Red)
        .value("Green", Color::Green, "The middle one.")
        .value("Blue", Color::Blue);
    tsbind::enum_<Level>(m, "Level").value("Low", Low).value("High", High);
    tsbind::enum_<Access>(m, "Access", tsbind::flags())
        .value("None", Access::None)
        .value("Read", Access::Read)
        .value("Write", Access::Write)
        .value("Execute", Access::Execute);
    m.def("canWrite", [](Access a) { return (unsigned(a) & unsigned(Access::Write)) != 0; }, arg("access"));
    m.def("readWrite", [] { return Access(unsigned(Access::Read) | unsigned(Access::Write)); });

    m.def("makePoint", [](double x, double y) { return Point{x, y}; }, arg("x"), arg("y"));
    m.def("norm2", [](const Point &p) { return p.x * p.x + p.y * p.y; }, arg("p"));
    m.def("mirror", [](Point p) { return Point{p.y, p.x}; }, arg("p"));
    m.def("describeOptions", [](const Options &o) {
        return o.name + ":" + (o.retries ? std::to_string(*o.retries) : "none") + ":" + std::to_string(o.weights.size());
    }, arg("options"));
    m.def("defaults", [] { return Options{"x", std::nullopt, {1, 2}}; });
    m.def("length", [](const Segment &s) { return (s.to.x - s.from.x) + (s.to.y - s.from.y); }, arg("segment"));
    m.def("segment", [] { return Segment{{0, 0}, {1, 2}}; });
    m.def("points", [](int n) { return std::vector<Point>(size_t(n), Point{1, 2}); }, arg("n"));
    // An object_ used only as input needs only `load` of its fields' types.
    tsbind::object_<Query>(m, "Query").field("key", &Query::key).field("keys", &Query::keys);
    m.def("queryIds", [](const Query &q) {
        int sum = q.key ? q.key->id : -1;
        for (const Key &k : q.keys) sum += k.id;
        return sum;
    }, arg("query"));
    m.def("echoQuery", [](const Query &q) { return q; }, arg("query"));

    tsbind::object_<Reading>(m, "Reading")
        .field("ok", &Reading::ok)
        .field("color", &Reading::color)
        .field("count", &Reading::count)
        .field("ratio", &Reading::ratio)
        .field("big", &Reading::big)
        .field("small", &Reading::small);
    m.def("reading", [](bool ok, Color color, int32_t count, float ratio) {
        return Reading{ok, color, count, ratio, 4000000000u, -5};
    }, arg("ok"), arg("color"), arg("count"), arg("ratio"));
    tsbind::object_<Tally>(m, "Tally").field("total", &Tally::total).field("mean", &Tally::mean);
    m.def("tally", [](double total) { return Tally{static_cast<int64_t>(total), total / 2}; }, arg("total"));
    tsbind::class_<Sensor>(m, "Sensor")
        .def(tsbind::init<double>(), arg("base"))
        .def("read", &Sensor::read, arg("count"))
        .def_static("origin", &Sensor::origin)
        .def("where", &Sensor::where);
    // A result made while another call of the same kind runs inside.
    m.def("pointVia", [](const std::function<Point()> &make) {
        Point p = make();
        return Point{p.x + 1, p.y + 1};
    }, arg("make"));
    m.def("failingPoint", []() -> Point { throw std::runtime_error("no point"); });

    m.def("next", [](Color c) {
        return c == Color::Red ? Color::Green : c == Color::Green ? Color::Blue : Color::Red;
    }, arg("color"));
    m.def("isHigh", [](Level l) { return l == High; }, arg("level"));
    m.def("unbound", [](Unbound u) { return static_cast<int>(u); }, arg("value"));
}
