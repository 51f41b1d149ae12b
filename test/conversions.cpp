// Test module for the built-in conversions: each function echoes its
// argument back, so a test checks both directions of one converter.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace units {
/// A user's own type, taught to tsbind with one specialisation below.
struct Celsius {
    double degrees;
};
} // namespace units

// docs/conversions.md, "Your own types": a Celsius crosses as a plain number.
namespace tsbind {
template <>
struct type_caster<units::Celsius> {
    static constexpr auto name = const_name("number");
    units::Celsius value{};
    bool load(napi_env env, napi_value v, tsbind::load_failure *failure) {
        type_caster<double> number;
        if (!number.load(env, v, failure)) return false;
        if (number.value < -273.15) {
            if (failure) tsbind::fail_range(failure, env, v, "a temperature at or above -273.15");
            return false;
        }
        value.degrees = number.value;
        return true;
    }
    template <typename Arg>
    decltype(auto) get() {
        return tsbind::cast_op_value<Arg>(value);
    }
    static napi_value cast(napi_env env, units::Celsius c, return_value_policy = {}, napi_value = nullptr) {
        return type_caster<double>::cast(env, c.degrees);
    }
};
} // namespace tsbind

namespace {
template <typename T>
void def_echo(tsbind::module_ &m, const char *name) {
    m.def(name, [](T v) { return v; }, tsbind::arg("value"));
}
} // namespace

TSBIND_MODULE(conversions, m) {
    def_echo<bool>(m, "echoBool");
    def_echo<int8_t>(m, "echoInt8");
    def_echo<uint8_t>(m, "echoUint8");
    def_echo<int16_t>(m, "echoInt16");
    def_echo<uint16_t>(m, "echoUint16");
    def_echo<int32_t>(m, "echoInt32");
    def_echo<uint32_t>(m, "echoUint32");
    def_echo<int64_t>(m, "echoInt64");
    def_echo<uint64_t>(m, "echoUint64");
    def_echo<long>(m, "echoLong");
    def_echo<size_t>(m, "echoSize");
    def_echo<float>(m, "echoFloat");
    def_echo<double>(m, "echoDouble");
    def_echo<char>(m, "echoChar");
    def_echo<std::string>(m, "echoString");
    def_echo<std::u16string>(m, "echoU16String");
    def_echo<std::vector<double>>(m, "echoDoubles");
    def_echo<std::vector<std::string>>(m, "echoStrings");
    def_echo<std::vector<std::vector<int32_t>>>(m, "echoMatrix");
    def_echo<std::vector<bool>>(m, "echoBools");

    // References and views take the same JS values as the plain types.
    m.def("stringLength", [](const std::string &s) { return s.size(); }, tsbind::arg("text"));
    m.def("viewLength", [](std::string_view s) { return s.size(); }, tsbind::arg("text"));
    m.def("viewEcho", [](std::string_view s) { return std::string(s); }, tsbind::arg("text"));
    // Strings held while JS runs and reads strings of its own (the string arena).
    m.def("aroundCall", [](std::string_view before, const std::function<std::string(std::string)> &inner,
                           std::string_view after) {
        std::string middle = inner(std::string(before));
        return std::string(before) + "|" + middle + "|" + std::string(after);
    }, tsbind::arg("before"), tsbind::arg("inner"), tsbind::arg("after"));
    m.def("cstrEcho", [](const char *s) -> const char * { return s; }, tsbind::arg("text"));
    m.def("cstrIsNull", [](const char *s) { return s == nullptr; }, tsbind::arg("text"));
    m.def("u16Length", [](const std::u16string &s) { return s.size(); }, tsbind::arg("text"));
    // Wide strings, as Windows-era and wide-character APIs have them.
    def_echo<std::wstring>(m, "echoWString");
    m.def("wideLength", [](const std::wstring &s) { return s.size(); }, tsbind::arg("text"));
    m.def("wideCodePoints", [](const std::wstring &s) {
        std::vector<double> points;
        for (wchar_t c : s) points.push_back(static_cast<double>(static_cast<std::uint32_t>(c)));
        return points;
    }, tsbind::arg("text"));
    m.def("wcstrEcho", [](const wchar_t *s) -> const wchar_t * { return s; }, tsbind::arg("text"));
    m.def("wideGreeting", []() -> const wchar_t * { return L"h\u00e9llo \U0001F600"; });
    m.def("wideFromPoints", [](const std::vector<double> &points) {
        std::wstring out;
        for (double p : points) out.push_back(static_cast<wchar_t>(static_cast<std::uint32_t>(p)));
        return out;
    }, tsbind::arg("points"));
    m.def("sumDoubles", [](const std::vector<double> &v) {
        double total = 0;
        for (double x : v) total += x;
        return total;
    }, tsbind::arg("values"));
    m.def("countDown", [](uint32_t n) {
        std::vector<int32_t> out;
        for (uint32_t i = n; i > 0; --i) out.push_back(int32_t(i));
        return out;
    }, tsbind::arg("n"));

    // Results that must not lose precision: 2^53 fits, 2^53 + 1 does not.
    m.def("int64Max", [] { return std::numeric_limits<int64_t>::max(); });
    m.def("int64Safe", [] { return int64_t(1) << 53; });
    m.def("int64NegSafe", [] { return -(int64_t(1) << 53); });
    m.def("uint64Unsafe", [] { return (uint64_t(1) << 53) + 1; });
    def_echo<tsbind::bigint<int64_t>>(m, "echoBigInt64");
    def_echo<tsbind::bigint<uint64_t>>(m, "echoBigUint64");
    m.def("toFahrenheit", [](units::Celsius c) { return c.degrees * 9 / 5 + 32; }, tsbind::arg("celsius"));
    m.def("boilingPoint", [] { return units::Celsius{100}; });
    m.def("nothing", [] {});
    m.def("nullCstr", []() -> const char * { return nullptr; });
    m.def("stringWithNul", [] { return std::string("a\0b", 3); });
}
