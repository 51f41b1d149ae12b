// Plain-object types (object_<T>: C++ structs as plain JS objects, field by
// field) and enums (enum_<E>: frozen JS objects of named numbers).
#include "internal.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace tsbind {
namespace detail {

void check_not_bound(const env_state *state, const std::type_info &type, const char *binder, const char *name) {
    std::type_index key(type);
    if (state->types.count(key) || state->objects.count(key) || state->enums.count(key))
        throw std::logic_error(std::string(binder) + "<" + type.name() + ">(\"" + name +
                               "\"): this C++ type is already bound in this module");
}

// ---- Plain objects ---------------------------------------------------------

TSBIND_COLD napi_value add_submodule(const export_scope &scope, const char *name, const char *doc) {
    std::string path = scope.qualify(name);
    for (const auto &existing : scope.state->submodules)
        if (existing.first == path) throw std::logic_error("def_submodule: the submodule '" + path + "' is defined twice");
    napi_value object;
    check(scope.env, napi_create_object(scope.env, &object));
    napi_property_descriptor prop{name, nullptr, nullptr, nullptr, nullptr, object, napi_enumerable, nullptr};
    check(scope.env, napi_define_properties(scope.env, scope.object, 1, &prop));
    scope.state->submodules.emplace_back(std::move(path), doc ? doc : "");
    return object;
}

TSBIND_COLD void add_constant(const export_scope &scope, const char *name, napi_value value, type_sig type,
                              const char *doc) {
    for (const auto &existing : scope.state->constants)
        if (existing.name == name && existing.scope == scope.path)
            throw std::logic_error("attr: the constant '" + scope.qualify(name) + "' is defined twice");
    napi_property_descriptor prop{name, nullptr, nullptr, nullptr, nullptr, value, napi_enumerable, nullptr};
    check(scope.env, napi_define_properties(scope.env, scope.object, 1, &prop));
    scope.state->constants.push_back({name, scope.path, type, doc ? doc : ""});
}

TSBIND_COLD object_record &register_object(const export_scope &scope, const char *name, const char *doc,
                                           const std::type_info &type, void (*construct)(void *),
                                           void (*destroy)(void *)) {
    env_state *state = scope.state;
    check_not_bound(state, type, "object_", name);
    auto rec = std::make_unique<object_record>();
    rec->name = name;
    rec->path = scope.qualify(name);
    rec->doc = doc ? doc : "";
    rec->cpptype = &type;
    rec->construct = construct;
    rec->destroy = destroy;
    object_record &out = *rec;
    state->object_order.push_back(rec.get());
    state->objects.emplace(std::type_index(type), std::move(rec));
    return out;
}

namespace {

const object_record *find_object(const env_state *state, const std::type_info &type) {
    if (!state || state->objects.empty()) return nullptr;
    auto it = state->objects.find(std::type_index(type));
    return it == state->objects.end() ? nullptr : it->second.get();
}

/// `["x"]` or `.x`: where a field is, for messages.
std::string field_path(const std::string &name) {
    bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$');
    return identifier ? "." + name : "[\"" + name + "\"]";
}

/// `Number(x)`, `String(x)` or `Boolean(x)`, as the field asks (a Symbol
/// throws a TypeError, as in JS).
napi_value coerce_field(napi_env env, napi_value item, field_record::coercion coerce) {
    switch (coerce) {
    case field_record::coercion::number: check(env, napi_coerce_to_number(env, item, &item)); break;
    case field_record::coercion::string: check(env, napi_coerce_to_string(env, item, &item)); break;
    case field_record::coercion::boolean: check(env, napi_coerce_to_bool(env, item, &item)); break;
    case field_record::coercion::none: break;
    }
    return item;
}

} // namespace

bool load_plain_object(napi_env env, napi_value value, const std::type_info &type, void *storage,
                       load_failure *failure) {
    const object_record *rec = find_object(state_of(env), type);
    if (!rec) return false;
    napi_valuetype kind;
    check(env, napi_typeof(env, value, &kind));
    bool is_array = false;
    if (kind == napi_object) check(env, napi_is_array(env, value, &is_array));
    if (kind != napi_object || is_array) return false;
    for (const field_record &field : rec->fields)
        if (!field.load)
            throw std::logic_error(rec->path + "." + field.name + ": its C++ type converts only to JS, so " + rec->path +
                                   " cannot be taken from JS");
    rec->construct(storage);
    try {
        for (const field_record &field : rec->fields) {
            napi_value item;
            check(env, napi_get_named_property(env, value, field.name.c_str(), &item));
            if (rec->loose || !field.optional || field.coerce != field_record::coercion::none) {
                napi_valuetype item_kind;
                check(env, napi_typeof(env, item, &item_kind));
                if (item_kind == napi_undefined && rec->loose) continue;  // the default stays
                if (item_kind != napi_undefined) item = coerce_field(env, item, field.coerce);
                if (item_kind == napi_undefined && !field.optional) {
                    if (failure) {
                        failure->what = load_failure::kind::type_error;
                        failure->message = "is missing the field '" + field.name + "' (" +
                                           format_type(state_of(env), field.type_in) + ")";
                    }
                    rec->destroy(storage);
                    return false;
                }
            }
            if (!field.load(env, item, storage, field.member.get(), failure)) {
                if (failure) {
                    failure->path.insert(0, field_path(field.name));
                    if (failure->message.empty()) failure->message = expected_message(env, item, field.type_in);
                }
                rec->destroy(storage);
                return false;
            }
        }
    } catch (...) {
        rec->destroy(storage);
        throw;
    }
    return true;
}

/// A plain JS object with the fields of `src`, for cast_object.
napi_value plain_object_to_js(napi_env env, const object_record &rec, const void *src) {
    napi_value result;
    check(env, napi_create_object(env, &result));
    // All fields in one call, defined rather than assigned (a field named
    // "__proto__" is an own property, as in an object literal).
    constexpr size_t on_stack = 8;
    napi_property_descriptor local[on_stack];
    std::vector<napi_property_descriptor> heap(rec.fields.size() > on_stack ? rec.fields.size() : 0);
    napi_property_descriptor *props = heap.empty() ? local : heap.data();
    size_t count = 0;
    for (const field_record &field : rec.fields) {
        if (!field.cast)
            throw std::logic_error(rec.path + "." + field.name + ": its C++ type converts only from JS, so " + rec.path +
                                   " cannot be returned to JS");
        napi_value item = field.cast(env, src, field.member.get());
        if (item)
            props[count++] = {field.name.c_str(), nullptr, nullptr, nullptr, nullptr, item, napi_default_jsproperty,
                              nullptr};
    }
    if (count) check(env, napi_define_properties(env, result, count, props));
    return result;
}

const object_record *plain_object_type(const env_state *state, const std::type_info &type) {
    return find_object(state, type);
}

// ---- Enums -----------------------------------------------------------------

TSBIND_COLD enum_record &register_enum(const export_scope &scope, const char *name, const char *doc,
                                       const std::type_info &type) {
    napi_env env = scope.env;
    env_state *state = scope.state;
    check_not_bound(state, type, "enum_", name);
    auto rec = std::make_unique<enum_record>();
    rec->name = name;
    rec->path = scope.qualify(name);
    rec->doc = doc ? doc : "";
    rec->cpptype = &type;
    napi_value object;
    check(env, napi_create_object(env, &object));
    check(env, napi_set_named_property(env, scope.object, name, object));
    rec->object = reference(env, object);
    enum_record &out = *rec;
    state->enum_order.push_back(rec.get());
    state->enums.emplace(std::type_index(type), std::move(rec));
    return out;
}

TSBIND_COLD void add_enum_value(napi_env env, enum_record &rec, const char *name, long long number, const char *doc) {
    for (const auto &existing : rec.values)
        if (existing.name == name)
            throw std::logic_error(rec.path + ": the name '" + name + "' is given to two values");
    rec.values.push_back({name, doc ? doc : "", number});
    // Both directions, as a TypeScript enum has them: Color.Red is 0 and Color[0] is "Red".
    napi_value object = rec.object.value(), js_number, js_name;
    check(env, napi_create_int64(env, number, &js_number));
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &js_name));
    check(env, napi_set_named_property(env, object, name, js_number));
    check(env, napi_set_property(env, object, js_number, js_name));
}

TSBIND_COLD void freeze_enums(napi_env env, env_state *state) {
    for (enum_record *rec : state->enum_order) check(env, napi_object_freeze(env, rec->object.value()));
}

bool check_enum_value(napi_env env, napi_value value, const std::type_info &type, long long number,
                      load_failure *failure) {
    const env_state *state = state_of(env);
    if (!state) return true;
    auto it = state->enums.find(std::type_index(type));
    if (it == state->enums.end()) return true;  // not bound: any value of its type
    const enum_record &rec = *it->second;
    if (std::any_of(rec.values.begin(), rec.values.end(), [&](const auto &v) { return v.number == number; }))
        return true;
    if (rec.flags && number >= 0) {
        unsigned long long all = 0;
        for (const auto &v : rec.values) all |= static_cast<unsigned long long>(v.number);
        if ((static_cast<unsigned long long>(number) & ~all) == 0) return true;
        if (failure)
            fail_range(failure, env, value, ("a combination of the flags of " + rec.path + " (within " +
                                             std::to_string(all) + ")").c_str());
        return false;
    }
    if (failure) {
        std::string expected = "one of ";
        for (size_t i = 0; i < rec.values.size(); ++i) {
            if (i) expected += ", ";
            expected += rec.path + "." + rec.values[i].name + " (" + std::to_string(rec.values[i].number) + ")";
        }
        if (rec.values.empty()) expected = "a value of " + rec.path + ", which has none";
        fail_range(failure, env, value, expected.c_str());
    }
    return false;
}

/// The JS name of a bound enum or plain-object type, or null.
const std::string *other_type_name(const env_state *state, const std::type_info &type) {
    std::type_index key(type);
    auto object = state->objects.find(key);
    if (object != state->objects.end()) return &object->second->path;
    auto e = state->enums.find(key);
    if (e != state->enums.end()) return &e->second->path;
    return nullptr;
}

} // namespace detail
} // namespace tsbind
