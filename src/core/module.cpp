// Layer 7: module initialisation and the per-environment state.
#include "internal.h"

namespace tsbind {
namespace detail {

namespace {
void finalize_state(napi_env, void *data, void *) { delete static_cast<env_state *>(data); }
} // namespace

env_state *state_of(napi_env env) {
    void *data = nullptr;
    if (napi_get_instance_data(env, &data) != napi_ok) return nullptr;
    return static_cast<env_state *>(data);
}

napi_value init_module(napi_env env, napi_value exports, const char *name, module_init_fn init) noexcept {
    return boundary(env, [&] {
        install_crash_handler();
        auto state = std::make_unique<env_state>(env, name);
        // Loading the same binary twice in one environment gives one instance
        // data slot: keep the earlier state alive inside the new one.
        if (env_state *previous = state_of(env)) state->previous.reset(previous);
        check(env, napi_set_instance_data(env, state.get(), finalize_state, nullptr));
        env_state *raw = state.release();
        init(env, exports, raw);
        freeze_enums(env, raw);
        add_describe(env, exports, raw);
        return exports;
    });
}

} // namespace detail
} // namespace tsbind
