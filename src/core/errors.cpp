// Layer 6: the boundary where C++ exceptions become JS errors.
//
// Order: a JS exception travelling as js_error is rethrown as the same
// object; then user-registered types (latest registration first, so a
// derived type registered after its base wins); then the fixed mapping of
// DESIGN.md: invalid_argument -> TypeError, out_of_range and length_error ->
// RangeError, bad_alloc -> Error "out of memory", other std::exception ->
// Error(what()), anything else -> Error("unknown C++ exception").
#include "internal.h"

#include <new>
#include <stdexcept>
#include <string>

namespace tsbind {
namespace detail {

namespace {

/// JS source of the factory for Error subclasses. Node-API cannot declare a
/// class that extends a JS class, so a few lines of JS do it: the class gets
/// the right `name` (on the prototype, as built-in errors have it) and
/// inherits Error's constructor, so `stack` is captured where it is thrown.
constexpr const char *error_class_factory_source = R"JS(
(function (name, Base) {
  const cls = ({ [name]: class extends Base {} })[name];
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  return cls;
})
)JS";

napi_value error_class_factory(napi_env env, env_state *state) {
    if (state->error_class_factory) return state->error_class_factory.value();
    napi_value source, factory;
    check(env, napi_create_string_utf8(env, error_class_factory_source, NAPI_AUTO_LENGTH, &source));
    check(env, napi_run_script(env, source, &factory));
    state->error_class_factory = reference(env, factory);
    return factory;
}

bool pending_exception(napi_env env) {
    bool pending = false;
    return napi_is_exception_pending(env, &pending) == napi_ok && pending;
}

} // namespace

void set_js_error(napi_env env, napi_value ctor, const char *message) noexcept {
    napi_value text, error;
    if (napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text) != napi_ok ||
        napi_new_instance(env, ctor, 1, &text, &error) != napi_ok) {
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (!pending) napi_throw_error(env, nullptr, message);
        return;
    }
    napi_throw(env, error);
}

napi_value register_exception(napi_env env, env_state *state, napi_value scope, const char *name,
                              napi_value base, const char *base_name, translate_fn translate) {
    napi_value global, args[2], cls;
    check(env, napi_get_global(env, &global));
    if (!base) check(env, napi_get_named_property(env, global, "Error", &base));
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &args[0]));
    args[1] = base;
    check(env, napi_call_function(env, global, error_class_factory(env, state), 2, args, &cls));
    check(env, napi_set_named_property(env, scope, name, cls));
    state->translators.push_back({translate, reference(env, cls), name, base_name ? base_name : "Error"});
    return cls;
}

void translate_exception(napi_env env, const std::exception *e) noexcept {
    // A JS exception already pending (from a Node-API call that the C++ code
    // did not check) takes precedence over the C++ one.
    if (pending_exception(env)) return;
    if (env_state *state = state_of(env)) {
        try {
            for (auto it = state->translators.rbegin(); it != state->translators.rend(); ++it)
                if (it->translate(env, it->constructor.value(), e)) return;
        } catch (...) {
            // Reaching a translator failed (no memory); use the fixed mapping.
        }
    }
    if (!e)
        napi_throw_error(env, nullptr, "unknown C++ exception");
    else if (dynamic_cast<const std::invalid_argument *>(e))
        napi_throw_type_error(env, nullptr, e->what());
    else if (dynamic_cast<const std::out_of_range *>(e) || dynamic_cast<const std::length_error *>(e))
        napi_throw_range_error(env, nullptr, e->what());
    else if (dynamic_cast<const std::bad_alloc *>(e))
        napi_throw_error(env, nullptr, "out of memory (std::bad_alloc)");
    else
        napi_throw_error(env, nullptr, e->what());
}

void throw_unsafe_integer(long long value, bool is_unsigned, unsigned long long uvalue) {
    std::string text = is_unsigned ? std::to_string(uvalue) : std::to_string(value);
    throw std::out_of_range("the 64-bit integer result " + text +
                            " cannot be a JS number without losing precision (beyond +/-2^53); return tsbind::bigint<" +
                            (is_unsigned ? "uint64_t" : "int64_t") + "> to give JS a BigInt");
}

} // namespace detail
} // namespace tsbind
