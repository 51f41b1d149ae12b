// tsbind layer 6: C++ exceptions that arrive in JS as Error subclasses.
//
// The fixed mapping (std::invalid_argument -> TypeError, and so on) lives in
// the compiled core; this header lets users register their own types:
//   m.exception<ParseError>("ParseError");
// A ParseError thrown by any bound call of the module then reaches JS as an
// instance of the exported class ParseError, which extends Error.
#pragma once

#include "cast.h"

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace tsbind {
namespace detail {

template <typename E>
const char *exception_message(const E &e) {
    if constexpr (std::is_base_of_v<std::exception, E>)
        return e.what();
    else
        return "";
}

/// Translator for exception type E: if the exception being handled is an E,
/// makes a JS error of the translator's class pending. Types derived from
/// std::exception are matched with dynamic_cast (no rethrow, which costs
/// about a microsecond); others by rethrowing.
template <typename E>
bool translate_as(napi_env env, const exception_translator &translator, const std::exception *e) {
    if constexpr (std::is_base_of_v<std::exception, E>) {
        const E *match = e ? dynamic_cast<const E *>(e) : nullptr;
        if (match) set_js_error(env, translator, match->what(), match);
        return match != nullptr;
    } else {
        if (e) return false;
        try {
            throw;
        } catch (const E &ex) {
            set_js_error(env, translator, exception_message(ex), &ex);
            return true;
        } catch (...) {
            return false;
        }
    }
}

} // namespace detail

/// The JS Error subclass of a registered exception type: give it a code and
/// fields, or pass it as the base of another registration.
///
///     m.exception<LevelLocked>("LevelLockedError").code("LEVEL_LOCKED").field("level", &LevelLocked::level);
template <typename E = void>
class exception_class {
public:
    exception_class(napi_env, detail::exception_translator &translator) : translator_(&translator) {}
    /// The JS class (constructor) value.
    napi_value value() const { return translator_->constructor.value(); }
    /// Its JS name.
    const char *name() const { return translator_->path.c_str(); }

    /// `err.code` of every error of this class (an own enumerable property,
    /// as Node's own errors have it), declared as that string literal.
    exception_class &code(const char *code) {
        translator_->code = code;
        return *this;
    }

    /// A field of the C++ exception as an own enumerable property of the JS
    /// error: a data member, or a getter `R (const E &)`.
    template <typename M, typename C>
    exception_class &field(const char *name, M C::*member) {
        static_assert(std::is_base_of_v<C, E>, "exception_class::field: the member must belong to the exception type");
        using field_type = std::remove_cv_t<M>;
        detail::exception_field f{name, detail::return_type_sig<field_type>(), std::make_shared<M C::*>(member),
                                  [](napi_env env, const void *e, const void *mp) {
                                      return detail::to_js(env, static_cast<const E *>(e)->*(*static_cast<M C::*const *>(mp)));
                                  }};
        translator_->fields.push_back(std::move(f));
        return *this;
    }
    template <typename Getter, typename = std::enable_if_t<!std::is_member_object_pointer_v<Getter>>>
    exception_class &field(const char *name, Getter getter) {
        using result = std::decay_t<std::invoke_result_t<Getter, const E &>>;
        detail::exception_field f{name, detail::return_type_sig<result>(), std::make_shared<Getter>(std::move(getter)),
                                  [](napi_env env, const void *e, const void *g) {
                                      return detail::to_js(env, (*static_cast<const Getter *>(g))(*static_cast<const E *>(e)));
                                  }};
        translator_->fields.push_back(std::move(f));
        return *this;
    }

private:
    detail::exception_translator *translator_;
};

} // namespace tsbind
