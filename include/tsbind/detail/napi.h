// tsbind layer 1: a thin C++ layer over the Node-API C interface.
//
// Every Node-API call returns a status. Here a failed status becomes a C++
// exception (`tsbind::js_error` when a JS exception is pending, else
// `tsbind::napi_error`), so that the layers above can use plain C++ control
// flow and the dispatcher turns whatever escapes into the right JS error.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#if defined(_MSC_VER)
#  define TSBIND_NOINLINE __declspec(noinline)
#  define TSBIND_LIKELY(x) (x)
#  define TSBIND_UNLIKELY(x) (x)
#else
#  define TSBIND_NOINLINE __attribute__((noinline))
#  define TSBIND_LIKELY(x) __builtin_expect(!!(x), 1)
#  define TSBIND_UNLIKELY(x) __builtin_expect(!!(x), 0)
#endif

namespace tsbind {

/// A Node-API call failed without a pending JS exception (for example an
/// invalid argument to Node-API). Becomes a JS `Error` at the call boundary.
class napi_error : public std::runtime_error {
public:
    napi_error(napi_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    /// The Node-API status code that was returned.
    napi_status status() const noexcept { return status_; }

private:
    napi_status status_;
};

/// A JavaScript exception travelling through C++.
///
/// Thrown when a Node-API call reports a pending JS exception (for instance a
/// JS callback or a Proxy trap threw). When it reaches the call boundary the
/// original JS exception object is rethrown to the JS caller, unchanged.
/// Catching it in C++ and not rethrowing clears the JS exception.
class js_error : public std::exception {
public:
    /// Takes the exception that is pending in `env` (clearing it) and holds it.
    explicit js_error(napi_env env);
    /// Holds `value`, any JS value, to throw it to the JS caller: C++ may
    /// throw whatever JS could (`throw tsbind::js_error(v.env(), v.handle())`).
    js_error(napi_env env, napi_value value);
    js_error(const js_error &other);
    js_error &operator=(const js_error &) = delete;
    ~js_error() override;

    /// The JS exception's `message` (or its string form), read when thrown.
    const char *what() const noexcept override { return message_.c_str(); }
    /// The JS exception value, which may be any JS value, `undefined` too
    /// (valid on the thread and env it came from).
    napi_value value() const;
    /// Makes the held JS exception pending again in its env.
    void restore() const;

private:
    void hold(napi_value error);

    napi_env env_;
    napi_ref ref_ = nullptr;
    /// The value is element 0 of the referenced array (a primitive or Symbol).
    bool boxed_ = false;
    std::string message_;
};

namespace detail {

/// Throws the C++ exception that matches a failed Node-API status.
[[noreturn]] TSBIND_NOINLINE void throw_status(napi_env env, napi_status status);

/// Checks a Node-API status: returns on `napi_ok`, throws otherwise.
inline void check(napi_env env, napi_status status) {
    if (TSBIND_UNLIKELY(status != napi_ok)) throw_status(env, status);
}

/// RAII handle scope: handles created inside it are released at its end.
class handle_scope {
public:
    explicit handle_scope(napi_env env) : env_(env) { check(env, napi_open_handle_scope(env, &scope_)); }
    ~handle_scope() { napi_close_handle_scope(env_, scope_); }
    handle_scope(const handle_scope &) = delete;
    handle_scope &operator=(const handle_scope &) = delete;

private:
    napi_env env_;
    napi_handle_scope scope_ = nullptr;
};

/// RAII escapable handle scope: one handle may outlive it (`escape`).
class escapable_scope {
public:
    explicit escapable_scope(napi_env env) : env_(env) { check(env, napi_open_escapable_handle_scope(env, &scope_)); }
    ~escapable_scope() { napi_close_escapable_handle_scope(env_, scope_); }
    escapable_scope(const escapable_scope &) = delete;
    escapable_scope &operator=(const escapable_scope &) = delete;
    napi_value escape(napi_value value) {
        napi_value out;
        check(env_, napi_escape_handle(env_, scope_, value, &out));
        return out;
    }

private:
    napi_env env_;
    napi_escapable_handle_scope scope_ = nullptr;
};

/// An owning strong reference to a JS value (napi_ref with count 1).
class reference {
public:
    reference() = default;
    reference(napi_env env, napi_value value) : env_(env) { check(env, napi_create_reference(env, value, 1, &ref_)); }
    reference(reference &&other) noexcept : env_(other.env_), ref_(other.ref_) { other.ref_ = nullptr; }
    reference &operator=(reference &&other) noexcept {
        if (this != &other) {
            reset();
            env_ = other.env_;
            ref_ = other.ref_;
            other.ref_ = nullptr;
        }
        return *this;
    }
    ~reference() { reset(); }

    /// The referenced value, as a handle in the current scope.
    napi_value value() const {
        napi_value result = nullptr;
        check(env_, napi_get_reference_value(env_, ref_, &result));
        return result;
    }
    explicit operator bool() const { return ref_ != nullptr; }
    napi_ref get() const noexcept { return ref_; }
    void reset() {
        if (ref_) napi_delete_reference(env_, ref_);
        ref_ = nullptr;
    }

private:
    napi_env env_ = nullptr;
    napi_ref ref_ = nullptr;
};

} // namespace detail
} // namespace tsbind
