// Reading JS arrays, including Proxies of arrays (which V8's IsArray, and so
// napi_is_array, does not recognise but Array.isArray does).
#include "internal.h"

#include <cmath>
#include <cstring>

namespace tsbind {
namespace detail {

bool array_length(napi_env env, napi_value value, uint32_t *length) {
    bool is_array = false;
    check(env, napi_is_array(env, value, &is_array));
    if (TSBIND_LIKELY(is_array)) {
        check(env, napi_get_array_length(env, value, length));
        return true;
    }
    napi_valuetype type;
    check(env, napi_typeof(env, value, &type));
    if (type != napi_object) return false;
    // Not a plain Array: ask Array.isArray, which sees through Proxies.
    napi_value global, array_ctor, is_array_fn, result, length_value;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Array", &array_ctor));
    check(env, napi_get_named_property(env, array_ctor, "isArray", &is_array_fn));
    check(env, napi_call_function(env, array_ctor, is_array_fn, 1, &value, &result));
    check(env, napi_get_value_bool(env, result, &is_array));
    if (!is_array) return false;
    check(env, napi_get_named_property(env, value, "length", &length_value));
    double d = 0;
    if (napi_get_value_double(env, length_value, &d) != napi_ok || !(d >= 0 && d <= 4294967295.0) ||
        d != std::trunc(d))
        return false;
    *length = static_cast<uint32_t>(d);
    return true;
}

} // namespace detail
} // namespace tsbind

// ---- Typed arrays ---------------------------------------------------------

namespace tsbind {
namespace detail {

namespace {

/// Bytes per element, by napi_typedarray_type (int8 ... biguint64).
std::size_t element_size(napi_typedarray_type type) {
    static constexpr unsigned char sizes[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8};
    return type < sizeof sizes ? sizes[type] : 1;
}

/// Whether an empty view is empty because its buffer was detached; says so in `failure`.
bool detached(napi_env env, napi_value value, napi_value buffer, load_failure *failure) {
    bool is_detached = false;
    check(env, napi_is_detached_arraybuffer(env, buffer, &is_detached));
    if (is_detached && failure) {
        failure->what = load_failure::kind::type_error;
        std::string what = describe_value(env, value);
        failure->message = value == buffer ? "is a detached " + what : "is " + with_article(what) + " whose buffer is detached";
    }
    return is_detached;
}

/// DataViews and ArrayBuffers, as bytes.
bool load_byte_buffer(napi_env env, napi_value value, void **data, std::size_t *length, load_failure *failure) {
    bool is = false;
    check(env, napi_is_dataview(env, value, &is));
    if (is) {
        napi_value buffer;
        check(env, napi_get_dataview_info(env, value, length, data, &buffer, nullptr));
        return *length != 0 || !detached(env, value, buffer, failure);
    }
    check(env, napi_is_arraybuffer(env, value, &is));
    if (is) {
        check(env, napi_get_arraybuffer_info(env, value, data, length));
        return *length != 0 || !detached(env, value, value, failure);
    }
    return false;
}

} // namespace

bool load_typed_array(napi_env env, napi_value value, unsigned accepted, bool bytes, void **data,
                      std::size_t *length, load_failure *failure) {
    napi_typedarray_type type;
    // One call both checks and reads: anything but a typed array is napi_invalid_arg.
    napi_status status = napi_get_typedarray_info(env, value, &type, length, data, nullptr, nullptr);
    if (TSBIND_LIKELY(status == napi_ok)) {
        if (!bytes && !((accepted >> type) & 1u)) return false;
        if (TSBIND_UNLIKELY(*length == 0)) {
            napi_value buffer;
            check(env, napi_get_typedarray_info(env, value, nullptr, nullptr, nullptr, &buffer, nullptr));
            if (detached(env, value, buffer, failure)) return false;
        }
        if (bytes) *length *= element_size(type);
        return true;
    }
    if (status != napi_invalid_arg) throw_status(env, status);
    return bytes && load_byte_buffer(env, value, data, length, failure);
}

napi_value new_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void **data) {
    napi_value buffer, array;
    // V8 zero-fills new ArrayBuffers.
    check(env, napi_create_arraybuffer(env, length * element_size(type), data, &buffer));
    check(env, napi_create_typedarray(env, type, length, buffer, 0, &array));
    return array;
}

napi_value adopt_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void *data,
                             napi_finalize finalize, void *hint) {
    napi_value buffer = nullptr, array;
    napi_status status = napi_invalid_arg;
    // An empty vector may have no memory at all; an empty JS buffer needs none.
    if (length != 0) status = napi_create_external_arraybuffer(env, data, length * element_size(type), finalize, hint, &buffer);
    if (status != napi_ok) {
        if (length != 0 && status != napi_no_external_buffers_allowed) {
            finalize(env, data, hint);
            throw_status(env, status);
        }
        void *copy = nullptr;
        napi_status created = napi_create_arraybuffer(env, length * element_size(type), &copy, &buffer);
        if (created == napi_ok && length != 0) std::memcpy(copy, data, length * element_size(type));
        finalize(env, data, hint);
        check(env, created);
    }
    check(env, napi_create_typedarray(env, type, length, buffer, 0, &array));
    return array;
}

} // namespace detail
} // namespace tsbind

// ---- Collections: Map, Set, Date through their global classes ---------------

namespace tsbind {
namespace detail {

namespace {
napi_value global_property(napi_env env, const char *name) {
    napi_value global, value;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, name, &value));
    return value;
}
} // namespace

bool is_instance_of_global(napi_env env, napi_value value, const char *name) {
    napi_valuetype type;
    check(env, napi_typeof(env, value, &type));
    if (type != napi_object) return false;
    bool result = false;
    check(env, napi_instanceof(env, value, global_property(env, name), &result));
    return result;
}

napi_value new_global(napi_env env, const char *name) {
    napi_value result;
    check(env, napi_new_instance(env, global_property(env, name), 0, nullptr, &result));
    return result;
}

napi_value array_from(napi_env env, napi_value value) {
    napi_value array_class = global_property(env, "Array"), from, result;
    check(env, napi_get_named_property(env, array_class, "from", &from));
    check(env, napi_call_function(env, array_class, from, 1, &value, &result));
    return result;
}

napi_value call_method(napi_env env, napi_value object, const char *name, size_t argc, const napi_value *argv) {
    napi_value method, result;
    check(env, napi_get_named_property(env, object, name, &method));
    check(env, napi_call_function(env, object, method, argc, argv, &result));
    return result;
}

void fail_length(load_failure *failure, size_t expected, size_t length) {
    failure->what = load_failure::kind::type_error;
    failure->message = "must have " + std::to_string(expected) + (expected == 1 ? " element" : " elements") +
                       ", got " + std::to_string(length);
}

} // namespace detail
} // namespace tsbind
