// Layer 5: async calls. The JS thread converts the arguments and creates the
// promise; a libuv thread-pool thread runs the C++ function; the JS thread
// converts the result and settles the promise. An AbortSignal in the options
// drops queued work (napi_cancel_async_work) or flags running work for its
// cancel_token, and the promise rejects with an AbortError as Node's own APIs do.
#include "internal.h"

namespace tsbind {
namespace detail {

namespace {

/// `options.signal`, when the options object has one.
napi_value signal_of(napi_env env, napi_value options) {
    if (!options) return nullptr;
    napi_value signal;
    napi_valuetype type;
    check(env, napi_get_named_property(env, options, "signal", &signal));
    check(env, napi_typeof(env, signal, &type));
    if (type == napi_undefined || type == napi_null) return nullptr;
    if (type != napi_object) throw std::invalid_argument("options.signal must be an AbortSignal");
    return signal;
}

bool is_aborted(napi_env env, napi_value signal) {
    napi_value aborted, truthy;
    bool result = false;
    // Truthiness, as `if (signal.aborted)` reads it in JS (a look-alike signal may give any value).
    check(env, napi_get_named_property(env, signal, "aborted", &aborted));
    check(env, napi_coerce_to_bool(env, aborted, &truthy));
    check(env, napi_get_value_bool(env, truthy, &result));
    return result;
}

/// An Error named AbortError with code ABORT_ERR and the signal's reason as
/// its cause, as Node's own APIs reject with.
napi_value abort_error(napi_env env, napi_value signal) {
    napi_value message, error, name, code;
    check(env, napi_create_string_utf8(env, "The operation was aborted", NAPI_AUTO_LENGTH, &message));
    check(env, napi_create_error(env, nullptr, message, &error));
    check(env, napi_create_string_utf8(env, "AbortError", NAPI_AUTO_LENGTH, &name));
    check(env, napi_create_string_utf8(env, "ABORT_ERR", NAPI_AUTO_LENGTH, &code));
    check(env, napi_set_named_property(env, error, "name", name));
    check(env, napi_set_named_property(env, error, "code", code));
    if (signal) {
        napi_value reason;
        napi_valuetype type;
        check(env, napi_get_named_property(env, signal, "reason", &reason));
        check(env, napi_typeof(env, reason, &type));
        if (type != napi_undefined) check(env, napi_set_named_property(env, error, "cause", reason));
    }
    return error;
}

/// The JS value of a C++ exception, as the call boundary would throw it.
napi_value error_value(napi_env env, const std::exception_ptr &error) {
    // The boundary's own translation, then the pending exception taken back as a value.
    boundary(env, [&]() -> napi_value { std::rethrow_exception(error); });
    napi_value value = nullptr;
    check(env, napi_get_and_clear_last_exception(env, &value));
    return value;
}

/// What the `abort` listener of a call's signal reaches: the task while the
/// call is in flight. The listener function owns the slot (it is freed with
/// the function), so a listener that a signal keeps after the call has
/// settled, or calls at any time, finds an empty slot, never a freed task.
struct abort_slot {
    async_task *task = nullptr;
    /// Whether the work has been queued (napi_cancel_async_work may be called).
    bool queued = false;
};

/// The `abort` listener (`data` is its slot).
napi_value on_abort(napi_env env, napi_callback_info info) {
    void *data = nullptr;
    if (napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data) != napi_ok) return nullptr;
    auto *slot = static_cast<abort_slot *>(data);
    if (!slot->task) return nullptr;  // the call has settled
    // Queued work is dropped (complete then sees napi_cancelled); running
    // work is flagged for its cancel_token, and rejects when it returns.
    // Fired before the work is queued (inside addEventListener), the flag
    // keeps it from being queued at all.
    if (!slot->queued || napi_cancel_async_work(env, slot->task->work) != napi_ok) slot->task->cancelled.store(true);
    return nullptr;
}

void call_listener_method(napi_env env, async_task &task, const char *method) {
    napi_value signal, listener, type, args[2];
    check(env, napi_get_reference_value(env, task.signal, &signal));
    check(env, napi_get_reference_value(env, task.listener, &listener));
    check(env, napi_create_string_utf8(env, "abort", NAPI_AUTO_LENGTH, &type));
    args[0] = type;
    args[1] = listener;
    call_method(env, signal, method, 2, args);
}

void execute(napi_env, void *data) {
    auto *task = static_cast<async_task *>(data);
    running_call_scope running(task->rec);
    task->execute();
}

/// Releases what the task holds in JS; best effort, as the environment may be shutting down.
void release(napi_env env, async_task &task) {
    if (task.abort) static_cast<abort_slot *>(task.abort)->task = nullptr;
    if (task.listener) {
        try {
            call_listener_method(env, task, "removeEventListener");
        } catch (...) {
            bool pending = false;
            napi_value ignored;
            if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
                napi_get_and_clear_last_exception(env, &ignored);
        }
        napi_delete_reference(env, task.listener);
    }
    if (task.signal) napi_delete_reference(env, task.signal);
    for (napi_ref ref : task.keep_alive) napi_delete_reference(env, ref);
    if (task.work) napi_delete_async_work(env, task.work);
}

void complete(napi_env env, napi_status status, void *data) {
    std::unique_ptr<async_task> task(static_cast<async_task *>(data));
    // An exception left pending by JS that ran before (a listener) is not
    // this call's: put aside while the promise settles, then thrown again,
    // so that Node reports it as it would have.
    napi_value foreign = nullptr;
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &foreign);
    napi_value value = nullptr;
    bool resolved = false;
    boundary(env, [&]() -> napi_value {
        napi_value signal = nullptr;
        if (task->signal) check(env, napi_get_reference_value(env, task->signal, &signal));
        if (status == napi_cancelled || task->cancelled.load()) {
            value = abort_error(env, signal);
        } else if (status != napi_ok) {
            throw_status(env, status);
        } else if (task->error) {
            value = error_value(env, task->error);
        } else {
            task->before_settle(env);
            value = task->result(env);
            resolved = true;
        }
        return nullptr;
    });
    // Whatever failed on the way (a getter of the signal's reason, onProgress
    // at the last delivery, converting the result) rejects with what it threw:
    // the promise settles on every path. A terminating environment can run
    // no JS; then the settling fails and only the memory is released.
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) {
        napi_get_and_clear_last_exception(env, &value);
        resolved = false;
    }
    if (!value) napi_get_undefined(env, &value);
    if (resolved)
        napi_resolve_deferred(env, task->deferred, value);
    else
        napi_reject_deferred(env, task->deferred, value);
    release(env, *task);
    if (foreign) napi_throw(env, foreign);
}

} // namespace

napi_value async_options(const function_call &call) {
    napi_value options = call.args[call.rec->nargs - 1];
    napi_valuetype type;
    check(call.env, napi_typeof(call.env, options, &type));
    return type == napi_object ? options : nullptr;
}

napi_value start_async(function_call &call, std::unique_ptr<async_task> task) {
    napi_env env = call.env;
    napi_value promise, name;
    task->rec = call.rec;
    // What can fail on bad input (the options, a look-alike signal) is done
    // before the promise exists: a promise that is never settled would leak.
    napi_value signal = signal_of(env, async_options(call));
    if (signal && is_aborted(env, signal)) {
        // Already aborted: reject without starting the work.
        napi_value error = abort_error(env, signal);
        check(env, napi_create_promise(env, &task->deferred, &promise));
        check(env, napi_reject_deferred(env, task->deferred, error));
        return promise;
    }
    check(env, napi_create_string_utf8(env, call.rec->name.c_str(), call.rec->name.size(), &name));
    check(env, napi_create_async_work(env, nullptr, name, execute, complete, task.get(), &task->work));
    abort_slot *slot = nullptr;
    try {
        // The objects the work reads (typed arrays, `this`, bound instances) stay alive until it ends.
        auto keep = [&](napi_value value) {
            napi_valuetype type;
            check(env, napi_typeof(env, value, &type));
            if (type != napi_object && type != napi_function) return;
            napi_ref ref;
            check(env, napi_create_reference(env, value, 1, &ref));
            task->keep_alive.push_back(ref);
        };
        if (call.self) keep(call.self);
        for (size_t i = 0; i + 1 < call.rec->nargs; ++i) keep(call.args[i]);
        if (signal) {
            napi_value listener;
            check(env, napi_create_reference(env, signal, 1, &task->signal));
            auto owned = std::make_unique<abort_slot>();
            check(env, napi_create_function(env, "abort", NAPI_AUTO_LENGTH, on_abort, owned.get(), &listener));
            check(env, napi_add_finalizer(
                           env, listener, owned.get(),
                           [](napi_env, void *data, void *) { delete static_cast<abort_slot *>(data); }, nullptr,
                           nullptr));
            slot = owned.release();
            slot->task = task.get();
            task->abort = slot;
            check(env, napi_create_reference(env, listener, 1, &task->listener));
            call_listener_method(env, *task, "addEventListener");
        }
        check(env, napi_create_promise(env, &task->deferred, &promise));
    } catch (...) {
        release(env, *task);
        throw;
    }
    // From here on the promise is settled on every path.
    if (task->cancelled.load()) {  // the listener ran inside addEventListener
        napi_value error = nullptr;
        boundary(env, [&]() -> napi_value {
            error = abort_error(env, signal);
            return nullptr;
        });
        if (!error) napi_get_and_clear_last_exception(env, &error);
        napi_reject_deferred(env, task->deferred, error);
        release(env, *task);
        return promise;
    }
    napi_status queued = napi_generic_failure;
    boundary(env, [&]() -> napi_value {
        task->before_queue(env);
        queued = napi_queue_async_work(env, task->work);
        if (queued != napi_ok) throw_status(env, queued);
        return nullptr;
    });
    if (queued != napi_ok) {
        napi_value error = nullptr;
        napi_get_and_clear_last_exception(env, &error);
        napi_reject_deferred(env, task->deferred, error);
        release(env, *task);
        return promise;
    }
    if (slot) slot->queued = true;
    task.release();  // complete() owns it now
    return promise;
}

napi_value settle_to_callback(napi_env env, napi_value promise, napi_value callback, bool has_result) {
    napi_value args[3] = {promise, callback, nullptr}, undefined;
    check(env, napi_get_boolean(env, has_result, &args[2]));
    check(env, napi_get_undefined(env, &undefined));
    check(env, napi_call_function(env, undefined, js_helper_function(env, js_helper::settle_to_callback), 3, args,
                                  &undefined));
    return nullptr;  // undefined
}

} // namespace detail
} // namespace tsbind

// ---- Thread-safe functions ---------------------------------------------------

#include <mutex>

namespace tsbind {
namespace detail {

struct tsfn_handle::control {
    std::mutex mutex;
    bool alive = true;
    napi_threadsafe_function tsfn = nullptr;
    void *context = nullptr;
    void (*on_finalize)(void *) = nullptr;
};

tsfn_handle::tsfn_handle(napi_env env, napi_value fn, const char *name, void *context, call_js_fn call_js,
                         void (*on_finalize)(void *))
    : control_(std::make_shared<control>()) {
    control_->context = context;
    control_->on_finalize = on_finalize;
    napi_value js_name;
    check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &js_name));
    // The finalizer holds the control block too, so it outlives the function.
    auto *finalize_data = new std::shared_ptr<control>(control_);
    napi_finalize finalize = [](napi_env, void *data, void *) {
        std::unique_ptr<std::shared_ptr<control>> held(static_cast<std::shared_ptr<control> *>(data));
        control &c = **held;
        std::lock_guard<std::mutex> lock(c.mutex);
        c.alive = false;
        if (c.on_finalize) c.on_finalize(c.context);
    };
    napi_status status = napi_create_threadsafe_function(env, fn, nullptr, js_name, 0, 1, finalize_data, finalize,
                                                         context, call_js, &control_->tsfn);
    if (status != napi_ok) {
        delete finalize_data;
        throw_status(env, status);
    }
}

tsfn_handle::~tsfn_handle() {
    std::lock_guard<std::mutex> lock(control_->mutex);
    if (control_->alive) napi_release_threadsafe_function(control_->tsfn, napi_tsfn_release);
}

bool tsfn_handle::call(void *data) const {
    std::lock_guard<std::mutex> lock(control_->mutex);
    // An unbounded queue: the call never blocks, so holding the lock is brief.
    return control_->alive && napi_call_threadsafe_function(control_->tsfn, data, napi_tsfn_nonblocking) == napi_ok;
}

void tsfn_handle::keep_alive(napi_env env, bool keep) const {
    std::lock_guard<std::mutex> lock(control_->mutex);
    if (!control_->alive) return;
    check(env, keep ? napi_ref_threadsafe_function(env, control_->tsfn)
                    : napi_unref_threadsafe_function(env, control_->tsfn));
}

} // namespace detail
} // namespace tsbind
