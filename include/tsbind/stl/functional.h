// std::function<R(Args...)> to and from JS functions.
//
// In: a JS function, which C++ may call on the JS thread for as long as it
// keeps the std::function (a strong reference is taken if it keeps it beyond
// the call; never longer than the environment lives). A JS exception inside travels through C++ as
// tsbind::js_error and reaches the JS caller as the same object. Out: a C++
// callable becomes a JS function with the same argument checks and error
// boundary as any bound function.
#pragma once

#include "../function.h"

#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace tsbind {

/// The last parameter of a callback's signature, standing for any number of
/// JS arguments: C++ passes a list, JS gets one argument per element.
/// `std::function<std::string(std::string, tsbind::rest<std::string>)>` is
/// `(arg0: string, ...arg1: Array<string>) => string` (a replacement
/// callback that gets one argument per capture group). Works the same in
/// async_callback, from any thread.
template <typename T>
struct rest : std::vector<T> {
    using std::vector<T>::vector;
    rest(std::vector<T> values) : std::vector<T>(std::move(values)) {}
};

template <typename T>
struct type_caster<rest<T>> {
    static constexpr auto name = const_name("Array<") + detail::make_caster<T>::name + const_name(">");
    // Only C++ calls with a rest: a JS function's rest parameters are not taken.
};

namespace detail {

template <typename T>
struct is_rest : std::false_type {};
template <typename T>
struct is_rest<rest<T>> : std::true_type {};

/// Whether an argument of type A passes C++ pointers to JS (lent for the call only).
template <typename A>
constexpr bool lends_pointer = std::is_pointer_v<std::decay_t<A>>;
template <typename T>
constexpr bool lends_pointer<rest<T>> = std::is_pointer_v<T>;

/// Whether a callback signature has a rest, which must be its last parameter.
template <typename... Args>
constexpr bool has_rest() {
    constexpr bool flags[] = {false, is_rest<std::decay_t<Args>>::value...};
    for (std::size_t i = 1; i < sizeof...(Args); ++i)
        if (flags[i]) return false;  // not the last: refused by the static_assert below
    return sizeof...(Args) > 0 && flags[sizeof...(Args)];
}
template <typename... Args>
constexpr bool rest_is_last() {
    constexpr std::size_t count = (std::size_t(is_rest<std::decay_t<Args>>::value) + ... + 0);
    return count == 0 || has_rest<Args...>();
}

/// `arg0: number, arg1: string` (`...arg1: Array<string>` for a rest), from the types' descriptors.
template <bool In, typename... Args, std::size_t... Is>
constexpr auto params_descr(std::index_sequence<Is...>) {
    constexpr std::size_t n = sizeof...(Args);
    auto one = [](auto type, auto index, auto spread) {
        constexpr std::size_t i = decltype(index)::value;
        auto name = [&] {
            if constexpr (decltype(spread)::value)
                return const_name("...arg") + index_name<i>() + const_name(": ") + type;
            else
                return const_name("arg") + index_name<i>() + const_name(": ") + type;
        }();
        if constexpr (i + 1 < n)
            return name + const_name(", ");
        else
            return name;
    };
    if constexpr (In)
        return (const_name("") + ... +
                one(make_caster<Args>::name, std::integral_constant<std::size_t, Is>(),
                    std::bool_constant<is_rest<std::decay_t<Args>>::value>()));
    else
        return (const_name("") + ... +
                one(arg_descr<Args>(), std::integral_constant<std::size_t, Is>(),
                    std::bool_constant<is_rest<std::decay_t<Args>>::value>()));
}

/// Appends a callback's argument to `argv`: one value, or each element of a rest.
template <typename A>
void push_js_argument(napi_env env, std::vector<napi_value> &argv, A &&arg) {
    if constexpr (is_rest<std::decay_t<A>>::value) {
        using element = typename std::decay_t<A>::value_type;
        argv.reserve(argv.size() + arg.size());
        for (const element &e : arg) argv.push_back(to_js(env, e, argument_policy<const element &>));
    } else {
        argv.push_back(to_js(env, std::forward<A>(arg), argument_policy<A>));
    }
}

/// Calls a JS function from C++ on the JS thread: arguments to JS, the
/// result back to R. A throwing function throws js_error; a result of the
/// wrong type throws std::invalid_argument (a TypeError at the boundary).
template <typename R, typename... Args>
R call_js_function(napi_env env, napi_value fn, Args &&...args) {
    static_assert(!std::is_reference_v<R>, "tsbind: a callback cannot return a reference");
    static_assert(rest_is_last<Args...>(), "tsbind::rest must be the last parameter of a callback");
    constexpr bool lends = (lends_pointer<std::decay_t<Args>> || ...);
    return call_js_in_scope<R, lends>(
        env, [] { return std::string("the callback's result"); },
        [&](napi_value *result, lend_scope<lends> &lent) {
            napi_value receiver;
            if constexpr (has_rest<Args...>()) {
                // A rest: as many JS arguments as it has elements.
                std::vector<napi_value> argv;
                argv.reserve(sizeof...(Args));
                (push_js_argument(env, argv, std::forward<Args>(args)), ...);
                lent.stop();
                check(env, napi_get_undefined(env, &receiver));
                check(env, napi_call_function(env, receiver, fn, argv.size(), argv.data(), result));
            } else {
                napi_value argv[sizeof...(Args) + 1] = {to_js(env, std::forward<Args>(args), argument_policy<Args>)...};
                lent.stop();
                check(env, napi_get_undefined(env, &receiver));
                check(env, napi_call_function(env, receiver, fn, sizeof...(Args), argv, result));
            }
            return true;
        },
        []() -> R { throw std::logic_error("unreachable: a JS function is always called"); });
}

/// The JS function behind a std::function from JS. During the call that
/// passed it, its handle is valid and used as is (no reference to create or
/// read per call, which callbacks in a loop would pay); if C++ keeps the
/// std::function beyond that call, a strong reference is taken as the call
/// ends (see the converter's destructor) and used from then on.
struct js_function_state {
    js_function_state(napi_env env, napi_value fn) : env(env), borrowed(fn) {}
    napi_env env;
    napi_value borrowed;
    /// Taken when C++ keeps the function beyond the call: kept C++ may call it
    /// later, or drop it on another thread or after the environment ended.
    std::unique_ptr<guarded_reference> held;
    void hold() {
        if (!held) held = std::make_unique<guarded_reference>(env, borrowed);
    }
    /// During the call that passed it, the call's own handle (valid on the
    /// JS thread, where the call runs); kept beyond it, the reference, which
    /// checks its thread and environment.
    napi_value get() const { return held ? held->value("a JS function kept by C++") : borrowed; }
};

} // namespace detail

template <typename R, typename... Args>
struct type_caster<std::function<R(Args...)>> : detail::value_caster<std::function<R(Args...)>> {
    using function = std::function<R(Args...)>;
    // A function JS calls (out) takes what JS passes and gives R; one C++
    // calls (in) receives what C++ passes and must return what R accepts.
    static constexpr auto name = const_name("((") +
                                 detail::params_descr<false, Args...>(std::index_sequence_for<Args...>()) +
                                 const_name(") => ") + detail::make_caster<R>::name + const_name(")");
    static constexpr auto arg_name = const_name("((") +
                                     detail::params_descr<true, Args...>(std::index_sequence_for<Args...>()) +
                                     const_name(") => ") + detail::arg_descr<R>() + const_name(")");

    type_caster() = default;
    type_caster(const type_caster &) = delete;
    type_caster &operator=(const type_caster &) = delete;
    /// The call is ending: if the C++ side kept a copy of the function, it
    /// gets a strong reference now, while the JS value is still in scope.
    ~type_caster() {
        if (!state_) return;
        this->value = nullptr;
        if (state_.use_count() > 1) state_->hold();
    }

    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        if (type != napi_function) return false;
        state_ = std::make_shared<detail::js_function_state>(env, v);
        this->value = [state = state_](Args... args) -> R {
            return detail::call_js_function<R>(state->env, state->get(), std::forward<Args>(args)...);
        };
        return true;
    }

    template <typename F>
    static napi_value cast(napi_env env, F &&f, return_value_policy = {}, napi_value = nullptr) {
        static_assert(!detail::has_rest<Args...>(),
                      "tsbind::rest is for callbacks C++ calls: a C++ function given to JS takes a fixed list");
        napi_value result;
        if (!f) {
            detail::check(env, napi_get_null(env, &result));
            return result;
        }
        return detail::new_function(env, detail::make_record<false>(env, "callback", function(std::forward<F>(f)),
                                                                     static_cast<R (*)(Args...)>(nullptr)));
    }

private:
    std::shared_ptr<detail::js_function_state> state_;
};

} // namespace tsbind
