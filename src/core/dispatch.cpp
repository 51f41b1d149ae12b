// Layer 3: the one dispatcher behind every bound function, method and
// constructor: argument count, defaults, overload resolution, and the
// boundary where C++ exceptions stop.
//
// The fast path, a single overload called with exactly its parameters, does
// one napi_get_cb_info and hands the arguments to the record's impl: no
// copies, no type checks beyond the converting calls themselves.
#include "internal.h"

#include <stdexcept>

namespace tsbind {
namespace detail {

function_record::~function_record() {
    if (free_capture) free_capture(capture);
}

void finish_record(function_record &rec, size_t cpp_nargs) {
    if (!rec.args.empty() && rec.args.size() != cpp_nargs)
        throw std::logic_error(rec.name + ": " + std::to_string(rec.args.size()) + " arg() names for " +
                               std::to_string(cpp_nargs) + " parameters");
    rec.nargs = static_cast<uint16_t>(cpp_nargs);
    rec.nargs_required = rec.nargs;
    bool seen_default = false;
    for (size_t i = 0; i < rec.args.size(); ++i) {
        if (rec.args[i].has_default()) {
            if (!seen_default) rec.nargs_required = static_cast<uint16_t>(i);
            seen_default = true;
        } else if (seen_default) {
            throw std::logic_error(rec.name + ": parameter '" + rec.args[i].name +
                                   "' has no default but follows one that has; defaults must come last");
        }
    }
}

namespace {

constexpr size_t stack_args = 8;

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
        out[i] = use_default ? rec.args[i].make_default(env) : argv[i];
    }
    return true;
}

std::string count_message(const function_record &rec, size_t argc) {
    std::string expected = rec.nargs_required == rec.nargs
                               ? std::to_string(rec.nargs)
                               : std::to_string(rec.nargs_required) + " to " + std::to_string(rec.nargs);
    return qualified_name(rec) + "(): expected " + expected + (rec.nargs == 1 ? " argument" : " arguments") +
           ", got " + std::to_string(argc);
}

/// The message for an argument that did not convert.
void set_argument_error(function_call &call, load_failure &failure) {
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
            std::string cls = rec.scope ? rec.scope->name : std::string("object");
            failure.message = "must be a " + cls + ", got " + describe_value(call.env, value);
        } else {
            failure.message = expected_message(call.env, value, expected);
        }
    }
    set_error(call.env, failure.what, qualified_name(rec) + "(): " + where + failure.path + " " + failure.message);
}

std::string describe_arguments(napi_env env, napi_value *argv, size_t argc) {
    std::string out = "(";
    for (size_t i = 0; i < argc; ++i) {
        if (i) out += ", ";
        out += describe_value(env, argv[i]);
    }
    return out + ")";
}

napi_value call_single(napi_env env, const function_record &rec, napi_value *argv, size_t argc, napi_value self) {
    napi_value local[stack_args];
    std::vector<napi_value> heap;
    napi_value *args = argv;
    if (TSBIND_UNLIKELY(argc != rec.nargs || rec.nargs_required != rec.nargs)) {
        if (rec.nargs > stack_args) heap.resize(rec.nargs);
        args = rec.nargs > stack_args ? heap.data() : local;
        if (!prepare_args(env, rec, argv, argc, args)) {
            set_error(env, load_failure::kind::type_error, count_message(rec, argc));
            return nullptr;
        }
    }
    load_failure failure;
    function_call call{env, &rec, args, self, &failure, 0};
    napi_value result = rec.impl(call);
    if (TSBIND_UNLIKELY(result == try_next_overload())) {
        set_argument_error(call, failure);
        return nullptr;
    }
    return result;
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
        function_call call{env, rec, args, self, nullptr, 0};
        napi_value result = rec->impl(call);
        if (result != try_next_overload()) return result;
    }
    std::string message = qualified_name(first) + "(): no overload matches the arguments " +
                          describe_arguments(env, argv, argc) + ". The overloads are:";
    for (const function_record *rec = &first; rec; rec = rec->next) message += "\n  " + format_signature(*rec);
    set_error(env, load_failure::kind::type_error, message);
    return nullptr;
}

/// The napi_callback of every bound function; `data` is its record.
napi_value function_callback(napi_env env, napi_callback_info info) {
    napi_value argv[stack_args];
    size_t argc = stack_args;
    napi_value self;
    void *data;
    if (napi_get_cb_info(env, info, &argc, argv, &self, &data) != napi_ok) return nullptr;
    auto *rec = static_cast<const function_record *>(data);
    if (TSBIND_LIKELY(argc <= stack_args)) return dispatch(env, rec, argv, argc, self);
    std::vector<napi_value> many(argc);
    if (napi_get_cb_info(env, info, &argc, many.data(), nullptr, nullptr) != napi_ok) return nullptr;
    return dispatch(env, rec, many.data(), argc, self);
}

} // namespace

napi_value dispatch(napi_env env, const function_record *rec, napi_value *argv, size_t argc,
                    napi_value self) noexcept {
    try {
        if (TSBIND_LIKELY(!rec->next)) return call_single(env, *rec, argv, argc, self);
        return call_overloads(env, *rec, argv, argc, self);
    } catch (...) {
        translate_active_exception(env);
        return nullptr;
    }
}

napi_value make_function(napi_env env, env_state *state, std::unique_ptr<function_record> rec,
                         function_record *chain_to) {
    rec->state = state;
    function_record *raw = rec.get();
    state->functions.push_back(std::move(rec));
    if (chain_to) {
        while (chain_to->next) chain_to = chain_to->next;
        chain_to->next = raw;
        return nullptr;
    }
    napi_value fn;
    check(env, napi_create_function(env, raw->name.c_str(), raw->name.size(), function_callback, raw, &fn));
    return fn;
}

napi_callback function_callback_ptr() { return function_callback; }

} // namespace detail
} // namespace tsbind
