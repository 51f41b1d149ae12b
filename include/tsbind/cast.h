// tsbind layer 2: conversion between napi_value and C++ values.
//
// One trait per C++ type, `tsbind::type_caster<T>`, that users may specialise
// for their own types (docs/conversions.md). A caster has
//   static constexpr auto name          TypeScript type (descr), both ways;
//   static constexpr auto arg_name      optional: the type it accepts, if wider;
//   bool load(napi_env, napi_value, detail::load_failure *)
//       JS -> C++: false when the value does not convert. Uses exactly the
//       Node-API calls that convert, whose own type check is the only one
//       (napi_get_value_double fails with napi_number_expected on a string:
//       no separate napi_typeof); fills the failure only for range errors and
//       nested values, and only when given one.
//   template <typename Arg> Arg get()   hands the value to a parameter;
//   static napi_value cast(napi_env, T, return_value_policy, napi_value parent)
//       C++ -> JS.
#pragma once

#include "detail/core.h"
#include "detail/traits.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <cwchar>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace tsbind {

using detail::const_name;

/// Converts between JS values and C++ values of type T; see the file comment.
/// The primary template serves bound classes (registered with `class_`).
template <typename T, typename SFINAE = void>
struct type_caster;

namespace detail {

template <typename T>
using make_caster = type_caster<intrinsic_t<T>>;

template <typename C, typename = void>
struct has_arg_name : std::false_type {};
template <typename C>
struct has_arg_name<C, std::void_t<decltype(C::arg_name)>> : std::true_type {};

/// The descriptor of the TypeScript type a parameter of type T accepts.
template <typename T>
constexpr auto arg_descr() {
    using C = make_caster<T>;
    if constexpr (has_arg_name<C>::value)
        return C::arg_name;
    else
        return C::name;
}
/// T's TypeScript type as a parameter (`In`) or as a result, as a constant.
template <typename T, bool In>
struct type_text {
    static constexpr auto value = [] {
        if constexpr (In)
            return arg_descr<T>();
        else
            return make_caster<T>::name;
    }();
};

/// The TypeScript type a parameter of type T accepts.
template <typename T>
constexpr type_sig arg_type_sig() {
    return make_type_sig(type_text<T, true>::value);
}

/// T's TypeScript type to sit inside a union or an array: a function type
/// goes in parentheses.
template <typename T, bool In>
constexpr auto union_member() {
    constexpr auto text = type_text<T, In>::value;
    if constexpr (has_arrow(text))
        return const_name("(") + text + const_name(")");
    else
        return text;
}


/// The TypeScript type a result of type T has.
template <typename T>
constexpr type_sig return_type_sig() {
    return make_type_sig(make_caster<T>::name);
}

/// The policy for a C++ value that C++ passes to JS as an argument (of a
/// callback, or of a TypeScript override): C++ keeps owning what it passes
/// by pointer, so JS refers to it; values and references are copied.
template <typename A>
constexpr return_value_policy argument_policy =
    std::is_pointer_v<std::decay_t<A>> ? return_value_policy::reference : return_value_policy::automatic;

/// Converts a C++ value to JS with the right caster.
template <typename T>
napi_value to_js(napi_env env, T &&value, return_value_policy policy = return_value_policy::automatic,
                 napi_value parent = nullptr) {
    return make_caster<T>::cast(env, std::forward<T>(value), policy, parent);
}

/// Throws the exception for a status returned by a converting call that
/// is not a plain type mismatch (`mismatch`), and returns false on a mismatch.
inline bool load_status(napi_env env, napi_status status, napi_status mismatch) {
    if (TSBIND_LIKELY(status == mismatch)) return false;
    throw_status(env, status);
}

/// Whether a T (an rvalue, or a const lvalue with `FromLvalue`) converts to
/// JS: its caster has a `cast` that takes it. Containers, optionals and
/// object_ fields convert out only where their elements do, so that a type
/// used only as input needs no `cast` (and only the direction used is
/// instantiated).
template <typename T, bool FromLvalue = false, typename = void>
struct has_cast : std::false_type {};
template <typename T, bool FromLvalue>
struct has_cast<T, FromLvalue,
                std::void_t<decltype(make_caster<T>::cast(
                    std::declval<napi_env>(), std::declval<std::conditional_t<FromLvalue, const T &, T>>(),
                    return_value_policy::automatic, napi_value{}))>> : std::true_type {};
template <typename... Ts>
constexpr bool can_cast = (has_cast<Ts>::value && ...);
/// Whether T converts from JS: its caster has a `load`.
template <typename T, typename = void>
struct has_load : std::false_type {};
template <typename T>
struct has_load<T, std::void_t<decltype(std::declval<make_caster<T> &>().load(
                       std::declval<napi_env>(), napi_value{}, static_cast<load_failure *>(nullptr)))>>
    : std::true_type {};
template <typename T>
struct is_unique_ptr : std::false_type {};
template <typename T, typename D>
struct is_unique_ptr<std::unique_ptr<T, D>> : std::true_type {};
template <typename T>
struct is_string_view : std::false_type {};
template <typename C, typename Tr>
struct is_string_view<std::basic_string_view<C, Tr>> : std::true_type {};

/// Checks a type converted as an element of a container, a tuple or an
/// object_ field, whose converter is gone once the element is made.
template <typename T>
constexpr bool check_element_type() {
    static_assert(!is_string_view<T>::value && !std::is_same_v<T, const char *>,
                  "tsbind: a std::string_view or const char * element would point into a converter that is gone "
                  "(elements are converted one by one): use std::string (a std::optional or std::variant of a view, "
                  "and a parameter, are fine)");
    static_assert(!is_unique_ptr<T>::value,
                  "tsbind: a std::unique_ptr element would take its object from JS while the arguments are still "
                  "being converted, before the call is sure to run: take T* or std::shared_ptr<T> elements (a "
                  "std::unique_ptr parameter, or a std::optional of one, is fine)");
    return true;
}

/// `enable_if` for the `cast` of a container of Ts (see has_cast).
template <typename... Ts>
using if_castable = std::enable_if_t<can_cast<Ts...>, int>;

/// Whether a converted T surely holds no JS handle (numbers, enums,
/// strings). Loops over the elements of a container open a handle scope per
/// chunk only for such types: a converter that keeps a handle (napi_value, or
/// a user's caster) needs it valid for the whole call.
template <typename T>
constexpr bool holds_no_handle = std::is_arithmetic_v<T> || std::is_enum_v<T> || std::is_same_v<T, std::string>;

/// Numbers, booleans and enums that a double holds exactly (not 64-bit
/// integers, which may become BigInts or RangeErrors, nor char, a string):
/// the JS layer may carry them in its scratch buffer (js_layer.cpp).
template <typename T>
constexpr bool crosses_as_double =
    std::is_same_v<T, bool> || std::is_floating_point_v<T> ||
    ((std::is_integral_v<T> || std::is_enum_v<T>) && sizeof(T) <= 4 && !std::is_same_v<T, char> &&
     !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>);

/// A handle scope when `Open`, nothing otherwise (see holds_no_handle).
template <bool Open>
class element_scope {
public:
    explicit element_scope(napi_env) {}
};
template <>
class element_scope<true> : public handle_scope {
public:
    using handle_scope::handle_scope;
};

/// What lets a number or boolean result go through the JS layer's scratch
/// buffer (js_layer.cpp): the native side writes the double, and the layer
/// returns it, without a Node-API call to make the value. "=" marks one
/// value, not an array.
template <typename T, bool Scratch = true>
struct scalar_scratch {
    static constexpr char scratch_layout[] = {'=', std::is_same_v<T, bool> ? 'b' : 'n', '\0'};
    static constexpr bool to_scratch_ok = true;
    static void to_scratch(double *out, T v) { *out = static_cast<double>(v); }
};
template <typename T>
struct scalar_scratch<T, false> {};

/// Base of casters that hold their converted value by value.
template <typename T>
struct value_caster {
    T value{};
    template <typename Arg>
    decltype(auto) get() {
        return cast_op_value<Arg>(value);
    }
};

} // namespace detail

template <>
struct type_caster<bool> : detail::value_caster<bool>, detail::scalar_scratch<bool> {
    static constexpr auto name = const_name("boolean");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_status s = napi_get_value_bool(env, v, &value);
        return TSBIND_LIKELY(s == napi_ok) || detail::load_status(env, s, napi_boolean_expected);
    }
    static napi_value cast(napi_env env, bool v, return_value_policy = {}, napi_value = nullptr) {
        napi_value r;
        detail::check(env, napi_get_boolean(env, v, &r));
        return r;
    }
};

template <typename T>
struct type_caster<T, std::enable_if_t<std::is_floating_point_v<T>>> : detail::value_caster<T>, detail::scalar_scratch<T> {
    static constexpr auto name = const_name("number");
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        double d;
        napi_status s = napi_get_value_double(env, v, &d);
        if (TSBIND_UNLIKELY(s != napi_ok)) return detail::load_status(env, s, napi_number_expected);
        if constexpr (sizeof(T) < sizeof(double)) {
            // A finite double beyond float's range would silently become Infinity.
            if (TSBIND_UNLIKELY(std::isfinite(d) && std::fabs(d) > double(std::numeric_limits<T>::max()))) {
                if (failure) detail::fail_range(failure, env, v, "a number in the range of a 32-bit float");
                return false;
            }
        }
        this->value = static_cast<T>(d);
        return true;
    }
    static napi_value cast(napi_env env, T v, return_value_policy = {}, napi_value = nullptr) {
        napi_value r;
        detail::check(env, napi_create_double(env, static_cast<double>(v), &r));
        return r;
    }
};

namespace detail {
template <typename T>
constexpr const char *integer_type_name() {
    constexpr bool s = std::is_signed_v<T>;
    switch (sizeof(T)) {
    case 1: return s ? "int8" : "uint8";
    case 2: return s ? "int16" : "uint16";
    case 4: return s ? "int32" : "uint32";
    default: return s ? "int64" : "uint64";
    }
}
[[noreturn]] void throw_unsafe_integer(long long value, bool is_unsigned, unsigned long long uvalue);
} // namespace detail

/// Integers: from a JS number that is integral and in range (64-bit types
/// also from a BigInt); never truncated or wrapped silently. 64-bit results
/// become numbers when exactly representable (|v| <= 2^53) and are a
/// RangeError otherwise, so that `size_t` results stay plain numbers.
template <typename T>
struct type_caster<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                       !std::is_same_v<T, char>>> : detail::value_caster<T>,
                                                                    detail::scalar_scratch<T, detail::crosses_as_double<T>> {
    static constexpr bool wide = sizeof(T) == 8;
    static constexpr auto name = const_name("number");
    static constexpr auto arg_name = []() {
        if constexpr (wide)
            return const_name("number | bigint");
        else
            return const_name("number");
    }();

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        constexpr double lo = double(std::numeric_limits<T>::min());
        // 2^64 and 2^63 are exact doubles; max() of 64-bit types is not.
        constexpr double hi_exclusive = wide ? (std::is_signed_v<T> ? 9223372036854775808.0 : 18446744073709551616.0)
                                             : double(std::numeric_limits<T>::max()) + 1.0;
        double d;
        napi_status s = napi_get_value_double(env, v, &d);
        if (TSBIND_LIKELY(s == napi_ok)) {
            // The comparisons are false for NaN, so NaN fails too. In range,
            // the cast is defined, and converting back tells a fraction (no
            // call to trunc, which x86-64 without SSE4.1 makes through libm).
            if (TSBIND_LIKELY(d >= lo && d < hi_exclusive)) {
                T t = static_cast<T>(d);
                if (TSBIND_LIKELY(static_cast<double>(t) == d)) {
                    this->value = t;
                    return true;
                }
            }
            return fail(env, v, failure);
        }
        if constexpr (wide) {
            if (s == napi_number_expected) {
                bool lossless = false;
                if constexpr (std::is_signed_v<T>) {
                    int64_t r;
                    s = napi_get_value_bigint_int64(env, v, &r, &lossless);
                    this->value = static_cast<T>(r);
                } else {
                    uint64_t r;
                    s = napi_get_value_bigint_uint64(env, v, &r, &lossless);
                    this->value = static_cast<T>(r);
                }
                if (s == napi_ok) return lossless || fail(env, v, failure);
                return detail::load_status(env, s, napi_bigint_expected);
            }
        }
        return detail::load_status(env, s, napi_number_expected);
    }

    static napi_value cast(napi_env env, T v, return_value_policy = {}, napi_value = nullptr) {
        napi_value r;
        if constexpr (sizeof(T) <= 4 && std::is_signed_v<T>) {
            detail::check(env, napi_create_int32(env, static_cast<int32_t>(v), &r));
        } else if constexpr (sizeof(T) <= 4) {
            detail::check(env, napi_create_uint32(env, static_cast<uint32_t>(v), &r));
        } else {
            constexpr long long safe = (1LL << 53);
            if constexpr (std::is_signed_v<T>) {
                if (TSBIND_UNLIKELY(v > safe || v < -safe)) detail::throw_unsafe_integer(v, false, 0);
            } else {
                if (TSBIND_UNLIKELY(v > static_cast<unsigned long long>(safe))) detail::throw_unsafe_integer(0, true, v);
            }
            detail::check(env, napi_create_int64(env, static_cast<int64_t>(v), &r));
        }
        return r;
    }

private:
    static bool fail(napi_env env, napi_value v, detail::load_failure *failure) {
        if (failure)
            detail::fail_integer(failure, env, v, static_cast<long long>(std::numeric_limits<T>::min()),
                                 static_cast<unsigned long long>(std::numeric_limits<T>::max()),
                                 detail::integer_type_name<T>());
        return false;
    }
};

/// A 64-bit integer that crosses as a JS BigInt both ways (a number that is
/// an integer is accepted too). Use it for results that may exceed 2^53,
/// such as hashes and ids: `tsbind::bigint<uint64_t> hash(...)`.
template <typename T>
struct bigint {
    static_assert(std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>, "tsbind::bigint<int64_t or uint64_t>");
    T value = 0;
    bigint() = default;
    bigint(T v) : value(v) {}
    operator T() const { return value; }
};

template <typename T>
struct type_caster<bigint<T>> : detail::value_caster<bigint<T>> {
    static constexpr auto name = const_name("bigint");
    static constexpr auto arg_name = const_name("bigint | number");
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        type_caster<T> integer;
        if (!integer.load(env, v, failure)) return false;
        this->value = integer.value;
        return true;
    }
    static napi_value cast(napi_env env, bigint<T> v, return_value_policy = {}, napi_value = nullptr) {
        napi_value r;
        if constexpr (std::is_signed_v<T>)
            detail::check(env, napi_create_bigint_int64(env, v.value, &r));
        else
            detail::check(env, napi_create_bigint_uint64(env, v.value, &r));
        return r;
    }
};

namespace detail {

/// Reads a JS string as UTF-8 for the length of a call, with one Node-API
/// call: into the environment's string arena (see string_arena), whose free
/// space is far more than the string needs, so that V8 takes its fast copy
/// (it checks the room for a whole chunk at once) and nothing is allocated.
/// A string that does not fit, or one read while the arena is suspended, goes
/// to the heap, sized from its UTF-16 length (which V8 knows without a scan)
/// at 3 bytes a unit, UTF-8's worst case; only huge strings are measured
/// exactly, to bound memory.
class utf8_reader {
public:
    utf8_reader() = default;
    utf8_reader(const utf8_reader &) = delete;
    utf8_reader &operator=(const utf8_reader &) = delete;
    /// Gives its arena space back, and any later reader's: they go first or
    /// with it (the arguments of one call, or calls made while it was read).
    ~utf8_reader() {
        if (arena_ && mark_ < arena_->used) arena_->used = mark_;
    }
    /// False when `v` is not a string.
    bool read(napi_env env, napi_value v);
    std::string_view view() const { return view_; }
    /// NUL-terminated (both buffers are).
    const char *c_str() const { return view_.data(); }

private:
    bool read_heap(napi_env env, napi_value v);

    std::string_view view_;
    string_arena *arena_ = nullptr;
    std::size_t mark_ = 0;
    std::unique_ptr<char[]> heap_;
};

/// Reads a JS string into `out` as UTF-8; false when `value` is not a string.
bool load_string(napi_env env, napi_value value, std::string &out);

inline napi_value make_string(napi_env env, const char *data, size_t size) {
    napi_value r;
    check(env, napi_create_string_utf8(env, data, size, &r));
    return r;
}

} // namespace detail

/// std::string: UTF-8 (lone surrogates from JS become U+FFFD, as everywhere
/// in V8); embedded NULs round-trip.
template <typename Traits, typename Alloc>
struct type_caster<std::basic_string<char, Traits, Alloc>> {
    using string_type = std::basic_string<char, Traits, Alloc>;
    static constexpr auto name = const_name("string");
    string_type value;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if constexpr (std::is_same_v<string_type, std::string>) {
            return detail::load_string(env, v, value);  // compiled once, in the core
        } else {
            detail::utf8_reader reader;
            if (!reader.read(env, v)) return false;
            value.assign(reader.view().data(), reader.view().size());
            return true;
        }
    }
    template <typename Arg>
    decltype(auto) get() {
        return detail::cast_op_value<Arg>(value);
    }
    static napi_value cast(napi_env env, const string_type &s, return_value_policy = {}, napi_value = nullptr) {
        return detail::make_string(env, s.data(), s.size());
    }
};

/// std::string_view: points into the caster's own buffer for the call.
template <typename Traits>
struct type_caster<std::basic_string_view<char, Traits>> {
    using view_type = std::basic_string_view<char, Traits>;
    static constexpr auto name = const_name("string");
    detail::utf8_reader reader;
    view_type value;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (!reader.read(env, v)) return false;
        value = view_type(reader.view().data(), reader.view().size());
        return true;
    }
    template <typename Arg>
    decltype(auto) get() {
        return detail::cast_op_value<Arg>(value);
    }
    static napi_value cast(napi_env env, view_type s, return_value_policy = {}, napi_value = nullptr) {
        return detail::make_string(env, s.data(), s.size());
    }
};

/// const char*: a NUL-terminated UTF-8 string; JS null is the null pointer.
template <>
struct type_caster<const char *> {
    static constexpr auto name = const_name("string | null");
    detail::utf8_reader reader;
    bool is_null = false;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (reader.read(env, v)) return true;
        napi_valuetype t;
        detail::check(env, napi_typeof(env, v, &t));
        return is_null = (t == napi_null);
    }
    template <typename Arg>
    const char *get() {
        return is_null ? nullptr : reader.c_str();
    }
    static napi_value cast(napi_env env, const char *s, return_value_policy = {}, napi_value = nullptr) {
        if (!s) {
            napi_value r;
            detail::check(env, napi_get_null(env, &r));
            return r;
        }
        return detail::make_string(env, s, std::strlen(s));
    }
};

/// char: a string of exactly one UTF-8 byte (as pybind11 maps char to str).
template <>
struct type_caster<char> : detail::value_caster<char> {
    static constexpr auto name = const_name("string");
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        detail::utf8_reader reader;
        if (!reader.read(env, v)) return false;
        if (reader.view().size() != 1) {
            if (failure) detail::fail_range(failure, env, v, "a one-character (single byte) string");
            return false;
        }
        value = reader.view()[0];
        return true;
    }
    static napi_value cast(napi_env env, char c, return_value_policy = {}, napi_value = nullptr) {
        return detail::make_string(env, &c, 1);
    }
};

/// std::u16string: UTF-16 code units as JS has them, lone surrogates kept.
template <>
struct type_caster<std::u16string> : detail::value_caster<std::u16string> {
    static constexpr auto name = const_name("string");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        char16_t buf[128];
        size_t len;
        napi_status s = napi_get_value_string_utf16(env, v, buf, 128, &len);
        if (TSBIND_UNLIKELY(s != napi_ok)) return detail::load_status(env, s, napi_string_expected);
        if (len + 1 < 128) {  // UTF-16 is copied unit by unit: a shorter result is whole
            value.assign(buf, len);
            return true;
        }
        detail::check(env, napi_get_value_string_utf16(env, v, nullptr, 0, &len));
        value.resize(len);
        detail::check(env, napi_get_value_string_utf16(env, v, value.data(), len + 1, &len));
        return true;
    }
    static napi_value cast(napi_env env, const std::u16string &s, return_value_policy = {}, napi_value = nullptr) {
        napi_value r;
        detail::check(env, napi_create_string_utf16(env, s.data(), s.size(), &r));
        return r;
    }
};

namespace detail {
/// Reads a JS string into `out` as wide characters (UTF-16 units on Windows,
/// code points elsewhere); false when `value` is not a string.
bool load_wstring(napi_env env, napi_value value, std::wstring &out);
napi_value make_wstring(napi_env env, const wchar_t *data, size_t size);
} // namespace detail

/// std::wstring: wide characters, as the platform has them (UTF-16 on
/// Windows, UTF-32 elsewhere); surrogate pairs become one code point and back.
template <>
struct type_caster<std::wstring> : detail::value_caster<std::wstring> {
    static constexpr auto name = const_name("string");
    bool load(napi_env env, napi_value v, detail::load_failure *) { return detail::load_wstring(env, v, value); }
    static napi_value cast(napi_env env, const std::wstring &s, return_value_policy = {}, napi_value = nullptr) {
        return detail::make_wstring(env, s.data(), s.size());
    }
};

/// const wchar_t*: a NUL-terminated wide string; JS null is the null pointer.
template <>
struct type_caster<const wchar_t *> {
    static constexpr auto name = const_name("string | null");
    std::wstring text;
    bool is_null = false;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (detail::load_wstring(env, v, text)) return true;
        napi_valuetype t;
        detail::check(env, napi_typeof(env, v, &t));
        return is_null = (t == napi_null);
    }
    template <typename Arg>
    const wchar_t *get() {
        return is_null ? nullptr : text.c_str();
    }
    static napi_value cast(napi_env env, const wchar_t *s, return_value_policy = {}, napi_value = nullptr) {
        if (!s) {
            napi_value r;
            detail::check(env, napi_get_null(env, &r));
            return r;
        }
        return detail::make_wstring(env, s, std::wcslen(s));
    }
};

/// A raw napi_value passes through untouched (`unknown` in TypeScript).
template <>
struct type_caster<napi_value> : detail::value_caster<napi_value> {
    static constexpr auto name = const_name("unknown");
    bool load(napi_env, napi_value v, detail::load_failure *) {
        value = v;
        return true;
    }
    static napi_value cast(napi_env, napi_value v, return_value_policy = {}, napi_value = nullptr) { return v; }
};

/// A parameter of type `tsbind::env` receives the environment of the call
/// (to create JS values, such as `typed_array<T>::create`). It takes no JS
/// argument and does not appear in the TypeScript signature.
struct env {
    napi_env handle = nullptr;
    operator napi_env() const noexcept { return handle; }
    /// Tells the GC that native memory the binding holds grew by `delta`
    /// bytes (or shrank, when negative), and returns V8's new total: for
    /// memory not tied to a bound class (classes use `native_size`).
    std::int64_t adjust_external_memory(std::int64_t delta) const {
        std::int64_t total = 0;
        detail::check(handle, napi_adjust_external_memory(handle, delta, &total));
        return total;
    }
};

namespace detail {
template <typename C, typename = void>
struct is_injected : std::false_type {};
/// Casters with `load_injected(function_call &)` fill their parameter from
/// the call itself rather than from a JS argument.
template <typename C>
struct is_injected<C, std::void_t<decltype(&C::load_injected)>> : std::true_type {};

template <typename C, typename = void>
struct is_omittable : std::false_type {};
/// Casters with `static constexpr bool omittable = true` load `undefined`, so
/// their parameters may be left out at the end of a call (`x?: T`).
template <typename C>
struct is_omittable<C, std::enable_if_t<C::omittable>> : std::true_type {};
} // namespace detail

class value;
namespace detail {
/// The `new.target` of the running bound call that takes a call_info, or null.
napi_value current_new_target(napi_env env);
} // namespace detail

/// A parameter of type `tsbind::call_info` says how the function was called,
/// for APIs that tell `f()` from `f(undefined)`, or `new F()` from `F()`. It
/// takes no JS argument.
struct call_info {
    /// How many arguments JS gave (`f()` 0, `f(undefined)` 1), before defaults.
    std::size_t argc = 0;
    /// Whether JS called it with `new` (a constructor always is).
    bool constructing() const { return new_target_ != nullptr; }
    /// `new.target`: the class JS constructs (a JS subclass, or the bound
    /// class), or `undefined` when called without `new` (value.h).
    value new_target() const;

private:
    friend struct type_caster<call_info>;
    napi_env env_ = nullptr;
    napi_value new_target_ = nullptr;
};

template <>
struct type_caster<call_info> : detail::value_caster<call_info> {
    static constexpr auto name = const_name("never");
    bool load_injected(detail::function_call &call) {
        value.argc = call.given;
        value.env_ = call.env;
        value.new_target_ = detail::current_new_target(call.env);
        return true;
    }
};

template <>
struct type_caster<env> : detail::value_caster<env> {
    static constexpr auto name = const_name("never");
    bool load_injected(detail::function_call &call) {
        value.handle = call.env;
        return true;
    }
};

// The names a converter of your own uses (docs/conversions.md, "Your own
// types"), public so that a binding need not name tsbind::detail.
using detail::cast_op_value;
using detail::fail_range;
using detail::load_failure;
using detail::value_caster;

/// void results become `undefined`.
template <>
struct type_caster<void> {
    static constexpr auto name = const_name("void");
};

} // namespace tsbind
