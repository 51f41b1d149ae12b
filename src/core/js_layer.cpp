// The JS layer: JS functions the module puts in front of some of its
// bindings at init, where JS does the work cheaper than Node-API can.
//
// Node-API is slow at building values: a plain object `{x, y}` made with
// napi_create_object and napi_define_properties costs about a hundred times
// what the object literal costs in JS. So a binding whose result is a
// plain-object type of numbers (object_<T> with number, boolean and enum
// fields), or a pair or tuple of numbers and booleans, gets a JS function
// in front of it: the native side writes the values into a per-environment
// Float64Array and returns `undefined`, and the JS function builds the
// object or array literal from it.
//
// The module writes this layer itself, from its own records, when its init
// ends (napi_run_script), so every loader gets it: the generated entry
// point, and a bare `require()` of the `.node` file alike. A module that
// binds no such function runs no script.
#include "internal.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace tsbind {
namespace detail {

namespace {

/// At most this many fields go through the scratch buffer.
constexpr size_t max_scratch_fields = 64;

/// `text` as a JS string literal.
std::string js_literal(const std::string &text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += char(c);
        }
    }
    return out + "\"";
}

/// Whether the layer may stand in front of `rec`: one overload, no
/// keep_alive on its result, not a constructor.
bool layer_may_take(const function_record &rec) {
    return !rec.next && !rec.is_constructor && rec.keep_alive.empty() && rec.return_override.empty();
}

/// The plain-object type whose fields `rec`'s result can carry through the
/// scratch buffer, or null: a result that is exactly a plain-object type,
/// every field a number, boolean or enum a double holds.
const object_record *scratch_type(const env_state &state, const function_record &rec) {
    const type_sig &result = rec.return_type;
    if (std::string(result.text) != "%" || !result.types || !result.types[0]) return nullptr;
    const object_record *type = plain_object_type(&state, *result.types[0]);
    if (!type || type->fields.empty() || type->fields.size() > max_scratch_fields) return nullptr;
    for (const field_record &field : type->fields) {
        if (!field.to_double || field.optional || field.name == "__proto__") return nullptr;
        std::string out(field.type_out.text);
        // A user's caster for a field type might cross as something else: only the library's number forms.
        bool is_enum = out == "%" && field.type_out.types && state.enums.count(std::type_index(*field.type_out.types[0]));
        if (out != "number" && out != "boolean" && !is_enum) return nullptr;
    }
    return type;
}

/// One binding the layer stands in front of: the result is a plain-object
/// `type`, or has the caster's `layout` (a pair or tuple).
struct layer_item {
    napi_value target;
    const std::string *key;
    const function_record *rec;
    const object_record *type;
    const char *layout;
    size_t slots() const { return type ? type->fields.size() : std::strlen(layout); }
};

/// A copy of `rec` for the JS layer: the same callable and messages, its
/// result written to the scratch buffer. The original owns the callable.
std::unique_ptr<function_record> scratch_copy(const layer_item &item) {
    const function_record &rec = *item.rec;
    auto copy = std::make_unique<function_record>();
    copy->name = rec.name;
    copy->scope = rec.scope;
    copy->doc = rec.doc;
    copy->impl = rec.impl;
    copy->capture = rec.capture;
    copy->nargs = rec.nargs;
    copy->nargs_required = rec.nargs_required;
    copy->is_method = rec.is_method;
    copy->is_constructor = rec.is_constructor;
    copy->is_static = rec.is_static;
    copy->wants_new_target = rec.wants_new_target;
    copy->omitted_are_undefined = rec.omitted_are_undefined;
    copy->policy = rec.policy;
    copy->throws = rec.throws;
    copy->args = rec.args;
    copy->arg_types = rec.arg_types;
    copy->return_type = rec.return_type;
    copy->state = rec.state;
    copy->scratch_layout = rec.scratch_layout;
    copy->result_to_scratch = item.type;
    copy->layout_to_scratch = item.layout != nullptr;
    return copy;
}

/// The object a module function's scope path names ("" is the exports).
napi_value scope_object(napi_env env, napi_value exports, const std::string &path) {
    napi_value object = exports;
    for (size_t start = 0; start < path.size();) {
        size_t end = path.find('.', start);
        if (end == std::string::npos) end = path.size();
        check(env, napi_get_named_property(env, object, path.substr(start, end - start).c_str(), &object));
        start = end + 1;
    }
    return object;
}

/// The JS function for `item`, native function number `index`.
std::string scratch_function_source(const layer_item &item, size_t index) {
    auto read = [](size_t slot, bool boolean) {
        return "s[" + std::to_string(slot) + "]" + (boolean ? " !== 0" : "");
    };
    std::string built;
    if (item.type) {
        size_t slot = 0;
        for (const field_record &field : item.type->fields) {
            built += (slot ? ", " : "{ ") + js_literal(field.name) + ": " +
                     read(slot, std::string(field.type_out.text) == "boolean");
            ++slot;
        }
        built += " }";
    } else {
        for (size_t slot = 0; item.layout[slot]; ++slot) built += (slot ? ", " : "[") + read(slot, item.layout[slot] == 'b');
        built += "]";
    }
    std::string native = "n[" + std::to_string(index) + "]";
    // Method syntax gives the function its name and no prototype; `undefined`
    // means the fields are in the buffer (a failed call has thrown).
    return "  ({ " + js_literal(*item.key) + "() {\n    const r = apply(" + native +
           ", this, arguments);\n    return r === undefined ? " + built + " : r;\n  } })[" +
           js_literal(*item.key) + "],\n";
}

} // namespace

napi_value write_scratch(const function_record &rec, const void *object) {
    double *out = rec.state->scratch;
    for (const field_record &field : rec.result_to_scratch->fields) *out++ = field.to_double(object, field.member.get());
    return nullptr;
}

TSBIND_COLD void install_js_layer(napi_env env, napi_value exports, env_state &state) {
    std::vector<layer_item> items;
    auto consider = [&](napi_value target, const function_record &rec) {
        if (!layer_may_take(rec)) return;
        if (const object_record *type = scratch_type(state, rec))
            items.push_back({target, &rec.name, &rec, type, nullptr});
        else if (rec.scratch_layout && std::strlen(rec.scratch_layout) <= max_scratch_fields)
            items.push_back({target, &rec.name, &rec, nullptr, rec.scratch_layout});
    };
    for (const auto &[rec, path] : state.module_functions) consider(scope_object(env, exports, path), *rec);
    for (const type_record *type : state.type_order)
        for (const function_record *rec : type->method_order)
            if (rec->name.compare(0, 8, "[Symbol.") != 0)
                consider(rec->is_static ? type->constructor.value() : type->prototype.value(), *rec);
    if (items.empty()) return;

    size_t slots = 0;
    for (const layer_item &item : items) slots = std::max(slots, item.slots());
    napi_value buffer, scratch, natives, targets, keys;
    void *memory;
    check(env, napi_create_arraybuffer(env, slots * sizeof(double), &memory, &buffer));
    check(env, napi_create_typedarray(env, napi_float64_array, slots, buffer, 0, &scratch));
    state.scratch = static_cast<double *>(memory);
    state.scratch_buffer = reference(env, buffer);

    check(env, napi_create_array_with_length(env, items.size(), &natives));
    check(env, napi_create_array_with_length(env, items.size(), &targets));
    check(env, napi_create_array_with_length(env, items.size(), &keys));
    std::string source =
        "(function (s, n, targets, keys) {\n  'use strict';\n  const apply = Reflect.apply;\n  const made = [\n";
    for (size_t i = 0; i < items.size(); ++i) {
        const layer_item &item = items[i];
        auto copy = scratch_copy(item);
        napi_value native, key;
        check(env, napi_create_function(env, copy->name.c_str(), copy->name.size(), callback_for(*copy), copy.get(),
                                        &native));
        state.functions.push_back(std::move(copy));
        check(env, napi_create_string_utf8(env, item.key->c_str(), item.key->size(), &key));
        check(env, napi_set_element(env, natives, uint32_t(i), native));
        check(env, napi_set_element(env, targets, uint32_t(i), item.target));
        check(env, napi_set_element(env, keys, uint32_t(i), key));
        source += scratch_function_source(item, i);
    }
    // Each replaces the binding's own function under its key, with the same
    // property attributes.
    source += "  ];\n"
              "  for (let i = 0; i < made.length; i++) {\n"
              "    const d = Object.getOwnPropertyDescriptor(targets[i], keys[i]);\n"
              "    if (!d || typeof d.value !== 'function') continue;\n"
              "    d.value = made[i];\n"
              "    Object.defineProperty(targets[i], keys[i], d);\n"
              "  }\n"
              "})";
    napi_value script, layer, ignored;
    check(env, napi_create_string_utf8(env, source.c_str(), source.size(), &script));
    check(env, napi_run_script(env, script, &layer));
    napi_value args[] = {scratch, natives, targets, keys};
    check(env, napi_call_function(env, exports, layer, 4, args, &ignored));
}

} // namespace detail
} // namespace tsbind
