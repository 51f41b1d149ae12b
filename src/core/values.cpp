// JS values in C++ (value.h): the operations, once, for every value class.
#include "internal.h"

#include <tsbind/value.h>

#include <cstring>
#include <stdexcept>

namespace tsbind {

namespace {

napi_value require_handle(const value &v) {
    if (!v.handle()) throw std::invalid_argument("a tsbind::value without a JS value (default-constructed) was used");
    return v.handle();
}

napi_value key_string(napi_env env, const char *key) {
    napi_value k;
    detail::check(env, napi_create_string_utf8(env, key, NAPI_AUTO_LENGTH, &k));
    return k;
}

/// The receiver of a property write, delete or listing: an object or
/// function (JS would silently write to a boxed primitive). Reads take any
/// value, as JS does (`'abc'.length`; undefined and null throw JS's TypeError).
napi_value as_receiver(const value &v, const char *operation) {
    napi_value h = require_handle(v);
    if (!v.is_object())
        throw std::invalid_argument(std::string("cannot ") + operation + " a property of " +
                                    detail::describe_value(v.env(), h) + ": not an object");
    return h;
}

} // namespace

js_type value::type() const {
    napi_valuetype t;
    detail::check(env_, napi_typeof(env_, require_handle(*this), &t));
    switch (t) {
    case napi_undefined: return js_type::undefined;
    case napi_null: return js_type::null;
    case napi_boolean: return js_type::boolean;
    case napi_number: return js_type::number;
    case napi_string: return js_type::string;
    case napi_symbol: return js_type::symbol;
    case napi_object: return js_type::object;
    case napi_function: return js_type::function;
    case napi_external: return js_type::external;
    case napi_bigint: return js_type::bigint;
    }
    return js_type::object;
}

bool value::is_array() const { return detail::is_array_value(env_, require_handle(*this)); }

const char *value::type_of() const {
    switch (type()) {
    case js_type::undefined: return "undefined";
    case js_type::null: return "object";
    case js_type::boolean: return "boolean";
    case js_type::number: return "number";
    case js_type::string: return "string";
    case js_type::symbol: return "symbol";
    case js_type::function: return "function";
    case js_type::bigint: return "bigint";
    default: return "object";
    }
}

bool value::instance_of(const value &ctor) const {
    if (!ctor.is_function())
        throw std::invalid_argument("instanceof: the right-hand side must be a function, got " +
                                    detail::describe_value(env_, require_handle(ctor)));
    bool result = false;
    detail::check(env_, napi_instanceof(env_, require_handle(*this), ctor.handle_, &result));
    return result;
}

bool value::strict_equals(const value &other) const {
    bool result = false;
    detail::check(env_, napi_strict_equals(env_, require_handle(*this), require_handle(other), &result));
    return result;
}

std::string value::to_string() const {
    // String(x): a Symbol has a string form, though coercing one throws.
    if (type() == js_type::symbol) return value::global(env_, "String").call(*this).as<std::string>();
    napi_value text;
    detail::check(env_, napi_coerce_to_string(env_, require_handle(*this), &text));
    std::string out;
    detail::load_string(env_, text, out);
    return out;
}

double value::to_number() const {
    napi_value number;
    detail::check(env_, napi_coerce_to_number(env_, require_handle(*this), &number));
    double d = 0;
    detail::check(env_, napi_get_value_double(env_, number, &d));
    return d;
}

bool value::to_boolean() const {
    napi_value b;
    bool result = false;
    detail::check(env_, napi_coerce_to_bool(env_, require_handle(*this), &b));
    detail::check(env_, napi_get_value_bool(env_, b, &result));
    return result;
}

value value::get(const char *key) const {
    napi_value result;
    detail::check(env_, napi_get_named_property(env_, require_handle(*this), key, &result));
    return value(env_, result);
}

value value::get(std::uint32_t index) const {
    napi_value result;
    detail::check(env_, napi_get_element(env_, require_handle(*this), index, &result));
    return value(env_, result);
}

value value::get(const value &key) const {
    napi_value result;
    detail::check(env_, napi_get_property(env_, require_handle(*this), require_handle(key), &result));
    return value(env_, result);
}

void value::set_handle(const char *key, napi_value v) const {
    detail::check(env_, napi_set_named_property(env_, as_receiver(*this, "write"), key, v));
}

void value::set_handle(std::uint32_t index, napi_value v) const {
    detail::check(env_, napi_set_element(env_, as_receiver(*this, "write"), index, v));
}

void value::set_handle(const value &key, napi_value v) const {
    detail::check(env_, napi_set_property(env_, as_receiver(*this, "write"), require_handle(key), v));
}

bool value::has(const char *key) const {
    bool result = false;
    detail::check(env_, napi_has_property(env_, as_receiver(*this, "look up"), key_string(env_, key), &result));
    return result;
}

bool value::has(const value &key) const {
    bool result = false;
    detail::check(env_, napi_has_property(env_, as_receiver(*this, "look up"), require_handle(key), &result));
    return result;
}

bool value::has_own(const char *key) const {
    bool result = false;
    detail::check(env_, napi_has_own_property(env_, as_receiver(*this, "look up"), key_string(env_, key), &result));
    return result;
}

bool value::remove(const char *key) const {
    bool result = false;
    detail::check(env_, napi_delete_property(env_, as_receiver(*this, "delete"), key_string(env_, key), &result));
    return result;
}

value value::call_handles(napi_value self, std::size_t argc, const napi_value *argv) const {
    napi_value fn = require_handle(*this);
    if (!is_function())
        throw std::invalid_argument("cannot call " + detail::describe_value(env_, fn) + ": not a function");
    if (!self) detail::check(env_, napi_get_undefined(env_, &self));
    napi_value result;
    detail::check(env_, napi_call_function(env_, self, fn, argc, argv, &result));
    return value(env_, result);
}

value value::construct_handles(std::size_t argc, const napi_value *argv) const {
    napi_value ctor = require_handle(*this);
    if (!is_function())
        throw std::invalid_argument("cannot construct " + detail::describe_value(env_, ctor) + ": not a function");
    napi_value result;
    detail::check(env_, napi_new_instance(env_, ctor, argc, argv, &result));
    return value(env_, result);
}

void value::iterate(void (*each)(void *, const value &), void *context) const {
    // The iteration protocol, as `for (const x of value)` runs it.
    value symbol_iterator = value::global(env_, "Symbol").get("iterator");
    value method = is_nullish() ? value() : get(symbol_iterator);
    if (!method || !method.is_function())
        throw std::invalid_argument(detail::describe_value(env_, require_handle(*this)) + " is not iterable");
    value iterator = method.call_with(*this);
    if (!iterator.is_object()) throw std::invalid_argument("the iterator of an iterable must be an object");
    value next = iterator.get("next");
    for (;;) {
        detail::handle_scope scope(env_);
        value step = next.call_with(iterator);
        if (!step.is_object()) throw std::invalid_argument("an iterator's next() must return an object");
        if (step.get("done").to_boolean()) break;
        each(context, step.get("value"));
    }
}

value value::global(napi_env env) {
    napi_value g;
    detail::check(env, napi_get_global(env, &g));
    return value(env, g);
}

value value::global(napi_env env, const char *name) { return global(env).get(name); }

value value::undefined(napi_env env) {
    napi_value v;
    detail::check(env, napi_get_undefined(env, &v));
    return value(env, v);
}

value value::null(napi_env env) {
    napi_value v;
    detail::check(env, napi_get_null(env, &v));
    return value(env, v);
}

object object::create(napi_env env) {
    napi_value o;
    detail::check(env, napi_create_object(env, &o));
    return object(env, o);
}

object object::create_null(napi_env env) {
    value made = value::global(env, "Object").call_method("create", value::null(env));
    return object(env, made.handle());
}

std::vector<std::string> object::keys() const {
    napi_value names;
    detail::check(env_, napi_get_property_names(env_, as_receiver(*this, "list"), &names));
    array list(env_, names);
    std::vector<std::string> out;
    std::uint32_t n = list.size();
    out.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) out.push_back(list.get(i).to_string());
    return out;
}

array array::create(napi_env env, std::uint32_t length) {
    napi_value a;
    detail::check(env, napi_create_array_with_length(env, length, &a));
    return array(env, a);
}

std::uint32_t array::size() const {
    std::uint32_t length = 0;
    if (!detail::array_length(env_, require_handle(*this), &length))
        throw std::invalid_argument(detail::describe_value(env_, handle_) + " is not an Array");
    return length;
}

buffer buffer::copy(napi_env env, const void *data, std::size_t size) {
    void *out = nullptr;
    napi_value b = detail::new_buffer(env, size, &out);
    if (size) std::memcpy(out, data, size);
    return buffer(env, b, static_cast<std::uint8_t *>(out), size);
}

buffer buffer::create(napi_env env, std::size_t size) {
    void *out = nullptr;
    napi_value b = detail::new_buffer(env, size, &out);
    if (size) std::memset(out, 0, size);
    return buffer(env, b, static_cast<std::uint8_t *>(out), size);
}

buffer buffer::adopt(napi_env env, std::vector<std::uint8_t> &&bytes) {
    auto *owner = new std::vector<std::uint8_t>(std::move(bytes));
    napi_value b = detail::adopt_buffer(env, owner);
    void *data = nullptr;
    std::size_t size = 0;
    detail::check(env, napi_get_buffer_info(env, b, &data, &size));
    return buffer(env, b, static_cast<std::uint8_t *>(data), size);
}

value call_info::new_target() const {
    napi_value handle = new_target_;
    if (!handle) detail::check(env_, napi_get_undefined(env_, &handle));
    return value(env_, handle);
}

namespace detail {

void throw_not_convertible(napi_env env, napi_value v, load_failure &failure, type_sig expected) {
    std::string message = failure.message.empty() ? expected_message(env, v, expected) : failure.message;
    message = "the value" + failure.path + " " + message;
    if (failure.what == load_failure::kind::range_error) throw std::out_of_range(message);
    if (failure.what == load_failure::kind::error) throw std::runtime_error(message);
    throw std::invalid_argument(message);
}

bool is_kind(napi_env env, napi_value v, js_type kind) {
    napi_valuetype t;
    check(env, napi_typeof(env, v, &t));
    switch (kind) {
    case js_type::object: return t == napi_object;
    case js_type::function: return t == napi_function;
    default: return value(env, v).type() == kind;
    }
}

bool is_detached_view(napi_env env, napi_value v) {
    bool is = false;
    napi_value buffer = v;
    if (napi_is_typedarray(env, v, &is) == napi_ok && is)
        check(env, napi_get_typedarray_info(env, v, nullptr, nullptr, nullptr, &buffer, nullptr));
    else if (napi_is_dataview(env, v, &is) == napi_ok && is)
        check(env, napi_get_dataview_info(env, v, nullptr, nullptr, &buffer, nullptr));
    bool detached = false;
    check(env, napi_is_detached_arraybuffer(env, buffer, &detached));
    return detached;
}

bool is_array_value(napi_env env, napi_value v) {
    std::uint32_t length;
    return array_length(env, v, &length);
}

namespace {
/// Makes a Buffer with the largest-typed-array and allocation checks of typed arrays.
constexpr std::size_t max_buffer_length = sizeof(void *) >= 8 ? (std::size_t(1) << 32) : 0x3fffffff;
void check_buffer_length(std::size_t size) {
    if (size > max_buffer_length)
        throw std::out_of_range("cannot create a Buffer of " + std::to_string(size) +
                                " bytes: the most a Buffer can have is " + std::to_string(max_buffer_length));
}
} // namespace

napi_value new_buffer(napi_env env, std::size_t size, void **data) {
    check_buffer_length(size);
    // Buffer.allocUnsafe semantics through JS for large sizes would keep a
    // RangeError; napi_create_buffer reports a failed allocation as an error status.
    napi_value b;
    check(env, napi_create_buffer(env, size, data, &b));
    return b;
}

napi_value adopt_buffer(napi_env env, std::vector<std::uint8_t> *owner) {
    std::unique_ptr<std::vector<std::uint8_t>> held(owner);
    check_buffer_length(owner->size());
    napi_value b;
#ifndef NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED
    if (!owner->empty()) {
        napi_status status = napi_create_external_buffer(
            env, owner->size(), owner->data(),
            [](napi_env, void *, void *hint) { delete static_cast<std::vector<std::uint8_t> *>(hint); }, owner, &b);
        if (status == napi_ok) {
            held.release();  // the Buffer's finalizer deletes it
            return b;
        }
        if (status != napi_no_external_buffers_allowed) throw_status(env, status);
    }
#endif
    // Where external memory is forbidden (Electron), or for nothing: a copy.
    void *copy = nullptr;
    check(env, napi_create_buffer_copy(env, owner->size(), owner->data(), &copy, &b));
    return b;
}

} // namespace detail
} // namespace tsbind
