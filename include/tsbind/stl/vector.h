// std::vector<T>: numbers as typed arrays, without a copy on the way out;
// everything else to and from JS Arrays, element by element.
#pragma once

#include "../typed_array.h"

#include <algorithm>
#include <vector>

namespace tsbind {
namespace detail {

/// Elements per handle scope when walking an array: a million-element array
/// does not pile up a million handles, at a fraction of the cost of a scope
/// per element.
constexpr std::uint32_t array_chunk = 256;

/// Loads element `index` of container `owner` with `conv`. A failure inside
/// it that is an error (argument_error: a disposed object, a walked
/// iterable) is said from the container, with the element's index.
template <typename Caster>
bool load_element(Caster &conv, napi_env env, napi_value owner, napi_value element, std::uint32_t index,
                  load_failure *failure) {
    try {
        return conv.load(env, element, failure);
    } catch (argument_error &e) {
        e.path.insert(0, "[" + std::to_string(index) + "]");
        e.value = owner;
        throw;
    }
}

/// Reads any other iterable object (a Set, a generator, `arguments`) of T
/// into `out`. An element that fails is an error, not a mismatch: what was
/// walked cannot be walked again (argument_error).
template <typename T, typename Vector>
bool load_iterable(napi_env env, napi_value v, Vector &out, load_failure *failure) {
    struct walk {
        napi_env env;
        napi_value iterable;
        Vector &out;
        load_failure *failure;
        load_failure local;
    } ctx{env, v, out, failure, {}};
    if (!ctx.failure) ctx.failure = &ctx.local;
    out.clear();
    iterated result = iterate_object(
        env, v,
        [](void *context, napi_value element, std::uint32_t index) {
            auto &c = *static_cast<walk *>(context);
            make_caster<T> conv;
            if (!load_element(conv, c.env, c.iterable, element, index, c.failure)) {
                fail_element(c.failure, c.env, element, index, arg_type_sig<T>());
                return false;
            }
            c.out.push_back(conv.template get<T>());
            return true;
        },
        &ctx, holds_no_handle<T>);
    if (result == iterated::stopped && !failure)
        throw argument_error(ctx.local.message, v, ctx.local.what, std::move(ctx.local.path));
    return result == iterated::done;
}

/// Reads a JS Array (or Proxy of one) of T into `out`; any other iterable object through the iteration protocol.
template <typename T, typename Vector>
bool load_array(napi_env env, napi_value v, Vector &out, load_failure *failure) {
    static_assert(check_element_type<T>());
    using elem_caster = make_caster<T>;
    std::uint32_t length;
    if (!array_length(env, v, &length)) return load_iterable<T>(env, v, out, failure);
    out.clear();
    // A length can be a lie (a sparse array, a Proxy): reserve no more than
    // a modest amount up front, and let the vector grow with real elements.
    out.reserve(std::min<std::uint32_t>(length, 1u << 16));
    for (std::uint32_t chunk = 0; chunk < length; chunk += array_chunk) {
        element_scope<holds_no_handle<T>> scope(env);
        std::uint32_t end = length - chunk < array_chunk ? length : chunk + array_chunk;
        for (std::uint32_t i = chunk; i < end; ++i) {
            napi_value element;
            check(env, napi_get_element(env, v, i, &element));
            elem_caster conv;
            if (!load_element(conv, env, v, element, i, failure)) {
                if (failure) fail_element(failure, env, element, i, arg_type_sig<T>());
                return false;
            }
            out.push_back(conv.template get<T>());
        }
    }
    return true;
}

/// A JS Array of the vector's elements, converted one by one.
template <typename T, typename Vec>
napi_value cast_to_array(napi_env env, Vec &&src, return_value_policy policy, napi_value parent) {
    using elem_caster = make_caster<T>;
    napi_value array;
    check(env, napi_create_array_with_length(env, src.size(), &array));
    for (size_t chunk = 0; chunk < src.size(); chunk += array_chunk) {
        handle_scope scope(env);
        size_t end = src.size() - chunk < array_chunk ? src.size() : chunk + array_chunk;
        for (size_t i = chunk; i < end; ++i) {
            napi_value element;
            if constexpr (std::is_lvalue_reference_v<Vec>)
                element = elem_caster::cast(env, src[i], policy, parent);
            else
                element = elem_caster::cast(env, std::move(src[i]), policy, parent);
            check(env, napi_set_element(env, array, static_cast<uint32_t>(i), element));
        }
    }
    return array;
}

/// Whether std::vector<T> crosses as a typed array (numbers; not std::byte,
/// which has no scalar conversion).
template <typename T>
constexpr bool has_typed_array_v = element_kind<T>::exists && !std::is_same_v<T, std::byte>;

} // namespace detail

/// Vectors of elements without a typed array: JS Arrays, copied.
template <typename T, typename Alloc>
struct type_caster<std::vector<T, Alloc>, std::enable_if_t<!detail::has_typed_array_v<T>>>
    : detail::value_caster<std::vector<T, Alloc>> {
    using elem_caster = detail::make_caster<T>;
    static constexpr auto name = const_name("Array<") + elem_caster::name + const_name(">");
    static constexpr auto arg_name = const_name("Array<") + detail::arg_descr<T>() + const_name(">");

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        return detail::load_array<T>(env, v, this->value, failure);
    }

    template <typename Vec, typename U = T, detail::if_castable<U> = 0>
    static napi_value cast(napi_env env, Vec &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        return detail::cast_to_array<T>(env, std::forward<Vec>(src), policy, parent);
    }
};

/// Vectors of numbers: a typed array out (Float64Array for double,
/// Int32Array for int32_t, BigInt64Array for int64_t, ...) over the vector's
/// own memory when it is returned by value; in, the matching typed array
/// (one memcpy) or an Array of numbers.
template <typename T, typename Alloc>
struct type_caster<std::vector<T, Alloc>, std::enable_if_t<detail::has_typed_array_v<T>>>
    : detail::value_caster<std::vector<T, Alloc>> {
    using type = detail::typed_array_type<T>;
    using vector = std::vector<T, Alloc>;
    static constexpr auto name = type::name;
    static constexpr auto arg_name =
        const_name("Array<") + detail::arg_descr<T>() + const_name("> | ") + type::arg_name;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        T *data = nullptr;
        std::size_t size = 0;
        if (detail::load_view(env, v, failure, &data, &size)) {
            this->value.assign(data, data + size);
            return true;
        }
        if (failure && !failure->message.empty()) return false;  // a detached buffer
        return detail::load_array<T>(env, v, this->value, failure);
    }

    template <typename Vec>
    static napi_value cast(napi_env env, Vec &&src, return_value_policy = {}, napi_value = nullptr) {
        if constexpr (std::is_lvalue_reference_v<Vec>) {
            // Not ours to take: a copy.
            return detail::copy_to_typed_array<T>(env, src.data(), src.size());
        } else {
            // Ours: the vector moves to the heap and the typed array adopts its memory.
            auto *owned = new vector(std::move(src));
            return detail::adopt_typed_array(
                env, type::kind, owned->size(), owned->data(),
                [](napi_env, void *, void *hint) { delete static_cast<vector *>(hint); }, owned);
        }
    }
};

/// A std::vector<T> that crosses as a plain JS Array (`Array<number>`), for
/// APIs whose contract says Array: a std::vector of numbers is a typed array
/// otherwise. In, it takes what std::vector<T> takes.
template <typename T>
struct plain_array : std::vector<T> {
    using std::vector<T>::vector;
    plain_array(std::vector<T> values) : std::vector<T>(std::move(values)) {}
};

template <typename T>
struct type_caster<plain_array<T>> : detail::value_caster<plain_array<T>> {
    static constexpr auto name = const_name("Array<") + detail::make_caster<T>::name + const_name(">");
    static constexpr auto arg_name = detail::make_caster<std::vector<T>>::arg_name;
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        detail::make_caster<std::vector<T>> conv;
        if (!conv.load(env, v, failure)) return false;
        static_cast<std::vector<T> &>(this->value) = std::move(conv.value);
        return true;
    }
    template <typename Vec>
    static napi_value cast(napi_env env, Vec &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        return detail::cast_to_array<T>(env, std::forward<Vec>(src), policy, parent);
    }
};

} // namespace tsbind
