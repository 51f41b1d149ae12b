// std::pair and std::tuple to and from arrays of exactly their length
// (`[number, string]`); std::array<T, N> to and from Arrays of N elements.
#pragma once

#include "../cast.h"

#include <array>
#include <tuple>
#include <utility>

namespace tsbind {
namespace detail {

/// `A, B, C` from the element types' descriptors.
template <bool In, typename T, typename... Ts>
constexpr auto list_descr() {
    constexpr auto first = type_text<T, In>::value;
    if constexpr (sizeof...(Ts) == 0)
        return first;
    else
        return first + const_name(", ") + list_descr<In, Ts...>();
}

/// Reads element `index` of an array into `conv`, naming the index on failure.
template <typename T, typename Caster>
bool load_element(napi_env env, napi_value array, uint32_t index, Caster &conv, load_failure *failure) {
    napi_value element;
    check(env, napi_get_element(env, array, index, &element));
    if (conv.load(env, element, failure)) return true;
    if (failure) fail_element(failure, env, element, index, arg_type_sig<T>());
    return false;
}

/// The length of an array that must have exactly `expected` elements.
inline bool load_fixed_length(napi_env env, napi_value v, uint32_t expected, load_failure *failure) {
    uint32_t length;
    if (!array_length(env, v, &length)) return false;
    if (length == expected) return true;
    if (failure) fail_length(failure, expected, length);
    return false;
}

template <typename Tuple, typename... Ts>
struct tuple_caster : value_caster<Tuple> {
    static constexpr auto name = const_name("[") + list_descr<false, Ts...>() + const_name("]");
    static constexpr auto arg_name = const_name("[") + list_descr<true, Ts...>() + const_name("]");

    bool load(napi_env env, napi_value v, load_failure *failure) {
        if (!load_fixed_length(env, v, sizeof...(Ts), failure)) return false;
        return load_all(env, v, failure, std::index_sequence_for<Ts...>());
    }

    /// Numbers and booleans only (`n`, `b` per element): as a binding's
    /// result, the JS layer builds the array from its scratch buffer.
    static constexpr char scratch_layout[] = {(std::is_same_v<Ts, bool> ? 'b' : 'n')..., '\0'};
    static constexpr bool to_scratch_ok = ((crosses_as_double<Ts> && !std::is_enum_v<Ts>) && ...);
    template <typename T>
    static void to_scratch(double *out, const T &src) {
        to_scratch_all(out, src, std::index_sequence_for<Ts...>());
    }

    template <typename T, bool Castable = can_cast<Ts...>, std::enable_if_t<Castable, int> = 0>
    static napi_value cast(napi_env env, T &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        napi_value array;
        check(env, napi_create_array_with_length(env, sizeof...(Ts), &array));
        cast_all(env, array, std::forward<T>(src), policy, parent, std::index_sequence_for<Ts...>());
        return array;
    }

private:
    template <size_t... Is>
    bool load_all(napi_env env, napi_value v, load_failure *failure, std::index_sequence<Is...>) {
        static_assert((check_element_type<Ts>() && ...));
        std::tuple<make_caster<Ts>...> casters;
        if (!(load_element<Ts>(env, v, uint32_t(Is), std::get<Is>(casters), failure) && ...)) return false;
        this->value = Tuple(std::get<Is>(casters).template get<Ts>()...);
        return true;
    }

    template <typename T, size_t... Is>
    static void to_scratch_all(double *out, const T &src, std::index_sequence<Is...>) {
        ((out[Is] = static_cast<double>(std::get<Is>(src))), ...);
    }

    template <typename T, size_t... Is>
    static void cast_all(napi_env env, napi_value array, T &&src, return_value_policy policy, napi_value parent,
                         std::index_sequence<Is...>) {
        (check(env, napi_set_element(env, array, uint32_t(Is),
                                     to_js(env, std::get<Is>(std::forward<T>(src)), policy, parent))),
         ...);
    }
};

} // namespace detail

template <typename A, typename B>
struct type_caster<std::pair<A, B>> : detail::tuple_caster<std::pair<A, B>, A, B> {};

template <typename... Ts>
struct type_caster<std::tuple<Ts...>> : detail::tuple_caster<std::tuple<Ts...>, Ts...> {
    static_assert(sizeof...(Ts) > 0, "tsbind: an empty std::tuple has nothing to convert");
};

template <typename T, std::size_t N>
struct type_caster<std::array<T, N>> : detail::value_caster<std::array<T, N>> {
    static constexpr auto name = const_name("Array<") + detail::type_text<T, false>::value + const_name(">");
    static constexpr auto arg_name = const_name("Array<") + detail::type_text<T, true>::value + const_name(">");

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        static_assert(detail::check_element_type<T>());
        if (!detail::load_fixed_length(env, v, N, failure)) return false;
        for (uint32_t i = 0; i < N; ++i) {
            detail::make_caster<T> conv;
            if (!detail::load_element<T>(env, v, i, conv, failure)) return false;
            this->value[i] = conv.template get<T>();
        }
        return true;
    }

    template <typename Array, typename U = T, detail::if_castable<U> = 0>
    static napi_value cast(napi_env env, Array &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        napi_value array;
        detail::check(env, napi_create_array_with_length(env, N, &array));
        for (uint32_t i = 0; i < N; ++i) {
            napi_value element;
            if constexpr (std::is_lvalue_reference_v<Array>)
                element = detail::to_js(env, src[i], policy, parent);
            else
                element = detail::to_js(env, std::move(src[i]), policy, parent);
            detail::check(env, napi_set_element(env, array, i, element));
        }
        return array;
    }
};

} // namespace tsbind
