// tsbind layer 5: C++ work off the JS thread.
//
// `def_async` binds a function that runs on the libuv thread pool and returns
// a Promise: arguments are converted on the JS thread before the work, the
// result after it. While it runs, the function may use its own arguments
// (converted C++ values, typed-array views, bound objects, all kept alive)
// but must not call Node-API or JS. `cancel_token` and `progress<T>`
// parameters connect it to the caller's AbortSignal and onProgress callback.
// `async_callback<R(Args...)>` lets any C++ thread call a JS function.
#pragma once

#include "function.h"
#include "stl/functional.h"
#include "value.h"

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

namespace tsbind {

/// A parameter of type `cancel_token` lets an async function see that the
/// caller's AbortSignal fired; poll `cancelled()` and return early. (The
/// promise then rejects with an AbortError, whatever the function returns.)
class cancel_token {
public:
    bool cancelled() const noexcept { return flag_ && flag_->load(std::memory_order_relaxed); }
    explicit operator bool() const noexcept { return cancelled(); }

private:
    template <typename, typename>
    friend struct type_caster;
    const std::atomic<bool> *flag_ = nullptr;
};

namespace detail {

/// Delivers progress values to a JS callback on the JS thread, coalesced:
/// a value reported while an earlier one waits replaces it, so a fast
/// producer costs the event loop one call per turn, not one per value.
///
/// What onProgress throws (or a value that does not convert) cannot reach
/// any JS caller while the work runs, and Node swallows an exception left in
/// a thread-safe function's callback (DEP0168). So the first one is kept,
/// later values are not delivered, and the promise rejects with it.
template <typename T>
class progress_channel {
public:
    progress_channel(napi_env env, napi_value callback)
        : state_(new state), tsfn_(env, callback, "tsbind.progress", state_, call_js, [](void *context) {
              delete static_cast<state *>(context);
          }) {}

    /// Any thread: the newest value, delivered soon.
    void report(T value) {
        std::lock_guard<std::mutex> lock(state_->mutex);
        bool queue = !state_->latest;
        state_->latest = std::move(value);
        if (queue) tsfn_.call(nullptr);
    }

    /// JS thread, before the promise settles: delivers a value still
    /// waiting, then throws what onProgress threw, if it did (the promise
    /// then rejects with it).
    void flush(napi_env env, napi_value callback) {
        deliver(env, callback, *state_);
        if (state_->thrown) throw js_error(*state_->thrown);
    }

private:
    // Owned by the thread-safe function (freed when it is finalized), as
    // calls it has queued may run after this channel is gone.
    struct state {
        std::mutex mutex;
        std::optional<T> latest;
        /// What onProgress threw first (JS thread only).
        std::optional<js_error> thrown;
    };

    static void call_js(napi_env env, napi_value callback, void *context, void *) {
        if (env && callback) deliver(env, callback, *static_cast<state *>(context));
    }

    /// JS thread. Never throws: a failure is kept in `s.thrown`.
    static void deliver(napi_env env, napi_value callback, state &s) noexcept {
        std::optional<T> value;
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            value.swap(s.latest);
        }
        if (!value || s.thrown) return;
        try {
            handle_scope scope(env);
            napi_value arg = to_js(env, std::move(*value)), receiver, ignored;
            check(env, napi_get_undefined(env, &receiver));
            check(env, napi_call_function(env, receiver, callback, 1, &arg, &ignored));
        } catch (const js_error &e) {
            s.thrown.emplace(e);
        } catch (const std::exception &e) {
            // The value did not convert: the error the call boundary would throw.
            translate_exception(env, &e);
            s.thrown.emplace(env);
        } catch (...) {
            translate_exception(env, nullptr);
            s.thrown.emplace(env);
        }
    }

    state *state_;
    tsfn_handle tsfn_;
};

} // namespace detail

/// A parameter of type `progress<T>` lets an async function report progress
/// from its thread: `progress(0.5)`. The caller's `onProgress` option gets
/// the values on the JS thread, coalesced (see progress_channel). Reporting
/// is a no-op when the caller gave no onProgress.
template <typename T>
class progress {
public:
    void operator()(T value) const {
        if (channel_) channel_->report(std::move(value));
    }

private:
    template <typename, typename>
    friend struct type_caster;
    std::shared_ptr<detail::progress_channel<T>> channel_;
};

template <>
struct type_caster<cancel_token> : detail::value_caster<cancel_token> {
    static constexpr auto name = const_name("never");
    bool load_injected(detail::function_call &call) {
        value.flag_ = call.task ? &call.task->cancelled : nullptr;
        return true;
    }
};

template <typename T>
struct type_caster<progress<T>> : detail::value_caster<progress<T>> {
    static constexpr auto name = const_name("never");
    /// The type of the values, for the onProgress option's declaration.
    static constexpr auto value_name = detail::make_caster<T>::name;

    bool load_injected(detail::function_call &call) {
        napi_value options = call.task ? detail::async_options(call) : nullptr;
        if (!options) return true;
        napi_value callback;
        napi_valuetype type;
        detail::check(call.env, napi_get_named_property(call.env, options, "onProgress", &callback));
        detail::check(call.env, napi_typeof(call.env, callback, &type));
        if (type == napi_undefined) return true;
        if (type != napi_function) throw std::invalid_argument("options.onProgress must be a function");
        channel_ = std::make_shared<detail::progress_channel<T>>(call.env, callback);
        callback_ = detail::reference(call.env, callback);
        this->value.channel_ = channel_;
        return true;
    }

    /// JS thread, before the promise settles: the last value first.
    void flush(napi_env env) {
        if (channel_) channel_->flush(env, callback_.value());
    }

private:
    // Kept here as well: the function may take its progress<T> by value.
    std::shared_ptr<detail::progress_channel<T>> channel_;
    detail::reference callback_;
};

namespace detail {

template <typename T>
struct is_progress : std::false_type {};
template <typename T>
struct is_progress<progress<T>> : std::true_type {};

/// `{ signal?: AbortSignal }`, with `onProgress` when the function takes a progress<T>.
template <typename... Args>
struct async_options_name {
    template <typename T>
    static constexpr auto progress_field() {
        if constexpr (is_progress<T>::value)
            return const_name("; onProgress?: (value: ") + type_caster<T>::value_name + const_name(") => void");
        else
            return const_name("");
    }
    static constexpr auto value =
        (const_name("{ signal?: AbortSignal") + ... + progress_field<intrinsic_t<Args>>()) + const_name(" }");
};

/// The options argument every async function takes last: read by the core
/// (the signal) and by progress parameters (onProgress); here only checked.
template <typename... Args>
struct async_options_arg {};

/// What a Node-style async function takes last instead (tsbind::node_callback).
template <typename Return>
struct node_callback_arg {};

/// Hands `promise`'s outcome to a Node-style `callback(err, result)` (or
/// `callback(err)` without a result); JS gets undefined.
napi_value settle_to_callback(napi_env env, napi_value promise, napi_value callback, bool has_result);

} // namespace detail

/// An extra of def_async: the result goes to a Node-style `callback(err,
/// result)`, the function's last argument, instead of a Promise, for packages
/// whose API has that shape. `m.def_async("readConfig", &read_config,
/// tsbind::arg("path"), tsbind::arg("callback"), tsbind::node_callback())`.
struct node_callback {};

template <typename Return>
struct type_caster<detail::node_callback_arg<Return>> : detail::value_caster<detail::node_callback_arg<Return>> {
    static constexpr auto result_param = [] {
        if constexpr (std::is_void_v<Return>)
            return const_name("");
        else
            return const_name(", result: ") + detail::make_caster<Return>::name;
    }();
    static constexpr auto name = const_name("((err: Error | null") + result_param + const_name(") => void)");
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        return type == napi_function;
    }
};

namespace detail {
inline void process_extra(function_record &, node_callback) {}
} // namespace detail

template <typename... Args>
struct type_caster<detail::async_options_arg<Args...>> : detail::value_caster<detail::async_options_arg<Args...>> {
    static constexpr bool omittable = true;
    static constexpr auto name = detail::async_options_name<Args...>::value;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        return type == napi_undefined || type == napi_object;
    }
};

namespace detail {

/// Types that hold JS values, usable on the JS thread only (tsbind::value
/// and its classes are handles valid for the call only, too).
template <typename T>
struct is_js_thread_only
    : std::bool_constant<std::is_same_v<T, napi_value> || std::is_same_v<T, env> || std::is_base_of_v<value, T>> {};
template <typename R, typename... A>
struct is_js_thread_only<std::function<R(A...)>> : std::true_type {};

template <typename R>
struct promise_name {
    static constexpr auto value = const_name("Promise<") + make_caster<R>::name + const_name(">");
};

/// One async call: the converted arguments, the C++ function, its result.
/// `Options` is the last JS argument: the options object, or a Node-style callback.
template <bool HasSelf, typename Func, typename Return, typename Options, typename... Args>
class async_call final : public async_task {
public:
    using loader_t = argument_loader<HasSelf, Args..., Options>;
    explicit async_call(Func &fn, return_value_policy policy) : fn_(fn), policy_(policy) {}

    loader_t loader;

    /// On the JS thread, as the work is queued: the arguments are handed
    /// over here, not on the pool thread, since handing some over uses JS (a
    /// std::unique_ptr takes its object from its JS object).
    void before_queue(napi_env) override { args_.emplace(loader.take()); }

    void execute() noexcept override {
        try {
            if constexpr (std::is_void_v<Return>)
                std::apply(adapter(), std::move(*args_));
            else
                result_.emplace(std::apply(adapter(), std::move(*args_)));
        } catch (...) {
            error = std::current_exception();
        }
    }

    void before_settle(napi_env env) override { loader.for_each_caster([env](auto &caster) { flush(env, caster, 0); }); }

    napi_value result(napi_env env) override {
        if constexpr (std::is_void_v<Return>) {
            napi_value undefined;
            check(env, napi_get_undefined(env, &undefined));
            return undefined;
        } else {
            return make_caster<Return>::cast(env, std::move(*result_), policy_, nullptr);
        }
    }

private:
    /// The C++ function, called with the arguments but not the options.
    auto adapter() {
        return [this](Args... args, Options) -> Return { return fn_(std::forward<Args>(args)...); };
    }

    /// Progress converters deliver their last value; others have nothing to do.
    template <typename Caster>
    static auto flush(napi_env env, Caster &caster, int) -> decltype(caster.flush(env), void()) {
        caster.flush(env);
    }
    template <typename Caster>
    static void flush(napi_env, Caster &, long) {}

    Func &fn_;
    return_value_policy policy_;
    std::optional<decltype(std::declval<loader_t &>().take())> args_;
    std::optional<std::conditional_t<std::is_void_v<Return>, char, Return>> result_;
};

template <bool HasSelf, typename Func, typename Return, typename... Args, typename... Extra>
std::unique_ptr<function_record> make_async_record(napi_env, const char *name, Func &&f, Return (*)(Args...),
                                                   const Extra &...extra) {
    static_assert(!std::is_reference_v<Return> && !std::is_pointer_v<Return>,
                  "tsbind::def_async: an async function returns a value (references and pointers would outlive "
                  "what they point to)");
    static_assert(!(is_js_thread_only<intrinsic_t<Args>>::value || ...),
                  "tsbind::def_async: the function runs off the JS thread, so it cannot take JS values (napi_value, "
                  "tsbind::env, a std::function from JS): take a tsbind::async_callback to call JS");
    using capture_t = std::decay_t<Func>;
    constexpr bool node_style = (std::is_same_v<Extra, node_callback> || ...);
    static_assert(!node_style || !(is_progress<intrinsic_t<Args>>::value || ...),
                  "tsbind::node_callback: progress reports go through the options object, which a Node-style "
                  "function does not take");
    using options_t = std::conditional_t<node_style, node_callback_arg<Return>, async_options_arg<Args...>>;
    constexpr size_t named = count_of<arg, Extra...>;
    static constexpr auto signature = [] {
        auto table = signature_table<Return, Args..., options_t>();
        if constexpr (node_style)
            table[0] = make_type_sig(type_caster<void>::name);
        else
            table[0] = make_type_sig(promise_name<Return>::value);
        return table;
    }();
    constexpr size_t nargs = signature.size() - 1 - size_t(HasSelf);
    static_assert(named == 0 || named == nargs - 1,
                  "tsbind: give every parameter that takes a JS value an arg(\"name\") (or none), in order");
    auto rec = new_record(name, signature.data(), signature.size() - 1, HasSelf);
    store_capture(*rec, std::forward<Func>(f));
    rec->impl = [](function_call &call) -> napi_value {
        using task_t = async_call<HasSelf, capture_t, Return, options_t, Args...>;
        auto task = std::make_unique<task_t>(*static_cast<capture_t *>(call.rec->capture), call.rec->policy);
        call.task = task.get();
        // The arguments are converted here, on the JS thread, into the task
        // (strings to the heap: they outlive the call).
        {
            string_arena_suspension strings_outlive_the_call(call.env);
            if (TSBIND_UNLIKELY(!task->loader.load(call))) return try_next_overload();
        }
        napi_value promise = start_async(call, std::move(task));
        if constexpr (node_style)
            return settle_to_callback(call.env, promise, call.args[call.rec->nargs - 1], !std::is_void_v<Return>);
        else
            return promise;
    };
    (process_extra(*rec, extra), ...);
    // The options (or the callback) are named whenever the parameters are named (all of them or, when it is the only one, none).
    if (named != 0 || nargs == 1) add_arg(*rec, node_style ? "callback" : "options", nullptr, nullptr, nullptr);
    finish_record(*rec, omittable_tail<Args..., options_t>());
    return rec;
}

// ---- Calling JS from any thread ---------------------------------------------

/// A JS function that any thread may call, through a thread-safe function.
template <typename R, typename... Args>
class async_function {
public:
    async_function(napi_env env, napi_value fn) : tsfn_(env, fn, "tsbind.async_callback", nullptr, call_js, nullptr) {
        // Pending calls do not keep the process alive unless asked (keep_alive).
        tsfn_.keep_alive(env, false);
    }

    std::future<R> call(Args... args) const {
        auto job = std::make_unique<call_data>(std::forward<Args>(args)...);
        std::future<R> result = job->promise.get_future();
        if (tsfn_.call(job.get()))
            job.release();  // call_js owns it now
        else
            job->promise.set_exception(std::make_exception_ptr(gone()));
        return result;
    }

    void keep_alive(napi_env env, bool keep) const { tsfn_.keep_alive(env, keep); }

private:
    struct call_data {
        explicit call_data(Args... args) : args(std::forward<Args>(args)...) {}
        std::tuple<std::decay_t<Args>...> args;
        std::promise<R> promise;
    };

    static std::runtime_error gone() {
        return std::runtime_error("tsbind::async_callback: the JS environment of the callback is gone");
    }

    static void call_js(napi_env env, napi_value fn, void *, void *data) {
        std::unique_ptr<call_data> job(static_cast<call_data *>(data));
        if (!env || !fn) {  // the environment is shutting down
            job->promise.set_exception(std::make_exception_ptr(gone()));
            return;
        }
        try {
            if constexpr (std::is_void_v<R>) {
                std::apply([&](auto &...args) { call_js_function<void>(env, fn, args...); }, job->args);
                job->promise.set_value();
            } else {
                job->promise.set_value(
                    std::apply([&](auto &...args) { return call_js_function<R>(env, fn, args...); }, job->args));
            }
        } catch (const js_error &e) {
            // The JS exception (its value lives on this thread only) becomes
            // a C++ exception with its message, and is not left uncaught.
            job->promise.set_exception(std::make_exception_ptr(std::runtime_error(e.what())));
        } catch (...) {
            job->promise.set_exception(std::current_exception());
        }
    }

    tsfn_handle tsfn_;
};

} // namespace detail

/// A JS function that C++ may call from any thread: `cb(args...)` queues the
/// call to the JS thread and returns a std::future of its result. A JS
/// exception in the callback arrives as a std::runtime_error with its message
/// (and is not an uncaught exception). Pending calls do not keep the process
/// alive, unless `keep_alive(env, true)` is called (on the JS thread). Copies
/// share one thread-safe function, released when the last copy goes.
template <typename Signature>
class async_callback;

template <typename R, typename... Args>
class async_callback<R(Args...)> {
public:
    async_callback() = default;
    std::future<R> operator()(Args... args) const { return fn_->call(std::forward<Args>(args)...); }
    explicit operator bool() const noexcept { return fn_ != nullptr; }
    /// JS thread only: whether pending calls keep the process alive.
    void keep_alive(napi_env env, bool keep) const { fn_->keep_alive(env, keep); }

private:
    template <typename, typename>
    friend struct type_caster;
    std::shared_ptr<detail::async_function<R, Args...>> fn_;
};

template <typename R, typename... Args>
struct type_caster<async_callback<R(Args...)>> : detail::value_caster<async_callback<R(Args...)>> {
    static constexpr auto name = type_caster<std::function<R(Args...)>>::arg_name;
    bool load(napi_env env, napi_value v, detail::load_failure *) {
        napi_valuetype type;
        detail::check(env, napi_typeof(env, v, &type));
        if (type != napi_function) return false;
        this->value.fn_ = std::make_shared<detail::async_function<R, Args...>>(env, v);
        return true;
    }
};

} // namespace tsbind
