// Typed arrays without copies: `tsbind::typed_array<T>` views JS memory in,
// and C++ memory goes out as typed arrays (see stl/vector.h for vectors).
//
// A view borrows the memory of the JS typed array it was made from; it is
// valid while that array is, which the call's own handle guarantees for the
// duration of the call. V8 never moves an ArrayBuffer's memory, but JS can
// detach it: a view must not be kept past the call, nor used after calling
// back into JS code that may transfer its buffer.
#pragma once

#include "cast.h"

#include <cstddef>
#include <cstdint>
#include <type_traits>
#if __cplusplus >= 202002L || (defined(_MSVC_LANG) && _MSVC_LANG >= 202002L)
#include <span>
#define TSBIND_HAS_SPAN 1
#endif

namespace tsbind {
namespace detail {

/// The TypeScript name of each kind of typed array.
template <napi_typedarray_type Kind>
struct typed_array_name;
#define TSBIND_TYPED_ARRAY_NAME(kind, text)                                                                           \
    template <>                                                                                                        \
    struct typed_array_name<kind> {                                                                                    \
        static constexpr auto name = const_name(text);                                                                 \
    };
TSBIND_TYPED_ARRAY_NAME(napi_int8_array, "Int8Array")
TSBIND_TYPED_ARRAY_NAME(napi_uint8_array, "Uint8Array")
TSBIND_TYPED_ARRAY_NAME(napi_int16_array, "Int16Array")
TSBIND_TYPED_ARRAY_NAME(napi_uint16_array, "Uint16Array")
TSBIND_TYPED_ARRAY_NAME(napi_int32_array, "Int32Array")
TSBIND_TYPED_ARRAY_NAME(napi_uint32_array, "Uint32Array")
TSBIND_TYPED_ARRAY_NAME(napi_float32_array, "Float32Array")
TSBIND_TYPED_ARRAY_NAME(napi_float64_array, "Float64Array")
TSBIND_TYPED_ARRAY_NAME(napi_bigint64_array, "BigInt64Array")
TSBIND_TYPED_ARRAY_NAME(napi_biguint64_array, "BigUint64Array")
#undef TSBIND_TYPED_ARRAY_NAME

template <typename T>
constexpr bool is_character_v = std::is_same_v<T, char> || std::is_same_v<T, wchar_t> ||
                                std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>
#if defined(__cpp_char8_t)
                                || std::is_same_v<T, char8_t>
#endif
    ;

/// The kind of typed array whose elements are T: by size and signedness for
/// integers (so `long` and `long long` both find theirs), none for bool and
/// the character types, which convert to booleans and strings.
template <typename T, typename = void>
struct element_kind {
    static constexpr bool exists = false;
};
template <typename T>
struct element_kind<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !is_character_v<T>>> {
    static constexpr bool exists = true;
    static constexpr bool is_signed = std::is_signed_v<T>;
    static constexpr napi_typedarray_type kind =
        sizeof(T) == 1   ? (is_signed ? napi_int8_array : napi_uint8_array)
        : sizeof(T) == 2 ? (is_signed ? napi_int16_array : napi_uint16_array)
        : sizeof(T) == 4 ? (is_signed ? napi_int32_array : napi_uint32_array)
                         : (is_signed ? napi_bigint64_array : napi_biguint64_array);
    static_assert(sizeof(T) <= 8, "tsbind: no typed array holds integers wider than 64 bits");
};
template <>
struct element_kind<float> {
    static constexpr bool exists = true;
    static constexpr napi_typedarray_type kind = napi_float32_array;
};
template <>
struct element_kind<double> {
    static constexpr bool exists = true;
    static constexpr napi_typedarray_type kind = napi_float64_array;
};
/// Bytes: any typed array, DataView, ArrayBuffer or SharedArrayBuffer in; a Uint8Array out.
template <>
struct element_kind<std::byte> {
    static constexpr bool exists = true;
    static constexpr napi_typedarray_type kind = napi_uint8_array;
};

template <typename T>
struct typed_array_type {
    using traits = element_kind<T>;
    static constexpr napi_typedarray_type kind = traits::kind;
    static constexpr bool bytes = std::is_same_v<T, std::byte>;
    static constexpr byte_sources sources = bytes                       ? byte_sources::any
                                            : kind == napi_uint8_array ? byte_sources::buffers
                                                                        : byte_sources::none;
    /// The kinds a view of T accepts: its own, and Uint8ClampedArray for bytes of uint8_t.
    static constexpr unsigned accepted =
        (1u << kind) | (kind == napi_uint8_array ? 1u << napi_uint8_clamped_array : 0u);
    static constexpr auto name = typed_array_name<kind>::name;
    static constexpr auto arg_name = [] {
        if constexpr (bytes)
            return const_name("ArrayBuffer | SharedArrayBuffer | ArrayBufferView");
        else if constexpr (kind == napi_uint8_array)
            return const_name("Uint8Array | Uint8ClampedArray | ArrayBuffer | SharedArrayBuffer");
        else
            return typed_array_name<kind>::name;
    }();
};

} // namespace detail

/// A view of a JS typed array's memory, without a copy: a parameter of type
/// `typed_array<double>` accepts a Float64Array, `typed_array<const float>`
/// a Float32Array it will only read, `typed_array<uint8_t>` a Uint8Array or
/// the bytes of an ArrayBuffer or SharedArrayBuffer, `typed_array<std::byte>`
/// the bytes of any typed array, DataView, ArrayBuffer or SharedArrayBuffer.
/// Bytes of a detached buffer read as empty. A typed array of another
/// element type is a TypeError naming both. Returned, it is the same JS object.
template <typename T>
class typed_array {
public:
    using element_type = T;
    using value_type = std::remove_cv_t<T>;
    static_assert(detail::element_kind<value_type>::exists,
                  "tsbind::typed_array<T>: T must be an integer (not bool or a character type), float, double or "
                  "std::byte, optionally const");

    typed_array() = default;
    typed_array(napi_value value, T *data, std::size_t size) noexcept : value_(value), data_(data), size_(size) {}

    /// A new JS typed array of `size` zeros, in memory owned by JS, to fill
    /// and return: `auto out = typed_array<double>::create(env, n);`.
    static typed_array create(env e, std::size_t size) {
        void *data = nullptr;
        napi_value value = detail::new_typed_array(e, detail::typed_array_type<value_type>::kind, size, &data);
        return typed_array(value, static_cast<T *>(data), size);
    }

    T *data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::size_t size_bytes() const noexcept { return size_ * sizeof(T); }
    bool empty() const noexcept { return size_ == 0; }
    T &operator[](std::size_t i) const noexcept { return data_[i]; }
    T *begin() const noexcept { return data_; }
    T *end() const noexcept { return data_ + size_; }
    /// The JS typed array (null for a default-constructed view).
    napi_value value() const noexcept { return value_; }
#if TSBIND_HAS_SPAN
    operator std::span<T>() const noexcept { return {data_, size_}; }
#endif

private:
    napi_value value_ = nullptr;
    T *data_ = nullptr;
    std::size_t size_ = 0;
};

namespace detail {

/// Loads a view of T elements; shared by typed_array<T> and std::span<T>.
template <typename T>
bool load_view(napi_env env, napi_value v, load_failure *failure, T **data, std::size_t *size) {
    using type = typed_array_type<std::remove_cv_t<T>>;
    void *raw = nullptr;
    if (!load_typed_array(env, v, type::accepted, type::sources, &raw, size, failure)) return false;
    *data = static_cast<T *>(raw);
    return true;
}

/// A new typed array holding a copy of `size` elements at `data`.
template <typename T>
napi_value copy_to_typed_array(napi_env env, const T *data, std::size_t size) {
    void *out = nullptr;
    napi_value array = new_typed_array(env, typed_array_type<T>::kind, size, &out);
    if (size != 0) std::memcpy(out, data, size * sizeof(T));
    return array;
}

} // namespace detail

template <typename T>
struct type_caster<typed_array<T>> : detail::value_caster<typed_array<T>> {
    using type = detail::typed_array_type<std::remove_cv_t<T>>;
    static constexpr auto name = type::name;
    static constexpr auto arg_name = type::arg_name;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        T *data = nullptr;
        std::size_t size = 0;
        if (!detail::load_view(env, v, failure, &data, &size)) return false;
        this->value = typed_array<T>(v, data, size);
        return true;
    }
    static napi_value cast(napi_env env, const typed_array<T> &array, return_value_policy = {}, napi_value = nullptr) {
        if (array.value()) return array.value();
        return detail::copy_to_typed_array<std::remove_cv_t<T>>(env, nullptr, 0);
    }
};

#if TSBIND_HAS_SPAN
/// `std::span<T>` parameters view typed arrays as `typed_array<T>` does;
/// a returned span is copied (its memory belongs to someone else).
template <typename T>
struct type_caster<std::span<T>> : detail::value_caster<std::span<T>> {
    using type = detail::typed_array_type<std::remove_cv_t<T>>;
    static constexpr auto name = type::name;
    static constexpr auto arg_name = type::arg_name;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        T *data = nullptr;
        std::size_t size = 0;
        if (!detail::load_view(env, v, failure, &data, &size)) return false;
        this->value = std::span<T>(data, size);
        return true;
    }
    static napi_value cast(napi_env env, std::span<T> span, return_value_policy = {}, napi_value = nullptr) {
        return detail::copy_to_typed_array<std::remove_cv_t<T>>(env, span.data(), span.size());
    }
};
#endif

} // namespace tsbind
