// tsbind layer 3: functions. Turns any C++ callable into a function record
// whose `impl` converts the arguments, calls, and converts the result; the
// compiled core's dispatcher does the rest (arity, defaults, overloads,
// errors).
#pragma once

#include "cast.h"

#include <array>
#include <memory>
#include <new>
#include <tuple>
#include <utility>

namespace tsbind {

/// Names a parameter: `tsbind::arg("x")`. Assign a value to give it a default:
/// `tsbind::arg("b") = 2`.
struct arg {
    constexpr explicit arg(const char *name) : name(name) {}
    template <typename T>
    struct arg_v operator=(T &&value) const;
    /// The parameter's TypeScript type as declared, for values whose type
    /// tsbind cannot know: `arg("pattern").type("string | RegExp")`.
    constexpr arg type(const char *ts_type) const {
        arg a = *this;
        a.ts_type = ts_type;
        return a;
    }
    const char *name;
    const char *ts_type = nullptr;
};

/// The result's TypeScript type as declared, for a result whose type tsbind
/// cannot know (a tsbind::value): `m.def("compile", f, tsbind::returns("RegExp"))`.
struct returns {
    constexpr explicit returns(const char *ts_type) : ts_type(ts_type) {}
    const char *ts_type;
};

/// A parameter with a default value (made by `arg("b") = value`).
struct arg_v : arg {
    template <typename T>
    arg_v(const arg &base, T &&value)
        : arg(base),
          value(std::make_shared<std::decay_t<T>>(std::forward<T>(value))),
          to_js([](napi_env env, const void *p) {
              return detail::to_js(env, *static_cast<const std::decay_t<T> *>(p));
          }) {}
    std::shared_ptr<void> value;
    napi_value (*to_js)(napi_env, const void *);
};

template <typename T>
arg_v arg::operator=(T &&value) const {
    return arg_v(*this, std::forward<T>(value));
}

/// Keeps JS value `Patient` alive while JS value `Nurse` lives (Nurse must be
/// an object of a bound class), counting the values of a call: 0 the result,
/// 1 `this` for methods and constructors, then the arguments. As pybind11's
/// keep_alive: `.def("add", &List::add, tsbind::keep_alive<1, 2>())` keeps
/// an item alive as long as the list that stores a pointer to it.
template <std::size_t Nurse, std::size_t Patient>
struct keep_alive {
    static_assert(Nurse != Patient, "keep_alive: an object need not keep itself alive");
    static_assert(Nurse < 256 && Patient < 256, "keep_alive: indexes count the values of a call");
};

/// The registered exception types a binding may throw, for `@throws` in its
/// declaration: `m.def("compile", &compile, tsbind::throws<CompileError>())`.
template <typename... E>
struct throws {};

/// A doc string for a binding; a plain string literal works as well.
struct doc {
    explicit doc(const char *text) : text(text) {}
    const char *text;
};

namespace detail {

// ---- Extras: the options after the callable in def(...) ------------------

inline void process_extra(function_record &rec, const arg &a) { add_arg(rec, a.name, nullptr, nullptr, a.ts_type); }
inline void process_extra(function_record &rec, const arg_v &a) { add_arg(rec, a.name, a.value, a.to_js, a.ts_type); }
inline void process_extra(function_record &rec, const returns &r) { rec.return_override = r.ts_type; }
template <typename... E>
void process_extra(function_record &rec, tsbind::throws<E...>) {
    (rec.throws.push_back(&typeid(E)), ...);
}
inline void process_extra(function_record &rec, const char *text) { set_doc(rec, text); }
inline void process_extra(function_record &rec, const doc &d) { set_doc(rec, d.text); }
inline void process_extra(function_record &rec, return_value_policy p) { rec.policy = p; }
template <std::size_t Nurse, std::size_t Patient>
void process_extra(function_record &rec, tsbind::keep_alive<Nurse, Patient>) {
    rec.keep_alive.emplace_back(std::uint8_t(Nurse), std::uint8_t(Patient));
}

// ---- Argument loading ----------------------------------------------------

/// Whether parameter type T takes a JS argument (injected ones, such as
/// `tsbind::env`, are filled from the call instead).
template <typename T>
constexpr bool takes_js_argument = !is_injected<make_caster<T>>::value;

template <typename Caster, typename = void>
struct has_load_omitted : std::false_type {};
template <typename Caster>
struct has_load_omitted<Caster, std::void_t<decltype(std::declval<Caster &>().load_omitted())>> : std::true_type {};

/// Holds one converter per parameter, loads them in order, and calls.
/// With `HasSelf`, parameter 0 is loaded from `this`.
template <bool HasSelf, typename... Args>
class argument_loader {
public:
    bool load(function_call &call) { return load_all(call, std::index_sequence_for<Args...>()); }

    template <typename Return, typename Func>
    Return call(Func &f) && {
        return call_impl<Return>(f, std::index_sequence_for<Args...>());
    }

    /// The arguments as the function takes them (what each converter's
    /// `get` gives: references into the converters, or values), to call it
    /// later with `std::apply` (def_async hands them over on the JS thread).
    auto take() { return take_impl(std::index_sequence_for<Args...>()); }

    /// Calls `f` on each converter, in parameter order.
    template <typename F>
    void for_each_caster(F &&f) {
        std::apply([&](auto &...casters) { (f(casters), ...); }, casters_);
    }

private:
    /// For each parameter, its position among the values `this, args...`
    /// (injected parameters have none and are skipped in the count).
    static constexpr std::array<int, sizeof...(Args) + 1> value_index = [] {
        std::array<int, sizeof...(Args) + 1> index{};
        constexpr bool takes[] = {takes_js_argument<Args>..., false};
        int next = HasSelf ? 0 : 1;  // 0 is `this`
        for (size_t i = 0; i < sizeof...(Args); ++i) index[i] = takes[i] ? next++ : -1;
        return index;
    }();

    template <size_t... Is>
    bool load_all(function_call &call, std::index_sequence<Is...>) {
        return (load_one<Is>(call) && ...);
    }

    template <size_t I>
    bool load_one(function_call &call) {
        auto &caster = std::get<I>(casters_);
        if constexpr (!takes_js_argument<std::tuple_element_t<I, std::tuple<Args...>>>) {
            return caster.load_injected(call);
        } else {
            constexpr int at = value_index[I];
            if constexpr (has_load_omitted<std::decay_t<decltype(caster)>>::value) {
                // Left out, with no default to fill in: no need to look at the `undefined`.
                if (at > 0 && size_t(at - 1) >= call.given && call.rec->omitted_are_undefined) return caster.load_omitted();
            }
            napi_value v = at == 0 ? call.self : call.args[at - 1];
            if (TSBIND_LIKELY(caster.load(call.env, v, call.failure))) return true;
            call.failed_arg = at - 1;
            return false;
        }
    }

    template <size_t... Is>
    auto take_impl(std::index_sequence<Is...>) {
        using taken = std::tuple<decltype(std::get<Is>(casters_).template get<Args>())...>;
        return taken{std::get<Is>(casters_).template get<Args>()...};  // braces: in parameter order
    }

    template <typename Return, typename Func, size_t... Is>
    Return call_impl(Func &f, std::index_sequence<Is...>) {
        return f(std::get<Is>(casters_).template get<Args>()...);
    }

    std::tuple<make_caster<Args>...> casters_;
};

/// How many of the last JS parameters may be left out because their types
/// take `undefined` (std::optional, a vectorized function's `out`).
template <typename... Args>
constexpr size_t omittable_tail() {
    constexpr bool takes[] = {takes_js_argument<Args>..., false};
    constexpr bool omittable[] = {is_omittable<make_caster<Args>>::value..., false};
    size_t tail = 0;
    for (size_t i = sizeof...(Args); i-- > 0;) {
        if (!takes[i]) continue;
        if (!omittable[i]) break;
        ++tail;
    }
    return tail;
}

/// The signature table of a binding: the result's type, then the type of
/// each parameter that takes a JS value (`this` first, for methods).
template <typename Return, typename... Args>
constexpr auto signature_table() {
    constexpr size_t count = (size_t(0) + ... + size_t(takes_js_argument<Args>));
    std::array<type_sig, count + 1> table{};
    table[0] = return_type_sig<Return>();
    size_t next = 1;
    ((takes_js_argument<Args> ? void(table[next++] = arg_type_sig<Args>()) : void()), ...);
    return table;
}

template <typename Caster, typename = void>
struct has_scratch_layout : std::false_type {};
template <typename Caster>
struct has_scratch_layout<Caster, std::enable_if_t<Caster::to_scratch_ok>> : std::true_type {};

template <typename Caster, typename = void>
struct is_bound_type_caster : std::false_type {};
template <typename Caster>
struct is_bound_type_caster<Caster, std::enable_if_t<Caster::bound_type>> : std::true_type {};

/// Puts callable `f` into the record (see function_record::capture).
template <typename Func>
void store_capture(function_record &rec, Func &&f) {
    using capture_t = std::decay_t<Func>;
    if constexpr (sizeof(capture_t) <= sizeof(rec.inline_capture) && alignof(capture_t) <= alignof(void *) &&
                  std::is_trivially_destructible_v<capture_t>) {
        rec.capture = ::new (static_cast<void *>(rec.inline_capture)) capture_t(std::forward<Func>(f));
    } else {
        rec.capture = new capture_t(std::forward<Func>(f));
        rec.free_capture = [](void *p) { delete static_cast<capture_t *>(p); };
    }
}

/// Fills `rec` for callable `f` with signature `Return(Args...)`. With
/// `HasSelf`, the first parameter is the `this` object (methods).
template <bool HasSelf, typename Func, typename Return, typename... Args, typename... Extra>
std::unique_ptr<function_record> make_record(napi_env, const char *name, Func &&f, Return (*)(Args...),
                                             const Extra &...extra) {
    using capture_t = std::decay_t<Func>;
    constexpr size_t named = count_of<arg, Extra...>;
    // The signature lives in static storage: no per-binding code builds it.
    static constexpr auto signature = signature_table<Return, Args...>();
    constexpr size_t nargs = signature.size() - 1 - size_t(HasSelf);
    static_assert(named == 0 || named == nargs,
                  "tsbind: give every parameter that takes a JS value an arg(\"name\") (or none), in order");
    auto rec = new_record(name, signature.data(), signature.size() - 1, HasSelf);
    rec->wants_new_target = (std::is_same_v<std::decay_t<Args>, call_info> || ...);
    store_capture(*rec, std::forward<Func>(f));
    rec->impl = [](function_call &call) -> napi_value {
        argument_loader<HasSelf, Args...> loader;
        if (TSBIND_UNLIKELY(!loader.load(call))) return try_next_overload();
        auto &fn = *static_cast<capture_t *>(call.rec->capture);
        if constexpr (std::is_void_v<Return>) {
            std::move(loader).template call<void>(fn);
            return nullptr;  // `undefined`, without a Node-API call
        } else if constexpr (has_scratch_layout<make_caster<Return>>::value) {
            Return &&result = std::move(loader).template call<Return>(fn);
            if (TSBIND_UNLIKELY(call.rec->layout_to_scratch)) {
                make_caster<Return>::to_scratch(scratch_of(*call.rec), result);
                return nullptr;
            }
            return make_caster<Return>::cast(call.env, static_cast<Return &&>(result), call.rec->policy, call.self);
        } else if constexpr (is_bound_type_caster<make_caster<Return>>::value) {
            Return &&result = std::move(loader).template call<Return>(fn);
            // The JS layer builds a plain object of numbers from its scratch buffer.
            if (TSBIND_UNLIKELY(call.rec->result_to_scratch != nullptr)) return write_scratch(*call.rec, &result);
            return make_caster<Return>::cast(call.env, static_cast<Return &&>(result), call.rec->policy, call.self);
        } else {
            return make_caster<Return>::cast(call.env, std::move(loader).template call<Return>(fn), call.rec->policy,
                                             call.self);
        }
    };
    if constexpr (has_scratch_layout<make_caster<Return>>::value) rec->scratch_layout = make_caster<Return>::scratch_layout;
    (process_extra(*rec, extra), ...);
    finish_record(*rec, omittable_tail<Args...>());
    return rec;
}

/// Like make_record, for def_async: the function runs on the thread pool and
/// the binding returns a Promise (async.h).
template <bool HasSelf, typename Func, typename Return, typename... Args, typename... Extra>
std::unique_ptr<function_record> make_async_record(napi_env, const char *name, Func &&f, Return (*)(Args...),
                                                   const Extra &...extra);

// ---- Calling JS from C++ ---------------------------------------------------

/// Throws the std::invalid_argument for a JS function's result that did not
/// convert to R, read again to learn why (as the dispatcher does).
template <typename R>
[[noreturn]] TSBIND_NOINLINE void throw_js_result(napi_env env, napi_value result, const std::string &what) {
    make_caster<R> caster;
    load_failure failure;
    if (caster.load(env, result, &failure)) failure.message = "changed while it was read";
    throw std::invalid_argument(what + " " +
                                (failure.message.empty() ? expected_message(env, result, return_type_sig<R>())
                                                         : failure.path + (failure.path.empty() ? "" : " ") +
                                                               failure.message));
}

/// Converts a JS function's result to R; a result that does not convert is a
/// std::invalid_argument (a TypeError at the boundary) that starts with
/// `what()` (made only then: a callback in a loop pays for no string).
template <typename R, typename What>
R load_js_result(napi_env env, napi_value result, const What &what) {
    static_assert(!is_string_view<R>::value && !std::is_same_v<R, const char *>,
                  "tsbind: a JS function's result as a string view would point into a converter that is gone: "
                  "return std::string");
    make_caster<R> caster;
    bool loaded;
    try {
        loaded = caster.load(env, result, nullptr);
    } catch (const argument_error &) {
        loaded = false;  // said by throw_js_result, as the result's fault, not an argument's
    }
    if (TSBIND_UNLIKELY(!loaded)) throw_js_result<R>(env, result, what());
    return R(caster.template get<R>());
}

/// Calls JS from C++ in a handle scope of its own, so that C++ may call JS in
/// a loop: `invoke(&result)` converts the arguments and calls, or returns
/// false when there is nothing to call (then `fallback()` runs). Pointer
/// arguments are lent to JS for the call only (lend_scope). A result type
/// that may keep handles (napi_value) is converted after the scope closes,
/// from the escaped result, so its handles stay valid for the enclosing call.
template <typename R, bool LendsPointers, typename What, typename Invoke, typename Fallback>
R call_js_in_scope(napi_env env, const What &what, Invoke &&invoke, Fallback &&fallback) {
    napi_value result = nullptr;
    if constexpr (std::is_void_v<R> || holds_no_handle<R>) {
        handle_scope scope(env);
        bool called;
        {
            lend_scope<LendsPointers> lent(env);
            called = invoke(&result, lent);
        }
        if (!called) return fallback();
        if constexpr (!std::is_void_v<R>) return load_js_result<R>(env, result, what);
    } else {
        {
            escapable_scope scope(env);
            bool called;
            {
                lend_scope<LendsPointers> lent(env);
                called = invoke(&result, lent);
            }
            if (!called) return fallback();
            result = scope.escape(result);
        }
        return load_js_result<R>(env, result, what);
    }
}

/// The signature type of callable F as a function pointer type, for overload
/// selection in make_record.
template <typename F>
using signature_ptr = std::add_pointer_t<typename function_signature<std::decay_t<F>>::type>;

} // namespace detail

} // namespace tsbind
