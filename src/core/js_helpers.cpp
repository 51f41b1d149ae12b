// Layer 1: small JS functions the core needs where Node-API has no call for
// the job (a class that extends a JS class, a brand check that runs no
// Proxy trap, settling a Node-style callback). Each is compiled once per
// environment, on first use, from the source below.
#include "internal.h"

namespace tsbind {
namespace detail {

namespace {

constexpr const char *sources[] = {
    // js_helper::error_class: a JS Error subclass `name` of `Base`, with the
    // right `name` (on the prototype, as built-in errors have it); it inherits
    // Error's constructor, so `stack` is captured where it is thrown.
    R"JS((function (name, Base) {
  const cls = ({ [name]: class extends Base {} })[name];
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
  return cls;
}))JS",
    // js_helper::inspect: `[util.inspect.custom]` of bound objects, so that
    // console.log and the REPL show `toString()` when the class has one, else
    // the class name and the values of its properties (getters up the
    // prototype chain); a disposed object says so.
    R"JS((function (depth, options, inspect) {
  const name = this.constructor && this.constructor.name || 'Object';
  if (typeof this.toString === 'function' && this.toString !== Object.prototype.toString) {
    try { return this.toString(); } catch { return `${name} <disposed>`; }
  }
  if (depth < 0) return `[${name}]`;
  const shown = {};
  for (let p = Object.getPrototypeOf(this); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (!d.get || key in shown) continue;
      try { shown[key] = this[key]; } catch { return `${name} <disposed>`; }
    }
  }
  const inner = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return Object.keys(shown).length === 0 ? `${name} {}` : `${name} ${inspect(shown, inner)}`;
}))JS",
    // js_helper::is_shared_array_buffer: the SharedArrayBuffer byteLength
    // getter accepts only real ones, so no Proxy trap or toStringTag getter runs.
    R"JS((() => {
  if (typeof SharedArrayBuffer !== 'function') return () => false;
  const byteLength = Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength').get;
  return (value) => { try { byteLength.call(value); return true; } catch { return false; } };
})())JS",
    // js_helper::settle_to_callback: a promise's outcome to a Node-style
    // callback(err, result). The callback runs in a microtask of its own, so
    // that what it throws is an uncaught exception, as in Node's own
    // callback APIs, and never an unhandled rejection.
    R"JS(((promise, callback, hasResult) => {
  promise.then(
    (value) => queueMicrotask(() => (hasResult ? callback(null, value) : callback(null))),
    (error) => queueMicrotask(() => callback(error)));
}))JS",
};
static_assert(sizeof sources / sizeof sources[0] == std::size_t(js_helper::count), "one source per js_helper");

} // namespace

napi_value js_helper_function(napi_env env, js_helper which) {
    env_state *state = state_of(env);
    if (!state) throw std::logic_error("tsbind: no module state in this environment");
    reference &slot = state->js_helpers[std::size_t(which)];
    if (slot) return slot.value();
    napi_value script, fn;
    check(env, napi_create_string_utf8(env, sources[std::size_t(which)], NAPI_AUTO_LENGTH, &script));
    check(env, napi_run_script(env, script, &fn));
    slot = reference(env, fn);
    return fn;
}

} // namespace detail
} // namespace tsbind
