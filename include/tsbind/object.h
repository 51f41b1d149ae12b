// Plain data both ways: `object_<T>` makes a C++ struct cross as a plain JS
// object, field by field (a TypeScript interface); `enum_<E>` makes a C++
// enum a frozen JS object of named numbers (a TypeScript enum).
#pragma once

#include "class.h"
#include "module.h"

#include <new>
#include <optional>
#include <string>
#include <type_traits>

namespace tsbind {

/// Reads an object_ as JS APIs read options: `object_<Options>(m, "Options", tsbind::loose())`.
/// A missing or undefined field keeps the value of the default-constructed
/// struct (its default member initializers), and every field is optional in
/// the declarations. Give the parameter a default (`arg("options") = Options{}`)
/// so that it may be left out too.
struct loose {};
/// A field of an object_ that coerces a value of another type as JS does:
/// `Number(x)` for numbers and enums, `String(x)` for strings, `Boolean(x)`
/// for bool. `.field("limit", &Options::limit, tsbind::coerce())`.
struct coerce {};

namespace detail {
template <typename T>
struct is_std_optional : std::false_type {};
template <typename T>
struct is_std_optional<std::optional<T>> : std::true_type {};

template <typename T>
constexpr field_record::coercion coercion_for() {
    using U = std::remove_cv_t<T>;
    if constexpr (is_std_optional<U>::value)
        return coercion_for<typename U::value_type>();
    else if constexpr (std::is_same_v<U, bool>)
        return field_record::coercion::boolean;
    else if constexpr ((std::is_arithmetic_v<U> && !std::is_same_v<U, char>) || std::is_enum_v<U>)
        return field_record::coercion::number;
    else if constexpr (std::is_same_v<U, std::string> || std::is_same_v<U, std::wstring> ||
                       std::is_same_v<U, std::u16string> || std::is_same_v<U, char>)
        return field_record::coercion::string;
    else
        return field_record::coercion::none;
}
} // namespace detail

/// Binds struct T as a plain JS object: `object_<Point>(m, "Point").field("x", &Point::x)`.
/// Each call copies: JS gets a new object with the fields, C++ gets a new T
/// (default-constructed, then each field set) from any object that has them.
/// A missing field is a TypeError naming it, unless its type is std::optional
/// (then it may be left out, and is left out when empty).
template <typename T>
class object_ {
    static_assert(std::is_class_v<T> && std::is_default_constructible_v<T>,
                  "tsbind::object_ binds default-constructible structs (their fields are set one by one)");

public:
    /// `scope` is the module, a submodule or a class, as for class_.
    template <typename Scope, typename = detail::if_scope<Scope>>
    object_(const Scope &scope, const char *name, const char *doc = nullptr)
        : env_(scope.scope().env),
          rec_(&detail::register_object(
              scope.scope(), name, doc, typeid(T), [](void *storage) { ::new (storage) T(); },
              [](void *object) { static_cast<T *>(object)->~T(); })) {}
    /// Read as JS APIs read options: see tsbind::loose.
    template <typename Scope, typename = detail::if_scope<Scope>>
    object_(const Scope &scope, const char *name, loose, const char *doc = nullptr) : object_(scope, name, doc) {
        rec_->loose = true;
    }

    /// A field: a data member, with an optional doc string.
    template <typename M>
    object_ &field(const char *name, M T::*member, const char *doc = nullptr) {
        using field_type = std::remove_cv_t<M>;
        detail::field_record f;
        f.name = name;
        f.doc = doc ? doc : "";
        f.type_in = detail::arg_type_sig<field_type>();
        f.type_out = detail::return_type_sig<field_type>();
        f.optional = detail::is_omittable<detail::make_caster<field_type>>::value;
        f.member = std::make_shared<M T::*>(member);
        // A field of a type that converts one way only makes T one-way: only
        // the direction used is instantiated, and the other is an Error
        // naming the field.
        if constexpr (detail::has_load<field_type>::value) f.load = load_field<M, field_type>;
        if constexpr (detail::has_cast<field_type, true>::value) f.cast = cast_field<M, field_type>;
        if constexpr (detail::crosses_as_double<field_type>) f.to_double = double_field<M, field_type>;
        rec_->fields.push_back(std::move(f));
        return *this;
    }
    /// A field that coerces values of other types as JS does (tsbind::coerce).
    template <typename M>
    object_ &field(const char *name, M T::*member, coerce, const char *doc = nullptr) {
        constexpr auto coercion = detail::coercion_for<M>();
        static_assert(coercion != detail::field_record::coercion::none,
                      "tsbind::coerce: only number, enum, bool and string fields coerce");
        field(name, member, doc);
        rec_->fields.back().coerce = coercion;
        return *this;
    }

private:
    template <typename M, typename field_type>
    static bool load_field(napi_env env, napi_value value, void *object, const void *mp, detail::load_failure *failure) {
        static_assert(detail::check_element_type<field_type>());
        detail::make_caster<field_type> conv;
        if (!conv.load(env, value, failure)) return false;
        static_cast<T *>(object)->*(*static_cast<M T::*const *>(mp)) = conv.template get<field_type>();
        return true;
    }

    template <typename M, typename field_type>
    static napi_value cast_field(napi_env env, const void *object, const void *mp) {
        const field_type &value = static_cast<const T *>(object)->*(*static_cast<M T::*const *>(mp));
        if constexpr (detail::is_omittable<detail::make_caster<field_type>>::value) {
            // An empty optional field is left out, as `name?:` says.
            napi_value js = detail::to_js(env, value, detail::argument_policy<field_type>);
            napi_valuetype kind;
            detail::check(env, napi_typeof(env, js, &kind));
            return kind == napi_undefined ? nullptr : js;
        } else {
            // A pointer field is referred to, never taken over: the struct
            // does not say who owns what it points to.
            return detail::to_js(env, value, detail::argument_policy<field_type>);
        }
    }

    template <typename M, typename field_type>
    static double double_field(const void *object, const void *mp) {
        const field_type &value = static_cast<const T *>(object)->*(*static_cast<M T::*const *>(mp));
        if constexpr (std::is_enum_v<field_type>)
            return static_cast<double>(static_cast<std::underlying_type_t<field_type>>(value));
        else
            return static_cast<double>(value);
    }

    napi_env env_;
    detail::object_record *rec_;
};

/// Marks an enum as a set of flags: `enum_<Mode>(m, "Mode", tsbind::flags())`.
struct flags {};

/// Binds enum E as a frozen JS object, exported under `name`:
/// `enum_<Color>(m, "Color").value("Red", Color::Red)`. JS passes the numbers
/// (`Color.Red`); a number that is not a value of the enum is a RangeError.
template <typename E>
class enum_ {
    static_assert(std::is_enum_v<E>, "tsbind::enum_ binds enum types");

public:
    /// `scope` is the module, a submodule or a class (`Outer.Kind`), as for class_.
    template <typename Scope, typename = detail::if_scope<Scope>>
    enum_(const Scope &scope, const char *name, const char *doc = nullptr)
        : env_(scope.scope().env), rec_(&detail::register_enum(scope.scope(), name, doc, typeid(E))) {}
    /// A flag enum: JS passes any combination of its values made with `|`
    /// (`Mode.Read | Mode.Write`), and C++ gets it as the enum type.
    template <typename Scope, typename = detail::if_scope<Scope>>
    enum_(const Scope &scope, const char *name, flags, const char *doc = nullptr) : enum_(scope, name, doc) {
        rec_->flags = true;
    }

    /// A named value, with an optional doc string.
    enum_ &value(const char *name, E value, const char *doc = nullptr) {
        detail::add_enum_value(env_, *rec_, name, static_cast<long long>(value), doc);
        return *this;
    }

private:
    napi_env env_;
    detail::enum_record *rec_;
};

/// Enums cross as their numbers, checked against the values bound with enum_.
template <typename E>
struct type_caster<E, std::enable_if_t<std::is_enum_v<E>>> : detail::value_caster<E> {
    // A char-based enum is a number too, not a one-character string.
    using underlying = std::conditional_t<std::is_same_v<std::underlying_type_t<E>, char>, signed char,
                                          std::underlying_type_t<E>>;
    static constexpr auto name = detail::class_name<E>();

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        type_caster<underlying> number;
        if (!number.load(env, v, failure)) return false;
        if (!detail::check_enum_value(env, v, typeid(E), static_cast<long long>(number.value), failure)) return false;
        this->value = static_cast<E>(number.value);
        return true;
    }
    static napi_value cast(napi_env env, E value, return_value_policy = {}, napi_value = nullptr) {
        return type_caster<underlying>::cast(env, static_cast<underlying>(value));
    }
};

} // namespace tsbind
