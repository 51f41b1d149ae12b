// Layer 4: bound classes at run time: the JS class, wrapping C++ objects in
// JS objects, unwrapping them safely, dispose, and finalization.
//
// Unwrapping is the check that keeps a bad `this` or argument from becoming
// a crash: napi_unwrap rejects values that are not wrapped objects, and the
// environment's set of live instances rejects objects wrapped by other
// addons, whose pointers mean something else. Only then is the instance read.
#include "internal.h"

#include <cstring>
#include <stdexcept>

namespace tsbind {
namespace detail {

namespace {

void finalize_instance(napi_env env, void *data, void *) {
    auto *inst = static_cast<instance *>(data);
    // Node finalizes wrapped objects before the instance data at teardown,
    // so the state is still alive here.
    inst->state->instances.erase(inst);
    if (inst->owned && inst->value) inst->destroy(inst->value);
    if (inst->keep_alive) napi_delete_reference(env, inst->keep_alive);
    delete inst;
}

/// Attaches `inst` to the JS object `object`. On failure `inst` is untouched
/// (the caller still owns it) and a C++ exception is thrown.
void wrap_instance(napi_env env, napi_value object, instance *inst) {
    inst->state->instances.insert(inst);
    napi_status status = napi_wrap(env, object, inst, finalize_instance, nullptr, nullptr);
    if (status != napi_ok) {
        inst->state->instances.erase(inst);
        throw_status(env, status);
    }
}

/// The instance behind `value`, or null if it is not an object of this module.
instance *unwrap(napi_env env, const env_state *state, napi_value value) {
    void *raw = nullptr;
    if (napi_unwrap(env, value, &raw) != napi_ok || !state || !state->instances.contains(raw)) return nullptr;
    return static_cast<instance *>(raw);
}

/// Whether objects of `derived` are objects of `type`: the same class or one bound as derived from it.
bool is_a(const type_record *derived, const type_record *type) {
    for (const type_record *t = derived; t; t = t->base)
        if (t == type) return true;
    return false;
}

const type_record *find_type(const env_state *state, const std::type_info &type) {
    auto it = state->types.find(std::type_index(type));
    return it == state->types.end() ? nullptr : it->second.get();
}


/// The constructor of every bound class; `data` is its type record.
napi_value construct_callback(napi_env env, napi_callback_info info) {
    napi_value argv[stack_args], self, new_target;
    size_t argc = stack_args;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, &self, &data) != napi_ok) return nullptr;
    auto *type = static_cast<type_record *>(data);
    if (napi_get_new_target(env, info, &new_target) != napi_ok || !new_target) {
        set_error(env, load_failure::kind::type_error,
                  "Class constructor " + type->name + " cannot be invoked without 'new'");
        return nullptr;
    }
    env_state *state = type->state;
    if (instance *inst = state->pending_instance) {
        // C++ is handing over an existing object (see cast_object).
        state->pending_instance = nullptr;
        return boundary(env, [&]() -> napi_value {
            wrap_instance(env, self, inst);
            return nullptr;
        });
    }
    if (!type->init) {
        set_error(env, load_failure::kind::type_error,
                  type->name + " has no constructor bound: instances come only from C++ functions");
        return nullptr;
    }
    if (argc <= stack_args) return dispatch(env, type->init, argv, argc, self);
    std::vector<napi_value> many(argc);
    if (napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) != napi_ok) return nullptr;
    return dispatch(env, type->init, many.data(), argc, self);
}

/// dispose() and [Symbol.dispose](): destroy the C++ object now. Calling it
/// again is harmless, as the explicit resource management proposal asks.
napi_value dispose_callback(napi_env env, napi_callback_info info) {
    napi_value self;
    void *data;
    if (napi_get_cb_info(env, info, nullptr, nullptr, &self, &data) != napi_ok) return nullptr;
    auto *type = static_cast<type_record *>(data);
    instance *inst = unwrap(env, type->state, self);
    // Another class's dispose, called on this object, must not destroy it.
    if (!inst || !is_a(inst->type, type)) {
        set_error(env, load_failure::kind::type_error,
                  type->name + ".dispose(): 'this' must be a " + type->name + ", got " + describe_value(env, self));
        return nullptr;
    }
    if (inst->value && inst->owned) inst->destroy(inst->value);
    inst->value = nullptr;
    if (inst->keep_alive) {
        napi_delete_reference(env, inst->keep_alive);
        inst->keep_alive = nullptr;
    }
    return nullptr;
}

napi_value property_get_callback(napi_env env, napi_callback_info info) {
    napi_value self;
    void *data;
    if (napi_get_cb_info(env, info, nullptr, nullptr, &self, &data) != napi_ok) return nullptr;
    return dispatch(env, static_cast<property_record *>(data)->getter, nullptr, 0, self);
}

napi_value property_set_callback(napi_env env, napi_callback_info info) {
    napi_value self, value;
    size_t argc = 1;
    void *data;
    if (napi_get_cb_info(env, info, &argc, &value, &self, &data) != napi_ok) return nullptr;
    dispatch(env, static_cast<property_record *>(data)->setter, &value, 1, self);
    return nullptr;
}

function_record *own(type_record &type, std::unique_ptr<function_record> rec) {
    rec->scope = &type;
    rec->state = type.state;
    function_record *raw = rec.get();
    type.state->functions.push_back(std::move(rec));
    return raw;
}

} // namespace

type_record &register_type(napi_env env, env_state *state, napi_value scope, const char *name, const char *doc,
                           const std::type_info &type, const std::type_info *base, void (*destroy)(void *),
                           void *(*copy)(const void *), void *(*move)(void *)) {
    check_not_bound(state, type, "class_", name);
    auto rec = std::make_unique<type_record>();
    rec->name = name;
    rec->doc = doc ? doc : "";
    rec->cpptype = &type;
    rec->state = state;
    rec->destroy = destroy;
    rec->copy = copy;
    rec->move = move;
    if (base) {
        rec->base = find_type(state, *base);
        if (!rec->base) throw std::logic_error(rec->name + ": its base class must be bound before it");
    }

    napi_value ctor, prototype;
    check(env, napi_define_class(env, name, NAPI_AUTO_LENGTH, construct_callback, rec.get(), 0, nullptr, &ctor));
    check(env, napi_get_named_property(env, ctor, "prototype", &prototype));

    napi_value global, symbol_ctor, dispose_symbol, tag_symbol, tag_value;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Symbol", &symbol_ctor));
    check(env, napi_get_named_property(env, symbol_ctor, "dispose", &dispose_symbol));
    check(env, napi_get_named_property(env, symbol_ctor, "toStringTag", &tag_symbol));
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &tag_value));
    napi_valuetype dispose_type;
    check(env, napi_typeof(env, dispose_symbol, &dispose_type));

    const auto method = static_cast<napi_property_attributes>(napi_writable | napi_configurable);
    napi_property_descriptor props[] = {
        {"dispose", nullptr, dispose_callback, nullptr, nullptr, nullptr, method, rec.get()},
        {nullptr, tag_symbol, nullptr, nullptr, nullptr, tag_value, napi_configurable, nullptr},
        {nullptr, dispose_symbol, dispose_callback, nullptr, nullptr, nullptr, method, rec.get()},
    };
    // Runtimes without Symbol.dispose still get dispose().
    size_t count = dispose_type == napi_symbol ? 3 : 2;
    check(env, napi_define_properties(env, prototype, count, props));
    check(env, napi_set_named_property(env, scope, name, ctor));

    rec->constructor = reference(env, ctor);
    rec->prototype = reference(env, prototype);
    type_record &out = *rec;
    state->types.emplace(std::type_index(type), std::move(rec));
    state->type_order.push_back(&out);
    return out;
}

void add_method(napi_env env, type_record &type, std::unique_ptr<function_record> rec) {
    auto &methods = rec->is_static ? type.static_methods : type.methods;
    function_record *raw = own(type, std::move(rec));
    if (chain_overload(methods, raw)) return;
    type.method_order.push_back(raw);
    napi_property_descriptor prop{raw->name.c_str(), nullptr, callback_for(*raw), nullptr, nullptr, nullptr,
                                  static_cast<napi_property_attributes>(napi_writable | napi_configurable), raw};
    napi_value target = raw->is_static ? type.constructor.value() : type.prototype.value();
    check(env, napi_define_properties(env, target, 1, &prop));
}

void add_property(napi_env env, type_record &type, const char *name, std::unique_ptr<function_record> getter,
                  std::unique_ptr<function_record> setter, bool is_static) {
    auto acc = std::make_unique<property_record>();
    acc->is_static = is_static;
    acc->getter = own(type, std::move(getter));
    if (setter) acc->setter = own(type, std::move(setter));
    napi_property_descriptor prop{name,
                                  nullptr,
                                  nullptr,
                                  property_get_callback,
                                  acc->setter ? property_set_callback : nullptr,
                                  nullptr,
                                  napi_configurable,
                                  acc.get()};
    napi_value target = is_static ? type.constructor.value() : type.prototype.value();
    check(env, napi_define_properties(env, target, 1, &prop));
    type.properties.push_back(std::move(acc));
}

void add_constructor(type_record &type, std::unique_ptr<function_record> rec) {
    function_record *raw = own(type, std::move(rec));
    if (!type.init) {
        type.init = raw;
        return;
    }
    function_record *last = type.init;
    while (last->next) last = last->next;
    last->next = raw;
}

void attach_new_object(function_call &call, void *value) {
    const type_record *type = call.rec->scope;
    auto *inst = new instance{type, value, type->destroy, type->state, true};
    try {
        wrap_instance(call.env, call.self, inst);
    } catch (...) {
        type->destroy(value);
        delete inst;
        throw;
    }
}

void *load_object(napi_env env, napi_value value, const std::type_info &type, load_failure *failure) {
    instance *inst = unwrap(env, state_of(env), value);
    if (!inst) return nullptr;
    for (const type_record *t = inst->type; t; t = t->base) {
        if (t->cpptype == &type || *t->cpptype == type) {
            if (TSBIND_LIKELY(inst->value != nullptr)) return inst->value;
            if (failure) {
                failure->what = load_failure::kind::error;
                failure->message = "is a " + inst->type->name + " that has been disposed";
            }
            return nullptr;
        }
    }
    return nullptr;
}

napi_value cast_object(napi_env env, const void *src, const std::type_info &type, return_value_policy policy,
                       napi_value parent) {
    env_state *state = state_of(env);
    const type_record *rec = state ? find_type(state, type) : nullptr;
    if (!rec) {
        // A plain-object type crosses as a new plain object whatever the policy.
        if (const object_record *object = state ? plain_object_type(state, type) : nullptr)
            return plain_object_to_js(env, *object, src);
        throw std::runtime_error(std::string("cannot return C++ type ") + type.name() +
                                 " to JS: it is not bound with tsbind::class_ or tsbind::object_");
    }
    void *value = const_cast<void *>(src);
    bool owned = true;
    switch (policy) {
    case return_value_policy::automatic:
    case return_value_policy::take_ownership: break;
    case return_value_policy::copy:
        if (!rec->copy) throw std::runtime_error(rec->name + " cannot be returned by copy: it is not copyable");
        value = rec->copy(src);
        break;
    case return_value_policy::move:
        if (rec->move)
            value = rec->move(value);
        else if (rec->copy)
            value = rec->copy(src);
        else
            throw std::runtime_error(rec->name + " cannot be returned by value: it is neither movable nor copyable");
        break;
    case return_value_policy::reference:
    case return_value_policy::reference_internal: owned = false; break;
    }

    auto *inst = new instance{rec, value, rec->destroy, state, owned};
    state->pending_instance = inst;
    napi_value object;
    napi_status status = napi_new_instance(env, rec->constructor.value(), 0, nullptr, &object);
    bool wrapped = state->pending_instance == nullptr && status == napi_ok;
    state->pending_instance = nullptr;
    if (!wrapped) {
        if (owned) rec->destroy(value);
        delete inst;
        throw_status(env, status == napi_ok ? napi_generic_failure : status);
    }
    if (policy == return_value_policy::reference_internal && parent)
        check(env, napi_create_reference(env, parent, 1, &inst->keep_alive));
    return object;
}

} // namespace detail
} // namespace tsbind
