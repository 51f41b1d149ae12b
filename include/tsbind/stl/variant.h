// std::variant<Ts...> as the union `T1 | T2 | ...`: in, the first alternative
// (in declaration order) that the value converts to; out, the held one.
#pragma once

#include "optional.h"

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
struct type_caster<std::variant<Ts...>> : detail::value_caster<std::variant<Ts...>> {
    static constexpr auto name = detail::union_descr<false, Ts...>();
    static constexpr auto arg_name = detail::union_descr<true, Ts...>();

    bool load(napi_env env, napi_value v, detail::load_failure *) {
        // No failure details: "must be one of A | B, got X" says it all.
        return (try_load<Ts>(env, v) || ...);
    }

    template <typename Variant, bool Castable = detail::can_cast<Ts...>, std::enable_if_t<Castable, int> = 0>
    static napi_value cast(napi_env env, Variant &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        return std::visit(
            [&](auto &&held) { return detail::to_js(env, std::forward<decltype(held)>(held), policy, parent); },
            std::forward<Variant>(src));
    }

private:
    template <typename T>
    bool try_load(napi_env env, napi_value v) {
        detail::make_caster<T> conv;
        if (!conv.load(env, v, nullptr)) return false;
        this->value.template emplace<T>(conv.template get<T>());
        return true;
    }
};

} // namespace tsbind
