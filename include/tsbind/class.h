// tsbind layer 4: classes. `class_<T>` registers a C++ class as a JS class;
// the converter for bound classes unwraps JS instances to T&, T* or T and
// wraps C++ results following a return_value_policy. Wrapping, the type
// registry, dispose and finalization live in the compiled core.
#pragma once

#include "function.h"
#include "module.h"

#include <array>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tsbind {

namespace detail {
/// Standard-library templates that <tsbind/stl.h> converts: without it they
/// would fall to the bound-class converter and fail only at run time.
template <typename T>
struct is_stl_container : std::false_type {};
template <typename T, typename A>
struct is_stl_container<std::vector<T, A>> : std::true_type {};
template <typename A, typename B>
struct is_stl_container<std::pair<A, B>> : std::true_type {};
template <typename... Ts>
struct is_stl_container<std::tuple<Ts...>> : std::true_type {};
template <typename T, std::size_t N>
struct is_stl_container<std::array<T, N>> : std::true_type {};
template <typename R, typename... A>
struct is_stl_container<std::function<R(A...)>> : std::true_type {};
} // namespace detail

/// The converter for bound classes (the primary template: any class type
/// without a converter of its own). A class that is not registered with
/// `class_` fails at run time with an error naming the C++ type.
template <typename T, typename SFINAE>
struct type_caster {
    static_assert(std::is_class_v<T>,
                  "tsbind: no conversion for this C++ type. Bind it with tsbind::class_, include the tsbind header "
                  "that converts it, or specialise tsbind::type_caster (docs/conversions.md).");
    static_assert(!detail::is_stl_container<T>::value,
                  "tsbind: to convert standard-library types, #include <tsbind/stl.h> (or the one you need from "
                  "<tsbind/stl/...>)");
    static constexpr auto name = detail::class_name<T>();
    T *ptr = nullptr;

    type_caster() = default;
    type_caster(const type_caster &) = delete;
    type_caster &operator=(const type_caster &) = delete;
    ~type_caster() {
        if (ptr == reinterpret_cast<T *>(storage_)) ptr->~T();
    }

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        ptr = static_cast<T *>(detail::load_object(env, v, typeid(T), failure));
        if (TSBIND_LIKELY(ptr != nullptr)) return true;
        // Not an instance: a plain object, if T is bound with object_ (it
        // then lives here, for the call).
        if (!detail::load_plain_object(env, v, typeid(T), storage_, failure)) return false;
        ptr = reinterpret_cast<T *>(storage_);
        return true;
    }
    template <typename Arg>
    decltype(auto) get() {
        static_assert(!std::is_rvalue_reference_v<Arg>,
                      "tsbind: a bound class cannot be taken by rvalue reference: the JS object still owns it");
        if constexpr (std::is_lvalue_reference_v<Arg>)
            return static_cast<Arg>(*ptr);
        else
            return static_cast<const T &>(*ptr);  // by value: a copy
    }

private:
    alignas(T) unsigned char storage_[sizeof(T)];
public:

    /// Values and rvalues: moved into a new object that JS owns.
    static napi_value cast(napi_env env, T &&v, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (policy == return_value_policy::automatic) policy = return_value_policy::move;
        return detail::cast_object(env, &v, typeid(T), policy, parent);
    }
    /// Lvalue references: copied unless the policy says otherwise.
    static napi_value cast(napi_env env, const T &v, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (policy == return_value_policy::automatic || policy == return_value_policy::move)
            policy = return_value_policy::copy;
        return detail::cast_object(env, &v, typeid(T), policy, parent);
    }
};

/// Pointers to bound classes: like the class, and JS null is nullptr.
template <typename T>
struct type_caster<T *, std::enable_if_t<std::is_class_v<T>>> {
    static constexpr auto name = detail::class_name<T>() + const_name(" | null");
    T *ptr = nullptr;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        napi_valuetype t;
        detail::check(env, napi_typeof(env, v, &t));
        if (t == napi_null) return true;
        ptr = static_cast<T *>(detail::load_object(env, v, typeid(T), failure));
        return ptr != nullptr;
    }
    template <typename Arg>
    T *get() {
        return ptr;
    }
    /// Pointers: JS takes ownership unless the policy says otherwise.
    static napi_value cast(napi_env env, const T *p, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (!p) {
            napi_value r;
            detail::check(env, napi_get_null(env, &r));
            return r;
        }
        if (policy == return_value_policy::automatic) policy = return_value_policy::take_ownership;
        return detail::cast_object(env, p, typeid(T), policy, parent);
    }
};

/// Constructor binding: `.def(tsbind::init<int, int>())`.
template <typename... Args>
struct init {};

/// Binds C++ class T as a JS class named `name` in module `m`.
///
///     tsbind::class_<Matrix>(m, "Matrix")
///         .def(tsbind::init<size_t, size_t>(), tsbind::arg("rows"), tsbind::arg("cols"))
///         .def("get", &Matrix::get)
///         .def_property_readonly("rows", &Matrix::rows);
///
/// Instances are owned by JS (a `std::unique_ptr`-like single owner), freed
/// when collected or at once by `dispose()` / `[Symbol.dispose]()`.
template <typename T>
class class_ {
    static_assert(std::is_class_v<T>, "tsbind::class_ binds class types");

public:
    class_(module_ &m, const char *name, const char *doc = nullptr) : env_(m.env()) {
        type_ = &detail::register_type(env_, m.state(), m.exports(), name, doc, typeid(T), nullptr, &destroy,
                                       copy_fn(), move_fn());
    }

    /// A constructor: `def(init<Args...>(), extras...)`.
    template <typename... Args, typename... Extra>
    class_ &def(init<Args...>, const Extra &...extra) {
        auto rec = detail::make_record<false>(
            env_, type_->name.c_str(),
            [](Args... args) { return detail::constructed{new T(std::forward<Args>(args)...)}; },
            static_cast<detail::constructed (*)(Args...)>(nullptr), extra...);
        rec->is_constructor = true;
        rec->scope = type_;
        detail::add_constructor(*type_, std::move(rec));
        return *this;
    }

    /// A method: a member function pointer, or any callable whose first
    /// parameter is `T&`, `const T&` or `T*` (the `this` object).
    template <typename Func, typename... Extra>
    class_ &def(const char *name, Func &&f, const Extra &...extra) {
        detail::add_method(env_, *type_, method_record(name, std::forward<Func>(f), extra...));
        return *this;
    }

    /// A method that runs on the libuv thread pool and returns a Promise (see
    /// module_::def_async). The object stays alive until the call settles.
    template <typename Func, typename... Extra>
    class_ &def_async(const char *name, Func &&f, const Extra &...extra) {
        detail::add_method(env_, *type_, method_record<true>(name, std::forward<Func>(f), extra...));
        return *this;
    }

    /// A static method, on the class itself.
    template <typename Func, typename... Extra>
    class_ &def_static(const char *name, Func &&f, const Extra &...extra) {
        auto rec = detail::make_record<false>(env_, name, std::forward<Func>(f), detail::signature_ptr<Func>(nullptr),
                                              extra...);
        rec->is_static = true;
        detail::add_method(env_, *type_, std::move(rec));
        return *this;
    }

    /// A property with a getter and a setter (methods or callables).
    template <typename Getter, typename Setter, typename... Extra>
    class_ &def_property(const char *name, Getter &&get, Setter &&set, const Extra &...extra) {
        detail::add_property(env_, *type_, name, method_record(name, std::forward<Getter>(get), extra...),
                             method_record(name, std::forward<Setter>(set)), false);
        return *this;
    }

    /// A read-only property.
    template <typename Getter, typename... Extra>
    class_ &def_property_readonly(const char *name, Getter &&get, const Extra &...extra) {
        detail::add_property(env_, *type_, name, method_record(name, std::forward<Getter>(get), extra...), nullptr,
                             false);
        return *this;
    }

    /// A property for a data member, readable and writable.
    template <typename D, typename C, typename... Extra>
    class_ &def_readwrite(const char *name, D C::*pm, const Extra &...extra) {
        static_assert(std::is_base_of_v<C, T>, "def_readwrite: the member must belong to the class");
        return def_property(
            name, [pm](const T &self) -> const D & { return self.*pm; },
            [pm](T &self, const D &value) { self.*pm = value; }, return_value_policy::reference_internal, extra...);
    }

    /// A read-only property for a data member.
    template <typename D, typename C, typename... Extra>
    class_ &def_readonly(const char *name, const D C::*pm, const Extra &...extra) {
        static_assert(std::is_base_of_v<C, T>, "def_readonly: the member must belong to the class");
        return def_property_readonly(
            name, [pm](const T &self) -> const D & { return self.*pm; }, return_value_policy::reference_internal,
            extra...);
    }

private:
    /// The record of a method (`Async`: one bound with def_async).
    template <bool Async = false, typename Func, typename... Extra>
    std::unique_ptr<detail::function_record> method_record(const char *name, Func &&f, const Extra &...extra) {
        using F = std::decay_t<Func>;
        if constexpr (std::is_member_function_pointer_v<F>) {
            return adapt_member<Async>(name, f, typename detail::method_signature<T, F>::type(nullptr), extra...);
        } else {
            return make<Async>(name, std::forward<Func>(f), detail::signature_ptr<Func>(nullptr), extra...);
        }
    }

    template <bool Async, typename F, typename R, typename Self, typename... A, typename... Extra>
    std::unique_ptr<detail::function_record> adapt_member(const char *name, F f, R (*sig)(Self, A...),
                                                          const Extra &...extra) {
        return make<Async>(
            name, [f](Self self, A... args) -> R { return (self.*f)(std::forward<A>(args)...); }, sig, extra...);
    }

    template <bool Async, typename Func, typename Sig, typename... Extra>
    std::unique_ptr<detail::function_record> make(const char *name, Func &&f, Sig sig, const Extra &...extra) {
        if constexpr (Async)
            return detail::make_async_record<true>(env_, name, std::forward<Func>(f), sig, extra...);
        else
            return detail::make_record<true>(env_, name, std::forward<Func>(f), sig, extra...);
    }

    static void destroy(void *p) { delete static_cast<T *>(p); }
    static constexpr void *(*copy_fn())(const void *) {
        if constexpr (std::is_copy_constructible_v<T>)
            return [](const void *p) -> void * { return new T(*static_cast<const T *>(p)); };
        else
            return nullptr;
    }
    static constexpr void *(*move_fn())(void *) {
        if constexpr (std::is_move_constructible_v<T>)
            return [](void *p) -> void * { return new T(std::move(*static_cast<T *>(p))); };
        else
            return nullptr;
    }

    napi_env env_;
    detail::type_record *type_;
};

} // namespace tsbind
