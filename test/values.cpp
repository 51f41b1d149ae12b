// Test module: JS values in C++ (tsbind::value, object, array, function,
// buffer, persistent), declared types, and Buffers out. No raw Node-API.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <cstdint>
#include <optional>
#include <functional>
#include <string>
#include <utility>
#include <vector>

using tsbind::arg;

namespace {
std::optional<tsbind::persistent<tsbind::function>> saved;
std::optional<tsbind::persistent<tsbind::typed_array<double>>> saved_array;
} // namespace

TSBIND_MODULE(values, m) {
    // Calls with as many arguments as a list has: a replacement callback gets
    // the whole token, then one argument per part (as String.prototype.replace
    // gives one per capture group).
    m.def("replaceTokens", [](const std::string &text,
                              const std::function<std::string(std::string, tsbind::rest<std::string>)> &replace) {
        std::string out, token;
        auto flush = [&] {
            if (token.empty()) return;
            tsbind::rest<std::string> parts;
            std::string part;
            for (char c : token + "=") {
                if (c == '=') parts.push_back(std::exchange(part, {}));
                else part += c;
            }
            out += replace(token, std::move(parts));
            token.clear();
        };
        for (char c : text) {
            if (c == ';') {
                flush();
                out += c;
            } else {
                token += c;
            }
        }
        flush();
        return out;
    }, arg("text"), arg("replace"));
    m.def("applyList", [](tsbind::function f, const std::vector<double> &args) { return f.apply(args); },
          arg("f"), arg("args"));

    // Any value in and out, and its kind.
    m.def("kindOf", [](tsbind::value v) { return std::string(v.type_of()); }, arg("value"));
    m.def("identity", [](tsbind::value v) { return v; }, arg("value"));
    m.def("isArray", [](tsbind::value v) { return v.is_array(); }, arg("value"));

    // Properties by name, index and symbol; objects made in C++.
    m.def("getPath", [](tsbind::object o, const std::string &a, const std::string &b) { return o.get(a).get(b); },
          arg("object"), arg("first"), arg("second"));
    m.def("makeRecord", [](tsbind::env env, const std::string &name, double size) {
        tsbind::object o = tsbind::object::create(env);
        o.set("name", name);
        o.set("size", size);
        o.set("tags", tsbind::array::of(env, "a", 2, true));
        return o;
    }, arg("name"), arg("size"));
    m.def("bare", [](tsbind::env env) { return tsbind::object::create_null(env); });
    m.def("keysOf", [](tsbind::object o) { return o.keys(); }, arg("object"));
    m.def("hasKey", [](tsbind::object o, const std::string &key) { return o.has(key.c_str()); }, arg("object"),
          arg("key"));
    m.def("symbolValue", [](tsbind::object o, tsbind::value symbol) { return o.get(symbol); }, arg("object"),
          arg("symbol"));
    m.def("setIndex", [](tsbind::array a, uint32_t i, tsbind::value v) {
        a.set(i, v);
        return a.size();
    }, arg("array"), arg("index"), arg("value"));

    // Calls, constructors, globals, instanceof, coercions.
    m.def("callWith", [](tsbind::function f, tsbind::value x) { return f(x, 2); }, arg("f"), arg("x"));
    m.def("makeRegExp", [](tsbind::env env, const std::string &source) {
        return tsbind::value::global(env, "RegExp").construct(source, "g");
    }, arg("source"), tsbind::returns("RegExp"));
    m.def("isRegExp", [](tsbind::value v) { return v.instance_of(tsbind::value::global(v.env(), "RegExp")); },
          arg("pattern").type("string | RegExp"));
    m.def("stringOf", [](tsbind::value v) { return v.to_string(); }, arg("value"));
    m.def("numberOf", [](tsbind::value v) { return v.to_number(); }, arg("value"));
    m.def("truthy", [](tsbind::value v) { return v.to_boolean(); }, arg("value"));
    m.def("upper", [](tsbind::value v) { return v.call_method("toUpperCase"); }, arg("text").type("string"),
          tsbind::returns("string"));
    // as<T>(): through tsbind's converters, with their messages.
    m.def("asInt", [](tsbind::value v) { return v.as<int32_t>(); }, arg("value"));
    m.def("asStrings", [](tsbind::value v) { return v.as<std::vector<std::string>>(); }, arg("value"));

    // Any iterable.
    m.def("sumIterable", [](tsbind::value iterable) {
        double sum = 0;
        iterable.for_each([&](const tsbind::value &x) { sum += x.as<double>(); });
        return sum;
    }, arg("iterable").type("Iterable<number>"));

    // Kept beyond the call.
    m.def("save", [](tsbind::function f) { saved.emplace(f); }, arg("f"));
    m.def("callSaved", [](double x) {
        if (!saved) throw std::logic_error("nothing saved");
        return saved->get()(x);
    }, arg("x"));
    m.def("dropSaved", [] { saved.reset(); });
    m.def("saveArray", [](tsbind::env env, tsbind::typed_array<double> a) { saved_array.emplace(env, a); }, arg("array"));
    m.def("savedSum", [] {
        if (!saved_array) throw std::logic_error("nothing saved");
        if (saved_array->detached()) return -1.0;
        double sum = 0;
        for (double x : saved_array->get()) sum += x;
        return sum;
    });
    m.def("dropSavedArray", [] { saved_array.reset(); });

    // Bytes: any byte source in, a Buffer out (copied, or adopting a vector).
    m.def("byteSum", [](tsbind::buffer bytes) {
        unsigned sum = 0;
        for (uint8_t b : bytes) sum += b;
        return sum;
    }, arg("bytes"));
    m.def("copyBytes", [](tsbind::env env, const std::string &text) { return tsbind::buffer::copy(env, text.data(), text.size()); },
          arg("text"));
    m.def("adoptBytes", [](tsbind::env env, uint32_t n) {
        std::vector<uint8_t> bytes(n);
        for (uint32_t i = 0; i < n; ++i) bytes[i] = uint8_t(i);
        return tsbind::buffer::adopt(env, std::move(bytes));
    }, arg("n"));
    m.def("zeros", [](tsbind::env env, size_t n) { return tsbind::buffer::create(env, n); }, arg("n"));
}
