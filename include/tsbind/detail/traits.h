// Type traits: the signature of any callable, and argument type plumbing.
#pragma once

#include <cstddef>
#include <type_traits>

namespace tsbind {
namespace detail {

/// `function_signature<F>::type` is `R(Args...)` for function pointers,
/// lambdas (capturing or not), std::function and other function objects.
template <typename F, typename = void>
struct function_signature : function_signature<decltype(&std::remove_reference_t<F>::operator())> {};

template <typename R, typename... A>
struct function_signature<R (*)(A...)> {
    using type = R(A...);
};
template <typename R, typename... A>
struct function_signature<R (*)(A...) noexcept> {
    using type = R(A...);
};
template <typename R, typename C, typename... A>
struct function_signature<R (C::*)(A...)> {
    using type = R(A...);
};
template <typename R, typename C, typename... A>
struct function_signature<R (C::*)(A...) const> {
    using type = R(A...);
};
template <typename R, typename C, typename... A>
struct function_signature<R (C::*)(A...) noexcept> {
    using type = R(A...);
};
template <typename R, typename C, typename... A>
struct function_signature<R (C::*)(A...) const noexcept> {
    using type = R(A...);
};
template <typename R, typename... A>
struct function_signature<R(A...)> {
    using type = R(A...);
};

/// The type a converter is chosen by: no reference, no cv, and for pointers
/// to classes no cv on the class (one converter serves T* and const T*).
template <typename T>
struct intrinsic_type {
    using type = std::remove_cv_t<std::remove_reference_t<T>>;
};
template <typename T>
struct intrinsic_type<T *> {
    using type = std::conditional_t<std::is_class_v<T>, std::remove_cv_t<T> *, T *>;
};
template <typename T>
struct intrinsic_type<T *const> : intrinsic_type<T *> {};
template <typename T>
struct intrinsic_type<T &> : intrinsic_type<T> {};
template <typename T>
struct intrinsic_type<T &&> : intrinsic_type<T> {};
template <typename T>
struct intrinsic_type<const T> : intrinsic_type<T> {};
template <typename T>
using intrinsic_t = typename intrinsic_type<T>::type;

/// Hands a converted value to a parameter of type `Arg`: by reference or
/// pointer to the converter's storage, or moved out for by-value parameters
/// (each converter serves exactly one argument of one call).
template <typename Arg, typename T>
decltype(auto) cast_op_value(T &value) {
    using param = std::remove_cv_t<std::remove_reference_t<Arg>>;
    // A pointer parameter gets the converter's storage, unless the converted
    // value is that pointer already (napi_value, const char *).
    if constexpr (std::is_pointer_v<param> && !std::is_convertible_v<T &, param>)
        return &value;
    else if constexpr (std::is_lvalue_reference_v<Arg>)
        return static_cast<Arg>(value);
    else
        return static_cast<std::remove_cv_t<std::remove_reference_t<Arg>> &&>(value);
}

/// Method pointers as plain signatures with the object first:
/// `R (C::*)(A...) const` gives `R (*)(const C &, A...)`.
template <typename T, typename F>
struct method_signature;
template <typename T, typename R, typename C, typename... A>
struct method_signature<T, R (C::*)(A...)> {
    using type = R (*)(T &, A...);
};
template <typename T, typename R, typename C, typename... A>
struct method_signature<T, R (C::*)(A...) const> {
    using type = R (*)(const T &, A...);
};
template <typename T, typename R, typename C, typename... A>
struct method_signature<T, R (C::*)(A...) noexcept> {
    using type = R (*)(T &, A...);
};
template <typename T, typename R, typename C, typename... A>
struct method_signature<T, R (C::*)(A...) const noexcept> {
    using type = R (*)(const T &, A...);
};

template <typename T, typename... Ts>
constexpr std::size_t count_of = (std::size_t(0) + ... + std::size_t(std::is_base_of_v<T, Ts>));

} // namespace detail
} // namespace tsbind
