// Layer 3, the dispatcher's slow paths and set-up: defaults, overload
// resolution, the messages of calls that fail, keep_alive, and building and
// registering function records. Built for size (see tsbindConfig.cmake): none
// of it runs on the fast path of dispatch.cpp.
#include "internal.h"

#include <stdexcept>
#include <utility>

namespace tsbind {
namespace detail {

function_record::~function_record() {
    if (free_capture) free_capture(capture);
}

TSBIND_COLD std::unique_ptr<function_record> new_record(const char *name, const type_sig *signature, size_t cpp_nargs,
                                            bool has_self) {
    auto rec = std::make_unique<function_record>();
    rec->name = name;
    rec->is_method = has_self;
    rec->return_type = signature[0];
    rec->arg_types = signature + 1 + (has_self ? 1 : 0);
    rec->nargs = static_cast<uint16_t>(cpp_nargs - (has_self ? 1 : 0));
    return rec;
}

TSBIND_COLD void add_arg(function_record &rec, const char *name, std::shared_ptr<const void> value,
                         napi_value (*to_js)(napi_env, const void *), const char *type_override) {
    rec.args.push_back({name, type_override ? type_override : "", std::move(value), to_js});
}

TSBIND_COLD void set_doc(function_record &rec, const char *doc) { rec.doc = doc; }

TSBIND_COLD void finish_record(function_record &rec, size_t omittable_tail) {
    if (!rec.args.empty() && rec.args.size() != rec.nargs)
        throw std::logic_error(rec.name + ": " + std::to_string(rec.args.size()) + " arg() names for " +
                               std::to_string(rec.nargs) + " parameters");
    rec.nargs_required = rec.nargs;
    bool seen_default = false;
    for (size_t i = 0; i < rec.args.size(); ++i) {
        if (rec.args[i].has_default()) {
            if (!seen_default) rec.nargs_required = static_cast<uint16_t>(i);
            seen_default = true;
        } else if (seen_default && i < rec.nargs - omittable_tail) {
            throw std::logic_error(rec.name + ": parameter '" + rec.args[i].name +
                                   "' has no default but follows one that has; defaults must come last");
        }
    }
    if (rec.nargs - omittable_tail < rec.nargs_required) rec.nargs_required = static_cast<uint16_t>(rec.nargs - omittable_tail);
    rec.omitted_are_undefined = !seen_default && rec.nargs <= stack_args;
    // Declared types (arg(...).type(...), returns(...)) replace the ones
    // tsbind knows, in the declarations and in messages alike.
    for (size_t i = 0; i < rec.args.size(); ++i) {
        if (rec.args[i].type_override.empty()) continue;
        if (!rec.own_arg_types) {
            rec.own_arg_types.reset(new type_sig[rec.nargs]);
            for (size_t j = 0; j < rec.nargs; ++j) rec.own_arg_types[j] = rec.arg_types[j];
            rec.arg_types = rec.own_arg_types.get();
        }
        rec.own_arg_types[i] = type_sig{rec.args[i].type_override.c_str(), nullptr};
    }
    if (!rec.return_override.empty()) rec.return_type = type_sig{rec.return_override.c_str(), nullptr};
}

namespace {

/// Puts the arguments for one overload into `out` (rec.nargs values):
/// the given ones, with defaults for missing or `undefined` trailing ones.
/// False when the count does not fit this overload.
bool prepare_args(napi_env env, const function_record &rec, napi_value *argv, size_t argc, napi_value *out) {
    if (argc > rec.nargs || argc < rec.nargs_required) return false;
    for (size_t i = 0; i < rec.nargs; ++i) {
        if (i < rec.nargs_required) {
            out[i] = argv[i];
            continue;
        }
        bool use_default = i >= argc;
        if (!use_default) {
            napi_valuetype t;
            check(env, napi_typeof(env, argv[i], &t));
            use_default = t == napi_undefined;
        }
        if (!use_default)
            out[i] = argv[i];
        else if (i < rec.args.size() && rec.args[i].has_default())
            out[i] = rec.args[i].make_default(env);
        else  // an omittable parameter without a default
            check(env, napi_get_undefined(env, &out[i]));
    }
    return true;
}

TSBIND_COLD std::string count_message(const function_record &rec, size_t argc) {
    std::string expected = rec.nargs_required == rec.nargs
                               ? std::to_string(rec.nargs)
                               : std::to_string(rec.nargs_required) + " to " + std::to_string(rec.nargs);
    bool one = rec.nargs == 1 && rec.nargs_required == 1;  // "0 to 1 arguments"
    return qualified_name(rec) + "(): expected " + expected + (one ? " argument" : " arguments") +
           ", got " + std::to_string(argc);
}

/// The message for an argument that did not convert.
TSBIND_COLD void set_argument_error(function_call &call, load_failure &failure) {
    const function_record &rec = *call.rec;
    std::string where;
    napi_value value;
    type_sig expected;
    if (call.failed_arg < 0) {
        where = "'this'";
        value = call.self;
        expected = type_sig{"%", nullptr};
    } else {
        size_t i = size_t(call.failed_arg);
        where = "argument " + std::to_string(i + 1);
        if (i < rec.args.size()) where += " '" + rec.args[i].name + "'";
        value = call.args[i];
        expected = rec.arg_types[i];
    }
    if (failure.message.empty()) {
        if (call.failed_arg < 0) {
            std::string cls = rec.scope ? rec.scope->path : std::string("object");
            failure.message = "must be a " + cls + ", got " + describe_value(call.env, value);
        } else {
            failure.message = expected_message(call.env, value, expected);
        }
    }
    set_error(call.env, failure.what, qualified_name(rec) + "(): " + where + failure.path + " " + failure.message);
}

TSBIND_COLD std::string describe_arguments(napi_env env, napi_value *argv, size_t argc) {
    std::string out = "(";
    for (size_t i = 0; i < argc; ++i) {
        if (i) out += ", ";
        out += describe_value(env, argv[i]);
    }
    return out + ")";
}

/// The JS value number `index` of a call, as keep_alive counts them: 0 the
/// result, then `this` (methods and constructors), then the arguments.
napi_value call_value(const function_call &call, napi_value result, size_t index) {
    if (index == 0) return result;
    bool with_this = call.rec->is_method || call.rec->is_constructor;
    if (with_this && index == 1) return call.self;
    size_t arg = index - 1 - (with_this ? 1 : 0);
    if (arg >= call.rec->nargs) throw std::logic_error(qualified_name(*call.rec) + ": keep_alive index " + std::to_string(index) + " is past its parameters");
    return call.args[arg];
}


} // namespace

napi_value apply_keep_alive(const function_call &call, napi_value result) {
    napi_value value = result;
    if (!value) check(call.env, napi_get_undefined(call.env, &value));
    for (auto [nurse, patient] : call.rec->keep_alive)
        keep_alive(call.env, call_value(call, value, nurse), call_value(call, value, patient));
    return result;
}

/// A call whose arguments need defaults filled in or a count check.
napi_value call_prepared(napi_env env, const function_record &rec, napi_value *argv, size_t argc,
                                         napi_value self) {
    napi_value local[stack_args];
    std::vector<napi_value> heap(rec.nargs > stack_args ? rec.nargs : 0);
    napi_value *args = rec.nargs > stack_args ? heap.data() : local;
    if (!prepare_args(env, rec, argv, argc, args)) {
        set_error(env, load_failure::kind::type_error, count_message(rec, argc));
        return nullptr;
    }
    function_call call{env, &rec, args, self, nullptr, 0, nullptr, argc};
    napi_value result = finish(call, rec.impl(call));
    if (TSBIND_LIKELY(result != try_next_overload())) return result;
    // Convert again, this time recording why an argument failed. Converting
    // has no effects beyond JS getters, so this only reads the values again.
    load_failure failure;
    call.failure = &failure;
    result = finish(call, rec.impl(call));
    if (result != try_next_overload()) return result;  // a getter changed its mind
    set_argument_error(call, failure);
    return nullptr;
}

TSBIND_COLD void report_argument_error(napi_env env, const function_record &rec, napi_value *argv, size_t argc,
                                      napi_value self, const argument_error &e) noexcept {
    std::string where = "an argument";
    if (e.value == self && self) {
        where = "'this'";
    } else {
        for (size_t i = 0; i < argc; ++i) {
            if (argv[i] != e.value) continue;
            where = "argument " + std::to_string(i + 1);
            // Parameter names differ between overloads: only one overload's are sure.
            if (!rec.next && i < rec.args.size()) where += " '" + rec.args[i].name + "'";
            break;
        }
    }
    set_error(env, e.kind, qualified_name(rec) + "(): " + where + e.path + " " + e.what());
}

napi_value call_overloads(napi_env env, const function_record &first, napi_value *argv, size_t argc,
                          napi_value self) {
    napi_value local[stack_args];
    std::vector<napi_value> heap;
    for (const function_record *rec = &first; rec; rec = rec->next) {
        napi_value *args = argv;
        if (argc != rec->nargs || rec->nargs_required != rec->nargs) {
            if (rec->nargs > stack_args) heap.resize(rec->nargs);
            args = rec->nargs > stack_args ? heap.data() : local;
            if (!prepare_args(env, *rec, argv, argc, args)) continue;
        }
        function_call call{env, rec, args, self, nullptr, 0, nullptr, argc};
        napi_value result = finish(call, rec->impl(call));
        if (result != try_next_overload()) return result;
    }
    // A wrong or disposed `this` fails every overload alike: say that, not "no overload matches".
    if (first.is_method && first.scope && first.scope->cpptype) {
        load_failure failure;
        if (!load_object(env, self, *first.scope->cpptype, &failure)) {
            function_call call{env, &first, argv, self, &failure, -1};
            set_argument_error(call, failure);
            return nullptr;
        }
    }
    std::string message = qualified_name(first) + "(): no overload matches the arguments " +
                          describe_arguments(env, argv, argc) + ". The overloads are:";
    for (const function_record *rec = &first; rec; rec = rec->next) message += "\n  " + format_signature(*rec);
    set_error(env, load_failure::kind::type_error, message);
    return nullptr;
}

TSBIND_COLD bool chain_overload(std::unordered_map<std::string, function_record *> &by_name, function_record *rec) {
    auto found = by_name.find(rec->name);
    if (found == by_name.end()) {
        by_name.emplace(rec->name, rec);
        return false;
    }
    function_record *last = found->second;
    while (last->next) last = last->next;
    last->next = rec;
    return true;
}

name_table::~name_table() { delete impl_; }
name_table::impl &name_table::get() {
    if (!impl_) impl_ = new impl;
    return *impl_;
}
void set_default_export(env_state *state, const char *name) { state->default_export = name; }

TSBIND_COLD void add_function(const export_scope &scope, name_table &functions_table,
                              std::unique_ptr<function_record> rec) {
    napi_env env = scope.env;
    rec->state = scope.state;
    function_record *raw = rec.get();
    scope.state->functions.push_back(std::move(rec));
    if (chain_overload(functions_table.get(), raw)) return;
    scope.state->module_functions.emplace_back(raw, scope.path);
    napi_value fn;
    check(env, napi_create_function(env, raw->name.c_str(), raw->name.size(), callback_for(*raw), raw, &fn));
    check(env, napi_set_named_property(env, scope.object, raw->name.c_str(), fn));
}

TSBIND_COLD void add_function(napi_env env, env_state *state, napi_value object, const std::string &path,
                              name_table &functions, std::unique_ptr<function_record> rec) {
    add_function(export_scope{env, state, object, path}, functions, std::move(rec));
}

TSBIND_COLD napi_value new_function(napi_env env, std::unique_ptr<function_record> rec) {
    rec->state = state_of(env);
    napi_value fn;
    check(env, napi_create_function(env, rec->name.c_str(), rec->name.size(), callback_for(*rec), rec.get(), &fn));
    check(env, napi_add_finalizer(
                   env, fn, rec.get(), [](napi_env, void *data, void *) { delete static_cast<function_record *>(data); },
                   nullptr, nullptr));
    rec.release();
    return fn;
}

} // namespace detail
} // namespace tsbind
