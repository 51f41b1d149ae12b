// std::optional<T> as `T | undefined` (null is accepted as empty too), and
// std::nullptr_t as `null`. A trailing optional parameter may be left out.
#pragma once

#include "../cast.h"

#include <cstddef>
#include <optional>

namespace tsbind {
namespace detail {

/// Whether a value is `undefined` or `null`.
inline bool is_nullish(napi_env env, napi_value v) {
    napi_valuetype type;
    check(env, napi_typeof(env, v, &type));
    return type == napi_undefined || type == napi_null;
}

} // namespace detail

template <typename T>
struct type_caster<std::optional<T>> {
    using inner = detail::make_caster<T>;
    static constexpr bool omittable = true;
    static constexpr auto name = detail::union_member<T, false>() + const_name(" | undefined");
    static constexpr auto arg_name = detail::union_member<T, true>() + const_name(" | null | undefined");

    // The inner converter lives as long as this one (the call): a view
    // points into it, and a std::unique_ptr is taken from JS only in get(),
    // when the call starts.
    inner conv;
    bool has_value = false;
    /// Made by get(), for parameters that take it by reference.
    std::optional<T> value;

    /// Left out by the caller: empty, without asking JS what the value is.
    bool load_omitted() {
        has_value = false;
        return true;
    }

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        if (detail::is_nullish(env, v)) {
            has_value = false;
            return true;
        }
        return has_value = conv.load(env, v, failure);
    }

    template <typename Arg>
    decltype(auto) get() {
        if (has_value) value.emplace(conv.template get<T>());
        return detail::cast_op_value<Arg>(value);
    }

    template <typename Opt, typename U = T, detail::if_castable<U> = 0>
    static napi_value cast(napi_env env, Opt &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (!src) {
            napi_value result;
            detail::check(env, napi_get_undefined(env, &result));
            return result;
        }
        if constexpr (std::is_lvalue_reference_v<Opt>)
            return inner::cast(env, *src, policy, parent);
        else
            return inner::cast(env, std::move(*src), policy, parent);
    }
};

template <>
struct type_caster<std::nullptr_t> : detail::value_caster<std::nullptr_t> {
    static constexpr auto name = const_name("null");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        return type == napi_null;
    }
    static napi_value cast(napi_env env, std::nullptr_t, return_value_policy = {}, napi_value = nullptr) {
        napi_value result;
        detail::check(env, napi_get_null(env, &result));
        return result;
    }
};

} // namespace tsbind
