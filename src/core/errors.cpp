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
#include <vector>

namespace tsbind {
namespace detail {

namespace {

bool pending_exception(napi_env env) {
    bool pending = false;
    return napi_is_exception_pending(env, &pending) == napi_ok && pending;
}

} // namespace

void set_js_error(napi_env env, const exception_translator &translator, const char *message,
                  const void *exception) noexcept {
    napi_value text, error;
    bool made = false;
    try {
        napi_value ctor = translator.constructor.value();
        check(env, napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text));
        check(env, napi_new_instance(env, ctor, 1, &text, &error));
        // The code and the fields: own enumerable properties, as Node's own
        // errors have `code`, so they survive JSON and logging.
        std::vector<napi_property_descriptor> props;
        napi_value code = nullptr;
        if (!translator.code.empty()) {
            check(env, napi_create_string_utf8(env, translator.code.c_str(), translator.code.size(), &code));
            props.push_back({"code", nullptr, nullptr, nullptr, nullptr, code, napi_default_jsproperty, nullptr});
        }
        for (const exception_field &field : translator.fields)
            props.push_back({field.name.c_str(), nullptr, nullptr, nullptr, nullptr,
                             field.get(env, exception, field.member.get()), napi_default_jsproperty, nullptr});
        if (!props.empty()) check(env, napi_define_properties(env, error, props.size(), props.data()));
        made = true;
    } catch (const js_error &e) {
        e.restore();  // making it threw: that is the error now
        return;
    } catch (...) {
    }
    if (made) {
        napi_throw(env, error);
    } else if (!pending_exception(env)) {
        napi_throw_error(env, nullptr, message);
    }
}

exception_translator &register_exception(const export_scope &scope, const char *name, napi_value base, const char *base_name, const std::type_info &type,
                                         translate_fn translate) {
    napi_env env = scope.env;
    env_state *state = scope.state;
    napi_value global, args[2], cls;
    check(env, napi_get_global(env, &global));
    if (!base) {
        // A built-in error class by name, or Error.
        const char *builtin = base_name ? base_name : "Error";
        check(env, napi_get_named_property(env, global, builtin, &base));
        napi_valuetype kind;
        check(env, napi_typeof(env, base, &kind));
        if (kind != napi_function)
            throw std::logic_error(std::string("exception ") + name + ": there is no global error class named " + builtin);
    }
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &args[0]));
    args[1] = base;
    check(env, napi_call_function(env, global, js_helper_function(env, js_helper::error_class), 2, args, &cls));
    check(env, napi_set_named_property(env, scope.object, name, cls));
    auto translator = std::make_unique<exception_translator>();
    translator->translate = translate;
    translator->constructor = reference(env, cls);
    translator->name = name;
    translator->path = scope.qualify(name);
    translator->base = base_name ? base_name : "Error";
    translator->cpptype = &type;
    state->translators.push_back(std::move(translator));
    return *state->translators.back();
}

const std::string *exception_name(const env_state *state, const std::type_info &type) {
    for (const auto &t : state->translators)
        if (*t->cpptype == type) return &t->path;
    return nullptr;
}

namespace {

/// The JS value of an exception held in `nested` (std::throw_with_nested), as the boundary would throw it.
napi_value nested_value(napi_env env, const std::exception_ptr &nested) {
    try {
        std::rethrow_exception(nested);
    } catch (const js_error &e) {
        return e.value();
    } catch (const std::exception &e) {
        translate_exception(env, &e);
    } catch (...) {
        translate_exception(env, nullptr);
    }
    napi_value value = nullptr;
    napi_get_and_clear_last_exception(env, &value);
    return value;
}

/// Makes the JS error for `e` pending, without its cause.
void set_error_for(napi_env env, const std::exception *e) noexcept {
    if (env_state *state = state_of(env)) {
        try {
            for (auto it = state->translators.rbegin(); it != state->translators.rend(); ++it)
                if ((*it)->translate(env, **it, e)) return;
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

} // namespace

void translate_exception(napi_env env, const std::exception *e) noexcept {
    // A JS exception already pending (from a Node-API call that the C++ code
    // did not check) takes precedence over the C++ one.
    if (pending_exception(env)) return;
    set_error_for(env, e);
    // std::throw_with_nested: the exception it holds becomes `cause`, and so
    // on down the chain (the inner one is translated the same way).
    const auto *nested = e ? dynamic_cast<const std::nested_exception *>(e) : nullptr;
    if (!nested || !nested->nested_ptr()) return;
    napi_value outer = nullptr;
    if (napi_get_and_clear_last_exception(env, &outer) != napi_ok || !outer) return;
    napi_value cause = nested_value(env, nested->nested_ptr());
    if (cause) {
        // As `new Error(message, { cause })` makes it: own, not enumerable.
        napi_property_descriptor prop{"cause", nullptr, nullptr, nullptr, nullptr, cause,
                                      static_cast<napi_property_attributes>(napi_writable | napi_configurable), nullptr};
        napi_valuetype kind;
        if (napi_typeof(env, outer, &kind) == napi_ok && kind == napi_object) napi_define_properties(env, outer, 1, &prop);
    }
    napi_throw(env, outer);
}

void throw_unsafe_integer(long long value, bool is_unsigned, unsigned long long uvalue) {
    std::string text = is_unsigned ? std::to_string(uvalue) : std::to_string(value);
    throw std::out_of_range("the 64-bit integer result " + text +
                            " cannot be a JS number without losing precision (beyond +/-2^53); return tsbind::bigint<" +
                            (is_unsigned ? "uint64_t" : "int64_t") + "> to give JS a BigInt");
}

} // namespace detail
} // namespace tsbind
