// The JS layer's native side that runs on every call (js_layer.cpp makes
// the layer at init): calls whose bound objects come as handles, results
// written to the scratch buffer, and finding the instances of objects the
// layer's classes made.
#include "internal.h"

#include <array>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace tsbind {
namespace detail {

namespace {

/// The instance `handle` names, if the instance heap says it names one of
/// this environment's live blocks; else null (the call then unwraps). Only the layer
/// sets `#h`, to the handle of the object's own instance, whose header lives
/// until the object is collected (disposed, its `value` is null): so the
/// handle of a live `this` always names its own instance. The heap check
/// holds that up should anything else ever reach here.
instance *instance_at(const env_state *state, double number) {
    if (!state || !(number >= 1 && number < 0x1p30)) return nullptr;
    auto n = static_cast<std::uint32_t>(number);
    return double(n) == number ? static_cast<instance *>(state->instances.block_numbered(n)) : nullptr;
}

instance *instance_of_handle(napi_env env, const env_state *state, napi_value handle) {
    double number;
    return napi_get_value_double(env, handle, &number) == napi_ok ? instance_at(state, number) : nullptr;
}

/// `value` as the receiver of a native function: primitives boxed,
/// null and undefined the global object.
TSBIND_NOINLINE napi_value as_receiver(napi_env env, napi_value value) {
    napi_valuetype kind;
    napi_value out = value;
    if (napi_typeof(env, value, &kind) != napi_ok || kind == napi_object || kind == napi_function) return value;
    if (kind == napi_undefined || kind == napi_null)
        napi_get_global(env, &out);
    else
        napi_coerce_to_object(env, value, &out);
    return out;
}

} // namespace

/// The handle of an object's instance (a number), or 0 when it is not a
/// live instance of this module: the layer keeps it in `#h`.
napi_value handle_of(napi_env env, napi_callback_info info) {
    napi_value object, result = nullptr;
    size_t argc = 1;
    if (napi_get_cb_info(env, info, &argc, &object, nullptr, nullptr) != napi_ok || argc != 1) return nullptr;
    instance *inst = unwrap(env, state_of(env), object);
    napi_create_uint32(env, inst && inst->value ? inst->state->instances.number_of(inst) : 0, &result);
    return result;
}

namespace {

/// A call whose bound objects came with their handles (in the scratch
/// buffer), with exactly the binding's arguments after a method's `this`.
napi_value call_with_handles(napi_env env, const function_record *rec, napi_value *argv) {
    env_state *state = rec->state;
    size_t skip = rec->is_method ? 1 : 0, base = state->hint_count, count = rec->handle_count;
    napi_value self = skip ? argv[0] : nullptr;
    if (base + count > std::size(state->hints)) return dispatch(env, rec, argv + skip, rec->nargs, self);  // the ordinary path
    // No handle for `this`: as a native method sees it (a sloppy-mode
    // receiver), for the same errors.
    if (skip && count && rec->handle_of[0] < 0 && state->scratch[0] == 0) self = as_receiver(env, self);
    for (size_t i = 0; i < count; ++i)
        state->hints[base + i] = {rec->handle_of[i] < 0 ? self : argv[skip + size_t(rec->handle_of[i])],
                                  instance_at(state, state->scratch[i])};
    state->hint_count = std::uint8_t(base + count);
    napi_value result = dispatch(env, rec, argv + skip, rec->nargs, self);
    state->hint_count = std::uint8_t(base);
    return result;
}

/// Another argument count than the layer passes: the ordinary path, without hints.
TSBIND_NOINLINE napi_value call_without_handles(napi_env env, napi_callback_info info, const function_record *rec,
                                                size_t argc) {
    std::vector<napi_value> argv(argc);
    if (napi_get_cb_info(env, info, &argc, argv.data(), nullptr, nullptr) != napi_ok) return nullptr;
    size_t skip = rec->is_method && argc ? 1 : 0;
    return dispatch(env, rec, argv.data() + skip, argc - skip, skip ? argv[0] : nullptr);
}

/// The napi_callback of the layer's copies of bindings whose bound objects
/// come with their handles: the layer writes the handles into the scratch
/// buffer, and passes a method's `this` as the first argument (a plain call
/// is the one the compiler makes fastest), then exactly the binding's
/// arguments: `Slots` values, so that napi_get_cb_info fills no more.
/// `unwrap` finds those instances in the state's hints instead of asking
/// napi_unwrap.
template <size_t Slots>
napi_value handle_call_callback(napi_env env, napi_callback_info info) {
    napi_value argv[Slots == 0 ? 1 : Slots];
    size_t argc = Slots;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
    auto *rec = static_cast<const function_record *>(data);
    if (TSBIND_UNLIKELY(argc != Slots)) return call_without_handles(env, info, rec, argc);
    return call_with_handles(env, rec, argv);
}

template <size_t... Slots>
constexpr std::array<napi_callback, sizeof...(Slots)> handle_callback_table(std::index_sequence<Slots...>) {
    return {{&handle_call_callback<Slots>...}};
}
constexpr auto handle_callbacks = handle_callback_table(std::make_index_sequence<stack_args + 2>());

} // namespace

napi_callback handle_callback_for(const function_record &rec) {
    return handle_callbacks[(rec.is_method ? 1 : 0) + rec.nargs];
}

instance *instance_of_layer_object(napi_env env, const env_state *state, napi_value value) {
    napi_valuetype kind;
    napi_value read, undefined, handle;
    if (napi_typeof(env, value, &kind) != napi_ok || (kind != napi_object && kind != napi_function) ||
        napi_get_reference_value(env, state->read_handle.get(), &read) != napi_ok || !read ||
        napi_get_undefined(env, &undefined) != napi_ok ||
        napi_call_function(env, undefined, read, 1, &value, &handle) != napi_ok)
        return nullptr;
    instance *inst = instance_of_handle(env, state, handle);
    return inst && inst->js_made ? inst : nullptr;
}

double *scratch_of(const function_record &rec) { return rec.state->scratch; }

napi_value write_scratch(const function_record &rec, const void *object) {
    double *out = rec.state->scratch;
    for (const field_record &field : rec.result_to_scratch->fields) *out++ = field.to_double(object, field.member.get());
    return nullptr;
}

} // namespace detail
} // namespace tsbind
