// Layer 7: module initialisation and the per-environment state.
#include "internal.h"

namespace tsbind {
namespace detail {

namespace {
void finalize_state(napi_env env, void *data, void *) {
    if (cached_state.env == env) cached_state = {};
    delete static_cast<env_state *>(data);
}
} // namespace

TSBIND_FAST_TLS state_cache cached_state = {};

env_state *find_state(napi_env env) {
    void *data = nullptr;
    if (napi_get_instance_data(env, &data) != napi_ok || !data) return nullptr;
    cached_state = {env, static_cast<env_state *>(data)};
    return cached_state.state;
}

napi_value init_module(napi_env env, napi_value exports, const char *name, module_init_fn init) noexcept {
    return boundary(env, [&] {
        install_crash_handler();
        auto state = std::make_unique<env_state>(env, name);
        // Loading the same binary twice in one environment gives one instance
        // data slot: keep the earlier state alive inside the new one.
        env_state *previous = state_of(env);
        check(env, napi_set_instance_data(env, state.get(), finalize_state, nullptr));
        state->previous.reset(previous);
        env_state *raw = state.release();
        cached_state = {env, raw};
        init(env, exports, raw);
        freeze_enums(env, raw);
        add_describe(env, exports, raw);
        return exports;
    });
}

} // namespace detail
} // namespace tsbind
