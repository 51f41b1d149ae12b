// Declarations shared between the compiled core's files (not for users).
#pragma once

#include <tsbind/detail/core.h>
#include <tsbind/detail/env_state.h>

#include <string>

namespace tsbind {
namespace detail {

/// Code that runs once at load or only on failure: optimized for size and
/// kept apart from the hot path (GCC and Clang optimize `cold` functions for size).
#if defined(__GNUC__)
#define TSBIND_COLD __attribute__((cold))
#else
#define TSBIND_COLD
#endif

/// Arguments a callback keeps on its stack; more are fetched into the heap.
constexpr size_t stack_args = 8;

/// Runs `body` as a boundary that no C++ exception crosses: whatever it
/// throws becomes a pending JS exception (a js_error its original JS value)
/// and the result is null.
template <typename Body>
napi_value boundary(napi_env env, Body &&body) noexcept {
    try {
        return body();
    } catch (const js_error &e) {
        e.restore();
    } catch (const std::exception &e) {
        translate_exception(env, &e);
    } catch (...) {
        translate_exception(env, nullptr);
    }
    return nullptr;
}

/// Adds `rec` to the overload chain of the function of the same name in
/// `by_name` and returns true; or, when there is none, enters it and
/// returns false (the caller then creates the JS function).
bool chain_overload(std::unordered_map<std::string, function_record *> &by_name, function_record *rec);

/// Adds exports[Symbol.for('tsbind.describe')](), the module's description.
void add_describe(napi_env env, napi_value exports, env_state *state);
/// Puts the module's JS layer in front of the bindings it speeds up (js_layer.cpp).
void install_js_layer(napi_env env, napi_value exports, env_state &state);
/// The instance behind `value`, or null if it is not an object of this module.
instance *unwrap(napi_env env, const env_state *state, napi_value value);
/// The instance of an object the JS layer's class made, from the handle the
/// layer keeps in it; null for anything else (js_layer.cpp).
instance *instance_of_layer_object(napi_env env, const env_state *state, napi_value value);
/// The finalizer of instances (napi_wrap's, or napi_add_finalizer's for the
/// JS layer's objects); data is the instance.
void finalize_instance(napi_env env, void *data, void *hint);
napi_value layer_construct_callback(napi_env env, napi_callback_info info);
/// The JS layer's native entry points (layer_calls.cpp): an object's handle
/// (0 if none), and the callback of `rec`'s copy whose bound objects come as
/// handles (at most stack_args parameters).
napi_value handle_of(napi_env env, napi_callback_info info);
napi_callback handle_callback_for(const function_record &rec);
/// The JS layer's classes (js_layer.cpp): their source, and in `class_list`
/// what it takes, per bound class.
std::string layer_classes(napi_env env, napi_value exports, env_state &state, napi_value class_list);

/// A call whose arguments need defaults filled in or a count check, or
/// whose arguments did not convert (it then writes the error).
napi_value call_prepared(napi_env env, const function_record &rec, napi_value *argv, size_t argc, napi_value self);
/// A call of a function with several overloads: the first that takes the arguments.
napi_value call_overloads(napi_env env, const function_record &first, napi_value *argv, size_t argc, napi_value self);
/// The error for a call that was given a disposed object (`e`): names the
/// argument when it is one of the call's own values, not an element.
void report_argument_error(napi_env env, const function_record &rec, napi_value *argv, size_t argc, napi_value self,
                           const argument_error &e) noexcept;
/// Applies the record's keep_alive<Nurse, Patient> pairs to a call that returned `result`.
napi_value apply_keep_alive(const function_call &call, napi_value result);

/// A call's result, after the binding's keep_alive pairs (usually none) are applied.
inline napi_value finish(const function_call &call, napi_value result) {
    if (TSBIND_LIKELY(call.rec->keep_alive.empty()) || result == try_next_overload()) return result;
    return apply_keep_alive(call, result);
}

/// Runs a call of `rec` (and its overloads) with the given JS arguments.
/// Never throws: failures become pending JS exceptions and a null result.
napi_value dispatch(napi_env env, const function_record *rec, napi_value *argv, size_t argc, napi_value self) noexcept;

/// Makes a JS error of the given kind pending (TypeError, RangeError, Error).
void set_error(napi_env env, load_failure::kind kind, const std::string &message) noexcept;

/// "name(a: number, b?: string): boolean", for messages and overload lists.
std::string format_signature(const function_record &rec);
/// "Matrix.get" for methods, "add" for functions.
std::string qualified_name(const function_record &rec);
/// How a value looks in "got ..." (string, number, Array, Matrix, null, ...).
std::string describe_value(napi_env env, napi_value value);

/// "a Matrix", "an Array<number>": a type name with its article.
std::string with_article(const std::string &type);

/// Throws std::logic_error when `type` is already bound in the module, as a
/// class, a plain-object type or an enum: one C++ type has one JS meaning.
/// `binder` names the call for the message ("class_", "object_", "enum_").
void check_not_bound(const env_state *state, const std::type_info &type, const char *binder, const char *name);

/// The bound plain-object type for a C++ type, or null (objects.cpp).
const object_record *plain_object_type(const env_state *state, const std::type_info &type);
/// A plain JS object with the fields of `src`.
napi_value plain_object_to_js(napi_env env, const object_record &rec, const void *src);
/// The JS name of a bound enum or plain-object type, or null.
const std::string *other_type_name(const env_state *state, const std::type_info &type);
// A thread-local without C++ dynamic initialisation (so no wrapper call) and,
// on ELF, in the initial-exec model: a plain load and store in every call.
#if defined(__GNUC__) && !defined(_WIN32)
#define TSBIND_FAST_TLS __thread __attribute__((tls_model("initial-exec")))
#else
#define TSBIND_FAST_TLS thread_local
#endif

/// The bound function running on this thread (null: none), for crash reports (crash.cpp).
extern TSBIND_FAST_TLS const function_record *running_call;

/// The last environment whose state this thread looked up: a JS thread runs
/// one environment, so this spares napi_get_instance_data (a call through
/// the PLT) on every unwrap. Cleared when the state is deleted.
struct state_cache {
    napi_env env;
    env_state *state;
};
extern TSBIND_FAST_TLS state_cache cached_state;

/// Looks up the environment's state in its instance data (state_of's slow path).
env_state *find_state(napi_env env);

/// The env_state of the call in progress is reached through records; this
/// finds it from the environment where no record is at hand.
inline env_state *state_of(napi_env env) {
    if (TSBIND_LIKELY(cached_state.env == env)) return cached_state.state;
    return find_state(env);
}

/// Installs the fatal-signal handler that reports the running bound function (once per process).
void install_crash_handler() noexcept;

/// The bound function running on this thread, for the length of a scope.
class running_call_scope {
public:
    explicit running_call_scope(const function_record *rec) noexcept : previous_(running_call) { running_call = rec; }
    ~running_call_scope() { running_call = previous_; }
    running_call_scope(const running_call_scope &) = delete;
    running_call_scope &operator=(const running_call_scope &) = delete;

private:
    const function_record *previous_;
};

/// Freezes the module's enum objects once it is initialised.
void freeze_enums(napi_env env, env_state *state);

/// The napi_callback for a bound function or method: one per parameter
/// count and per whether it needs `this`.
napi_callback callback_for(const function_record &rec);

} // namespace detail
} // namespace tsbind
