// Reading JS arrays, including Proxies of arrays (which V8's IsArray, and so
// napi_is_array, does not recognise but Array.isArray does).
#include "internal.h"

#include <cmath>

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
