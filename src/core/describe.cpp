// The module's description of itself, for tools: every function with its
// overloads, every class, every exception, with TypeScript types and docs,
// built from the same records that drive dispatch and error messages. The
// format is docs/typegen.md's; `tsbind typegen` turns it into a .d.ts.
//
// It is a plain JS object, not JSON text, so that default values appear as
// the JS values they become.
#include "internal.h"

namespace tsbind {
namespace detail {

namespace {

/// Small helpers to build plain JS objects and arrays through Node-API.
class object_builder {
public:
    explicit object_builder(napi_env env) : env_(env) {}

    napi_value object() const {
        napi_value o;
        check(env_, napi_create_object(env_, &o));
        return o;
    }
    napi_value array() const {
        napi_value a;
        check(env_, napi_create_array(env_, &a));
        return a;
    }
    napi_value string(const std::string &s) const {
        napi_value v;
        check(env_, napi_create_string_utf8(env_, s.data(), s.size(), &v));
        return v;
    }
    napi_value boolean(bool b) const {
        napi_value v;
        check(env_, napi_get_boolean(env_, b, &v));
        return v;
    }
    napi_value null() const {
        napi_value v;
        check(env_, napi_get_null(env_, &v));
        return v;
    }
    void set(napi_value object, const char *key, napi_value value) const {
        check(env_, napi_set_named_property(env_, object, key, value));
    }
    void push(napi_value array, napi_value value) const {
        uint32_t length;
        check(env_, napi_get_array_length(env_, array, &length));
        check(env_, napi_set_element(env_, array, length, value));
    }

private:
    napi_env env_;
};

/// `item.scope`, the path of the submodule or class an item is nested in; absent at the top.
void set_scope(const object_builder &b, napi_value item, const std::string &scope) {
    if (!scope.empty()) b.set(item, "scope", b.string(scope));
}

napi_value describe_signature(napi_env env, const object_builder &b, const function_record &rec) {
    napi_value sig = b.object(), params = b.array();
    for (size_t i = 0; i < rec.nargs; ++i) {
        napi_value param = b.object();
        b.set(param, "name", b.string(i < rec.args.size() ? rec.args[i].name : "arg" + std::to_string(i)));
        b.set(param, "type", b.string(format_type(rec.state, rec.arg_types[i])));
        b.set(param, "optional", b.boolean(i >= rec.nargs_required));
        if (i < rec.args.size() && rec.args[i].has_default()) b.set(param, "default", rec.args[i].make_default(env));
        b.push(params, param);
    }
    b.set(sig, "params", params);
    b.set(sig, "returns", b.string(rec.is_constructor ? "void" : format_type(rec.state, rec.return_type)));
    b.set(sig, "doc", b.string(rec.doc));
    // Registered exception types it may throw (tsbind::throws<E...>()), when it says.
    if (!rec.throws.empty()) {
        napi_value throws = b.array();
        for (const std::type_info *type : rec.throws)
            if (const std::string *name = exception_name(rec.state, *type)) b.push(throws, b.string(*name));
        b.set(sig, "throws", throws);
    }
    return sig;
}

napi_value describe_overloads(napi_env env, const object_builder &b, const function_record *first) {
    napi_value overloads = b.array();
    for (const function_record *rec = first; rec; rec = rec->next) b.push(overloads, describe_signature(env, b, *rec));
    return overloads;
}

napi_value describe_class(napi_env env, const object_builder &b, const type_record &type) {
    napi_value cls = b.object(), methods = b.array(), properties = b.array();
    b.set(cls, "name", b.string(type.key));
    if (type.key != type.name) b.set(cls, "jsName", b.string(type.name));
    set_scope(b, cls, scope_of_path(type.path, type.key));
    b.set(cls, "doc", b.string(type.doc));
    b.set(cls, "extends", type.base ? b.string(type.base->path) : b.null());
    b.set(cls, "constructors", type.init ? describe_overloads(env, b, type.init) : b.array());
    for (const function_record *first : type.method_order) {
        napi_value method = b.object();
        b.set(method, "name", b.string(first->name));
        b.set(method, "static", b.boolean(first->is_static));
        b.set(method, "overloads", describe_overloads(env, b, first));
        b.push(methods, method);
    }
    b.set(cls, "methods", methods);
    for (const auto &prop : type.properties) {
        napi_value p = b.object();
        b.set(p, "name", b.string(prop->getter->name));
        b.set(p, "type", b.string(format_type(type.state, prop->getter->return_type)));
        b.set(p, "readonly", b.boolean(prop->setter == nullptr));
        b.set(p, "static", b.boolean(prop->is_static));
        b.set(p, "doc", b.string(prop->getter->doc));
        b.push(properties, p);
    }
    b.set(cls, "properties", properties);
    if (type.callable_without_new) b.set(cls, "callable", b.boolean(true));
    return cls;
}

napi_value describe_object(const object_builder &b, const env_state &state, const object_record &rec) {
    napi_value object = b.object(), fields = b.array();
    b.set(object, "name", b.string(rec.name));
    set_scope(b, object, scope_of_path(rec.path, rec.name));
    b.set(object, "doc", b.string(rec.doc));
    for (const field_record &field : rec.fields) {
        napi_value f = b.object();
        b.set(f, "name", b.string(field.name));
        // As JS receives it; JS may pass more (an Array where a typed array comes back).
        b.set(f, "type", b.string(format_type(&state, field.type_out)));
        b.set(f, "optional", b.boolean(field.optional || rec.loose));
        b.set(f, "doc", b.string(field.doc));
        b.push(fields, f);
    }
    b.set(object, "fields", fields);
    return object;
}

napi_value describe_enum(napi_env env, const object_builder &b, const enum_record &rec) {
    napi_value e = b.object(), values = b.array();
    b.set(e, "name", b.string(rec.name));
    set_scope(b, e, scope_of_path(rec.path, rec.name));
    b.set(e, "doc", b.string(rec.doc));
    for (const auto &value : rec.values) {
        napi_value v = b.object(), number;
        check(env, napi_create_int64(env, value.number, &number));
        b.set(v, "name", b.string(value.name));
        b.set(v, "value", number);
        b.set(v, "doc", b.string(value.doc));
        b.push(values, v);
    }
    b.set(e, "values", values);
    if (rec.flags) b.set(e, "flags", b.boolean(true));
    return e;
}

napi_value describe_callback(napi_env env, napi_callback_info info) {
    void *data;
    if (napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data) != napi_ok) return nullptr;
    const env_state &state = *static_cast<const env_state *>(data);
    return boundary(env, [&] {
        object_builder b(env);
        napi_value out = b.object(), functions = b.array(), classes = b.array(), exceptions = b.array();
        napi_value version;
        check(env, napi_create_uint32(env, 1, &version));
        b.set(out, "tsbind", version);
        b.set(out, "module", b.string(state.module_name));
        for (const auto &[first, scope] : state.module_functions) {
            napi_value fn = b.object();
            b.set(fn, "name", b.string(first->name));
            set_scope(b, fn, scope);
            b.set(fn, "overloads", describe_overloads(env, b, first));
            b.push(functions, fn);
        }
        for (const type_record *type : state.type_order) b.push(classes, describe_class(env, b, *type));
        for (const auto &t : state.translators) {
            napi_value e = b.object(), fields = b.array();
            b.set(e, "name", b.string(t->name));
            set_scope(b, e, scope_of_path(t->path, t->name));
            b.set(e, "extends", b.string(t->base));
            b.set(e, "code", b.string(t->code));
            for (const exception_field &field : t->fields) {
                napi_value f = b.object();
                b.set(f, "name", b.string(field.name));
                b.set(f, "type", b.string(format_type(&state, field.type)));
                b.push(fields, f);
            }
            b.set(e, "fields", fields);
            b.push(exceptions, e);
        }
        napi_value objects = b.array(), enums = b.array();
        for (const object_record *rec : state.object_order) b.push(objects, describe_object(b, state, *rec));
        for (const enum_record *rec : state.enum_order) b.push(enums, describe_enum(env, b, *rec));
        napi_value constants = b.array();
        for (const auto &c : state.constants) {
            napi_value item = b.object();
            b.set(item, "name", b.string(c.name));
            set_scope(b, item, c.scope);
            b.set(item, "type", b.string(format_type(&state, c.type)));
            b.set(item, "doc", b.string(c.doc));
            b.push(constants, item);
        }
        b.set(out, "constants", constants);
        if (!state.default_export.empty()) b.set(out, "default", b.string(state.default_export));
        if (!state.submodules.empty()) {
            napi_value submodules = b.array();
            for (const auto &[path, doc] : state.submodules) {
                napi_value item = b.object();
                std::string scope = path.find('.') == std::string::npos ? "" : path.substr(0, path.rfind('.'));
                b.set(item, "name", b.string(path.substr(scope.empty() ? 0 : scope.size() + 1)));
                set_scope(b, item, scope);
                b.set(item, "doc", b.string(doc));
                b.push(submodules, item);
            }
            b.set(out, "submodules", submodules);
        }
        b.set(out, "functions", functions);
        b.set(out, "classes", classes);
        b.set(out, "exceptions", exceptions);
        b.set(out, "objects", objects);
        b.set(out, "enums", enums);
        return out;
    });
}

} // namespace

void add_describe(napi_env env, napi_value exports, env_state *state) {
    // The key is Symbol.for('tsbind.describe'): shared by every tsbind
    // version, and invisible to Object.keys and for-in.
    napi_value global, symbol_ctor, symbol_for, key_name, key, fn;
    check(env, napi_get_global(env, &global));
    check(env, napi_get_named_property(env, global, "Symbol", &symbol_ctor));
    check(env, napi_get_named_property(env, symbol_ctor, "for", &symbol_for));
    check(env, napi_create_string_utf8(env, "tsbind.describe", NAPI_AUTO_LENGTH, &key_name));
    check(env, napi_call_function(env, symbol_ctor, symbol_for, 1, &key_name, &key));
    check(env, napi_create_function(env, "describe", NAPI_AUTO_LENGTH, describe_callback, state, &fn));
    napi_property_descriptor prop{nullptr, key, nullptr, nullptr, nullptr, fn, napi_default, nullptr};
    check(env, napi_define_properties(env, exports, 1, &prop));
}

} // namespace detail
} // namespace tsbind
