// tsbind::vectorize: a scalar C++ function applied element by element over
// typed arrays in one call, as pybind11's py::vectorize does for NumPy.
#pragma once

#include "function.h"
#include "typed_array.h"

#include <stdexcept>
#include <string>

namespace tsbind {
namespace detail {

/// One argument of a vectorized function: a typed array of T, or one T for
/// every element (broadcast).
template <typename T>
struct broadcast {
    const T *data = nullptr;
    std::size_t size = 0;
    T scalar{};
    bool is_array() const noexcept { return data != nullptr || size != 0; }
    T operator[](std::size_t i) const noexcept { return is_array() ? data[i] : scalar; }
};

/// The optional last argument of a vectorized function: the typed array to
/// write the results into (a new one when it is left out).
template <typename T>
struct vectorized_out {
    typed_array<T> array;
    bool given = false;
};

} // namespace detail

template <typename T>
struct type_caster<detail::broadcast<T>> : detail::value_caster<detail::broadcast<T>> {
    using scalar_caster = detail::make_caster<T>;
    static constexpr auto name = scalar_caster::name + const_name(" | ") + detail::typed_array_type<T>::arg_name;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        const T *data = nullptr;
        std::size_t size = 0;
        if (detail::load_view(env, v, failure, &data, &size)) {
            this->value = {data, size, T{}};
            // An empty array is an array: point at something that is not null.
            if (!data) this->value.data = &this->value.scalar;
            return true;
        }
        if (failure && !failure->message.empty()) return false;  // a detached buffer
        scalar_caster scalar;
        if (!scalar.load(env, v, failure)) return false;
        this->value = {nullptr, 0, scalar.template get<T>()};
        return true;
    }
};

template <typename T>
struct type_caster<detail::vectorized_out<T>> : detail::value_caster<detail::vectorized_out<T>> {
    static constexpr bool omittable = true;
    static constexpr auto name = detail::typed_array_type<T>::name;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        if (type == napi_undefined) return true;
        type_caster<typed_array<T>> array;
        if (!array.load(env, v, failure)) return false;
        this->value = {array.value, true};
        return true;
    }
};

namespace detail {

template <typename Func, typename Return, typename... Args>
struct vectorized {
    static_assert(sizeof...(Args) > 0, "tsbind::vectorize: the function needs at least one parameter");
    static_assert(element_kind<Return>::exists && !std::is_same_v<Return, std::byte>,
                  "tsbind::vectorize: the function must return a number type that has a typed array");
    Func f;

    typed_array<Return> operator()(env e, broadcast<Args>... args, vectorized_out<Return> out) const {
        std::size_t n = 1;
        bool any_array = false;
        auto measure = [&](const auto &arg) {
            if (!arg.is_array()) return;
            if (any_array && arg.size != n)
                throw std::length_error("the typed arrays have different lengths (" + std::to_string(n) + " and " +
                                        std::to_string(arg.size) + ")");
            n = arg.size;
            any_array = true;
        };
        (measure(args), ...);
        typed_array<Return> result = out.given ? out.array : typed_array<Return>::create(e, n);
        if (result.size() != n)
            throw std::length_error("out has " + std::to_string(result.size()) + " elements, the arguments " +
                                    std::to_string(n));
        Return *dst = result.data();
        if ((args.is_array() && ...)) {
            // Only arrays: a plain loop the compiler can vectorize.
            for (std::size_t i = 0; i < n; ++i) dst[i] = f(args.data[i]...);
        } else {
            for (std::size_t i = 0; i < n; ++i) dst[i] = f(args[i]...);
        }
        return result;
    }
};

template <typename Func, typename Return, typename... Args>
vectorized<Func, Return, intrinsic_t<Args>...> make_vectorized(Func &&f, Return (*)(Args...)) {
    return {std::forward<Func>(f)};
}

} // namespace detail

/// Makes a function of numbers work over typed arrays: each parameter takes a
/// number or a typed array of its type (all arrays of one length; numbers are
/// used for every element), and the result is a new typed array, or the
/// typed array passed as an extra last argument `out`. Pass a lambda (not a
/// function pointer) so that the call inlines into the loop.
template <typename Func>
auto vectorize(Func &&f) {
    return detail::make_vectorized(std::forward<Func>(f), detail::signature_ptr<Func>(nullptr));
}

} // namespace tsbind
