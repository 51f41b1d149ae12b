// Layer 1: Node-API statuses as C++ exceptions, and js_error.
#include "internal.h"

#include <tsbind/cast.h>

namespace tsbind {

js_error::js_error(napi_env env) : env_(env) {
    napi_value error = nullptr;
    if (napi_get_and_clear_last_exception(env, &error) != napi_ok || error == nullptr) {
        message_ = "unknown JavaScript exception";
        return;
    }
    hold(error);
}

js_error::js_error(napi_env env, napi_value value) : env_(env) {
    if (!value && napi_get_undefined(env, &value) != napi_ok) {
        message_ = "unknown JavaScript exception";
        return;
    }
    hold(value);
}

void js_error::hold(napi_value error) {
    napi_env env = env_;
    // Node-API 8 refers only to objects and functions: a thrown primitive or
    // Symbol is kept in a one-element array, so that it too reaches the JS
    // caller as the same value.
    napi_valuetype kind = napi_undefined;
    napi_typeof(env, error, &kind);
    napi_value held = error;
    boxed_ = kind != napi_object && kind != napi_function;
    // Defined, not set: an accessor on Array.prototype[0] must not see it.
    napi_property_descriptor slot{"0", nullptr, nullptr, nullptr, nullptr, error, napi_default_jsproperty, nullptr};
    if (boxed_ && (napi_create_array(env, &held) != napi_ok || napi_define_properties(env, held, 1, &slot) != napi_ok))
        held = nullptr;
    if (!held || napi_create_reference(env, held, 1, &ref_) != napi_ok) {
        ref_ = nullptr;
        message_ = "a JavaScript exception that could not be kept";
        return;
    }
    // The message, for C++ code that catches and logs: `message` of an Error,
    // else the value's string form. Never lets a second exception escape.
    napi_value text = nullptr;
    if (kind == napi_object) {
        bool has = false;
        if (napi_has_named_property(env, error, "message", &has) == napi_ok && has)
            napi_get_named_property(env, error, "message", &text);
    }
    // String(symbol) throws, and a Symbol's description is what it says.
    if (!text && kind == napi_symbol) napi_create_string_utf8(env, "Symbol()", NAPI_AUTO_LENGTH, &text);
    if (!text) napi_coerce_to_string(env, error, &text);
    size_t len = 0;
    if (text && napi_get_value_string_utf8(env, text, nullptr, 0, &len) == napi_ok) {
        message_.resize(len);
        napi_get_value_string_utf8(env, text, message_.data(), len + 1, &len);
    }
    // Reading the message may itself have thrown (a getter); drop that one.
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
        napi_value ignored;
        napi_get_and_clear_last_exception(env, &ignored);
    }
}

js_error::js_error(const js_error &other)
    : std::exception(other), env_(other.env_), boxed_(other.boxed_), message_(other.message_) {
    // A copy shares the reference, counted; if counting fails it has no value
    // (its what() still says what was thrown) rather than a reference it may not free.
    uint32_t count;
    if (other.ref_ && napi_reference_ref(env_, other.ref_, &count) == napi_ok) ref_ = other.ref_;
}

js_error::~js_error() {
    uint32_t count = 1;
    if (ref_ && napi_reference_unref(env_, ref_, &count) == napi_ok && count == 0) napi_delete_reference(env_, ref_);
}

napi_value js_error::value() const {
    napi_value v = nullptr;
    if (ref_ && napi_get_reference_value(env_, ref_, &v) == napi_ok && v && boxed_) {
        napi_value element = nullptr;
        if (napi_get_element(env_, v, 0, &element) != napi_ok) return nullptr;
        return element;
    }
    return v;
}

void js_error::restore() const {
    // `value()` may be a primitive, even undefined: thrown all the same.
    if (!ref_) {
        napi_throw_error(env_, nullptr, message_.c_str());
        return;
    }
    napi_value v = value();
    if (v) napi_throw(env_, v);
}

namespace detail {

std::shared_ptr<env_token> token_of(napi_env env) {
    env_state *state = state_of(env);
    return state ? state->token : nullptr;
}

void check_js_thread(const env_token *token, const char *what) {
    if (!token || !token->alive.load())
        throw std::runtime_error(std::string(what) + " cannot be used: its JS environment (a worker, or the process) has ended");
    if (std::this_thread::get_id() != token->thread)
        throw std::runtime_error(std::string(what) + " can be used only on the JS thread it came from");
}

guarded_reference::guarded_reference(napi_env env, napi_value value) : env_(env), token_(token_of(env)) {
    check(env, napi_create_reference(env, value, 1, &ref_));
    if (token_) token_->refs.insert(ref_);
}

guarded_reference::~guarded_reference() {
    // On another thread: left for the environment to delete as it ends.
    if (ref_ && token_ && token_->alive.load() && std::this_thread::get_id() == token_->thread) {
        token_->refs.erase(ref_);
        napi_delete_reference(env_, ref_);
    }
}

napi_value guarded_reference::value(const char *what) const {
    check_js_thread(token_.get(), what);
    napi_value result = nullptr;
    check(env_, napi_get_reference_value(env_, ref_, &result));
    return result;
}

void throw_status(napi_env env, napi_status status) {
    // Read the error info first: any further Node-API call resets it.
    const napi_extended_error_info *info = nullptr;
    std::string message = "Node-API call failed (status " + std::to_string(int(status));
    if (napi_get_last_error_info(env, &info) == napi_ok && info && info->error_message)
        message += std::string(": ") + info->error_message;
    message += ")";
    bool pending = false;
    if (status == napi_pending_exception || (napi_is_exception_pending(env, &pending) == napi_ok && pending))
        throw js_error(env);
    throw napi_error(status, message);
}

bool utf8_reader::read(napi_env env, napi_value v) {
    env_state *state = state_of(env);
    string_arena *arena = state ? &state->strings : nullptr;
    // Below this much room a string goes to the heap, rather than be read twice.
    constexpr size_t least_room = 1024;
    if (TSBIND_UNLIKELY(!arena || arena->suspended || string_arena::size - arena->used < least_room))
        return read_heap(env, v);
    if (TSBIND_UNLIKELY(!arena->data)) arena->data.reset(new char[string_arena::size]);
    char *at = arena->data.get() + arena->used;
    size_t room = string_arena::size - arena->used, len;
    napi_status s = napi_get_value_string_utf8(env, v, at, room, &len);
    if (TSBIND_UNLIKELY(s != napi_ok)) return load_status(env, s, napi_string_expected);
    // V8 writes whole characters only (up to 4 bytes), so a result this
    // short cannot have been cut.
    if (TSBIND_UNLIKELY(len + 4 >= room)) return read_heap(env, v);
    view_ = std::string_view(at, len);
    arena_ = arena;
    mark_ = arena->used;
    arena->used += len + 1;
    return true;
}

TSBIND_NOINLINE bool utf8_reader::read_heap(napi_env env, napi_value v) {
    size_t units = 0, len = 0;
    napi_status s = napi_get_value_string_utf16(env, v, nullptr, 0, &units);
    if (s != napi_ok) return load_status(env, s, napi_string_expected);
    size_t capacity = units <= (size_t(1) << 20) ? 3 * units : 0;
    if (capacity == 0) check(env, napi_get_value_string_utf8(env, v, nullptr, 0, &capacity));
    // Not std::string: resizing one would zero the buffer V8 overwrites.
    heap_.reset(new char[capacity + 1]);
    check(env, napi_get_value_string_utf8(env, v, heap_.get(), capacity + 1, &len));
    view_ = std::string_view(heap_.get(), len);
    return true;
}

string_arena_suspension::string_arena_suspension(napi_env env) {
    env_state *state = state_of(env);
    arena_ = state ? &state->strings : nullptr;
    if (arena_) ++arena_->suspended;
}

string_arena_suspension::~string_arena_suspension() {
    if (arena_) --arena_->suspended;
}

bool load_string(napi_env env, napi_value value, std::string &out) {
    utf8_reader reader;
    if (!reader.read(env, value)) return false;
    out.assign(reader.view().data(), reader.view().size());
    return true;
}

bool load_wstring(napi_env env, napi_value value, std::wstring &out) {
    size_t length;
    napi_status s = napi_get_value_string_utf16(env, value, nullptr, 0, &length);
    if (s != napi_ok) return load_status(env, s, napi_string_expected);
    std::u16string units(length, u'\0');
    check(env, napi_get_value_string_utf16(env, value, units.data(), length + 1, &length));
    out.clear();
    if constexpr (sizeof(wchar_t) == 2) {
        out.assign(units.begin(), units.end());  // Windows: wchar_t is a UTF-16 unit
    } else {
        // UTF-32: pairs of surrogates become one code point; a lone one is
        // kept as it is, so the string goes back to JS unchanged.
        out.reserve(length);
        for (size_t i = 0; i < length; ++i) {
            char32_t unit = units[i];
            if (unit >= 0xD800 && unit < 0xDC00 && i + 1 < length && units[i + 1] >= 0xDC00 && units[i + 1] < 0xE000)
                unit = 0x10000 + ((unit - 0xD800) << 10) + (units[++i] - 0xDC00);
            out.push_back(static_cast<wchar_t>(unit));
        }
    }
    return true;
}

napi_value make_wstring(napi_env env, const wchar_t *data, size_t size) {
    std::u16string units;
    if constexpr (sizeof(wchar_t) == 2) {
        units.assign(data, data + size);
    } else {
        units.reserve(size);
        for (size_t i = 0; i < size; ++i) {
            auto point = static_cast<std::uint32_t>(data[i]);
            if (point > 0x10FFFF) point = 0xFFFD;  // not a code point
            if (point >= 0x10000) {
                point -= 0x10000;
                units.push_back(static_cast<char16_t>(0xD800 + (point >> 10)));
                units.push_back(static_cast<char16_t>(0xDC00 + (point & 0x3FF)));
            } else {
                units.push_back(static_cast<char16_t>(point));
            }
        }
    }
    napi_value result;
    check(env, napi_create_string_utf16(env, units.data(), units.size(), &result));
    return result;
}

} // namespace detail
} // namespace tsbind
