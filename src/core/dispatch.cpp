// Layer 3: the one dispatcher behind every bound function, method and
// constructor, and the boundary where C++ exceptions stop.
//
// The fast path, a single overload called with exactly its parameters, does
// one napi_get_cb_info and hands the arguments to the record's impl: no
// copies, no type checks beyond the converting calls themselves. Everything
// else (defaults, overloads, failure messages) is in overloads.cpp, built
// for size.
#include "internal.h"

#include <array>
#include <utility>
#include <vector>

namespace tsbind {
namespace detail {

namespace {

/// The fast path: one overload, called with exactly its parameters.
inline napi_value call_single(napi_env env, const function_record &rec, napi_value *argv, size_t argc,
                              napi_value self) {
    // Without defaults, a left-out omittable parameter is already `undefined`
    // in the callback's slots: only defaults and wrong counts need call_prepared.
    if (TSBIND_UNLIKELY(argc != rec.nargs || rec.nargs_required != rec.nargs) &&
        !(rec.omitted_are_undefined && argc <= rec.nargs && argc >= rec.nargs_required))
        return call_prepared(env, rec, argv, argc, self);
    function_call call{env, &rec, argv, self, nullptr, 0, nullptr, argc};
    napi_value result = finish(call, rec.impl(call));
    if (TSBIND_LIKELY(result != try_next_overload())) return result;
    return call_prepared(env, rec, argv, argc, self);
}

/// Arguments beyond a callback's slots: fetch them all into the heap.
TSBIND_NOINLINE napi_value dispatch_many(napi_env env, napi_callback_info info, const function_record *rec,
                                         size_t argc, napi_value self) {
    std::vector<napi_value> many(argc);
    if (napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) != napi_ok) return nullptr;
    return dispatch(env, rec, many.data(), argc, self);
}

/// The napi_callback of bound functions with N parameters (`data` is the
/// record). N sized slots make napi_get_cb_info fill no more than needed, and
/// free functions do not ask for `this`.
template <size_t N, bool WithThis>
napi_value function_callback(napi_env env, napi_callback_info info) {
    napi_value argv[N == 0 ? 1 : N];
    size_t argc = N;
    napi_value self = nullptr;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, WithThis ? &self : nullptr, &data) != napi_ok) return nullptr;
    auto *rec = static_cast<const function_record *>(data);
    if (TSBIND_UNLIKELY(argc > N)) return dispatch_many(env, info, rec, argc, self);
    return dispatch(env, rec, argv, argc, self);
}

/// The napi_callback of bound functions that take a tsbind::call_info: they
/// also see `new.target` (kept in the environment's state while they run).
template <bool WithThis>
napi_value new_target_callback(napi_env env, napi_callback_info info) {
    napi_value argv[stack_args], self = nullptr, new_target = nullptr;
    size_t argc = stack_args;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, WithThis ? &self : nullptr, &data) != napi_ok) return nullptr;
    if (napi_get_new_target(env, info, &new_target) != napi_ok) return nullptr;
    auto *rec = static_cast<const function_record *>(data);
    env_state *state = state_of(env);
    if (!state) return nullptr;
    napi_value outer = std::exchange(state->new_target, new_target);
    napi_value result = argc > stack_args ? dispatch_many(env, info, rec, argc, self) : dispatch(env, rec, argv, argc, self);
    state->new_target = outer;
    return result;
}

template <bool WithThis, size_t... Ns>
constexpr std::array<napi_callback, sizeof...(Ns)> callback_table(std::index_sequence<Ns...>) {
    return {{&function_callback<Ns, WithThis>...}};
}
constexpr auto function_callbacks = callback_table<false>(std::make_index_sequence<stack_args + 1>());
constexpr auto method_callbacks = callback_table<true>(std::make_index_sequence<stack_args + 1>());

} // namespace

napi_value dispatch(napi_env env, const function_record *rec, napi_value *argv, size_t argc,
                    napi_value self) noexcept {
    running_call_scope running(rec);
    return boundary(env, [&]() -> napi_value {
        try {
            if (TSBIND_LIKELY(!rec->next)) return call_single(env, *rec, argv, argc, self);
            return call_overloads(env, *rec, argv, argc, self);
        } catch (const argument_error &e) {
            report_argument_error(env, *rec, argv, argc, self, e);
            return nullptr;
        }
    });
}

napi_callback callback_for(const function_record &rec) {
    if (rec.wants_new_target) return rec.is_method ? &new_target_callback<true> : &new_target_callback<false>;
    size_t slots = rec.nargs < stack_args ? rec.nargs : stack_args;
    return rec.is_method ? method_callbacks[slots] : function_callbacks[slots];
}

} // namespace detail
} // namespace tsbind
