// Per-environment state: for the compiled core (and bind_vector), not for module code.
#pragma once

#include "core.h"
#include "instance_map.h"

#include <atomic>
#include <thread>
#include <typeindex>
#include <unordered_map>
#include <unordered_set>

namespace tsbind {
namespace detail {

struct name_table::impl : std::unordered_map<std::string, function_record *> {};

/// Whether an environment still lives, and its thread: shared with what C++
/// may keep beyond it (guarded_reference), which must then not touch it.
struct env_token {
    std::atomic<bool> alive{true};
    std::thread::id thread = std::this_thread::get_id();
    /// Every guarded_reference's reference still held (JS thread only): the
    /// environment deletes them as it ends, since Node leaves references it
    /// did not create for itself undeleted, and after that no one can.
    std::unordered_set<napi_ref> refs;
};

/// Per-environment state (Node-API instance data): one per module per
/// thread that loads it (main thread, each worker), never a global.
struct env_state {
    env_state(napi_env env, const char *module_name) : env(env), module_name(module_name) {}
    ~env_state() {
        for (napi_ref ref : token->refs) napi_delete_reference(env, ref);
        token->refs.clear();
        token->alive.store(false);
    }
    env_state(const env_state &) = delete;
    env_state &operator=(const env_state &) = delete;
    /// Cleared when the environment ends.
    std::shared_ptr<env_token> token = std::make_shared<env_token>();
    napi_env env;
    /// The name given to TSBIND_MODULE.
    std::string module_name;
    /// Every function record of this module in this environment.
    std::vector<std::unique_ptr<function_record>> functions;
    /// The module's functions (first overload of each) with the path of their
    /// scope ("" or a submodule's), in the order bound.
    std::vector<std::pair<function_record *, std::string>> module_functions;
    /// Module-level constants (`module_::attr`), in the order bound.
    struct constant {
        std::string name;
        std::string scope;
        type_sig type;
        std::string doc;
    };
    std::vector<constant> constants;
    /// Submodules (module_::def_submodule): their paths and docs, in the order made.
    std::vector<std::pair<std::string, std::string>> submodules;
    /// The one export of a module shaped as `module.exports = Database`
    /// (module_::default_export), or empty.
    std::string default_export;
    /// The core's JS helpers (js_helper_function), each made on first use.
    reference js_helpers[std::size_t(js_helper::count)];
    /// The JS layer's scratch buffer (a Float64Array's memory, kept alive by
    /// `scratch_buffer`): results of plain-object types of numbers are
    /// written here and built as objects in JS (js_layer.cpp). Null without.
    double *scratch = nullptr;
    reference scratch_buffer;
    string_arena strings;
    std::unordered_map<std::type_index, std::unique_ptr<type_record>> types;
    /// The bound classes in the order bound.
    std::vector<type_record *> type_order;
    /// Plain-object types and enums by C++ type, and in the order bound.
    std::unordered_map<std::type_index, std::unique_ptr<object_record>> objects;
    std::vector<object_record *> object_order;
    std::unordered_map<std::type_index, std::unique_ptr<enum_record>> enums;
    std::vector<enum_record *> enum_order;
    /// Registered exception types, in registration order (the last that matches wins).
    std::vector<std::unique_ptr<exception_translator>> translators;
    /// Where this environment's instances live; an unwrapped pointer is one
    /// of ours only if it is a live block here.
    instance_heap instances;
    /// Instances by the address of their C++ object, when it lies outside the
    /// instance (identity: one JS object per C++ object).
    instance_map by_address;
    /// The thread of this environment (trampolines call JS only from it).
    std::thread::id thread = std::this_thread::get_id();

    /// Set while C++ creates a JS object for an existing C++ object, so that
    /// the class constructor wraps it instead of running `init`.
    instance *pending_instance = nullptr;
    /// The `new.target` of the running class constructor (a JS subclass, or
    /// the class itself), or of the running function that takes a call_info.
    napi_value new_target = nullptr;
    /// While the JS layer's copies of bindings run (nested calls stack up):
    /// their bound objects (`this`, arguments) with the instances their
    /// handles named (checked, or null), which `unwrap` takes instead of
    /// asking napi_unwrap (js_layer.cpp).
    struct handle_hint {
        napi_value value = nullptr;
        struct instance *inst = nullptr;
    };
    handle_hint hints[16];
    std::uint8_t hint_count = 0;
    /// While the JS layer's class constructs an object (js_layer.cpp): the
    /// object, which gets no napi_wrap (its handle is kept in JS), and the
    /// instance made for it.
    napi_value js_self = nullptr;
    instance *js_made = nullptr;
    /// The JS layer's function that reads an object's handle (0 if none):
    /// how `unwrap` finds the instance of an object a JS class made.
    reference read_handle;
    /// The class layer's entry points for the JS layer, set when a class is
    /// bound: a module without classes links none of that code.
    napi_callback layer_construct = nullptr, layer_handle_of = nullptr;
    std::string (*layer_classes)(napi_env, napi_value, env_state &, napi_value) = nullptr;
    napi_callback (*layer_handle_callback)(const function_record &) = nullptr;
    /// While a callback's arguments are converted: where new wrappers made
    /// for C++ pointers go, to be detached when it returns (lend_scope).
    std::vector<instance *> *lending = nullptr;
    /// An earlier state of the same module in the same environment (a module
    /// loaded twice); kept alive with this one.
    std::unique_ptr<env_state> previous;
};


} // namespace detail
} // namespace tsbind
