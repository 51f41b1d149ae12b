// Test module: the standard library types (optional, variant, pair/tuple, array, map/set, function, chrono),
// and a std::vector bound as a live view (bind_vector).
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

using tsbind::arg;

namespace {
std::function<double(double)> stored;
struct Mirror {};

// A polygon whose vertices JS edits in place through a live view of the C++ vector.
struct Point {
    double x = 0, y = 0;
};
struct Polygon {
    std::vector<Point> vertices;
    double perimeter() const {
        double sum = 0;
        for (size_t i = 0; i < vertices.size(); ++i) {
            const Point &a = vertices[i], &b = vertices[(i + 1) % vertices.size()];
            sum += std::hypot(b.x - a.x, b.y - a.y);
        }
        return sum;
    }
    void translate(double dx, double dy) {
        for (Point &p : vertices) p.x += dx, p.y += dy;
    }
};
// A C++ object that keeps a pointer to a vertex (kept alive by keep_alive).
struct Anchor {
    explicit Anchor(const Point &p) : at(&p) {}
    const Point *at;
};
} // namespace

// Before anything converts std::vector<Point>: it is the bound PointList, not an Array.
TSBIND_MAKE_OPAQUE(std::vector<Point>)

TSBIND_MODULE(stl, m) {
    // std::optional: undefined out, undefined or null in; a trailing one may be left out.
    m.def("maybeHalf", [](int x) -> std::optional<double> {
        if (x % 2) return std::nullopt;
        return x / 2.0;
    }, arg("x"));
    m.def("orDefault", [](std::optional<std::string> text) { return text.value_or("default"); }, arg("text"));
    m.def("greet", [](const std::string &name, std::optional<int> times) {
        std::string out;
        for (int i = 0; i < times.value_or(1); ++i) out += "hi " + name + ";";
        return out;
    }, arg("name"), arg("times"));
    m.def("isNull", [](std::nullptr_t) { return true; }, arg("value"));
    m.def("null", []() { return nullptr; });

    // std::variant: the first alternative that converts, in order.
    m.def("kind", [](const std::variant<int, double, std::string, std::vector<int>> &v) {
        return std::visit([](auto &&x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, int>) return "int";
            else if constexpr (std::is_same_v<T, double>) return "double";
            else if constexpr (std::is_same_v<T, std::string>) return "string";
            else return "vector";
        }, v);
    }, arg("value"));
    m.def("numberOrText", [](bool text) -> std::variant<double, std::string> {
        if (text) return std::string("text");
        return 1.5;
    }, arg("text"));

    // std::pair, std::tuple, std::array: arrays of exactly their length.
    m.def("swap", [](const std::pair<int, std::string> &p) { return std::make_pair(p.second, p.first); }, arg("pair"));
    m.def("triple", [](std::tuple<bool, double, std::string> t) { return t; }, arg("value"));
    // Numbers and booleans only: the JS layer builds these arrays.
    m.def("divide", [](int32_t a, int32_t b) {
        if (b == 0) throw std::runtime_error("division by zero");
        return std::make_tuple(a / b, a % b, a % b == 0);
    }, arg("a"), arg("b"));
    m.def("bounds", [](const std::vector<double> &values) {
        auto [low, high] = std::minmax_element(values.begin(), values.end());
        return values.empty() ? std::make_pair(0.0, 0.0) : std::make_pair(*low, *high);
    }, arg("values"));
    m.def("norm3", [](const std::array<double, 3> &v) { return v[0] * v[0] + v[1] * v[1] + v[2] * v[2]; }, arg("v"));
    m.def("unit", [] { return std::array<double, 3>{1, 0, 0}; });

    // Maps with string keys are plain objects; other keys, Map. Sets are Set.
    m.def("counts", [](const std::vector<std::string> &words) {
        std::map<std::string, int> out;
        for (auto &w : words) ++out[w];
        return out;
    }, arg("words"));
    m.def("total", [](const std::unordered_map<std::string, double> &values) {
        double sum = 0;
        for (auto &entry : values) sum += entry.second;
        return sum;
    }, arg("values"));
    m.def("squares", [](int n) {
        std::map<int, int> out;
        for (int i = 1; i <= n; ++i) out[i] = i * i;
        return out;
    }, arg("n"));
    m.def("sumKeys", [](const std::map<int, std::string> &map) {
        int sum = 0;
        for (auto &entry : map) sum += entry.first;
        return sum;
    }, arg("map"));
    m.def("unique", [](const std::vector<int> &values) { return std::set<int>(values.begin(), values.end()); },
          arg("values"));
    m.def("setSize", [](const std::unordered_set<std::string> &set) { return set.size(); }, arg("set"));

    // std::function: JS functions called from C++, C++ callables returned to JS.
    m.def("apply", [](const std::function<double(double)> &f, double x) { return f(x); }, arg("f"), arg("x"));
    m.def("callN", [](const std::function<double(double)> &f, int n) {
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += f(i);
        return sum;
    }, arg("f"), arg("n"));
    m.def("each", [](const std::vector<std::string> &items, const std::function<void(const std::string &, int)> &visit) {
        for (size_t i = 0; i < items.size(); ++i) visit(items[i], int(i));
    }, arg("items"), arg("visit"));
    m.def("adder", [](double k) { return std::function<double(double)>([k](double x) { return x + k; }); }, arg("k"));
    m.def("store", [](std::function<double(double)> f) { stored = std::move(f); }, arg("f"));
    m.def("callStored", [](double x) { return stored(x); }, arg("x"));
    m.def("clearStored", [] { stored = nullptr; });
    m.def("catchInCpp", [](const std::function<void()> &f) -> std::string {
        try {
            f();
            return "no exception";
        } catch (const tsbind::js_error &e) {
            return std::string("caught: ") + e.what();
        }
    }, arg("f"));

    // std::chrono::system_clock::time_point: Date.
    m.def("addSeconds", [](std::chrono::system_clock::time_point t, int seconds) {
        using time_point = std::chrono::system_clock::time_point;
        auto delta = std::chrono::duration_cast<time_point::duration>(std::chrono::seconds(seconds));
        // time_point arithmetic overflows silently near its limits (undefined behaviour).
        if ((delta.count() > 0 && t > time_point::max() - delta) || (delta.count() < 0 && t < time_point::min() - delta))
            throw std::out_of_range("addSeconds: the result is beyond what a time_point can hold");
        return t + delta;
    },
          arg("time"), arg("seconds"));
    m.def("epoch", [] { return std::chrono::system_clock::time_point{}; });

    // napi_value: any JS value, untouched, as a parameter, a method parameter,
    // inside unions, containers and callbacks; valid for the whole call.
    m.def("echo", [](napi_value v) { return v; }, arg("value"));
    tsbind::class_<Mirror>(m, "Mirror").def(tsbind::init<>()).def("reflect", [](const Mirror &, napi_value v) { return v; },
                                                                   arg("value"));
    m.def("numberOrValue", [](std::variant<double, napi_value> v) { return v; }, arg("value"));
    m.def("callForValue", [](const std::function<napi_value()> &f) { return f(); }, arg("f"));
    m.def("pick", [](const std::map<std::string, napi_value> &values, const std::string &key) { return values.at(key); },
          arg("values"), arg("key"));
    m.def("pickIndex", [](const std::vector<napi_value> &values, size_t i) { return values.at(i); }, arg("values"),
          arg("index"));
    // Views inside std::optional and std::variant point into converters that live for the call.
    m.def("optionalView", [](std::optional<std::string_view> text) { return text ? std::string(*text) : "none"; },
          arg("text"));
    m.def("viewOrNumber", [](const std::variant<double, std::string_view> &v) {
        return v.index() == 0 ? "number" : std::string(std::get<1>(v));
    }, arg("value"));
    // A JS exception of any value (a primitive, a Symbol, undefined) reaches the caller as that value.
    m.def("callIt", [](const std::function<double()> &f) { return f(); }, arg("f"));

    // bind_vector: std::vector<Point> is the class PointList, and a Polygon's
    // vertices() is the C++ vector itself.
    using tsbind::return_value_policy;
    tsbind::class_<Point>(m, "Point")
        .def(tsbind::init<double, double>(), arg("x"), arg("y"))
        .def_readwrite("x", &Point::x)
        .def_readwrite("y", &Point::y)
        .def("toString", [](const Point &p) {
            std::ostringstream text;
            text << "Point(" << p.x << ", " << p.y << ")";
            return text.str();
        });
    tsbind::bind_vector<std::vector<Point>>(m, "PointList", "Points, shared with C++.")
        .def("reverse", [](std::vector<Point> &v) { std::reverse(v.begin(), v.end()); }, "Reverses in place.");
    tsbind::class_<Polygon>(m, "Polygon")
        .def(tsbind::init<>())
        .def(tsbind::init<std::vector<Point>>(), arg("vertices"))
        .def("vertices", [](Polygon &p) -> std::vector<Point> & { return p.vertices; },
             return_value_policy::reference_internal, "The vertices themselves: changes are the polygon's.")
        .def("copyOfVertices", [](const Polygon &p) -> const std::vector<Point> & { return p.vertices; },
             "A copy (the default policy for a reference).")
        .def_property_readonly("perimeter", &Polygon::perimeter)
        .def("translate", &Polygon::translate, arg("dx"), arg("dy"));
    m.def("centroid", [](const std::vector<Point> &points) {
        Point c;
        for (const Point &p : points) c.x += p.x / double(points.size()), c.y += p.y / double(points.size());
        return c;
    }, arg("points"));
    m.def("square", [](double side) {
        return std::vector<Point>{{0, 0}, {side, 0}, {side, side}, {0, side}};
    }, arg("side"));
    m.def("closeRing", [](std::vector<Point> &points) {
        if (!points.empty()) points.push_back(points.front());
    }, arg("points"));
    // Holds `point` for the call while `change` runs: the list must not move it meanwhile.
    m.def("readAround", [](const Point &point, const std::function<void()> &change) {
        double before = point.x;
        change();
        return before + point.x;
    }, arg("point"), arg("change"));
    tsbind::class_<Anchor>(m, "Anchor")
        .def(tsbind::init<const Point &>(), arg("point"), tsbind::keep_alive<1, 2>())
        .def_property_readonly("x", [](const Anchor &a) { return a.at->x; });
}
