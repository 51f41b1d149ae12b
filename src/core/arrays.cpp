// Reading JS arrays, including Proxies of arrays (which V8's IsArray, and so
// napi_is_array, does not recognise but Array.isArray does).
#include "internal.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

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

TSBIND_COLD iterated iterate_object(napi_env env, napi_value value,
                                    bool (*each)(void *, napi_value, std::uint32_t), void *context,
                                    bool scope_per_element) {
    napi_valuetype type;
    check(env, napi_typeof(env, value, &type));
    if (type != napi_object && type != napi_function) return iterated::not_iterable;
    // An Array (or Proxy of one) that array_length refused has a length that
    // lies: it is not read another way.
    napi_value array_ctor, is_array_fn, answer;
    bool is_array = false;
    check(env, napi_get_global(env, &array_ctor));
    check(env, napi_get_named_property(env, array_ctor, "Array", &array_ctor));
    check(env, napi_get_named_property(env, array_ctor, "isArray", &is_array_fn));
    check(env, napi_call_function(env, array_ctor, is_array_fn, 1, &value, &answer));
    check(env, napi_get_value_bool(env, answer, &is_array));
    if (is_array) return iterated::not_iterable;
    // A typed array is taken only where its exact kind is (a view of its
    // memory), never element by element as another kind.
    bool is_view = false;
    check(env, napi_is_typedarray(env, value, &is_view));
    if (!is_view) check(env, napi_is_dataview(env, value, &is_view));
    if (is_view) return iterated::not_iterable;
    napi_value global, symbol_ctor, key, method, iterator, next;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Symbol", &symbol_ctor));
    check(env, napi_get_named_property(env, symbol_ctor, "iterator", &key));
    check(env, napi_get_property(env, value, key, &method));
    check(env, napi_typeof(env, method, &type));
    if (type != napi_function) return iterated::not_iterable;
    check(env, napi_call_function(env, value, method, 0, nullptr, &iterator));
    check(env, napi_typeof(env, iterator, &type));
    if (type != napi_object && type != napi_function)
        throw std::invalid_argument("the iterator of an iterable must be an object");
    check(env, napi_get_named_property(env, iterator, "next", &next));
    for (std::uint32_t index = 0;; ++index) {
        std::optional<handle_scope> scope;
        if (scope_per_element) scope.emplace(env);
        napi_value step, done, element;
        check(env, napi_call_function(env, iterator, next, 0, nullptr, &step));
        check(env, napi_typeof(env, step, &type));
        if (type != napi_object && type != napi_function)
            throw std::invalid_argument("an iterator's next() must return an object");
        check(env, napi_get_named_property(env, step, "done", &done));
        bool finished = false;
        check(env, napi_coerce_to_bool(env, done, &done));
        check(env, napi_get_value_bool(env, done, &finished));
        if (finished) return iterated::done;
        check(env, napi_get_named_property(env, step, "value", &element));
        if (!each(context, element, index)) {
            // Stopped early: let the iterator clean up (a generator's finally).
            napi_value close, ignored;
            check(env, napi_get_named_property(env, iterator, "return", &close));
            check(env, napi_typeof(env, close, &type));
            if (type == napi_function) check(env, napi_call_function(env, iterator, close, 0, nullptr, &ignored));
            return iterated::stopped;
        }
        if (index == UINT32_MAX) throw std::range_error("an iterable of more than 2^32 elements");
    }
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

/// Whether `value` is a SharedArrayBuffer, asked without running any JS of
/// the value's (a Proxy's traps, a toStringTag getter): the SharedArrayBuffer
/// byteLength getter accepts only real ones (js_helper::is_shared_array_buffer).
bool is_shared_array_buffer(napi_env env, napi_value value) {
    napi_valuetype type;
    check(env, napi_typeof(env, value, &type));
    if (type != napi_object) return false;
    napi_value fn = js_helper_function(env, js_helper::is_shared_array_buffer), undefined, result;
    bool is = false;
    check(env, napi_get_undefined(env, &undefined));
    check(env, napi_call_function(env, undefined, fn, 1, &value, &result));
    check(env, napi_get_value_bool(env, result, &is));
    return is;
}

/// DataViews (with `any`), ArrayBuffers and SharedArrayBuffers, as bytes. A
/// detached buffer has no memory and a length of 0: it reads as empty.
bool load_byte_buffer(napi_env env, napi_value value, byte_sources sources, void **data, std::size_t *length) {
    bool is = false;
    if (sources == byte_sources::any) {
        check(env, napi_is_dataview(env, value, &is));
        if (is) {
            check(env, napi_get_dataview_info(env, value, length, data, nullptr, nullptr));
            return true;
        }
    }
    check(env, napi_is_arraybuffer(env, value, &is));
    if (is) {
        check(env, napi_get_arraybuffer_info(env, value, data, length));
        return true;
    }
    // Node-API 8 has no call for a SharedArrayBuffer: a Uint8Array over it has its memory.
    if (!is_shared_array_buffer(env, value)) return false;
    napi_value view, uint8_array;
    napi_value global;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Uint8Array", &uint8_array));
    check(env, napi_new_instance(env, uint8_array, 1, &value, &view));
    check(env, napi_get_typedarray_info(env, view, nullptr, length, data, nullptr, nullptr));
    return true;
}

} // namespace

bool load_typed_array(napi_env env, napi_value value, unsigned accepted, byte_sources sources, void **data,
                      std::size_t *length, load_failure *failure) {
    napi_typedarray_type type;
    // One call both checks and reads: anything but a typed array is napi_invalid_arg.
    napi_status status = napi_get_typedarray_info(env, value, &type, length, data, nullptr, nullptr);
    if (TSBIND_LIKELY(status == napi_ok)) {
        bool any = sources == byte_sources::any;
        if (!any && !((accepted >> type) & 1u)) return false;
        // Bytes of a detached buffer read as empty; a view of numbers says it is detached.
        if (TSBIND_UNLIKELY(*length == 0) && sources == byte_sources::none) {
            napi_value buffer;
            check(env, napi_get_typedarray_info(env, value, nullptr, nullptr, nullptr, &buffer, nullptr));
            if (detached(env, value, buffer, failure)) return false;
        }
        if (any) *length *= element_size(type);
        return true;
    }
    if (status != napi_invalid_arg) throw_status(env, status);
    return sources != byte_sources::none && load_byte_buffer(env, value, sources, data, length);
}

namespace {
/// The most elements a typed array may have (V8's limit on 64-bit systems;
/// `new Int8Array(2 ** 32 + 1)` is a RangeError).
constexpr std::size_t max_typed_array_length = sizeof(void *) >= 8 ? (std::size_t(1) << 32) : 0x3fffffff;
/// From this size on, a new buffer is made by the JS constructor: V8 ends the
/// process when napi_create_arraybuffer cannot get the memory, where
/// `new ArrayBuffer(n)` throws a RangeError.
constexpr std::size_t large_buffer = std::size_t(1) << 24;

void check_typed_array_length(std::size_t length) {
    if (length > max_typed_array_length)
        throw std::out_of_range("cannot create a typed array of " + std::to_string(length) +
                                " elements: the most a typed array can have is " +
                                std::to_string(max_typed_array_length));
}
} // namespace

namespace {
/// A new zero-filled ArrayBuffer of `bytes` (see large_buffer).
napi_value new_buffer(napi_env env, std::size_t bytes, void **data) {
    napi_value buffer;
    if (bytes < large_buffer) {
        check(env, napi_create_arraybuffer(env, bytes, data, &buffer));  // V8 zero-fills it
        return buffer;
    }
    napi_value global, ctor, size;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "ArrayBuffer", &ctor));
    check(env, napi_create_double(env, double(bytes), &size));
    check(env, napi_new_instance(env, ctor, 1, &size, &buffer));  // a RangeError if it cannot be had
    check(env, napi_get_arraybuffer_info(env, buffer, data, nullptr));
    return buffer;
}
} // namespace

napi_value new_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void **data) {
    check_typed_array_length(length);
    // Cannot overflow: length is at most 2^32.
    napi_value buffer = new_buffer(env, length * element_size(type), data), array;
    check(env, napi_create_typedarray(env, type, length, buffer, 0, &array));
    return array;
}

napi_value adopt_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void *data,
                             napi_finalize finalize, void *hint) {
    if (length > max_typed_array_length) {
        finalize(env, data, hint);
        check_typed_array_length(length);
    }
    napi_value buffer = nullptr, array;
    napi_status status = napi_no_external_buffers_allowed;
#ifndef NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED
    // An empty vector may have no memory at all; an empty JS buffer needs none.
    if (length != 0)
        status = napi_create_external_arraybuffer(env, data, length * element_size(type), finalize, hint, &buffer);
#endif
    if (status != napi_ok) {
        if (length != 0 && status != napi_no_external_buffers_allowed) {
            finalize(env, data, hint);
            throw_status(env, status);
        }
        // Where external buffers are forbidden (Electron), or for nothing: a copy.
        void *copy = nullptr;
        try {
            buffer = new_buffer(env, length * element_size(type), &copy);
        } catch (...) {
            finalize(env, data, hint);
            throw;
        }
        if (length != 0) std::memcpy(copy, data, length * element_size(type));
        finalize(env, data, hint);
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
