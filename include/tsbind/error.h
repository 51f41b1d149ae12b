// tsbind layer 6: C++ exceptions that arrive in JS as Error subclasses.
//
// The fixed mapping (std::invalid_argument -> TypeError, and so on) lives in
// the compiled core; this header lets users register their own types:
//   m.exception<ParseError>("ParseError");
// A ParseError thrown by any bound call of the module then reaches JS as an
// instance of the exported class ParseError, which extends Error.
#pragma once

#include "detail/core.h"

#include <exception>
#include <type_traits>

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
/// makes a JS error of class `ctor` pending. Types derived from
/// std::exception are matched with dynamic_cast (no rethrow, which costs
/// about a microsecond); others by rethrowing.
template <typename E>
bool translate_as(napi_env env, napi_value ctor, const std::exception *e) {
    if constexpr (std::is_base_of_v<std::exception, E>) {
        const E *match = e ? dynamic_cast<const E *>(e) : nullptr;
        if (match) set_js_error(env, ctor, match->what());
        return match != nullptr;
    } else {
        if (e) return false;
        try {
            throw;
        } catch (const E &ex) {
            set_js_error(env, ctor, exception_message(ex));
            return true;
        } catch (...) {
            return false;
        }
    }
}

} // namespace detail

/// The JS Error subclass of a registered exception type; pass it as the base
/// of another registration to build a hierarchy.
class exception_class {
public:
    exception_class(napi_env env, napi_value ctor, const char *name) : ctor_(env, ctor), name_(name) {}
    /// The JS class (constructor) value.
    napi_value value() const { return ctor_.value(); }
    /// Its JS name.
    const char *name() const { return name_; }

private:
    detail::reference ctor_;
    const char *name_;
};

} // namespace tsbind
