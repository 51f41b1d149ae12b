// tsbind layer 7: the module. `TSBIND_MODULE(name, m) { m.def(...); }` is the
// entry point Node calls once per environment (main thread, each worker) that
// loads the addon; `m` adds functions, classes and exceptions to its exports.
#pragma once

#include "error.h"
#include "function.h"

#include <string>

namespace tsbind {

/// The module being initialised, or one of its submodules: the target of
/// `def`, `class_` and `exception`. Lives only while TSBIND_MODULE's body runs.
class module_ {
public:
    module_(napi_env env, napi_value exports, detail::env_state *state, std::string path = {})
        : env_(env), exports_(exports), state_(state), path_(std::move(path)) {}

    /// A group of exports under a key: `auto types = m.def_submodule("types")`,
    /// then `class_<Number>(types, "Number")` is `binding.types.Number` in JS,
    /// declared as a TypeScript namespace.
    module_ def_submodule(const char *name, const char *doc = nullptr) {
        return {env_, detail::add_submodule(scope(), name, doc), state_, scope().qualify(name)};
    }

    /// Binds a function: a function pointer, lambda (capturing too),
    /// std::function or other callable. Several `def`s of one name are
    /// overloads, tried in the order they were defined.
    template <typename Func, typename... Extra>
    module_ &def(const char *name, Func &&f, const Extra &...extra) {
        using fn_ptr = detail::signature_ptr<Func>;
        if constexpr (std::is_class_v<std::decay_t<Func>> && std::is_convertible_v<std::decay_t<Func>, fn_ptr>) {
            // A lambda without captures is bound as a function pointer: one
            // binding's code per signature, not per lambda (binary size and
            // compile time), for an indirect call.
            return def_out_of_line(name, static_cast<fn_ptr>(f), extra...);
        } else {
            return def_out_of_line(name, std::forward<Func>(f), extra...);
        }
    }

    /// Binds `f` to run on the libuv thread pool: the JS function returns a
    /// Promise of its result and takes an optional last argument
    /// `{ signal?: AbortSignal, onProgress? }` (async.h).
    template <typename Func, typename... Extra>
    module_ &def_async(const char *name, Func &&f, const Extra &...extra) {
        detail::add_function(scope(), functions_,
                             detail::make_async_record<false>(env_, name, std::forward<Func>(f),
                                                              detail::signature_ptr<Func>(nullptr), extra...));
        return *this;
    }

    /// Registers C++ exception type E: when a bound call throws an E, JS gets
    /// an instance of the exported Error subclass `name`, with E's what() as
    /// message. It extends Error, a built-in error class named by `base`
    /// ("SyntaxError", "TypeError", ...), or another registered class.
    template <typename E>
    exception_class<E> exception(const char *name, const char *base = nullptr) {
        return {env_, detail::register_exception(scope(), name, nullptr, base, typeid(E),
                                                 &detail::translate_as<E>)};
    }
    template <typename E, typename B>
    exception_class<E> exception(const char *name, const exception_class<B> &base) {
        return {env_, detail::register_exception(scope(), name, base.value(), base.name(), typeid(E),
                                                 &detail::translate_as<E>)};
    }

    /// A constant of the module: `m.attr("VERSION", "1.4.0")`, read-only,
    /// declared `export declare const VERSION: string`.
    template <typename T>
    module_ &attr(const char *name, T &&value, const char *doc = nullptr) {
        if constexpr (std::is_array_v<std::remove_reference_t<T>>) {
            return attr(name, std::string(value), doc);  // a string literal: a string
        } else {
            detail::add_constant(scope(), name,
                                 detail::to_js(env_, std::forward<T>(value), return_value_policy::reference),
                                 detail::return_type_sig<T>(), doc);
            return *this;
        }
    }

    /// Makes the class or function `name` the module's one export, as in
    /// `module.exports = Database` (CommonJS) or `export default Database`
    /// (ESM): `require()` gives it, and everything else the module binds
    /// becomes a property of it (`Database.SqliteError`), named so in types
    /// and messages. A name it already has is an error.
    module_ &default_export(const char *name) {
        if (!path_.empty()) throw std::logic_error("default_export: only the module itself has one, not a submodule");
        detail::set_default_export(state_, name);
        return *this;
    }

    napi_env env() const { return env_; }
    napi_value exports() const { return exports_; }
    detail::env_state *state() const { return state_; }
    /// Where its bindings go (a scope for class_, enum_ and object_).
    detail::export_scope scope() const { return {env_, state_, exports_, path_}; }

private:
    /// The work of def, once per callable type (per signature for function pointers), not per def.
    template <typename Func, typename... Extra>
    TSBIND_NOINLINE module_ &def_out_of_line(const char *name, Func &&f, const Extra &...extra) {
        detail::add_function(env_, state_, exports_, path_, functions_,
                             detail::make_record<false>(env_, name, std::forward<Func>(f),
                                                        detail::signature_ptr<Func>(nullptr), extra...));
        return *this;
    }

    napi_env env_;
    napi_value exports_;
    detail::env_state *state_;
    std::string path_;
    detail::name_table functions_;
};

} // namespace tsbind

/// Defines the module's entry point:
///
///     TSBIND_MODULE(geometry, m) {
///         m.def("area", &area, tsbind::arg("w"), tsbind::arg("h"));
///     }
///
/// The body runs once per environment that loads the module, with its own
/// state (Node-API instance data), so the module works in worker threads.
#define TSBIND_MODULE(name, variable)                                                                  \
    static void tsbind_module_init_##name(::tsbind::module_ &);                                        \
    NAPI_MODULE_INIT() {                                                                               \
        return ::tsbind::detail::init_module(                                                          \
            env, exports, #name, [](napi_env e, napi_value x, ::tsbind::detail::env_state *s) {        \
                ::tsbind::module_ m(e, x, s);                                                          \
                tsbind_module_init_##name(m);                                                          \
            });                                                                                        \
    }                                                                                                  \
    void tsbind_module_init_##name(::tsbind::module_ &variable)
