// Layer 7: module initialisation and the per-environment state.
#include "internal.h"

#include <algorithm>

namespace tsbind {
namespace detail {

namespace {
void finalize_state(napi_env env, void *data, void *) {
    if (cached_state.env == env) cached_state = {};
    delete static_cast<env_state *>(data);
}
/// `prefix.path` for a path outside `prefix` (a top-level item becomes a
/// property of the default export); the default export itself stays.
void move_under(std::string &path, const std::string &prefix) {
    if (path == prefix || path.compare(0, prefix.size() + 1, prefix + ".") == 0) return;
    path = path.empty() ? prefix : prefix + "." + path;
}

/// Makes the default export the module's export: every other export becomes
/// a property of it, and the records' paths say so (types and messages).
napi_value make_default_export(napi_env env, napi_value exports, env_state &state) {
    const std::string &name = state.default_export;
    napi_value target, keys;
    napi_valuetype kind;
    check(env, napi_get_named_property(env, exports, name.c_str(), &target));
    check(env, napi_typeof(env, target, &kind));
    if (kind != napi_function)
        throw std::logic_error("default_export: '" + name + "' is not a class or function of the module");
    check(env, napi_get_property_names(env, exports, &keys));
    uint32_t count;
    check(env, napi_get_array_length(env, keys, &count));
    for (uint32_t i = 0; i < count; ++i) {
        napi_value key, value;
        bool same, taken;
        check(env, napi_get_element(env, keys, i, &key));
        check(env, napi_get_property(env, exports, key, &value));
        check(env, napi_strict_equals(env, value, target, &same));
        if (same) continue;
        check(env, napi_has_own_property(env, target, key, &taken));
        if (taken) {
            size_t length;
            char text[256];
            check(env, napi_get_value_string_utf8(env, key, text, sizeof text, &length));
            throw std::logic_error("default_export: '" + name + "' already has a property '" + text +
                                   "': bind the export of that name under another name");
        }
        napi_property_descriptor prop{nullptr, key, nullptr, nullptr, nullptr, value, napi_enumerable, nullptr};
        check(env, napi_define_properties(env, target, 1, &prop));
    }
    std::vector<std::string> exception_paths;
    for (const auto &t : state.translators) exception_paths.push_back(t->path);
    for (auto &[type, rec] : state.types) move_under(rec->path, name);
    for (auto &[type, rec] : state.objects) move_under(rec->path, name);
    for (auto &[type, rec] : state.enums) move_under(rec->path, name);
    for (auto &t : state.translators) {
        move_under(t->path, name);
        // A base that is a registered class moves with it; a built-in one stays.
        if (std::find(exception_paths.begin(), exception_paths.end(), t->base) != exception_paths.end())
            move_under(t->base, name);
    }
    for (auto &[fn, scope] : state.module_functions)
        if (!(scope.empty() && fn->name == name)) move_under(scope, name);
    for (auto &c : state.constants) move_under(c.scope, name);
    for (auto &[path, doc] : state.submodules) move_under(path, name);
    return target;
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
        install_js_layer(env, exports, *raw);
        if (!raw->default_export.empty()) exports = make_default_export(env, exports, *raw);
        freeze_enums(env, raw);
        add_describe(env, exports, raw);
        return exports;
    });
}

} // namespace detail
} // namespace tsbind
