// The JS layer: JS the module writes from its own records at the end of
// init and runs (napi_run_script), so that every loader gets it, the
// generated entry point and a bare `require()` of the `.node` alike. It
// puts JS where Node-API is slow (docs/ARCHITECTURE.md, "The JS layer"):
//
// - results of numbers, booleans, plain-object types of numbers, pairs and
//   tuples: the native side writes them into a per-environment
//   Float64Array, and JS returns the number or builds the literal;
// - bound objects: their handle (a number naming the instance's block)
//   lives in a private field `#h`, and goes to the native side through the
//   same buffer, instead of napi_unwrap;
// - bound classes: JS classes, whose `new` makes the object in JS and the
//   instance without napi_wrap;
// - calls: a plain call of a constant native function, which V8 compiles to
//   its fast path for API functions.
//
// A handle cannot be read, forged or moved from outside the layer (a
// private field), and the native side takes one only when the instance heap
// says it names a live block; anything else takes the ordinary path, whose
// errors are the ones users know. This file makes the layer (it runs once:
// built for size); layer_calls.cpp is what runs on every call.
#include "internal.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <utility>
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

/// Which of `rec`'s bound objects can come with their handles (-1 `this`,
/// else an argument's index): `this` of a method, and arguments whose type
/// is a bound class (by reference, value or pointer).
std::vector<std::int8_t> handle_params(const env_state &state, const function_record &rec) {
    std::vector<std::int8_t> out;
    if (rec.wants_new_target || rec.nargs > stack_args || rec.name.compare(0, 8, "[Symbol.") == 0) return out;
    if (rec.is_method && !rec.is_static) out.push_back(-1);
    for (size_t i = 0; i < rec.nargs && out.size() < sizeof(function_record::handle_of); ++i) {
        const type_sig &type = rec.arg_types[i];
        if ((std::string(type.text) == "%" || std::string(type.text) == "% | null") && type.types &&
            state.types.count(std::type_index(*type.types[0])))
            out.push_back(std::int8_t(i));
    }
    return out;
}

/// One binding the layer stands in front of: one whose bound objects come
/// with their `handles`, and/or whose result is a plain-object `type` or
/// has the caster's `layout` (a pair or tuple).
struct layer_item {
    napi_value target;
    const std::string *key;
    const function_record *rec;
    const object_record *type;
    const char *layout;
    std::vector<std::int8_t> handles;
    /// A property: `rec` is its getter, and `setter` (if any) takes `setter_handles`.
    bool accessor = false;
    const function_record *setter = nullptr;
    std::vector<std::int8_t> setter_handles;
    bool scratch() const { return type || layout; }
    size_t slots() const { return type ? type->fields.size() : !layout ? 0 : layout[0] == '=' ? 1 : std::strlen(layout); }
};

/// What the layer can do for `rec`, found at `target[rec.name]`: pass its
/// bound objects as handles, build its result from the scratch buffer.
layer_item item_for(const env_state &state, napi_value target, const function_record &rec) {
    layer_item item{target, &rec.name, &rec, scratch_type(state, rec), nullptr, handle_params(state, rec)};
    if (!item.type && rec.scratch_layout && std::strlen(rec.scratch_layout) <= max_scratch_fields)
        item.layout = rec.scratch_layout;
    return item;
}

/// A copy of `rec` for the JS layer: the same callable and messages, its
/// result written to the scratch buffer when the item says so. The
/// original owns the callable.
std::unique_ptr<function_record> layer_copy(const layer_item &item) {
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

/// The JS expression that builds `item`'s result from the scratch buffer.
std::string scratch_result(const layer_item &item) {
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
    } else if (item.layout[0] == '=') {
        built = read(0, item.layout[1] == 'b');  // one value
    } else {
        for (size_t slot = 0; item.layout[slot]; ++slot) built += (slot ? ", " : "[") + read(slot, item.layout[slot] == 'b');
        built += "]";
    }
    return built;
}

/// Whether `name` can name a class in JS source (`class Name {}`).
bool is_identifier(const std::string &name) {
    static const char *const reserved[] = {
        "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
        "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for", "function",
        "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package",
        "private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true",
        "try", "typeof", "var", "void", "while", "with", "yield"};
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'))
            return false;
    return std::none_of(std::begin(reserved), std::end(reserved), [&](const char *word) { return name == word; });
}

/// Whether the layer's class makes `type`'s objects itself: every
/// constructor overload a plain one (no new.target, keep_alive or result
/// override). Otherwise `new` goes on to the bound class.
bool layer_constructs(const type_record &type) {
    if (!type.init) return false;
    for (const function_record *rec = type.init; rec; rec = rec->next)
        if (rec->wants_new_target || !rec->keep_alive.empty() || !rec->return_override.empty()) return false;
    return true;
}

/// The JS class that the layer puts in place of bound class `type` (number
/// `index`): its prototype becomes the bound class's, so that objects made
/// in C++ are its instances too. A subclass's `new` (new.target is not this
/// class) goes on to the bound class, which makes the C++ subclass; so does
/// every `new` when the layer does not construct the type itself.
std::string class_source(const type_record &type, size_t index, bool constructs) {
    std::string i = std::to_string(index), self = "C" + i, bound = "N" + i;
    bool named = is_identifier(type.name);
    std::string out = "  const " + bound + " = classes[" + i + "][0], make" + i + " = classes[" + i + "][1];\n  const " +
                      self + " = " + (named ? "class " + type.name : "{ " + js_literal(type.name) + ": class") +
                      " {\n    constructor() {\n";
    // The native side takes the object first (a plain call: the compiler's fast path for API functions).
    std::string direct, make = "make" + i;
    if (constructs) {
        size_t count = type.init->nargs;
        direct = "arguments.length === " + std::to_string(count) + " ? " + make + "(this";
        for (size_t a = 0; a < count; ++a) direct += ", arguments[" + std::to_string(a) + "]";
        direct += ") : " + make + "(this, ...arguments)";
    }
    if (constructs)
        out += "      if (new.target !== " + self + ") return construct(" + bound + ", arguments, new.target);\n"
               "      new Handles(this, " + direct + ");\n";
    else
        out += "      return construct(" + bound + ", arguments, new.target === " + self + " ? " + bound + " : new.target);\n";
    return out + "    }\n  }" + (named ? "" : " }[" + js_literal(type.name) + "]") + ";\n";
}

/// The JS function for `item`, number `index`: `fast[index]` takes the
/// handles first, `slow[index]` the arguments as given (a scratch copy, or
/// the binding's own function).
std::string layer_function_source(const layer_item &item, size_t index) {
    std::string i = std::to_string(index);
    // `undefined` from a scratch copy means the result is in the buffer (a failed call has thrown).
    std::string result = item.scratch() ? "r === undefined ? " + scratch_result(item) + " : r" : "r";
    std::string params, args, handles;
    for (size_t a = 0; a < item.rec->nargs; ++a) {
        params += (a ? ", a" : "a") + std::to_string(a);
        args += ", a" + std::to_string(a);
    }
    // Handles go through the scratch buffer; the native side reads them first.
    for (size_t h = 0; h < item.handles.size(); ++h)
        handles += "s[" + std::to_string(h) + "] = H(" + (item.handles[h] < 0 ? std::string("this") : "a" + std::to_string(item.handles[h])) + "); ";
    // Method syntax gives the function its name and no prototype. A plain
    // call of a constant native function is one the compiler makes by the
    // fast path for API functions; Reflect.apply's is not.
    const function_record &rec = *item.rec;
    std::string call;
    if (!item.handles.empty()) {
        call = "{ " + handles + "r = F" + i + "(" + (rec.is_method ? "this" + args : args.substr(args.empty() ? 0 : 2)) + "); }";
    } else if (!rec.is_method) {
        // As many arguments as given: the native side then leaves out the
        // rest without asking JS what they are (load_omitted).
        size_t fewest = rec.omitted_are_undefined ? rec.nargs_required : rec.nargs;
        call = "r = ";
        for (size_t given = rec.nargs; given > fewest; --given)
            call += "arguments.length === " + std::to_string(given) + " ? S" + i + "(" +
                    params.substr(0, params.find(", a" + std::to_string(given))) + ") : ";
        call += "S" + i + "(" + (fewest ? params.substr(0, params.find(", a" + std::to_string(fewest))) : "") + ");";
    } else
        call = "r = apply(S" + i + ", this, [" + args.substr(args.empty() ? 0 : 2) + "]);";
    // Trailing parameters that may be left out go as `undefined` when that
    // means the same (no defaults: function_record::omitted_are_undefined).
    std::string count = std::to_string(rec.nargs);
    std::string fast_when = rec.omitted_are_undefined && rec.nargs_required < rec.nargs
                                ? "arguments.length <= " + count + " && arguments.length >= " + std::to_string(rec.nargs_required)
                                : "arguments.length === " + count;
    std::string out = "      ({ " + js_literal(*item.key) + "(" + params + ") {\n        let r;\n        if (" + fast_when + ") " +
                      call + "\n        else r = apply(slow[" + i + "], this, arguments);\n";
    return out + "        return " + result + ";\n      } })[" + js_literal(*item.key) + "],\n";
}

/// The constants `item`'s JS function calls.
std::string layer_constants(const layer_item &item, size_t index) {
    std::string i = std::to_string(index), out = "      const F" + i + " = fast[" + i + "], S" + i + " = slow[" + i + "]";
    return out + (item.setter ? ", T" + i + " = setters[" + i + "];\n" : ";\n");
}

/// The accessors for property `item`, number `index`: a getter and a setter
/// (when the property has one) that pass `this` as a handle to `fast[index]`
/// and `setters[index]`, in an object literal whose property they are.
std::string accessor_source(const layer_item &item, size_t index) {
    std::string i = std::to_string(index), key = js_literal(*item.key);
    std::string result = item.scratch() ? "r === undefined ? " + scratch_result(item) + " : r" : "r";
    std::string out = "      { get " + key + "() {\n        s[0] = H(this);\n        const r = F" + i + "(this);\n        return " +
                      result + ";\n      }";
    if (item.setter) {
        std::string handles;
        for (size_t h = 0; h < item.setter_handles.size(); ++h)
            handles += "s[" + std::to_string(h) + "] = H(" + (item.setter_handles[h] < 0 ? "this" : "a0") + "); ";
        out += ", set " + key + "(a0) {\n        " + handles + "T" + i + "(this, a0);\n      }";
    }
    return out + " },\n";
}

} // namespace

/// The layer's classes: what the script takes in `class_list`, and the
/// source that makes them and puts them in the bound classes' places.
TSBIND_COLD std::string layer_classes(napi_env env, napi_value exports, env_state &state, napi_value class_list) {
    // Classes: the layer's JS class stands for each (and makes the objects
    // where it can), except where `Foo(x)` must work without `new`
    // (a JS class cannot be called), and below such a class.
    std::vector<const type_record *> classes;
    std::vector<char> replaced;
    for (const type_record *type : state.type_order) {
        auto base = std::find(classes.begin(), classes.end(), type->base);
        bool under_kept = type->base && (base == classes.end() || !replaced[size_t(base - classes.begin())]);
        classes.push_back(type);
        replaced.push_back(!type->callable_without_new && !under_kept);
    }
    std::string source;
    std::string made_classes;
    for (size_t i = 0; i < classes.size(); ++i) {
        const type_record &type = *classes[i];
        bool constructs = replaced[i] && layer_constructs(type);
        napi_value entry, make, base_index, target, key;
        if (constructs)
            check(env, napi_create_function(env, type.name.c_str(), type.name.size(), state.layer_construct,
                                            const_cast<type_record *>(&type), &make));
        else
            check(env, napi_get_undefined(env, &make));
        auto base = std::find(classes.begin(), classes.end(), type.base);
        check(env, napi_create_int32(env, type.base ? int32_t(base - classes.begin()) : -1, &base_index));
        size_t dot = type.path.size() - type.key.size();
        target = scope_object(env, exports, dot ? type.path.substr(0, dot - 1) : std::string());
        check(env, napi_create_string_utf8(env, type.key.c_str(), type.key.size(), &key));
        check(env, napi_create_array_with_length(env, 5, &entry));
        napi_value fields[] = {type.constructor.value(), make, base_index, target, key};
        for (uint32_t f = 0; f < 5; ++f) check(env, napi_set_element(env, entry, f, fields[f]));
        check(env, napi_set_element(env, class_list, uint32_t(i), entry));
        if (replaced[i]) source += class_source(type, i, constructs);
        made_classes += (i ? ", " : "") + (replaced[i] ? "C" + std::to_string(i) : std::string("undefined"));
    }
    // Each class takes the bound class's place: its prototype's properties
    // and its statics, its base, its key; the bound class's `prototype`
    // becomes its own, for the objects C++ makes. Nested classes first,
    // before their scope's statics are copied.
    source += "  const madeClasses = [" + made_classes + "];\n"
              "  for (let i = classes.length - 1; i >= 0; i--) {\n"
              "    const [N, , base, target, key] = classes[i], C = madeClasses[i];\n"
              "    const B = base < 0 ? null : madeClasses[base] ?? classes[base][0];\n"
              "    const P = N.prototype;\n"
              "    if (C === undefined) {\n"
              "      if (B) {\n"
              "        Object.setPrototypeOf(P, B.prototype);\n"
              "        Object.setPrototypeOf(N, B);\n"
              "      }\n"
              "      continue;\n"
              "    }\n"
              "    for (const k of Reflect.ownKeys(P))\n"
              "      if (k !== 'constructor') Object.defineProperty(C.prototype, k, Object.getOwnPropertyDescriptor(P, k));\n"
              "    for (const k of Reflect.ownKeys(N))\n"
              "      if (!['length', 'name', 'prototype', 'arguments', 'caller'].includes(k)) Object.defineProperty(C, k, Object.getOwnPropertyDescriptor(N, k));\n"
              "    Object.setPrototypeOf(C.prototype, B ? B.prototype : Object.getPrototypeOf(P));\n"
              "    Object.setPrototypeOf(C, B ?? Object.getPrototypeOf(N));\n"
              "    N.prototype = C.prototype;\n"
              "    const d = Object.getOwnPropertyDescriptor(target, key);\n"
              "    d.value = C;\n"
              "    Object.defineProperty(target, key, d);\n"
              "  }\n";
    return source;
}

TSBIND_COLD void install_js_layer(napi_env env, napi_value exports, env_state &state) {
    std::vector<layer_item> items;
    auto consider = [&](napi_value target, const function_record &rec) {
        if (!layer_may_take(rec)) return;
        layer_item item = item_for(state, target, rec);
        if (!item.handles.empty() || item.scratch()) items.push_back(std::move(item));
    };
    for (const auto &[rec, path] : state.module_functions) consider(scope_object(env, exports, path), *rec);
    for (const type_record *type : state.type_order)
        for (const function_record *rec : type->method_order)
            if (rec->name.compare(0, 8, "[Symbol.") != 0)
                consider(rec->is_static ? type->constructor.value() : type->prototype.value(), *rec);
    // Properties of instances: their accessors pass `this` as a handle.
    for (const type_record *type : state.type_order)
        for (const auto &property : type->properties) {
            const function_record &get = *property->getter;
            if (property->is_static || !layer_may_take(get) || (property->setter && !layer_may_take(*property->setter)))
                continue;
            layer_item item = item_for(state, type->prototype.value(), get);
            item.accessor = true;
            item.setter = property->setter;
            if (item.setter) item.setter_handles = handle_params(state, *item.setter);
            if (item.handles.size() != 1 || (item.setter && item.setter_handles.empty())) continue;
            items.push_back(std::move(item));
        }
    if (items.empty() && state.type_order.empty()) return;

    size_t slots = 0;
    for (const layer_item &item : items)
        slots = std::max({slots, item.slots(), item.handles.size(), item.setter_handles.size()});
    napi_value scratch = nullptr, fast, slow, setters, targets, keys, stamp, class_list;
    if (slots) {
        napi_value buffer;
        void *memory;
        check(env, napi_create_arraybuffer(env, slots * sizeof(double), &memory, &buffer));
        check(env, napi_create_typedarray(env, napi_float64_array, slots, buffer, 0, &scratch));
        state.scratch = static_cast<double *>(memory);
        state.scratch_buffer = reference(env, buffer);
    } else {
        check(env, napi_get_undefined(env, &scratch));
    }
    if (state.layer_handle_of)
        check(env, napi_create_function(env, "handleOf", NAPI_AUTO_LENGTH, state.layer_handle_of, nullptr, &stamp));
    else
        check(env, napi_get_undefined(env, &stamp));
    for (napi_value *list : {&fast, &slow, &setters, &targets, &keys})
        check(env, napi_create_array_with_length(env, items.size(), list));
    std::string source =
        "(function (s, fast, slow, setters, targets, keys, handleOf, classes) {\n"
        "  'use strict';\n"
        "  const apply = Reflect.apply, construct = Reflect.construct;\n"
        "  for (let i = 0; i < targets.length; i++)\n"
        "    if (slow[i] === undefined) slow[i] = Object.getOwnPropertyDescriptor(targets[i], keys[i]).value;\n"
        "  let made, readHandle;\n"
        "  // Adds #h to an object (the constructor returns it as the `this` of the subclass).\n"
        "  class Handles extends function (object) { return object; } {\n"
        "    #h;\n"
        "    constructor(object, h) { super(object); this.#h = h; }\n"
        "    static {\n"
        "      // The handle of a bound object (0: none), kept in #h from its first call on.\n"
        "      const stamp = (object) => {\n"
        "        const h = handleOf(object);\n"
        "        if (h !== 0) try { new Handles(object, h); } catch { return 0; }\n"
        "        return h;\n"
        "      };\n"
        "      const H = (o) => typeof o === 'object' && o !== null ? (#h in o ? o.#h : stamp(o)) : 0;\n"
        "      // How native code finds the instance of an object a class below made (it has no napi_wrap).\n"
        "      readHandle = (o) => Object(o) === o && #h in o ? o.#h : 0;\n"
        "";
    std::string functions = "      made = [\n";
    auto put = [&](napi_value list, size_t i, std::unique_ptr<function_record> copy, napi_callback callback) {
        napi_value fn;
        check(env, napi_create_function(env, copy->name.c_str(), copy->name.size(), callback, copy.get(), &fn));
        state.functions.push_back(std::move(copy));
        check(env, napi_set_element(env, list, uint32_t(i), fn));
    };
    for (size_t i = 0; i < items.size(); ++i) {
        const layer_item &item = items[i];
        if (!item.handles.empty()) {
            auto copy = layer_copy(item);
            copy->handle_count = std::uint8_t(item.handles.size());
            std::copy(item.handles.begin(), item.handles.end(), copy->handle_of);
            napi_callback callback = state.layer_handle_callback(*copy);  // handles exist only with classes
            put(fast, i, std::move(copy), callback);
        }
        if (item.setter) {
            layer_item set{item.target, item.key, item.setter, nullptr, nullptr, item.setter_handles};
            auto copy = layer_copy(set);
            copy->handle_count = std::uint8_t(set.handles.size());
            std::copy(set.handles.begin(), set.handles.end(), copy->handle_of);
            napi_callback callback = state.layer_handle_callback(*copy);  // handles exist only with classes
            put(setters, i, std::move(copy), callback);
        }
        if (item.scratch() && !item.accessor) {
            auto copy = layer_copy(item);
            napi_callback callback = callback_for(*copy);
            put(slow, i, std::move(copy), callback);
        }
        napi_value key;
        check(env, napi_create_string_utf8(env, item.key->c_str(), item.key->size(), &key));
        check(env, napi_set_element(env, targets, uint32_t(i), item.target));
        check(env, napi_set_element(env, keys, uint32_t(i), key));
        source += layer_constants(item, i);
        functions += item.accessor ? accessor_source(item, i) : layer_function_source(item, i);
    }
    source += functions;
    // Each replaces the binding's own function under its key, with the same
    // property attributes.
    source += "      ];\n"
              "    }\n"
              "  }\n"
              "  for (let i = 0; i < made.length; i++) {\n"
              "    const d = Object.getOwnPropertyDescriptor(targets[i], keys[i]);\n"
              "    if (typeof made[i] === 'function') {\n"
              "      d.value = made[i];\n"
              "    } else {\n"
              "      const accessors = Object.getOwnPropertyDescriptor(made[i], keys[i]);\n"
              "      d.get = accessors.get;\n"
              "      if (d.set) d.set = accessors.set;\n"
              "    }\n"
              "    Object.defineProperty(targets[i], keys[i], d);\n"
              "  }\n";
    check(env, napi_create_array_with_length(env, state.type_order.size(), &class_list));
    source += state.layer_classes ? state.layer_classes(env, exports, state, class_list) : "  const madeClasses = [];\n";
    source += "  return [readHandle, madeClasses];\n"
              "})";
    napi_value script, layer, out, read, made;
    check(env, napi_create_string_utf8(env, source.c_str(), source.size(), &script));
    check(env, napi_run_script(env, script, &layer));
    napi_value args[] = {scratch, fast, slow, setters, targets, keys, stamp, class_list};
    check(env, napi_call_function(env, exports, layer, 8, args, &out));
    check(env, napi_get_element(env, out, 0, &read));
    check(env, napi_get_element(env, out, 1, &made));
    state.read_handle = reference(env, read);
    // The bound classes' prototype is the layer's classes' now (a class bound later extends it).
    for (size_t i = 0; i < state.type_order.size(); ++i) {
        napi_value cls, prototype;
        napi_valuetype kind;
        check(env, napi_get_element(env, made, uint32_t(i), &cls));
        check(env, napi_typeof(env, cls, &kind));
        if (kind != napi_function) continue;
        check(env, napi_get_named_property(env, cls, "prototype", &prototype));
        state.type_order[i]->prototype = reference(env, prototype);
    }
}

} // namespace detail
} // namespace tsbind
