// Error messages: what a value looks like, what a parameter expected, and
// signatures with class names resolved. Only ever runs on the failure path.
#include "internal.h"

#include <vector>

#include <cmath>

namespace tsbind {
namespace detail {

namespace {

/// Longest piece of a JS value quoted in a message: a message must stay
/// readable, and far below V8's string limit whatever the caller passed.
constexpr size_t quote_limit = 200;

/// A JS string as UTF-8, cut after `quote_limit` bytes with an ellipsis.
std::string utf8_quote(napi_env env, napi_value text) {
    size_t len = 0;
    if (napi_get_value_string_utf8(env, text, nullptr, 0, &len) != napi_ok) return "";
    size_t keep = len < quote_limit ? len : quote_limit;
    std::string out(keep, '\0');
    // Node-API writes whole characters only, so a cut never splits one.
    napi_get_value_string_utf8(env, text, out.data(), keep + 1, &keep);
    out.resize(keep);
    if (keep < len) out += "\u2026";
    return out;
}

/// The JS string form of a value (String(v)), shortened, or "" if that throws.
std::string js_string(napi_env env, napi_value value) {
    napi_value text;
    if (napi_coerce_to_string(env, value, &text) != napi_ok) {
        napi_value ignored;
        napi_get_and_clear_last_exception(env, &ignored);
        return "";
    }
    return utf8_quote(env, text);
}

/// The constructor name of an object, without running user getters that
/// throw (those give "").
std::string constructor_name(napi_env env, napi_value object) {
    napi_value ctor, name;
    napi_valuetype t;
    if (napi_get_named_property(env, object, "constructor", &ctor) != napi_ok ||
        napi_typeof(env, ctor, &t) != napi_ok || t != napi_function ||
        napi_get_named_property(env, ctor, "name", &name) != napi_ok) {
        napi_value ignored;
        napi_get_and_clear_last_exception(env, &ignored);
        return "";
    }
    return utf8_quote(env, name);
}

} // namespace

std::string with_article(const std::string &type) {
    if (type == "null" || type == "undefined") return type;
    if (type.find(" | ") != std::string::npos) {
        std::string out = "one of ";
        out += type;
        return out;
    }
    char c = type.empty() ? 'x' : type[0];
    bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'A' || c == 'E' || c == 'I' ||
                 c == 'O' || c == 'U';
    return (vowel ? "an " : "a ") + type;
}

namespace {

/// A number as JS prints it, for "got 3.5" (keeps -0 visible).
std::string number_text(napi_env env, napi_value value) {
    double d = 0;
    napi_get_value_double(env, value, &d);
    if (d == 0 && std::signbit(d)) return "-0";
    return js_string(env, value);
}

/// A BigInt as JS prints it, or its size when printing it would take long
/// (turning a BigInt of millions of bits into digits takes seconds).
std::string bigint_text(napi_env env, napi_value value) {
    size_t words = 0;
    if (napi_get_value_bigint_words(env, value, nullptr, &words, nullptr) == napi_ok && words > 16)
        return "a bigint of about " + std::to_string(words * 64) + " bits";
    return js_string(env, value) + "n";
}

} // namespace

std::string describe_value(napi_env env, napi_value value) {
    napi_valuetype t;
    if (napi_typeof(env, value, &t) != napi_ok) return "an unknown value";
    switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: return "number";
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    case napi_external: return "external";
    case napi_object: break;
    }
    bool is_array = false;
    napi_is_array(env, value, &is_array);
    if (is_array) return "Array";
    std::string name = constructor_name(env, value);
    return name.empty() || name == "Object" ? "object" : name;
}

namespace {

/// `text` with repeated members of each union left out, at every depth:
/// std::optional<std::shared_ptr<Node>> composes to "Node | null | null |
/// undefined" and reads "Node | null | undefined". Members are split at
/// " | " outside brackets; bracketed parts (type arguments, tuples,
/// parameters, object members) are normalised in turn.
std::string normalize_unions(const std::string &text) {
    std::vector<std::string> members;
    std::string out;
    int depth = 0;
    size_t start = 0;
    auto add_member = [&](size_t end) {
        std::string member = text.substr(start, end - start);
        // The inside of each top-level bracket pair, part by part.
        std::string normalized;
        size_t open = std::string::npos;
        int inner = 0;
        for (size_t i = 0; i < member.size(); ++i) {
            char c = member[i];
            bool opens = c == '<' || c == '(' || c == '[' || c == '{';
            bool closes = c == '>' || c == ')' || c == ']' || c == '}';
            if (closes && i > 0 && member[i - 1] == '=') closes = false;  // the arrow of a function type
            if (opens && inner++ == 0) {
                normalized += c;
                open = i + 1;
                continue;
            }
            if (closes && --inner == 0) {
                // Parts are separated by ',' or ';' outside deeper brackets.
                int d = 0;
                size_t part = open;
                for (size_t j = open; j <= i; ++j) {
                    char cj = member[j];
                    if (j < i && (cj == '<' || cj == '(' || cj == '[' || cj == '{')) ++d;
                    else if (j < i && (cj == '>' || cj == ')' || cj == ']' || cj == '}') && member[j - 1] != '=') --d;
                    else if (j == i || (d == 0 && (cj == ',' || cj == ';'))) {
                        normalized += normalize_unions(member.substr(part, j - part));
                        if (j < i) normalized += cj;
                        part = j + 1;
                    }
                }
                normalized += c;
                continue;
            }
            if (inner == 0) normalized += c;
        }
        for (const std::string &seen : members)
            if (seen == normalized) return;
        members.push_back(std::move(normalized));
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '<' || c == '(' || c == '[' || c == '{') ++depth;
        else if ((c == '>' || c == ')' || c == ']' || c == '}') && (i == 0 || text[i - 1] != '=')) --depth;
        else if (depth == 0 && text.compare(i, 3, " | ") == 0) {
            add_member(i);
            start = i + 3;
            i += 2;
        }
    }
    add_member(text.size());
    for (size_t i = 0; i < members.size(); ++i) out += (i ? " | " : "") + members[i];
    return out;
}

} // namespace

std::string format_type(const env_state *state, type_sig sig) {
    std::string out;
    size_t next_type = 0;
    for (const char *p = sig.text; *p; ++p) {
        if (*p != '%') {
            out += *p;
            continue;
        }
        const std::type_info *type = sig.types ? sig.types[next_type++] : nullptr;
        const type_record *found = nullptr;
        if (type && state) {
            auto it = state->types.find(std::type_index(*type));
            if (it != state->types.end()) found = it->second.get();
        }
        const std::string *other = !found && type && state ? other_type_name(state, *type) : nullptr;
        if (found)
            out += found->path;
        else if (other)
            out += *other;
        else
            out += std::string("unknown /* unbound C++ type ") + (type ? type->name() : "?") + " */";
    }
    return normalize_unions(out);
}

std::string expected_message(napi_env env, napi_value value, type_sig expected) {
    const env_state *state = state_of(env);
    std::string type = format_type(state, expected), got = describe_value(env, value);
    // An object whose constructor has the expected name but that is not an
    // instance (a Proxy of one, an object inheriting from one, an instance
    // made by another copy of the module) would read "must be a X, got X".
    if (got == type) got = "an object that is not one (a Proxy of one, an object inheriting from one, or one from another copy of the module)";
    return "must be " + with_article(type) + ", got " + got;
}

void fail_integer(load_failure *failure, napi_env env, napi_value value, long long min, unsigned long long max,
                  const char *type_name) {
    napi_valuetype t = napi_undefined;
    napi_typeof(env, value, &t);
    double d = 0;
    bool fractional = t == napi_number && napi_get_value_double(env, value, &d) == napi_ok && std::isfinite(d) &&
                      d != std::trunc(d);
    failure->what = load_failure::kind::range_error;
    std::string got = t == napi_bigint ? bigint_text(env, value) : number_text(env, value);
    if (fractional || (t == napi_number && std::isnan(d)))
        failure->message = std::string("must be an integer (") + type_name + "), got " + got;
    else
        failure->message = std::string("must be an integer from ") + std::to_string(min) + " to " +
                           std::to_string(max) + " (" + type_name + "), got " + got;
}

void fail_range(load_failure *failure, napi_env env, napi_value value, const char *expected) {
    failure->what = load_failure::kind::range_error;
    napi_valuetype t = napi_undefined;
    napi_typeof(env, value, &t);
    std::string got = t == napi_number ? number_text(env, value) : t == napi_string ? "\"" + js_string(env, value) + "\""
                                                                                   : describe_value(env, value);
    failure->message = std::string("must be ") + expected + ", got " + got;
}

void fail_element(load_failure *failure, napi_env env, napi_value element, size_t index, type_sig expected) {
    failure->path.insert(0, "[" + std::to_string(index) + "]");
    if (failure->message.empty()) failure->message = expected_message(env, element, expected);
}

std::string qualified_name(const function_record &rec) {
    if (!rec.scope || rec.is_constructor) return rec.name;
    return rec.scope->path + "." + rec.name;
}

std::string format_signature(const function_record &rec) {
    const env_state *state = rec.state;
    std::string out = rec.is_constructor ? "new " + rec.name : qualified_name(rec);
    out += "(";
    for (size_t i = 0; i < rec.nargs; ++i) {
        if (i) out += ", ";
        out += i < rec.args.size() ? rec.args[i].name : "arg" + std::to_string(i);
        if (i >= rec.nargs_required) out += "?";
        out += ": " + format_type(state, rec.arg_types[i]);
    }
    out += ")";
    if (!rec.is_constructor) out += ": " + format_type(state, rec.return_type);
    return out;
}

void set_error(napi_env env, load_failure::kind kind, const std::string &full) noexcept {
    // Every quoted piece is short, but a message can list many (all the
    // arguments of a call): keep the whole well below V8's string limit.
    constexpr size_t limit = 1 << 16;
    std::string cut;
    if (full.size() > limit) cut = full.substr(0, limit) + "\u2026";
    const char *message = cut.empty() ? full.c_str() : cut.c_str();
    switch (kind) {
    case load_failure::kind::type_error: napi_throw_type_error(env, nullptr, message); break;
    case load_failure::kind::range_error: napi_throw_range_error(env, nullptr, message); break;
    case load_failure::kind::error: napi_throw_error(env, nullptr, message); break;
    }
}

} // namespace detail
} // namespace tsbind
