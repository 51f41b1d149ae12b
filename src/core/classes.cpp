// Layer 4: bound classes at run time: the JS class, wrapping C++ objects in
// JS objects, unwrapping them safely, ownership, identity, dispose and
// finalization.
//
// Unwrapping is the check that keeps a bad `this` or argument from becoming
// a crash: napi_unwrap rejects values that are not wrapped objects, and the
// environment's instance heap rejects objects wrapped by other addons, whose
// pointers mean something else. Only then is the instance read.
//
// An instance is one block of the instance heap: the header, followed, for
// objects constructed from JS, by the C++ object itself (ownership::in_place).
#include "internal.h"

#include <cstring>
#include <new>
#include <stdexcept>

namespace tsbind {
namespace detail {

namespace {

instance *new_instance(void *memory, const type_record *type, env_state *state) {
    auto *inst = new (memory) instance{};
    inst->type = type;
    inst->state = state;
    return inst;
}

instance_links &links_of(instance *inst) {
    if (!inst->links) inst->links = std::make_unique<instance_links>();
    return *inst->links;
}

trampoline_link *trampoline_of(const instance *inst) { return inst->links ? inst->links->trampoline : nullptr; }

void free_instance(instance *inst) {
    env_state *state = inst->state;
    inst->~instance();
    inst->value = nullptr;  // what find_wrapper checks, should the block be read before it is reused
    state->instances.free(inst);
}

/// Whether objects of `derived` are objects of `type`: the same class or one bound as derived from it.
bool is_a(const type_record *derived, const type_record *type) {
    for (const type_record *t = derived; t; t = t->base)
        if (t == type) return true;
    return false;
}

/// Object `p` of bound class `type` as a pointer to `target` (a class it is), or null.
void *upcast(const type_record *type, void *p, const std::type_info &target) {
    for (const type_record *t = type; t; t = t->base) {
        if (t->cpptype == &target || *t->cpptype == target) return p;
        if (t->upcast) p = t->upcast(p);
    }
    return nullptr;
}

/// Whether objects of bound class `type` are objects of C++ class `target`.
bool is_class(const type_record *type, const std::type_info &target) {
    for (const type_record *t = type; t; t = t->base)
        if (t->cpptype == &target || *t->cpptype == target) return true;
    return false;
}

void *upcast_to(const instance *inst, const std::type_info &target) { return upcast(inst->type, inst->value, target); }

const type_record *find_type(const env_state *state, const std::type_info &type) {
    auto it = state->types.find(std::type_index(type));
    return it == state->types.end() ? nullptr : it->second.get();
}

} // namespace

/// What a std::shared_ptr that C++ got from a trampoline object (one a JS
/// subclass made) owns besides the object: a strong hold on the JS object, so
/// that its overrides live while C++ holds it. Released with the last copy.
struct js_hold {
    std::shared_ptr<void> object;
    instance *inst;
    ~js_hold() {
        // The JS object can be let go only on its thread; released elsewhere,
        // it stays alive until its environment ends (docs/classes.md).
        if (!inst || std::this_thread::get_id() != inst->state->thread) return;
        auto &holds = inst->links->holds;
        for (auto it = holds.begin(); it != holds.end(); ++it)
            if (*it == this) {
                holds.erase(it);
                break;
            }
        napi_reference_unref(inst->state->env, inst->self, nullptr);
    }
};

namespace {

void adjust_memory(napi_env env, instance *inst, bool add) {
    if (!inst->links || !inst->links->external_bytes) return;
    auto bytes = int64_t(inst->links->external_bytes);
    int64_t total;
    napi_adjust_external_memory(env, add ? bytes : -bytes, &total);
    if (!add) inst->links->external_bytes = 0;
}

/// Ends the instance's hold on its C++ object: destroys it if JS owns it
/// (with `destroy`), detaches dependents and kept-alive objects. The JS
/// object is disposed afterwards.
void release_value(napi_env env, instance *inst, bool destroy) {
    if (!inst->value) return;
    void *value = inst->value;
    inst->value = nullptr;
    if (inst->owns != ownership::in_place) inst->state->by_address.erase(value, inst);
    if (trampoline_link *link = trampoline_of(inst)) {
        // Destroying it below must not call back into this instance.
        link->inst = nullptr;
        inst->links->trampoline = nullptr;
    }
    if (inst->links) {
        for (instance *child : inst->links->dependents) {
            child->links->parent = nullptr;
            release_value(env, child, true);
        }
        inst->links->dependents.clear();
        for (napi_ref ref : inst->links->keep_alive) {
            // An instance this one kept alive may now be disposed. (At
            // teardown it may be gone already: unwrap asks the instance heap.)
            napi_value kept = nullptr;
            if (napi_get_reference_value(env, ref, &kept) == napi_ok && kept)
                if (instance *patient = unwrap(env, inst->state, kept); patient && patient->keepers) --patient->keepers;
            napi_delete_reference(env, ref);
        }
        inst->links->keep_alive.clear();
        if (inst->links->parent_object) napi_delete_reference(env, inst->links->parent_object);
        inst->links->parent_object = nullptr;
        // C++ may still hold the object; the JS object no longer stands for it.
        for (js_hold *hold : inst->links->holds) {
            hold->inst = nullptr;
            napi_reference_unref(env, inst->self, nullptr);
        }
        inst->links->holds.clear();
    }
    adjust_memory(env, inst, false);
    if (destroy) {
        switch (inst->owns) {
        case ownership::heap:
        case ownership::in_place: inst->destroy(value); break;
        case ownership::shared: inst->links->shared.reset(); break;
        case ownership::none: break;
        }
    }
    inst->owns = ownership::none;
}

} // namespace

void finalize_instance(napi_env env, void *data, void *) {
    auto *inst = static_cast<instance *>(data);
    // Node finalizes wrapped objects before the instance data at teardown,
    // so the state is still alive here.
    release_value(env, inst, true);
    if (inst->links && inst->links->parent) {
        auto &siblings = inst->links->parent->links->dependents;
        for (auto it = siblings.begin(); it != siblings.end(); ++it)
            if (*it == inst) {
                siblings.erase(it);
                break;
            }
    }
    // The reference napi_wrap returned (or the JS layer's class made) is ours to delete, here.
    napi_delete_reference(env, inst->self);
    free_instance(inst);
}

namespace {

/// Enters `inst`, now attached to its JS object, in the tables.
void enter_instance(napi_env env, instance *inst) {
    // An object in place is found from its own address (see find_wrapper).
    if (inst->owns != ownership::in_place) inst->state->by_address.insert(inst->value, inst);
    if (trampoline_link *link = trampoline_of(inst)) link->inst = inst;
    if (inst->type->native_size && inst->owns != ownership::none) {
        links_of(inst).external_bytes = inst->type->native_size(inst->type->native_size_data.get(), inst->value);
        adjust_memory(env, inst, true);
    }
}

/// Attaches `inst` to the JS object `object` and enters it in the tables.
/// On failure `inst` is untouched (the caller still owns it) and a C++
/// exception is thrown.
void wrap_instance(napi_env env, napi_value object, instance *inst) {
    check(env, napi_wrap(env, object, inst, finalize_instance, nullptr, &inst->self));
    enter_instance(env, inst);
}

/// The same for an object the JS layer's class is constructing, without
/// napi_wrap's private property: the layer keeps the handle in the object.
/// The finalizer's reference is weak, for identity, as napi_wrap's.
void attach_to_layer_object(napi_env env, napi_value object, instance *inst) {
    check(env, napi_add_finalizer(env, object, inst, finalize_instance, nullptr, &inst->self));
    inst->js_made = true;
    enter_instance(env, inst);
    inst->state->js_made = inst;
}

} // namespace

/// The instance behind `value`, or null if it is not an object of this module.
instance *unwrap(napi_env env, const env_state *state, napi_value value) {
    // Bound objects of a JS layer's copy of a binding, already found from their handles.
    if (state)
        for (std::uint8_t i = 0; i < state->hint_count; ++i)
            if (value == state->hints[i].value && state->hints[i].inst) return state->hints[i].inst;
    void *raw = nullptr;
    if (napi_unwrap(env, value, &raw) == napi_ok)
        return state && state->instances.contains(raw) ? static_cast<instance *>(raw) : nullptr;
    // Objects the JS layer's classes made are not wrapped: the layer knows their handles.
    return state && state->read_handle ? instance_of_layer_object(env, state, value) : nullptr;
}

namespace {

/// `Foo(args)` for a class that allows it (class_::callable_without_new):
/// `new Foo(args)`. Only this path pays for the second call; `new` does not.
TSBIND_NOINLINE napi_value construct_without_new(napi_env env, napi_callback_info info, const type_record &type,
                                                 size_t argc, napi_value *argv) {
    std::vector<napi_value> many;
    if (argc > stack_args) {
        many.resize(argc);
        if (napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) != napi_ok) return nullptr;
        argv = many.data();
    }
    napi_value result;
    return boundary(env, [&] {
        check(env, napi_new_instance(env, type.constructor.value(), argc, argv, &result));
        return result;
    });
}

/// The constructor of every bound class; `data` is its type record.
napi_value construct_callback(napi_env env, napi_callback_info info) {
    napi_value argv[stack_args], self, new_target;
    size_t argc = stack_args;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, &self, &data) != napi_ok) return nullptr;
    auto *type = static_cast<type_record *>(data);
    if (napi_get_new_target(env, info, &new_target) != napi_ok || !new_target) {
        if (type->callable_without_new) return construct_without_new(env, info, *type, argc, argv);
        set_error(env, load_failure::kind::type_error,
                  "Class constructor " + type->name + " cannot be invoked without 'new'");
        return nullptr;
    }
    env_state *state = type->state;
    if (instance *inst = state->pending_instance) {
        // C++ is handing over an existing object (see cast_object). Only a
        // wrapped instance counts as taken: napi_new_instance may report
        // success although napi_wrap failed (a terminating worker cannot
        // throw), and then wrap_new must still free it.
        return boundary(env, [&]() -> napi_value {
            wrap_instance(env, self, inst);
            state->pending_instance = nullptr;
            return nullptr;
        });
    }
    if (!type->init) {
        set_error(env, load_failure::kind::type_error,
                  type->name + " has no constructor bound: instances come only from C++ functions");
        return nullptr;
    }
    napi_value outer_target = state->new_target;
    state->new_target = new_target;
    napi_value result;
    if (argc <= stack_args) {
        result = dispatch(env, type->init, argv, argc, self);
    } else {
        std::vector<napi_value> many(argc);
        result = napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) == napi_ok
                     ? dispatch(env, type->init, many.data(), argc, self)
                     : nullptr;
    }
    state->new_target = outer_target;
    return result;
}

} // namespace

/// What the JS layer's class constructor calls, with the new object first
/// and then the arguments of `new` (js_layer.cpp): `init` runs as in
/// construct_callback, but the object is not wrapped; the result is the new
/// instance's handle, which the layer keeps in the object.
napi_value layer_construct_callback(napi_env env, napi_callback_info info) {
    napi_value argv[stack_args + 1];
    size_t argc = stack_args + 1;
    void *data;
    std::vector<napi_value> many;
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok || argc == 0) return nullptr;
    napi_value *args = argv;
    if (argc > stack_args + 1) {
        many.resize(argc);
        if (napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) != napi_ok) return nullptr;
        args = many.data();
    }
    napi_value self = args[0];
    auto *type = static_cast<type_record *>(data);
    env_state *state = type->state;
    napi_value outer_self = state->js_self, outer_target = state->new_target;
    instance *outer_made = state->js_made;
    // The class itself is new.target: not a subclass.
    state->js_self = self;
    state->new_target = nullptr;
    state->js_made = nullptr;
    dispatch(env, type->init, args + 1, argc - 1, self);
    instance *made = state->js_made;
    state->js_self = outer_self;
    state->new_target = outer_target;
    state->js_made = outer_made;
    // Null: it threw. (Should anything fail after the object was attached,
    // the object is garbage, and its finalizer ends the C++ object.)
    napi_value handle = nullptr;
    if (made) napi_create_uint32(env, state->instances.number_of(made), &handle);
    return handle;
}

namespace {

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
                  type->path + ".dispose(): 'this' must be a " + type->path + ", got " + describe_value(env, self));
        return nullptr;
    }
    if (inst->borrows) {
        // A call in progress holds a pointer to the object (a getter of a
        // later argument, or an async call, is disposing it).
        set_error(env, load_failure::kind::error,
                  type->name + ".dispose(): the object is in use by a call in progress; dispose it after the call");
        return nullptr;
    }
    if (inst->keepers) {
        set_error(env, load_failure::kind::error,
                  type->name + ".dispose(): another object keeps this one alive (keep_alive) and may use it; "
                               "dispose that object first");
        return nullptr;
    }
    return boundary(env, [&]() -> napi_value {
        bool strong = inst->owns == ownership::none && trampoline_of(inst);
        release_value(env, inst, true);
        if (strong) napi_reference_unref(env, inst->self, nullptr);
        return nullptr;
    });
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

napi_value well_known_symbol(napi_env env, const std::string &name) {
    napi_value global, symbol_ctor, symbol;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Symbol", &symbol_ctor));
    check(env, napi_get_named_property(env, symbol_ctor, name.c_str(), &symbol));
    return symbol;
}


/// The existing JS object for a C++ object of bound class `type` at `ptr`, if one lives.
instance *find_wrapper(napi_env env, env_state *state, const void *ptr, const type_record *type, napi_value *object) {
    // An object constructed in JS lives at a fixed offset in its instance:
    // if the instance there is one of ours, it is the one (no table entry needed).
    auto *candidate = reinterpret_cast<instance *>(reinterpret_cast<std::uintptr_t>(ptr) - in_place_offset);
    instance *found = nullptr;
    if (state->instances.contains(candidate) && candidate->owns == ownership::in_place && candidate->value == ptr &&
        is_a(candidate->type, type))
        found = candidate;
    else
        found = state->by_address.find(ptr, [&](const instance *inst) { return is_a(inst->type, type); });
    if (!found) return nullptr;
    *object = nullptr;
    napi_get_reference_value(env, found->self, object);
    // Collected but not yet finalized: it cannot come back.
    return *object ? found : nullptr;
}

/// The bound class and address to wrap a returned object as: its most-derived bound class.
const type_record *resolve_source(env_state *state, source_object &src) {
    if (src.dynamic_type && *src.dynamic_type != *src.type) {
        if (const type_record *dynamic = find_type(state, *src.dynamic_type)) {
            src.ptr = src.most_derived;
            src.type = src.dynamic_type;
            return dynamic;
        }
    }
    return find_type(state, *src.type);
}

/// A new JS object of class `inst->type` around `inst` (which it takes; on
/// failure the instance is freed and an object it owns on the heap destroyed).
napi_value wrap_new(napi_env env, instance *inst) {
    env_state *state = inst->state;
    state->pending_instance = inst;
    napi_value object;
    napi_status status = napi_new_instance(env, inst->type->constructor.value(), 0, nullptr, &object);
    bool wrapped = state->pending_instance == nullptr && status == napi_ok;
    state->pending_instance = nullptr;
    if (!wrapped) {
        if (inst->owns == ownership::heap) inst->destroy(inst->value);
        free_instance(inst);
        throw_status(env, status == napi_ok ? napi_generic_failure : status);
    }
    return object;
}

/// Ties a reference_internal result to the instance it points into: it stays alive
/// while the result lives, and the result is disposed with it.
void tie_to_parent(napi_env env, instance *child, napi_value parent) {
    if (!parent) return;
    check(env, napi_create_reference(env, parent, 1, &links_of(child).parent_object));
    instance *owner = unwrap(env, child->state, parent);
    if (!owner || owner == child || !owner->value || child->links->parent) return;
    child->links->parent = owner;
    links_of(owner).dependents.push_back(child);
}

} // namespace

napi_value current_new_target(napi_env env) {
    env_state *state = state_of(env);
    return state ? state->new_target : nullptr;
}

TSBIND_COLD type_record &register_type(const export_scope &scope, const char *name, const char *key,
                                       const char *doc, const std::type_info &type, const std::type_info *base, void *(*upcast)(void *),
                           void (*destroy)(void *), void *(*copy)(const void *), void *(*move)(void *)) {
    napi_env env = scope.env;
    env_state *state = scope.state;
    check_not_bound(state, type, "class_", name);
    auto rec = std::make_unique<type_record>();
    rec->name = name;
    rec->key = key;
    rec->path = scope.qualify(key);
    rec->doc = doc ? doc : "";
    rec->cpptype = &type;
    rec->state = state;
    rec->destroy = destroy;
    rec->copy = copy;
    rec->move = move;
    rec->upcast = upcast;
    if (base) {
        rec->base = find_type(state, *base);
        if (!rec->base) throw std::logic_error(rec->name + ": its base class must be bound before it");
    }

    napi_value ctor, prototype;
    check(env, napi_define_class(env, name, NAPI_AUTO_LENGTH, construct_callback, rec.get(), 0, nullptr, &ctor));
    check(env, napi_get_named_property(env, ctor, "prototype", &prototype));
    if (rec->base) {
        // class Derived extends Base: instances, and the class's statics, inherit.
        napi_value object_ctor, set_prototype_of, global, base_ctor = rec->base->constructor.value();
        napi_value base_prototype = rec->base->prototype.value(), args[2], ignored;
        check(env, napi_get_global(env, &global));
        check(env, napi_get_named_property(env, global, "Object", &object_ctor));
        check(env, napi_get_named_property(env, object_ctor, "setPrototypeOf", &set_prototype_of));
        args[0] = prototype;
        args[1] = base_prototype;
        check(env, napi_call_function(env, object_ctor, set_prototype_of, 2, args, &ignored));
        args[0] = ctor;
        args[1] = base_ctor;
        check(env, napi_call_function(env, object_ctor, set_prototype_of, 2, args, &ignored));
    }

    napi_value tag_value;
    napi_value dispose_symbol = well_known_symbol(env, "dispose");
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &tag_value));
    napi_valuetype dispose_type;
    check(env, napi_typeof(env, dispose_symbol, &dispose_type));

    const auto method = static_cast<napi_property_attributes>(napi_writable | napi_configurable);
    napi_value inspect_key, inspect_symbol_for, symbol_ctor, symbol_for, global;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Symbol", &symbol_ctor));
    check(env, napi_get_named_property(env, symbol_ctor, "for", &symbol_for));
    check(env, napi_create_string_utf8(env, "nodejs.util.inspect.custom", NAPI_AUTO_LENGTH, &inspect_key));
    check(env, napi_call_function(env, symbol_ctor, symbol_for, 1, &inspect_key, &inspect_symbol_for));
    napi_property_descriptor props[] = {
        {"dispose", nullptr, dispose_callback, nullptr, nullptr, nullptr, method, rec.get()},
        {nullptr, well_known_symbol(env, "toStringTag"), nullptr, nullptr, nullptr, tag_value, napi_configurable,
         nullptr},
        {nullptr, inspect_symbol_for, nullptr, nullptr, nullptr, js_helper_function(env, js_helper::inspect), method, nullptr},
        {nullptr, dispose_symbol, dispose_callback, nullptr, nullptr, nullptr, method, rec.get()},
    };
    // Runtimes without Symbol.dispose still get dispose().
    size_t count = dispose_type == napi_symbol ? 4 : 3;
    check(env, napi_define_properties(env, prototype, count, props));
    check(env, napi_set_named_property(env, scope.object, key, ctor));

    rec->constructor = reference(env, ctor);
    rec->prototype = reference(env, prototype);
    state->layer_construct = layer_construct_callback;
    state->layer_handle_of = handle_of;
    state->layer_classes = layer_classes;
    state->layer_handle_callback = handle_callback_for;
    type_record &out = *rec;
    state->types.emplace(std::type_index(type), std::move(rec));
    state->type_order.push_back(&out);
    return out;
}

TSBIND_COLD void add_method(napi_env env, type_record &type, std::unique_ptr<function_record> rec) {
    auto &methods = (rec->is_static ? type.static_methods : type.methods).get();
    function_record *raw = own(type, std::move(rec));
    if (chain_overload(methods, raw)) return;
    type.method_order.push_back(raw);
    napi_property_descriptor prop{raw->name.c_str(), nullptr, callback_for(*raw), nullptr, nullptr, nullptr,
                                  static_cast<napi_property_attributes>(napi_writable | napi_configurable), raw};
    const std::string &name = raw->name;
    if (name.size() > 9 && name.compare(0, 8, "[Symbol.") == 0 && name.back() == ']') {
        prop.utf8name = nullptr;
        prop.name = well_known_symbol(env, name.substr(8, name.size() - 9));
    }
    napi_value target = raw->is_static ? type.constructor.value() : type.prototype.value();
    check(env, napi_define_properties(env, target, 1, &prop));
}

TSBIND_COLD void add_property(napi_env env, type_record &type, const char *name, std::unique_ptr<function_record> getter,
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

TSBIND_COLD void add_constructor(type_record &type, std::unique_ptr<function_record> rec) {
    function_record *raw = own(type, std::move(rec));
    if (!type.init) {
        type.init = raw;
        return;
    }
    function_record *last = type.init;
    while (last->next) last = last->next;
    last->next = raw;
}

// ---- Construction from JS --------------------------------------------------

construction::~construction() {
    if (memory_) call_->rec->scope->state->instances.free(memory_);
}

bool construction::subclass() const {
    env_state *state = call_->rec->scope->state;
    if (!state->new_target) return false;
    bool same = false;
    check(call_->env, napi_strict_equals(call_->env, state->new_target, call_->rec->scope->constructor.value(), &same));
    return !same;
}

void *construction::allocate(size_t size) {
    memory_ = call_->rec->scope->state->instances.allocate(in_place_offset + size);
    // An empty header until the object is attached: a block reused from a
    // freed instance must not be taken for it (find_wrapper reads the header
    // of a live block), should the C++ constructor hand `this` to JS.
    new (memory_) instance{};
    return static_cast<char *>(memory_) + in_place_offset;
}

void construction::attach(void *value, void (*destroy)(void *), ownership owns, std::shared_ptr<void> shared,
                          trampoline_link *trampoline) {
    const type_record *type = call_->rec->scope;
    void *memory = owns == ownership::in_place ? memory_ : nullptr;
    memory_ = nullptr;
    instance *inst;
    try {
        inst = new_instance(memory ? memory : type->state->instances.allocate(sizeof(instance)), type, type->state);
    } catch (...) {
        if (owns != ownership::shared) destroy(value);
        throw;
    }
    inst->value = value;
    inst->destroy = destroy;
    inst->owns = owns;
    if (shared || trampoline) {
        links_of(inst).shared = std::move(shared);
        inst->links->trampoline = trampoline;
    }
    try {
        if (call_->self == type->state->js_self)
            attach_to_layer_object(call_->env, call_->self, inst);
        else
            wrap_instance(call_->env, call_->self, inst);
    } catch (...) {
        if (owns != ownership::shared) destroy(value);
        free_instance(inst);
        throw;
    }
}

// ---- Objects passed to C++ ---------------------------------------------------

void *borrow_object(napi_env env, napi_value value, const std::type_info &type, load_failure *failure,
                    instance **borrowed) {
    instance *inst = unwrap(env, state_of(env), value);
    if (!inst) return nullptr;
    if (TSBIND_LIKELY(inst->value != nullptr)) {
        void *p = upcast_to(inst, type);
        if (TSBIND_LIKELY(p != nullptr)) {
            ++inst->borrows;
            *borrowed = inst;
        }
        return p;
    }
    if (!is_class(inst->type, type)) return nullptr;
    std::string message = "is a " + inst->type->name + " that has been disposed";
    // Without a failure to fill, the caller may be trying alternatives (a
    // union, overloads): none of them may take a disposed object instead.
    if (!failure) throw argument_error(message, value);
    failure->what = load_failure::kind::error;
    failure->message = std::move(message);
    return nullptr;
}

void *load_object(napi_env env, napi_value value, const std::type_info &type, load_failure *failure) {
    instance *borrowed = nullptr;
    void *p = borrow_object(env, value, type, failure, &borrowed);
    if (borrowed) end_borrow(borrowed);
    return p;
}

bool can_give_away(const instance *inst, const std::type_info &type, bool virtual_destructor,
                   load_failure *failure) {
    auto fail = [&](std::string message) {
        if (failure) {
            failure->what = load_failure::kind::error;
            failure->message = std::move(message);
        }
        return false;
    };
    const std::string &name = inst->type->name;
    if (inst->borrows > 1) return fail("is a " + name + " that another argument of the call also uses");
    if (inst->keepers)
        return fail("is a " + name + " that another object keeps alive (keep_alive) and may use, so its ownership "
                    "cannot move to C++");
    if (inst->owns == ownership::none || inst->owns == ownership::shared)
        return fail("is a " + name + " that JS does not own alone, so its ownership cannot move to C++ (std::unique_ptr)");
    if (inst->owns == ownership::in_place && !inst->type->move && !trampoline_of(inst))
        return fail("is a " + name + " constructed in JS, which can move to C++ only if it is movable");
    if (*inst->type->cpptype != type && !virtual_destructor)
        return fail("is a " + name + ", which a std::unique_ptr of its base class cannot delete (no virtual destructor)");
    return true;
}

void *give_away(napi_env env, instance *inst, const std::type_info &type) {
    if (!inst->value || !can_give_away(inst, type, true, nullptr))
        throw std::logic_error(inst->type->name + ": its ownership was already given away");
    if (trampoline_of(inst)) {
        // The JS object overrides its virtual methods: it stays alive, and
        // usable, while C++ owns the object (until the trampoline's destructor).
        void *p = upcast_to(inst, type);
        adjust_memory(env, inst, false);  // C++ owns the memory now
        inst->owns = ownership::none;
        check(env, napi_reference_ref(env, inst->self, nullptr));
        return p;
    }
    void *heap = inst->value;
    if (inst->owns == ownership::in_place) heap = inst->type->move(inst->value);
    const type_record *rec = inst->type;
    release_value(env, inst, inst->owns == ownership::in_place);
    return upcast(rec, heap, type);
}

bool shared_object(const instance *inst, const std::type_info &type, std::shared_ptr<void> *owner, void **value,
                   load_failure *failure) {
    if (inst->owns != ownership::shared) {
        if (failure) {
            failure->what = load_failure::kind::error;
            failure->message = "is a " + inst->type->name +
                               " that is not held by a std::shared_ptr (bind the class with class_<T, "
                               "std::shared_ptr<T>>, or return it from C++ as one)";
        }
        return false;
    }
    *value = upcast_to(inst, type);
    if (!trampoline_of(inst)) {
        *owner = inst->links->shared;
        return true;
    }
    // A JS subclass's object: C++ holding it keeps its JS side (the overrides) alive.
    auto hold = std::make_shared<js_hold>();
    hold->object = inst->links->shared;
    napi_env env = inst->state->env;
    check(env, napi_reference_ref(env, inst->self, nullptr));
    hold->inst = const_cast<instance *>(inst);
    links_of(hold->inst).holds.push_back(hold.get());
    *owner = std::shared_ptr<void>(std::move(hold), *value);
    return true;
}

// ---- Objects returned to JS --------------------------------------------------

napi_value cast_object(napi_env env, source_object src, return_value_policy policy, napi_value parent) {
    env_state *state = state_of(env);
    const type_record *rec = state ? resolve_source(state, src) : nullptr;
    if (!rec) {
        // A plain-object type crosses as a new plain object whatever the policy.
        if (const object_record *object = state ? plain_object_type(state, *src.type) : nullptr)
            return plain_object_to_js(env, *object, src.ptr);
        throw std::runtime_error(std::string("cannot return C++ type ") + src.type->name() +
                                 " to JS: it is not bound with tsbind::class_ or tsbind::object_");
    }
    void *value = const_cast<void *>(src.ptr);
    ownership owns = ownership::heap;
    switch (policy) {
    case return_value_policy::automatic:
    case return_value_policy::take_ownership:
    case return_value_policy::reference:
    case return_value_policy::reference_internal: {
        // The same C++ object gives the same JS object while that lives.
        napi_value existing;
        if (instance *found = find_wrapper(env, state, value, rec, &existing)) {
            bool take = policy == return_value_policy::automatic || policy == return_value_policy::take_ownership;
            if (take && found->owns == ownership::none && !trampoline_of(found)) {
                found->owns = ownership::heap;  // C++ hands over what JS only referred to
                found->destroy = found->type->destroy;
            }
            return existing;
        }
        if (policy == return_value_policy::reference || policy == return_value_policy::reference_internal)
            owns = ownership::none;
        break;
    }
    case return_value_policy::copy:
        if (!rec->copy) throw std::runtime_error(rec->name + " cannot be returned by copy: it is not copyable");
        value = rec->copy(src.ptr);
        break;
    case return_value_policy::move:
        if (rec->move)
            value = rec->move(value);
        else if (rec->copy)
            value = rec->copy(src.ptr);
        else
            throw std::runtime_error(rec->name + " cannot be returned by value: it is neither movable nor copyable");
        break;
    }

    instance *inst;
    try {
        inst = new_instance(state->instances.allocate(sizeof(instance)), rec, state);
    } catch (...) {
        if (owns == ownership::heap) rec->destroy(value);  // a copy, or taken over
        throw;
    }
    inst->value = value;
    inst->owns = owns;
    inst->destroy = rec->destroy;
    napi_value object = wrap_new(env, inst);
    if (policy == return_value_policy::reference_internal) tie_to_parent(env, inst, parent);
    if (state->lending && policy == return_value_policy::reference) state->lending->push_back(inst);
    return object;
}

napi_value cast_shared(napi_env env, source_object src, std::shared_ptr<void> owner) {
    env_state *state = state_of(env);
    const type_record *rec = state ? resolve_source(state, src) : nullptr;
    if (!rec)
        throw std::runtime_error(std::string("cannot return C++ type ") + src.type->name() +
                                 " to JS: it is not bound with tsbind::class_");
    void *value = const_cast<void *>(src.ptr);
    napi_value existing;
    if (instance *found = find_wrapper(env, state, value, rec, &existing)) {
        if (found->owns == ownership::none && !trampoline_of(found)) {
            // JS referred to it without owning it: now it shares ownership.
            found->owns = ownership::shared;
            links_of(found).shared = std::move(owner);
        }
        return existing;
    }
    instance *inst = new_instance(state->instances.allocate(sizeof(instance)), rec, state);
    inst->value = value;
    inst->owns = ownership::shared;
    links_of(inst).shared = std::move(owner);
    return wrap_new(env, inst);
}

lend_scope<true>::lend_scope(napi_env env) : env_(env), state_(state_of(env)) {
    previous_ = state_ ? state_->lending : nullptr;
    if (state_) state_->lending = &lent_;
}

void lend_scope<true>::stop() {
    if (state_ && state_->lending == &lent_) state_->lending = previous_;
}

lend_scope<true>::~lend_scope() {
    stop();
    // Still only referred to (C++ did not hand it over meanwhile): detached.
    // The JS objects are alive: their handles are in the caller's scope.
    for (instance *inst : lent_)
        if (inst->owns == ownership::none && !trampoline_of(inst)) release_value(env_, inst, false);
}

void keep_alive(napi_env env, napi_value nurse, napi_value patient) {
    napi_valuetype t;
    check(env, napi_typeof(env, patient, &t));
    // Only objects and functions can be collected while C++ uses them (and
    // Node-API 8 refers to nothing else): a primitive needs no keeping alive.
    if (t != napi_object && t != napi_function) return;
    check(env, napi_typeof(env, nurse, &t));
    if (t == napi_undefined || t == napi_null) return;
    instance *inst = unwrap(env, state_of(env), nurse);
    if (!inst)
        throw std::logic_error("keep_alive: the object to keep another alive must be an instance of a bound class, got " +
                               describe_value(env, nurse));
    check(env, napi_create_reference(env, patient, 1, &links_of(inst).keep_alive.emplace_back()));
    // The nurse may use the patient's C++ object from now on (a list that
    // stores a pointer): the patient refuses dispose() and hand-over until
    // the nurse goes.
    if (instance *kept = unwrap(env, inst->state, patient)) ++kept->keepers;
}

// ---- Trampolines: virtual methods overridden in JS ---------------------------

napi_env override_env(const trampoline_link *link, const char *name, const char *class_name) {
    instance *inst = link->inst;
    if (!inst) return nullptr;  // no JS object (any more)
    if (std::this_thread::get_id() != inst->state->thread)
        throw std::runtime_error(std::string(class_name) + "." + name +
                                 "() may be overridden in JS, and JS can be called only on its own thread");
    return inst->state->env;
}

bool find_override(const trampoline_link *link, const char *name, napi_value *self, napi_value *fn) {
    instance *inst = link->inst;
    napi_env env = inst->state->env;
    check(env, napi_get_reference_value(env, inst->self, self));
    if (!*self) return false;
    napi_value own, bound, key;
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &key));
    check(env, napi_get_property(env, *self, key, &own));
    // The bound method is on the prototype of the bound class that defines it.
    for (const type_record *t = inst->type; t; t = t->base) {
        bool has;
        napi_value prototype = t->prototype.value();
        check(env, napi_has_own_property(env, prototype, key, &has));
        if (!has) continue;
        check(env, napi_get_property(env, prototype, key, &bound));
        bool same;
        check(env, napi_strict_equals(env, own, bound, &same));
        if (same) return false;
        break;
    }
    napi_valuetype type;
    check(env, napi_typeof(env, own, &type));
    if (type != napi_function) return false;
    *fn = own;
    return true;
}

void trampoline_destroyed(trampoline_link *link) noexcept {
    instance *inst = link->inst;
    if (!inst) return;
    link->inst = nullptr;
    inst->links->trampoline = nullptr;
    if (std::this_thread::get_id() != inst->state->thread) return;  // cannot touch JS here; see docs/classes.md
    napi_env env = inst->state->env;
    bool strong = inst->owns == ownership::none;
    // C++ destroyed it: the JS object is disposed, and no longer kept alive.
    inst->owns = ownership::none;
    try {
        release_value(env, inst, false);
    } catch (...) {
    }
    if (strong) napi_reference_unref(env, inst->self, nullptr);
}

// ---- Iterators -----------------------------------------------------------------

namespace {
struct iterator_state {
    void *state;
    napi_value (*next)(napi_env, void *);
    void (*free_state)(void *);
    napi_ref owner;
    ~iterator_state() {
        free_state(state);
    }
};

napi_value iterator_next(napi_env env, napi_callback_info info) {
    void *data;
    if (napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data) != napi_ok) return nullptr;
    auto *it = static_cast<iterator_state *>(data);
    return boundary(env, [&]() -> napi_value {
        napi_value owner, result, value, done;
        check(env, napi_get_reference_value(env, it->owner, &owner));
        instance *inst = owner ? unwrap(env, state_of(env), owner) : nullptr;
        if (!inst || !inst->value)
            throw std::logic_error("iterator: the object it iterates over has been disposed");
        value = it->next(env, it->state);
        check(env, napi_create_object(env, &result));
        check(env, napi_get_boolean(env, value == nullptr, &done));
        if (!value) check(env, napi_get_undefined(env, &value));
        napi_property_descriptor props[] = {
            {"value", nullptr, nullptr, nullptr, nullptr, value, napi_default_jsproperty, nullptr},
            {"done", nullptr, nullptr, nullptr, nullptr, done, napi_default_jsproperty, nullptr},
        };
        check(env, napi_define_properties(env, result, 2, props));
        return result;
    });
}

napi_value iterator_self(napi_env env, napi_callback_info info) {
    napi_value self = nullptr;
    return napi_get_cb_info(env, info, nullptr, nullptr, &self, nullptr) == napi_ok ? self : nullptr;
}
} // namespace

napi_value make_iterator(napi_env env, napi_value owner, void *state, napi_value (*next)(napi_env, void *),
                         void (*free_state)(void *)) {
    std::unique_ptr<iterator_state> it(new iterator_state{state, next, free_state, nullptr});
    napi_value iterator;
    check(env, napi_create_object(env, &iterator));
    check(env, napi_create_reference(env, owner, 1, &it->owner));
    const auto method = static_cast<napi_property_attributes>(napi_writable | napi_configurable);
    napi_property_descriptor props[] = {
        {"next", nullptr, iterator_next, nullptr, nullptr, nullptr, method, it.get()},
        {nullptr, well_known_symbol(env, "iterator"), iterator_self, nullptr, nullptr, nullptr, method, nullptr},
    };
    check(env, napi_define_properties(env, iterator, 2, props));
    check(env, napi_add_finalizer(
                   env, iterator, it.get(),
                   [](napi_env env, void *data, void *) {
                       auto *it = static_cast<iterator_state *>(data);
                       napi_delete_reference(env, it->owner);
                       delete it;
                   },
                   nullptr, nullptr));
    it.release();
    return iterator;
}

} // namespace detail
} // namespace tsbind
