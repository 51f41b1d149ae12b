// tsbind layer 4: classes. `class_<T>` registers a C++ class as a JS class;
// the converter for bound classes unwraps JS instances to T&, T* or T and
// wraps C++ results following a return_value_policy. Wrapping, the type
// registry, dispose and finalization live in the compiled core.
#pragma once

#include "function.h"
#include "module.h"

#include <array>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tsbind {

namespace detail {
/// Standard-library templates that <tsbind/stl.h> converts: without it they
/// would fall to the bound-class converter and fail only at run time.
template <typename T, typename = void>
struct is_stl_container : std::false_type {};
/// std::function, told by its target_type() without including <functional>.
template <typename T>
struct is_stl_container<T, std::enable_if_t<std::is_same_v<decltype(std::declval<const T &>().target_type()),
                                                           const std::type_info &>>> : std::true_type {};
template <typename T, typename A>
struct is_stl_container<std::vector<T, A>> : std::true_type {};
template <typename A, typename B>
struct is_stl_container<std::pair<A, B>> : std::true_type {};
template <typename... Ts>
struct is_stl_container<std::tuple<Ts...>> : std::true_type {};
template <typename T, std::size_t N>
struct is_stl_container<std::array<T, N>> : std::true_type {};
} // namespace detail

namespace detail {
/// A returned object's address and, for polymorphic classes, its dynamic type.
template <typename T>
source_object source_of(const T *p) {
    if constexpr (std::is_polymorphic_v<T>)
        return {p, &typeid(T), p ? dynamic_cast<const void *>(p) : nullptr, p ? &typeid(*p) : nullptr};
    else
        return {p, &typeid(T)};
}

napi_value inline js_null(napi_env env) {
    napi_value r;
    check(env, napi_get_null(env, &r));
    return r;
}

inline bool is_null(napi_env env, napi_value v) {
    napi_valuetype t;
    check(env, napi_typeof(env, v, &t));
    return t == napi_null;
}

/// Holds a bound object borrowed from JS for the length of a call (it
/// cannot be disposed meanwhile).
class borrow {
public:
    borrow() = default;
    borrow(const borrow &) = delete;
    borrow &operator=(const borrow &) = delete;
    ~borrow() {
        if (inst_) end_borrow(inst_);
    }
    void *load(napi_env env, napi_value v, const std::type_info &type, load_failure *failure) {
        return borrow_object(env, v, type, failure, &inst_);
    }
    instance *get() const { return inst_; }

private:
    instance *inst_ = nullptr;
};
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
    /// A class bound with class_ or object_ (a result may go to the JS layer's scratch).
    static constexpr bool bound_type = true;
    T *ptr = nullptr;

    type_caster() = default;
    type_caster(const type_caster &) = delete;
    type_caster &operator=(const type_caster &) = delete;
    ~type_caster() {
        if (ptr == reinterpret_cast<T *>(storage_)) ptr->~T();
    }

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        ptr = static_cast<T *>(borrowed_.load(env, v, typeid(T), failure));
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
                      "tsbind: a bound class cannot be taken by rvalue reference: the JS object still owns it "
                      "(take a std::unique_ptr<T> to move it to C++)");
        if constexpr (std::is_lvalue_reference_v<Arg>)
            return static_cast<Arg>(*ptr);
        else
            return static_cast<const T &>(*ptr);  // by value: a copy
    }

private:
    detail::borrow borrowed_;
    alignas(T) unsigned char storage_[sizeof(T)];

public:
    /// Values and rvalues: moved into a new object that JS owns.
    static napi_value cast(napi_env env, T &&v, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (policy == return_value_policy::automatic || policy == return_value_policy::take_ownership ||
            policy == return_value_policy::reference || policy == return_value_policy::reference_internal)
            policy = return_value_policy::move;  // a temporary cannot be referred to
        return detail::cast_object(env, {&v, &typeid(T)}, policy, parent);
    }
    /// Lvalue references: copied unless the policy says otherwise.
    static napi_value cast(napi_env env, const T &v, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (policy == return_value_policy::automatic || policy == return_value_policy::move ||
            policy == return_value_policy::take_ownership)
            policy = return_value_policy::copy;
        return detail::cast_object(env, detail::source_of(&v), policy, parent);
    }
};

/// Pointers to bound classes: like the class, and JS null is nullptr.
template <typename T>
struct type_caster<T *, std::enable_if_t<std::is_class_v<T>>> {
    static constexpr auto name = detail::class_name<T>() + const_name(" | null");
    T *ptr = nullptr;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        if (detail::is_null(env, v)) return true;
        ptr = static_cast<T *>(borrowed_.load(env, v, typeid(T), failure));
        return ptr != nullptr;
    }
    template <typename Arg>
    T *get() {
        return ptr;
    }
    /// Pointers: JS takes ownership unless the policy says otherwise.
    static napi_value cast(napi_env env, const T *p, return_value_policy policy = {}, napi_value parent = nullptr) {
        if (!p) return detail::js_null(env);
        if (policy == return_value_policy::automatic) policy = return_value_policy::take_ownership;
        return detail::cast_object(env, detail::source_of(p), policy, parent);
    }

private:
    detail::borrow borrowed_;
};

/// std::unique_ptr to a bound class. As a result, JS takes ownership. As a
/// parameter, ownership moves from JS to C++: the JS object is disposed.
template <typename T>
struct type_caster<std::unique_ptr<T>, std::enable_if_t<std::is_class_v<T>>> {
    static constexpr auto name = detail::class_name<T>() + const_name(" | null");

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        env_ = env;
        if (detail::is_null(env, v)) return true;
        if (!borrowed_.load(env, v, typeid(T), failure)) return false;
        return detail::can_give_away(borrowed_.get(), typeid(T), std::has_virtual_destructor_v<T>, failure);
    }
    template <typename Arg>
    std::unique_ptr<T> get() {
        if (!borrowed_.get()) return nullptr;
        return std::unique_ptr<T>(static_cast<T *>(detail::give_away(env_, borrowed_.get(), typeid(T))));
    }
    static napi_value cast(napi_env env, std::unique_ptr<T> p, return_value_policy = {}, napi_value = nullptr) {
        if (!p) return detail::js_null(env);
        // Taken over from here on: cast_object destroys it if it fails.
        T *owned = p.release();
        return detail::cast_object(env, detail::source_of(owned), return_value_policy::take_ownership, nullptr);
    }

private:
    napi_env env_ = nullptr;
    detail::borrow borrowed_;
};

/// std::shared_ptr to a bound class: JS and C++ share ownership; the object
/// lives while either holds it. JS objects constructed in JS share only if
/// the class is bound with a std::shared_ptr holder.
template <typename T>
struct type_caster<std::shared_ptr<T>, std::enable_if_t<std::is_class_v<T>>> {
    static constexpr auto name = detail::class_name<T>() + const_name(" | null");
    std::shared_ptr<T> value;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        if (detail::is_null(env, v)) return true;
        using U = std::remove_const_t<T>;
        if (!borrowed_.load(env, v, typeid(U), failure)) return false;
        std::shared_ptr<void> owner;
        void *p;
        if (!detail::shared_object(borrowed_.get(), typeid(U), &owner, &p, failure)) return false;
        value = std::shared_ptr<T>(std::move(owner), static_cast<U *>(p));
        return true;
    }
    template <typename Arg>
    std::shared_ptr<T> &get() {
        return value;
    }
    static napi_value cast(napi_env env, const std::shared_ptr<T> &p, return_value_policy = {}, napi_value = nullptr) {
        if (!p) return detail::js_null(env);
        using U = std::remove_const_t<T>;
        std::shared_ptr<void> owner(p, const_cast<U *>(p.get()));
        return detail::cast_shared(env, detail::source_of(p.get()), std::move(owner));
    }

private:
    detail::borrow borrowed_;
};

/// The constructor binding's injected parameter (see class_::def(init)).
template <>
struct type_caster<detail::construction> {
    static constexpr auto name = const_name("never");
    detail::construction value;
    bool load_injected(detail::function_call &call) {
        value.start(call);
        return true;
    }
    template <typename Arg>
    detail::construction &get() {
        return value;
    }
};

namespace detail {
template <typename R, typename Fallback, typename... A>
R call_override(const trampoline_link *link, const char *name, const char *class_name, Fallback &fallback,
                A &&...args) {
    static_assert(!std::is_reference_v<R> && !std::is_pointer_v<R>,
                  "TSBIND_OVERRIDE: a virtual that JS overrides must return a value (JS cannot return a reference "
                  "into C++)");
    napi_env env = override_env(link, name, class_name);
    if (!env) return fallback();
    constexpr bool lends = (std::is_pointer_v<std::decay_t<A>> || ...);
    return call_js_in_scope<R, lends>(
        env, [&] { return std::string(class_name) + "." + name + "(): the JS override's result"; },
        [&](napi_value *result, lend_scope<lends> &lent) {
            napi_value self, fn;
            if (!find_override(link, name, &self, &fn)) return false;
            napi_value argv[sizeof...(A) + 1] = {
                make_caster<A>::cast(env, std::forward<A>(args), argument_policy<A>, nullptr)...};
            lent.stop();
            // A JS exception travels through C++ as js_error, to reach the JS caller intact.
            check(env, napi_call_function(env, self, fn, sizeof...(A), argv, result));
            return true;
        },
        fallback);
}
} // namespace detail

/// The base of a trampoline class: a C++ class whose virtual methods JS
/// subclasses of the bound class may override.
///
///     struct JsShape : tsbind::trampoline<Shape> {
///         using trampoline::trampoline;
///         double area() const override { TSBIND_OVERRIDE(double, Shape, area); }
///     };
///     tsbind::class_<Shape, JsShape>(m, "Shape")...
///
/// `new Sub()` for a JS class `Sub extends Shape` constructs a JsShape, and
/// C++ calling `area()` through a `Shape&` runs `Sub.prototype.area` when
/// Sub overrides it. Trampoline objects must be destroyed on the JS thread.
template <typename T>
class trampoline : public T, public detail::trampoline_link {
public:
    using T::T;
    trampoline(const trampoline &other) : T(other), detail::trampoline_link() {}
    trampoline(trampoline &&other) : T(std::move(other)), detail::trampoline_link() {}
    ~trampoline() { detail::trampoline_destroyed(this); }

protected:
    /// For TSBIND_OVERRIDE: a callable that runs the JS override of `name`
    /// with its arguments if there is one, else `fallback()`.
    template <typename R, typename Fallback>
    auto tsbind_override_(const char *name, const char *class_name, Fallback &&fallback) const {
        return [this, name, class_name, &fallback](auto &&...args) -> R {
            return detail::call_override<R>(this, name, class_name, fallback, std::forward<decltype(args)>(args)...);
        };
    }
};


/// The body of a trampoline's override of virtual `name` of class `base`:
/// runs the JS override if the JS object has one, else `base::name(args...)`.
#define TSBIND_OVERRIDE(ret, base, name, ...)                                                                       \
    return this->template tsbind_override_<ret>(#name, #base,                                                      \
                                                [&]() -> ret { return base::name(__VA_ARGS__); })(__VA_ARGS__)

/// Like TSBIND_OVERRIDE for a pure virtual: without a JS override, an Error.
#define TSBIND_OVERRIDE_PURE(ret, base, name, ...)                                                                  \
    return this->template tsbind_override_<ret>(                                                                   \
        #name, #base,                                                                                              \
        [&]() -> ret {                                                                                             \
            throw std::logic_error(std::string(#base ".") + #name + "() is pure virtual and the JS class does not " \
                                   "override it");                                                                 \
        })(__VA_ARGS__)

/// Like TSBIND_OVERRIDE, for a method bound under another JS name (a C++
/// `for_each` bound as "forEach"): the JS override is looked up by `js_name`.
#define TSBIND_OVERRIDE_NAME(ret, base, js_name, name, ...)                                                         \
    return this->template tsbind_override_<ret>(js_name, #base,                                                    \
                                                [&]() -> ret { return base::name(__VA_ARGS__); })(__VA_ARGS__)

/// Like TSBIND_OVERRIDE_PURE, for a method bound under another JS name.
#define TSBIND_OVERRIDE_PURE_NAME(ret, base, js_name, name, ...)                                                    \
    return this->template tsbind_override_<ret>(                                                                   \
        js_name, #base,                                                                                            \
        [&]() -> ret {                                                                                             \
            throw std::logic_error(std::string(#base ".") + js_name + "() is pure virtual and the JS class does "   \
                                   "not override it");                                                             \
        })(__VA_ARGS__)

namespace detail {
/// What def_iterator's method needs of its call: the environment and `this`.
struct iterator_owner {
    napi_env env;
    napi_value self;
};
/// A JS iterator of elements of type E (def_iterator's result).
template <typename E>
struct js_iterator {
    napi_value value;
};
} // namespace detail

template <>
struct type_caster<detail::iterator_owner> : detail::value_caster<detail::iterator_owner> {
    static constexpr auto name = const_name("never");
    bool load_injected(detail::function_call &call) {
        value = {call.env, call.self};
        return true;
    }
};

template <typename E>
struct type_caster<detail::js_iterator<E>> {
    static constexpr auto name = const_name("IterableIterator<") + detail::make_caster<E>::name + const_name(">");
    static napi_value cast(napi_env, detail::js_iterator<E> it, return_value_policy = {}, napi_value = nullptr) {
        return it.value;
    }
};

/// Constructor binding: `.def(tsbind::init<int, int>())`.
template <typename... Args>
struct init {};

/// Constructor from a factory: `.def(tsbind::factory([](const char *path) { return Image::load(path); }))`.
/// The factory returns a T (moved into the new object), a std::unique_ptr<T>,
/// or, for a class held by std::shared_ptr, a std::shared_ptr<T>. JS sees a
/// constructor with the factory's parameters.
template <typename F>
struct factory_t {
    F make;
};
template <typename F>
factory_t<std::decay_t<F>> factory(F &&make) {
    return {std::forward<F>(make)};
}

namespace detail {
/// What class_<T, Options...> options mean: a base class, a holder
/// (std::shared_ptr<T> or std::unique_ptr<T>), or a trampoline class.
template <typename T, typename... Options>
struct class_options {
    template <typename O>
    static constexpr bool is_base = std::is_base_of_v<O, T> && !std::is_same_v<O, T>;
    template <typename O>
    static constexpr bool is_alias = std::is_base_of_v<T, O> && !std::is_same_v<O, T>;
    template <typename O>
    static constexpr bool is_holder = std::is_same_v<O, std::shared_ptr<T>> || std::is_same_v<O, std::unique_ptr<T>>;
    static_assert(((is_base<Options> || is_alias<Options> || is_holder<Options>)&&...),
                  "tsbind::class_<T, Options...>: each option is a base class of T, a class derived from T (its "
                  "trampoline), std::unique_ptr<T> or std::shared_ptr<T>");
    static_assert((size_t(0) + ... + size_t(is_base<Options>)) <= 1,
                  "tsbind::class_: bind one base class (a JS class has one prototype chain)");

    template <typename Default, template <typename> class Pred, typename... Os>
    struct find {
        using type = Default;
    };
    template <typename Default, template <typename> class Pred, typename O, typename... Os>
    struct find<Default, Pred, O, Os...> {
        using type = std::conditional_t<Pred<O>::value, O, typename find<Default, Pred, Os...>::type>;
    };
    template <typename O>
    struct base_pred : std::bool_constant<is_base<O>> {};
    template <typename O>
    struct alias_pred : std::bool_constant<is_alias<O>> {};

    using base = typename find<void, base_pred, Options...>::type;
    using alias = typename find<void, alias_pred, Options...>::type;
    static constexpr bool shared_holder = (std::is_same_v<Options, std::shared_ptr<T>> || ...);
};

/// Constructs a new object for `c` as a `U` (the bound class T or its trampoline).
template <typename T, typename U, bool Shared, typename... A>
void construct_object(construction &c, A &&...args) {
    auto make = [&](void *where) {
        if constexpr (std::is_constructible_v<U, A...>)
            return new (where) U(std::forward<A>(args)...);
        else
            return new (where) U{std::forward<A>(args)...};
    };
    trampoline_link *link = nullptr;
    if constexpr (Shared) {
        std::shared_ptr<U> object(make(::operator new(sizeof(U))), [](U *p) { delete p; });
        if constexpr (std::is_base_of_v<trampoline_link, U>) link = object.get();
        T *p = object.get();
        c.attach(p, nullptr, ownership::shared, std::shared_ptr<void>(std::move(object), p), link);
    } else if constexpr (alignof(U) <= alignof(std::max_align_t) && sizeof(U) <= max_in_place_size &&
                         !std::is_base_of_v<trampoline_link, U>) {
        U *object = make(c.allocate(sizeof(U)));
        c.attach(static_cast<T *>(object), [](void *p) { static_cast<U *>(static_cast<T *>(p))->~U(); },
                 ownership::in_place, nullptr, nullptr);
    } else {
        U *object = make(::operator new(sizeof(U)));
        if constexpr (std::is_base_of_v<trampoline_link, U>) link = object;
        c.attach(static_cast<T *>(object), [](void *p) { delete static_cast<U *>(static_cast<T *>(p)); },
                 ownership::heap, nullptr, link);
    }
}
} // namespace detail

/// Binds C++ class T as a JS class named `name` in module `m`.
///
///     tsbind::class_<Matrix>(m, "Matrix")
///         .def(tsbind::init<size_t, size_t>(), tsbind::arg("rows"), tsbind::arg("cols"))
///         .def("get", &Matrix::get)
///         .def_property_readonly("rows", &Matrix::rows);
///
/// Options, in any order: a base class bound before (`class_<Circle, Shape>`:
/// `Circle extends Shape` in JS), a holder (`std::shared_ptr<T>`: objects
/// constructed in JS are held by a shared_ptr, to share with C++; the
/// default is sole ownership, as std::unique_ptr), and a trampoline class
/// (tsbind::trampoline<T>) that lets JS subclasses override virtual methods.
///
/// Instances are owned by JS, freed when collected or at once by `dispose()`
/// / `[Symbol.dispose]()`.
/// Exports a class under a key other than its JS name:
/// `class_<Number>(types, "Number", tsbind::export_as("NumberValue"))` is
/// `types.NumberValue`, whose `name` is "Number".
struct export_as {
    explicit export_as(const char *key) : key(key) {}
    const char *key;
};

template <typename T, typename... Options>
class class_ {
    static_assert(std::is_class_v<T>, "tsbind::class_ binds class types");
    using options = detail::class_options<T, Options...>;
    using base = typename options::base;
    using alias = typename options::alias;

public:
    /// Binds T as `scope[name]`: `scope` is the module, a submodule, or
    /// another class (`class_<Set>(outer, "Set")` is `Outer.Set`).
    template <typename Scope, typename = detail::if_scope<Scope>>
    class_(const Scope &scope, const char *name, const char *doc = nullptr) : class_(scope, name, export_as{name}, doc) {}
    /// Binds T as JS class `name`, exported as `scope[key.key]`.
    template <typename Scope, typename = detail::if_scope<Scope>>
    class_(const Scope &scope, const char *name, export_as key, const char *doc = nullptr) : env_(scope.scope().env) {
        const std::type_info *base_type = nullptr;
        void *(*upcast)(void *) = nullptr;
        if constexpr (!std::is_void_v<base>) {
            base_type = &typeid(base);
            upcast = [](void *p) -> void * { return static_cast<base *>(static_cast<T *>(p)); };
        }
        type_ = &detail::register_type(scope.scope(), name, key.key, doc, typeid(T), base_type, upcast,
                                       &destroy, copy_fn(), move_fn());
        type_->shared_holder = options::shared_holder;
    }

    /// A constructor: `def(init<Args...>(), extras...)`.
    template <typename... Args, typename... Extra>
    class_ &def(init<Args...>, const Extra &...extra) {
        auto rec = detail::make_record<false>(
            env_, type_->path.c_str(),
            [](detail::construction &c, Args... args) {
                constexpr bool shared = options::shared_holder;
                if constexpr (!std::is_void_v<alias>) {
                    // JS subclasses get the trampoline, which sees their overrides.
                    if (std::is_abstract_v<T> || c.subclass())
                        return detail::construct_object<T, alias, shared>(c, std::forward<Args>(args)...);
                }
                if constexpr (!std::is_abstract_v<T>)
                    detail::construct_object<T, T, shared>(c, std::forward<Args>(args)...);
            },
            static_cast<void (*)(detail::construction &, Args...)>(nullptr), extra...);
        rec->is_constructor = true;
        rec->scope = type_;
        detail::add_constructor(*type_, std::move(rec));
        return *this;
    }

    /// A constructor from a factory: `def(tsbind::factory(f), extras...)`.
    template <typename F, typename... Extra>
    class_ &def(factory_t<F> f, const Extra &...extra) {
        return def_factory(std::move(f.make), detail::signature_ptr<F>(nullptr), extra...);
    }

    /// A method: a member function pointer, or any callable whose first
    /// parameter is `T&`, `const T&` or `T*` (the `this` object). The name
    /// "[Symbol.iterator]" (or another well-known symbol) defines that symbol's method.
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

    /// A static property with a getter `R()` and a setter `void(V)`.
    template <typename Getter, typename Setter, typename... Extra>
    class_ &def_property_static(const char *name, Getter &&get, Setter &&set, const Extra &...extra) {
        detail::add_property(env_, *type_, name, static_record(name, std::forward<Getter>(get), extra...),
                             static_record(name, std::forward<Setter>(set)), true);
        return *this;
    }
    /// A read-only static property (a class constant).
    template <typename Getter, typename... Extra>
    class_ &def_property_readonly_static(const char *name, Getter &&get, const Extra &...extra) {
        detail::add_property(env_, *type_, name, static_record(name, std::forward<Getter>(get), extra...), nullptr,
                             true);
        return *this;
    }
    /// A static property for a variable, readable and writable: `def_readwrite_static("count", &Foo::count)`.
    /// A bound class's object stays one JS object (`Boolean.TRUE === Boolean.TRUE`), owned by C++.
    template <typename D, typename... Extra>
    class_ &def_readwrite_static(const char *name, D *variable, const Extra &...extra) {
        return def_property_static(
            name, [variable]() -> const D & { return *variable; }, [variable](const D &value) { *variable = value; },
            return_value_policy::reference, extra...);
    }
    /// A read-only static property for a variable or constant.
    template <typename D, typename... Extra>
    class_ &def_readonly_static(const char *name, const D *variable, const Extra &...extra) {
        return def_property_readonly_static(
            name, [variable]() -> const D & { return *variable; }, return_value_policy::reference, extra...);
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

    /// `[Symbol.iterator]()`: JS iterates the object (`for...of`, spread) with
    /// std::begin/std::end, converting each element as it comes. Changing
    /// the container while JS iterates it invalidates the iterators, as in C++.
    template <typename... Extra>
    class_ &def_iterator(const Extra &...extra) {
        using iterator = decltype(std::begin(std::declval<T &>()));
        using element = decltype(*std::declval<iterator &>());
        struct range {
            iterator at, end;
        };
        return def(
            "[Symbol.iterator]",
            [](T &self, detail::iterator_owner owner) -> detail::js_iterator<element> {
                auto *state = new range{std::begin(self), std::end(self)};
                return {detail::make_iterator(
                    owner.env, owner.self, state,
                    [](napi_env env, void *p) -> napi_value {
                        auto *r = static_cast<range *>(p);
                        if (r->at == r->end) return nullptr;
                        napi_value v = detail::make_caster<element>::cast(env, *r->at, return_value_policy::copy,
                                                                         nullptr);
                        ++r->at;
                        return v;
                    },
                    [](void *p) { delete static_cast<range *>(p); })};
            },
            extra...);
    }

    /// `equals(other)`: C++ `operator==` (JS `===` compares identity and cannot be overloaded).
    template <typename... Extra>
    class_ &def_equals(const Extra &...extra) {
        return def(
            "equals", [](const T &self, const T &other) -> bool { return self == other; }, arg("other"), extra...);
    }

    /// Reports each object's native memory (`size(object)` bytes, beyond the
    /// JS wrapper) to the garbage collector, so that it runs when native
    /// memory grows (napi_adjust_external_memory).
    template <typename Size>
    class_ &native_size(Size &&size) {
        using size_t_ = std::decay_t<Size>;
        type_->native_size_data = std::make_shared<size_t_>(std::forward<Size>(size));
        type_->native_size = [](const void *data, const void *p) -> std::size_t {
            return (*static_cast<const size_t_ *>(data))(*static_cast<const T *>(p));
        };
        return *this;
    }

    /// Lets JS call the class without `new`: `Foo(x)` is `new Foo(x)`, as in
    /// ES5-era APIs. `new Foo(x)` costs the same as before; `Foo(x)` adds one
    /// call. `Foo.toString()` stays that of a native class.
    class_ &callable_without_new() {
        type_->callable_without_new = true;
        return *this;
    }

    /// Where classes and enums nested in this one go (`Outer.Set`).
    detail::export_scope scope() const { return {env_, type_->state, type_->constructor.value(), type_->path}; }

private:
    template <typename F, typename R, typename... Args, typename... Extra>
    class_ &def_factory(F &&make, R (*)(Args...), const Extra &...extra) {
        using result = std::decay_t<R>;
        constexpr bool shared = options::shared_holder;
        static_assert(std::is_same_v<result, T> || std::is_same_v<result, std::unique_ptr<T>> ||
                          (shared && std::is_same_v<result, std::shared_ptr<T>>),
                      "tsbind::factory: the factory returns a T, a std::unique_ptr<T>, or (for a class held by "
                      "std::shared_ptr) a std::shared_ptr<T>");
        auto rec = detail::make_record<false>(
            env_, type_->path.c_str(),
            [make = std::forward<F>(make), name = type_->path](detail::construction &c, Args... args) {
                result made = make(std::forward<Args>(args)...);
                if constexpr (std::is_same_v<result, T>) {
                    detail::construct_object<T, T, shared>(c, std::move(made));
                } else if constexpr (shared) {
                    std::shared_ptr<T> object(std::move(made));
                    if (!object) throw std::invalid_argument(name + "(): its factory returned null");
                    T *p = object.get();
                    c.attach(p, nullptr, detail::ownership::shared, std::shared_ptr<void>(std::move(object), p),
                             nullptr);
                } else {
                    if (!made) throw std::invalid_argument(name + "(): its factory returned null");
                    c.attach(made.release(), [](void *p) { delete static_cast<T *>(p); }, detail::ownership::heap,
                             nullptr, nullptr);
                }
            },
            static_cast<void (*)(detail::construction &, Args...)>(nullptr), extra...);
        rec->is_constructor = true;
        rec->scope = type_;
        detail::add_constructor(*type_, std::move(rec));
        return *this;
    }

    /// The record of a static accessor (no `this`).
    template <typename Func, typename... Extra>
    std::unique_ptr<detail::function_record> static_record(const char *name, Func &&f, const Extra &...extra) {
        auto rec = detail::make_record<false>(env_, name, std::forward<Func>(f), detail::signature_ptr<Func>(nullptr),
                                              extra...);
        rec->is_static = true;
        return rec;
    }

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
