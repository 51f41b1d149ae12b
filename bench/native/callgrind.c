/* The instruction counter's switch, for `npm run bench -- --instructions`.
 *
 * bench/instructions.mjs runs each case under callgrind with instrumentation
 * off (`--instr-atstart=no`), so that Node's start-up, loading and warm-up run
 * at plain valgrind speed and are not counted; the case calls start() just
 * before its counted batch and stop() just after. These are callgrind's client
 * requests (valgrind/callgrind.h), which do nothing outside valgrind. Built
 * only when valgrind's headers are found (bench/CMakeLists.txt).
 */
#include <node_api.h>
#include <valgrind/callgrind.h>
#include <valgrind/valgrind.h>

static napi_value start(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  CALLGRIND_START_INSTRUMENTATION;
  CALLGRIND_ZERO_STATS;
  return NULL;
}

static napi_value stop(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  CALLGRIND_STOP_INSTRUMENTATION;
  return NULL;
}

static napi_value on_valgrind(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  if (napi_get_boolean(env, RUNNING_ON_VALGRIND != 0, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"start", NULL, start, NULL, NULL, NULL, napi_default, NULL},
      {"stop", NULL, stop, NULL, NULL, NULL, napi_default, NULL},
      {"onValgrind", NULL, on_valgrind, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) return NULL;
  return exports;
}
