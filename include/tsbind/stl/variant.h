// std::variant<Ts...> as the union `T1 | T2 | ...`: in, the first alternative
// (in declaration order) that the value converts to; out, the held one.
#pragma once

#include "optional.h"

#include <optional>
#include <utility>
#include <variant>

namespace tsbind {
namespace detail {

template <bool In, typename T, typename... Ts>
constexpr auto union_descr() {
    constexpr auto first = union_member<T, In>();
    if constexpr (sizeof...(Ts) == 0)
        return first;
    else
        return first + const_name(" | ") + union_descr<In, Ts...>();
}

} // namespace detail

template <typename... Ts>
struct type_caster<std::variant<Ts...>> {
    static constexpr auto name = detail::union_descr<false, Ts...>();
    static constexpr auto arg_name = detail::union_descr<true, Ts...>();

    bool load(napi_env env, napi_value v, detail::load_failure *) {
        // No failure details: "must be one of A | B, got X" says it all.
        return try_load(env, v, std::index_sequence_for<Ts...>());
    }

    /// The alternative that converted, made now (a view points into its
    /// converter, kept here for the call; a std::unique_ptr is taken from JS
    /// when the call starts).
    template <typename Arg>
    decltype(auto) get() {
        make_value(std::index_sequence_for<Ts...>());
        return detail::cast_op_value<Arg>(*value);
    }

    template <typename Variant, bool Castable = detail::can_cast<Ts...>, std::enable_if_t<Castable, int> = 0>
    static napi_value cast(napi_env env, Variant &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        return std::visit(
            [&](auto &&held) { return detail::to_js(env, std::forward<decltype(held)>(held), policy, parent); },
            std::forward<Variant>(src));
    }

private:
    template <size_t... Is>
    bool try_load(napi_env env, napi_value v, std::index_sequence<Is...>) {
        // In declaration order; the first that converts is the one.
        return (casters.template emplace<Is + 1>().load(env, v, nullptr) || ...);
    }
    template <size_t... Is>
    void make_value(std::index_sequence<Is...>) {
        ((casters.index() == Is + 1 ? void(value.emplace(std::in_place_index<Is>,
                                                           std::get<Is + 1>(casters).template get<Ts>()))
                                    : void()),
         ...);
    }

    /// The converter of the alternative being tried, then of the one that converted.
    std::variant<std::monostate, detail::make_caster<Ts>...> casters;
    std::optional<std::variant<Ts...>> value;
};

} // namespace tsbind
