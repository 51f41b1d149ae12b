// Layer 1: Node-API statuses as C++ exceptions, and js_error.
#include "internal.h"

#include <tsbind/cast.h>

namespace tsbind {

js_error::js_error(napi_env env) : env_(env) {
    napi_value error = nullptr;
    if (napi_get_and_clear_last_exception(env, &error) != napi_ok || error == nullptr) {
        message_ = "unknown JavaScript exception";
        return;
    }
    napi_create_reference(env, error, 1, &ref_);
    // The message, for C++ code that catches and logs: `message` of an Error,
    // else the value's string form. Never lets a second exception escape.
    napi_value text = nullptr;
    napi_valuetype type;
    if (napi_typeof(env, error, &type) == napi_ok && type == napi_object) {
        bool has = false;
        if (napi_has_named_property(env, error, "message", &has) == napi_ok && has)
            napi_get_named_property(env, error, "message", &text);
    }
    if (!text) napi_coerce_to_string(env, error, &text);
    size_t len = 0;
    if (text && napi_get_value_string_utf8(env, text, nullptr, 0, &len) == napi_ok) {
        message_.resize(len);
        napi_get_value_string_utf8(env, text, message_.data(), len + 1, &len);
    }
    // Reading the message may itself have thrown (a getter); drop that one.
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
        napi_value ignored;
        napi_get_and_clear_last_exception(env, &ignored);
    }
}

js_error::js_error(const js_error &other) : std::exception(other), env_(other.env_), message_(other.message_) {
    if (other.ref_) {
        uint32_t count;
        napi_reference_ref(env_, other.ref_, &count);
        ref_ = other.ref_;
    }
}

js_error::~js_error() {
    if (ref_) {
        uint32_t count = 0;
        napi_reference_unref(env_, ref_, &count);
        if (count == 0) napi_delete_reference(env_, ref_);
    }
}

napi_value js_error::value() const {
    napi_value v = nullptr;
    if (ref_) napi_get_reference_value(env_, ref_, &v);
    return v;
}

void js_error::restore() const {
    napi_value v = value();
    if (v) napi_throw(env_, v);
}

namespace detail {

void throw_status(napi_env env, napi_status status) {
    // Read the error info first: any further Node-API call resets it.
    const napi_extended_error_info *info = nullptr;
    std::string message = "Node-API call failed (status " + std::to_string(int(status));
    if (napi_get_last_error_info(env, &info) == napi_ok && info && info->error_message)
        message += std::string(": ") + info->error_message;
    message += ")";
    bool pending = false;
    if (status == napi_pending_exception || (napi_is_exception_pending(env, &pending) == napi_ok && pending))
        throw js_error(env);
    throw napi_error(status, message);
}

bool load_string(napi_env env, napi_value value, std::string &out) {
    utf8_reader reader;
    if (!reader.read(env, value)) return false;
    out.assign(reader.view().data(), reader.view().size());
    return true;
}

} // namespace detail
} // namespace tsbind
