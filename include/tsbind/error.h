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

/// Translator for exception type E: rethrows the active exception and, if
/// it is an E, makes a JS error of class `ctor` pending.
template <typename E>
bool translate_exception(napi_env env, napi_value ctor) {
    try {
        throw;
    } catch (const E &e) {
        set_js_error(env, ctor, exception_message(e));
        return true;
    } catch (...) {
        return false;
    }
}

} // namespace detail

/// The JS Error subclass of a registered exception type; pass it as the base
/// of another registration to build a hierarchy.
class exception_class {
public:
    exception_class(napi_env env, napi_value ctor) : ctor_(env, ctor) {}
    /// The JS class (constructor) value.
    napi_value value() const { return ctor_.value(); }

private:
    detail::reference ctor_;
};

} // namespace tsbind
