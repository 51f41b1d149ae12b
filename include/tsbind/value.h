// JS values in C++: `tsbind::value` (any value), `object`, `array`,
// `function` and `buffer`, usable as parameters, results and fields, so that
// a binding works with JS values through tsbind instead of raw Node-API calls
// (as pybind11's py::object, embind's val, node-addon-api's Napi::Value).
//
// A value is a handle: it is valid while the call that made it runs (its
// handle scope). Keep one longer with `tsbind::persistent<T>`. Operations
// that run JS (a getter, a call, a Proxy trap) throw `tsbind::js_error`
// carrying what JS threw; an operation on a value of the wrong kind (calling
// a number) throws std::invalid_argument, a TypeError at the call boundary.
#pragma once

#include "cast.h"
#include "typed_array.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tsbind {

/// The kind of a JS value, as `typeof` tells them (with null apart).
enum class js_type : std::uint8_t { undefined, null, boolean, number, string, symbol, object, function, external, bigint };

class value;
class object;
class array;
class function;

namespace detail {
/// The JS value of a C++ value, for arguments and property values.
template <typename T>
napi_value js_of(napi_env env, T &&v);
/// Whether a typed array, DataView or buffer's memory has been detached.
bool is_detached_view(napi_env env, napi_value v);
} // namespace detail

/// Any JS value (`unknown` in TypeScript).
class value {
public:
    value() = default;
    value(napi_env env, napi_value handle) noexcept : env_(env), handle_(handle) {}

    napi_env env() const noexcept { return env_; }
    /// The Node-API handle, valid for the call.
    napi_value handle() const noexcept { return handle_; }
    /// False for a default-constructed value (no handle).
    explicit operator bool() const noexcept { return handle_ != nullptr; }

    // ---- Kinds ----
    js_type type() const;
    bool is_undefined() const { return type() == js_type::undefined; }
    bool is_null() const { return type() == js_type::null; }
    /// undefined or null.
    bool is_nullish() const {
        js_type t = type();
        return t == js_type::undefined || t == js_type::null;
    }
    bool is_boolean() const { return type() == js_type::boolean; }
    bool is_number() const { return type() == js_type::number; }
    bool is_string() const { return type() == js_type::string; }
    bool is_symbol() const { return type() == js_type::symbol; }
    bool is_bigint() const { return type() == js_type::bigint; }
    /// An object or a function (what may have properties of its own).
    bool is_object() const {
        js_type t = type();
        return t == js_type::object || t == js_type::function;
    }
    bool is_function() const { return type() == js_type::function; }
    /// `Array.isArray(value)` (a Proxy of an array too).
    bool is_array() const;
    /// What `typeof value` says ("object" for null).
    const char *type_of() const;
    /// `value instanceof ctor`.
    bool instance_of(const value &ctor) const;
    /// `value === other`.
    bool strict_equals(const value &other) const;

    // ---- Conversions ----
    /// This value as C++ type T, through tsbind's converters: a value that
    /// does not convert throws as an argument would (std::invalid_argument,
    /// std::out_of_range: "must be a number, got string").
    template <typename T>
    T as() const;
    /// `String(value)`.
    std::string to_string() const;
    /// `Number(value)`.
    double to_number() const;
    /// `Boolean(value)` (truthiness).
    bool to_boolean() const;

    // ---- Properties (string, index or symbol/any value as key) ----
    value get(const char *key) const;
    value get(const std::string &key) const { return get(key.c_str()); }
    value get(std::uint32_t index) const;
    value get(const value &key) const;
    template <typename V>
    void set(const char *key, V &&v) const {
        set_handle(key, detail::js_of(env_, std::forward<V>(v)));
    }
    template <typename V>
    void set(const std::string &key, V &&v) const {
        set_handle(key.c_str(), detail::js_of(env_, std::forward<V>(v)));
    }
    template <typename V>
    void set(std::uint32_t index, V &&v) const {
        set_handle(index, detail::js_of(env_, std::forward<V>(v)));
    }
    template <typename V>
    void set(const value &key, V &&v) const {
        set_handle(key, detail::js_of(env_, std::forward<V>(v)));
    }
    /// `key in value`.
    bool has(const char *key) const;
    bool has(const value &key) const;
    /// `Object.hasOwn(value, key)`.
    bool has_own(const char *key) const;
    /// `delete value[key]`: whether it was deleted.
    bool remove(const char *key) const;

    // ---- Calls ----
    /// Calls this function with `this` undefined.
    template <typename... A>
    value call(A &&...args) const {
        napi_value argv[sizeof...(A) + 1] = {detail::js_of(env_, std::forward<A>(args))...};
        return call_handles(nullptr, sizeof...(A), argv);
    }
    /// Calls this function with `self` as `this`.
    template <typename... A>
    value call_with(const value &self, A &&...args) const {
        napi_value argv[sizeof...(A) + 1] = {detail::js_of(env_, std::forward<A>(args))...};
        return call_handles(self.handle_, sizeof...(A), argv);
    }
    /// Calls this function with each element of `args` (any range of values
    /// that convert) as an argument, `f(...args)`: as many JS arguments as
    /// the list has elements.
    template <typename Range>
    value apply(const Range &args) const {
        std::vector<napi_value> argv;
        for (const auto &arg : args) argv.push_back(detail::js_of(env_, arg));
        return call_handles(nullptr, argv.size(), argv.data());
    }
    /// `value[name](args...)`.
    template <typename... A>
    value call_method(const char *name, A &&...args) const {
        return get(name).call_with(*this, std::forward<A>(args)...);
    }
    /// `new value(args...)`.
    template <typename... A>
    value construct(A &&...args) const {
        napi_value argv[sizeof...(A) + 1] = {detail::js_of(env_, std::forward<A>(args))...};
        return construct_handles(sizeof...(A), argv);
    }

    /// Calls `f(element)` for each element of any iterable (an Array, a Set, a
    /// Map's entries, a generator, `arguments`), by the iteration protocol.
    template <typename F>
    void for_each(F &&f) const {
        iterate([](void *context, const value &element) { (*static_cast<std::decay_t<F> *>(context))(element); },
                &f);
    }

    // ---- Making values ----
    /// `globalThis`, and `globalThis[name]` (`value::global(env, "RegExp")`).
    static value global(napi_env env);
    static value global(napi_env env, const char *name);
    static value undefined(napi_env env);
    static value null(napi_env env);
    /// A C++ value as JS, through tsbind's converters.
    template <typename T>
    static value from(napi_env env, T &&v) {
        return value(env, detail::js_of(env, std::forward<T>(v)));
    }

protected:
    void set_handle(const char *key, napi_value v) const;
    void set_handle(std::uint32_t index, napi_value v) const;
    void set_handle(const value &key, napi_value v) const;
    value call_handles(napi_value self, std::size_t argc, const napi_value *argv) const;
    value construct_handles(std::size_t argc, const napi_value *argv) const;
    void iterate(void (*each)(void *, const value &), void *context) const;

    napi_env env_ = nullptr;
    napi_value handle_ = nullptr;
};

/// An object or a function (`object` in TypeScript).
class object : public value {
public:
    object() = default;
    object(napi_env env, napi_value handle) noexcept : value(env, handle) {}
    /// `{}`.
    static object create(napi_env env);
    /// `Object.create(null)`: no prototype, so no inherited keys.
    static object create_null(napi_env env);
    /// `Object.keys(object)`: its own enumerable string keys.
    std::vector<std::string> keys() const;
};

/// An Array (`unknown[]` in TypeScript).
class array : public object {
public:
    array() = default;
    array(napi_env env, napi_value handle) noexcept : object(env, handle) {}
    /// A new Array of `length` empty slots.
    static array create(napi_env env, std::uint32_t length = 0);
    /// An Array of the C++ values, converted.
    template <typename... A>
    static array of(napi_env env, A &&...items) {
        array out = create(env, std::uint32_t(sizeof...(A)));
        std::uint32_t i = 0;
        (out.set(i++, std::forward<A>(items)), ...);
        return out;
    }
    std::uint32_t size() const;
    value operator[](std::uint32_t index) const { return get(index); }
    /// Appends at the end.
    template <typename V>
    void push(V &&v) const {
        set(size(), std::forward<V>(v));
    }
};

/// A function (`Function` in TypeScript): call it as `f(args...)`.
class function : public object {
public:
    function() = default;
    function(napi_env env, napi_value handle) noexcept : object(env, handle) {}
    template <typename... A>
    value operator()(A &&...args) const {
        return call(std::forward<A>(args)...);
    }
};

/// A Node.js Buffer (`Buffer` in TypeScript). In, any byte source converts:
/// a Buffer, a typed array, a DataView, an ArrayBuffer or a
/// SharedArrayBuffer, viewed without a copy (a detached buffer is empty).
/// Out, a Buffer: `buffer::copy` copies bytes into a new one, and a
/// `std::vector<uint8_t>` moved into `buffer::adopt` becomes its memory.
class buffer : public object {
public:
    buffer() = default;
    buffer(napi_env env, napi_value handle, std::uint8_t *data, std::size_t size) noexcept
        : object(env, handle), data_(data), size_(size) {}
    /// A new Buffer holding a copy of `size` bytes at `data`.
    static buffer copy(napi_env env, const void *data, std::size_t size);
    /// A new zero-filled Buffer of `size` bytes, to fill.
    static buffer create(napi_env env, std::size_t size);
    /// A Buffer over the vector's own memory, without a copy (a copy where
    /// the runtime forbids external memory).
    static buffer adopt(napi_env env, std::vector<std::uint8_t> &&bytes);

    std::uint8_t *data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::uint8_t *begin() const noexcept { return data_; }
    std::uint8_t *end() const noexcept { return data_ + size_; }

private:
    std::uint8_t *data_ = nullptr;
    std::size_t size_ = 0;
};

/// Keeps a JS value alive beyond the call that gave it: a strong reference
/// (a callback C++ stores, an object to reuse). Move-only. `get()` works on
/// the JS thread of the value's environment while it lives, and throws
/// std::runtime_error elsewhere or later; dropping one is safe on any thread
/// at any time (on another thread, or after its environment has ended, the
/// reference is left to the environment, which frees it when it ends).
/// For a typed array or a buffer it keeps the memory alive: `get().data()`
/// stays valid, unless JS detaches the buffer (`detached()` says so).
template <typename T>
class persistent {
public:
    persistent() = default;
    /// From a value class (value, object, array, function, buffer).
    explicit persistent(const T &v) : persistent(v.env(), v) {}
    /// From any value that converts to T (a typed_array<T>, say).
    persistent(napi_env env, const T &v)
        : env_(env), ref_(std::make_unique<detail::guarded_reference>(env, detail::js_of(env, v))) {}
    persistent(persistent &&) noexcept = default;
    persistent &operator=(persistent &&) noexcept = default;

    explicit operator bool() const noexcept { return ref_ != nullptr; }
    /// The value, as a handle in the current call, converted to T again
    /// (so a typed array's memory is read afresh).
    T get() const {
        if (!ref_) throw std::logic_error("tsbind::persistent: empty");
        return value(env_, ref_->value("a tsbind::persistent value")).template as<T>();
    }
    /// For typed arrays and buffers: whether JS has detached the memory.
    bool detached() const { return ref_ && detail::is_detached_view(env_, ref_->value("a tsbind::persistent value")); }
    /// Lets the value go.
    void reset() noexcept { ref_.reset(); }

private:
    napi_env env_ = nullptr;
    std::unique_ptr<detail::guarded_reference> ref_;
};

namespace detail {

template <typename T>
napi_value js_of(napi_env env, T &&v) {
    if constexpr (std::is_base_of_v<value, std::decay_t<T>>) {
        napi_value h = v.handle();
        if (!h) check(env, napi_get_undefined(env, &h));
        return h;
    } else if constexpr (std::is_array_v<std::remove_reference_t<T>>) {
        return to_js(env, static_cast<const char *>(v));  // a string literal
    } else {
        return to_js(env, std::forward<T>(v), argument_policy<T>);
    }
}

/// Says that a value did not convert in `as<T>()`.
[[noreturn]] void throw_not_convertible(napi_env env, napi_value v, load_failure &failure, type_sig expected);

/// A JS value's kind, checked for the value classes' converters.
bool is_kind(napi_env env, napi_value v, js_type kind);
bool is_array_value(napi_env env, napi_value v);
/// A Buffer over `size` bytes at `data`; `owner` is deleted when it is collected.
napi_value new_buffer(napi_env env, std::size_t size, void **data);
napi_value adopt_buffer(napi_env env, std::vector<std::uint8_t> *owner);

/// What the value classes' converters share: out, the handle as it is.
template <typename V>
struct value_class_caster : value_caster<V> {
    static napi_value cast(napi_env env, const V &v, return_value_policy = {}, napi_value = nullptr) {
        return js_of(env, v);
    }
};

} // namespace detail

template <typename T>
T value::as() const {
    detail::make_caster<T> caster;
    detail::load_failure failure;
    if (!caster.load(env_, handle_, &failure))
        detail::throw_not_convertible(env_, handle_, failure, detail::return_type_sig<T>());
    return caster.template get<T>();
}

template <>
struct type_caster<value> : detail::value_class_caster<value> {
    static constexpr auto name = const_name("unknown");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        this->value = tsbind::value(env, v);
        return true;
    }
};

template <>
struct type_caster<object> : detail::value_class_caster<object> {
    static constexpr auto name = const_name("object");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (!detail::is_kind(env, v, js_type::object) && !detail::is_kind(env, v, js_type::function)) return false;
        this->value = object(env, v);
        return true;
    }
};

template <>
struct type_caster<array> : detail::value_class_caster<array> {
    static constexpr auto name = const_name("unknown[]");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (!detail::is_array_value(env, v)) return false;
        this->value = array(env, v);
        return true;
    }
};

template <>
struct type_caster<function> : detail::value_class_caster<function> {
    static constexpr auto name = const_name("Function");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        if (!detail::is_kind(env, v, js_type::function)) return false;
        this->value = function(env, v);
        return true;
    }
};

template <>
struct type_caster<buffer> : detail::value_class_caster<buffer> {
    static constexpr auto name = const_name("Buffer");
    static constexpr auto arg_name = const_name("ArrayBuffer | SharedArrayBuffer | ArrayBufferView");
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        void *data = nullptr;
        std::size_t size = 0;
        if (!detail::load_typed_array(env, v, 0, detail::byte_sources::any, &data, &size, failure)) return false;
        this->value = buffer(env, v, static_cast<std::uint8_t *>(data), size);
        return true;
    }
};

} // namespace tsbind
