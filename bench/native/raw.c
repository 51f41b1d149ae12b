/* Hand-written Node-API baseline: every benchmark operation in plain C.
 *
 * This is the code a careful hand-writer produces: every status is checked
 * (bad input becomes a JS exception, never a crash), and no Node-API call is
 * made that the operation does not need. It is the denominator of every
 * ratio_to_raw, so it must be neither sloppy nor clever beyond the usual
 * patterns: a library earns its wins over this file, not the other way round.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Turns a failed status into a pending JS exception (if the call did not
 * already leave one) so that the caller can just `return NULL`. Only runs on
 * the failure path. */
static napi_value fail(napi_env env) {
  const napi_extended_error_info* info = NULL;
  const char* message = "Node-API call failed";
  bool pending = false;
  /* Read the error first: every later Node-API call resets it. */
  if (napi_get_last_error_info(env, &info) == napi_ok && info->error_message) message = info->error_message;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, message);
  return NULL;
}

#define CHECK(call)                 \
  do {                              \
    if ((call) != napi_ok) return fail(env); \
  } while (0)

/* ---- plain calls ---- */

static napi_value add(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  double a, b;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_double(env, argv[0], &a)); /* missing args are undefined: a TypeError */
  CHECK(napi_get_value_double(env, argv[1], &b));
  CHECK(napi_create_double(env, a + b, &result));
  return result;
}

static napi_value add_int(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result;
  int32_t a, b;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_int32(env, argv[0], &a));
  CHECK(napi_get_value_int32(env, argv[1], &b));
  CHECK(napi_create_int32(env, (int32_t)((uint32_t)a + (uint32_t)b), &result));
  return result;
}

/* addOpt(a, b, c?): a + b, plus c when given. Three slots, so a missing c
 * reads as undefined; typeof tells it from a number. */
static napi_value add_opt(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], result;
  napi_valuetype type;
  double a, b, c = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_double(env, argv[0], &a));
  CHECK(napi_get_value_double(env, argv[1], &b));
  CHECK(napi_typeof(env, argv[2], &type));
  if (type != napi_undefined) CHECK(napi_get_value_double(env, argv[2], &c));
  CHECK(napi_create_double(env, type == napi_undefined ? a + b : a + b + c, &result));
  return result;
}

/* ---- strings ---- */

/* String in, the usual length-then-copy pattern: ask for the UTF-8 length,
 * then copy into a stack buffer when it fits, the heap otherwise. */
static napi_value str_bytes(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0, copied = 0;
  napi_value arg, result;
  char stack[256];
  char* buf = stack;
  napi_status status;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(napi_get_value_string_utf8(env, arg, NULL, 0, &len));
  if (len >= sizeof stack && !(buf = malloc(len + 1))) {
    napi_throw_range_error(env, NULL, "out of memory");
    return NULL;
  }
  status = napi_get_value_string_utf8(env, arg, buf, len + 1, &copied);
  if (buf != stack) free(buf);
  CHECK(status);
  CHECK(napi_create_uint32(env, (uint32_t)copied, &result));
  return result;
}

static const char greeting[] = "hello, world 16B";

/* No arguments, so no napi_get_cb_info. */
static napi_value greet(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  CHECK(napi_create_string_utf8(env, greeting, sizeof greeting - 1, &result));
  return result;
}

/* ---- objects ---- */

static napi_value make_point(napi_env env, napi_callback_info info) {
  napi_value obj, x, y;
  (void)info;
  CHECK(napi_create_object(env, &obj));
  CHECK(napi_create_double(env, 1.5, &x));
  CHECK(napi_create_double(env, 2.5, &y));
  CHECK(napi_set_named_property(env, obj, "x", x));
  CHECK(napi_set_named_property(env, obj, "y", y));
  return obj;
}

/* ---- callbacks and exceptions ---- */

/* callN(cb, n): calls cb(i) for i in [0, n) and sums the results. One handle
 * scope per call, as Node's docs prescribe for loops, so a long loop does not
 * grow the outer scope. */
static napi_value call_n(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], recv, result;
  uint32_t n;
  double sum = 0;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_uint32(env, argv[1], &n));
  CHECK(napi_get_undefined(env, &recv));
  for (uint32_t i = 0; i < n; i++) {
    napi_handle_scope scope;
    napi_value arg, ret;
    double value;
    napi_status status;
    CHECK(napi_open_handle_scope(env, &scope));
    status = napi_create_double(env, i, &arg);
    if (status == napi_ok) status = napi_call_function(env, recv, argv[0], 1, &arg, &ret);
    if (status == napi_ok) status = napi_get_value_double(env, ret, &value);
    if (status != napi_ok) fail(env); /* before closing the scope resets the error */
    napi_close_handle_scope(env, scope);
    if (status != napi_ok) return NULL;
    sum += value;
  }
  CHECK(napi_create_double(env, sum, &result));
  return result;
}

static napi_value throw_error(napi_env env, napi_callback_info info) {
  (void)info;
  napi_throw_error(env, NULL, "boom");
  return NULL;
}

/* ---- a wrapped class ---- */

typedef struct {
  double total;
} counter;

static void counter_finalize(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value counter_new(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self, new_target;
  double start;
  counter* c;
  CHECK(napi_get_new_target(env, info, &new_target));
  if (!new_target) { /* else `this` is globalThis, and it would get wrapped */
    napi_throw_type_error(env, NULL, "Class constructor Counter cannot be invoked without 'new'");
    return NULL;
  }
  CHECK(napi_get_cb_info(env, info, &argc, &arg, &self, NULL));
  CHECK(napi_get_value_double(env, arg, &start));
  if (!(c = malloc(sizeof *c))) {
    napi_throw_range_error(env, NULL, "out of memory");
    return NULL;
  }
  c->total = start;
  if (napi_wrap(env, self, c, counter_finalize, NULL, NULL) != napi_ok) {
    free(c);
    return fail(env);
  }
  return self;
}

static napi_value counter_add(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, self, result;
  double x;
  counter* c;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, &self, NULL));
  CHECK(napi_unwrap(env, self, (void**)&c)); /* a foreign `this` fails here, not in a crash */
  CHECK(napi_get_value_double(env, arg, &x));
  c->total += x;
  CHECK(napi_create_double(env, c->total, &result));
  return result;
}

/* The other 19 methods, so that the class has 20 (per-class costs show in the
 * method-call row, which calls add). Trivial bodies, the same checks as add;
 * the prologue is shared the way a hand-writer would share it. */
static counter* counter_this(napi_env env, napi_callback_info info, double* x) {
  size_t argc = x ? 1 : 0;
  napi_value arg, self;
  counter* c;
  if (napi_get_cb_info(env, info, &argc, x ? &arg : NULL, &self, NULL) != napi_ok ||
      napi_unwrap(env, self, (void**)&c) != napi_ok || (x && napi_get_value_double(env, arg, x) != napi_ok)) {
    fail(env);
    return NULL;
  }
  return c;
}

#define COUNTER_METHOD(name, takes_x, body)                              \
  static napi_value counter_##name(napi_env env, napi_callback_info info) { \
    double x = 0;                                                        \
    napi_value result;                                                   \
    counter* c = counter_this(env, info, (takes_x) ? &x : NULL);         \
    if (!c) return NULL;                                                 \
    (void)x;                                                             \
    body;                                                                \
    CHECK(napi_create_double(env, c->total, &result));                   \
    return result;                                                       \
  }

COUNTER_METHOD(sub, 1, c->total -= x)
COUNTER_METHOD(mul, 1, c->total *= x)
COUNTER_METHOD(div, 1, c->total /= x)
COUNTER_METHOD(set, 1, c->total = x)
COUNTER_METHOD(min, 1, if (x < c->total) c->total = x)
COUNTER_METHOD(max, 1, if (x > c->total) c->total = x)
COUNTER_METHOD(avg, 1, c->total = (c->total + x) / 2)
COUNTER_METHOD(get, 0, (void)0)
COUNTER_METHOD(reset, 0, c->total = 0)
COUNTER_METHOD(inc, 0, c->total += 1)
COUNTER_METHOD(dec, 0, c->total -= 1)
COUNTER_METHOD(negate, 0, c->total = -c->total)
COUNTER_METHOD(twice, 0, c->total *= 2)
COUNTER_METHOD(half, 0, c->total /= 2)
COUNTER_METHOD(square, 0, c->total *= c->total)
COUNTER_METHOD(cube, 0, c->total = c->total * c->total * c->total)
COUNTER_METHOD(abs, 0, if (c->total < 0) c->total = -c->total)
COUNTER_METHOD(sign, 0, c->total = (c->total > 0) - (c->total < 0))
COUNTER_METHOD(reciprocal, 0, c->total = 1 / c->total)

/* readTotal(counter): a wrapped object as an argument. */
static napi_value read_total(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  counter* c;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(napi_unwrap(env, arg, (void**)&c)); /* not a wrapped object: an Error */
  CHECK(napi_create_double(env, c->total, &result));
  return result;
}

/* ---- typed arrays ---- */

/* Borrows the data of a Float64Array argument: zero-copy. */
static napi_status float64_data(napi_env env, napi_value value, double** data, size_t* length) {
  napi_typedarray_type type;
  napi_status status = napi_get_typedarray_info(env, value, &type, length, (void**)data, NULL, NULL);
  if (status == napi_ok && type != napi_float64_array) {
    napi_throw_type_error(env, NULL, "expected a Float64Array");
    return napi_invalid_arg;
  }
  return status;
}

static napi_value sum_array(napi_env env, napi_callback_info info) {
  size_t argc = 1, length;
  napi_value arg, result;
  double* data;
  double sum = 0;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(float64_data(env, arg, &data, &length));
  for (size_t i = 0; i < length; i++) sum += data[i];
  CHECK(napi_create_double(env, sum, &result));
  return result;
}

/* makeVector(n): a Float64Array of n ones, filled in place (one pass, no
 * intermediate buffer). */
static napi_value make_vector(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, buffer, result;
  uint32_t n;
  double* data;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(napi_get_value_uint32(env, arg, &n));
  if (n > (1u << 27)) { /* V8 aborts the process, not throws, when an ArrayBuffer cannot be had */
    napi_throw_range_error(env, NULL, "makeVector: n must be at most 2^27");
    return NULL;
  }
  CHECK(napi_create_arraybuffer(env, (size_t)n * sizeof(double), (void**)&data, &buffer));
  for (uint32_t i = 0; i < n; i++) data[i] = 1.0;
  CHECK(napi_create_typedarray(env, napi_float64_array, n, buffer, 0, &result));
  return result;
}

/* adoptVector(n): n doubles from malloc, untouched, handed to JS without a
 * copy; free() when the buffer is collected. */
static void free_data(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  free(data);
}

static napi_value adopt_vector(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, buffer, result;
  uint32_t n;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(napi_get_value_uint32(env, arg, &n));
  double* data = malloc((size_t)n * sizeof(double) + 1);
  if (!data) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_status status = napi_create_external_arraybuffer(env, data, (size_t)n * sizeof(double), free_data, NULL, &buffer);
  if (status != napi_ok) {
    free(data);
    CHECK(status);
  }
  CHECK(napi_create_typedarray(env, napi_float64_array, n, buffer, 0, &result));
  return result;
}

/* copyVector(): a copy of 1e6 ones that C++ keeps. */
static napi_value copy_vector(napi_env env, napi_callback_info info) {
  enum { N = 1000000 };
  static double* source = NULL;
  napi_value buffer, result;
  void* data;
  (void)info;
  if (!source) {
    source = malloc(N * sizeof(double));
    if (!source) {
      napi_throw_error(env, NULL, "out of memory");
      return NULL;
    }
    for (size_t i = 0; i < N; i++) source[i] = 1.0;
  }
  CHECK(napi_create_arraybuffer(env, N * sizeof(double), &data, &buffer));
  memcpy(data, source, N * sizeof(double));
  CHECK(napi_create_typedarray(env, napi_float64_array, N, buffer, 0, &result));
  return result;
}

static double scale_one(double x) { return x * 1.5 + 0.5; }

static napi_value scale(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg, result;
  double x;
  CHECK(napi_get_cb_info(env, info, &argc, &arg, NULL, NULL));
  CHECK(napi_get_value_double(env, arg, &x));
  CHECK(napi_create_double(env, scale_one(x), &result));
  return result;
}

/* scaleArray(in, out): the vectorized form of scale, one crossing per array. */
static napi_value scale_array(napi_env env, napi_callback_info info) {
  size_t argc = 2, in_length, out_length;
  napi_value argv[2];
  double *in, *out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(float64_data(env, argv[0], &in, &in_length));
  CHECK(float64_data(env, argv[1], &out, &out_length));
  if (in_length != out_length) {
    napi_throw_range_error(env, NULL, "scaleArray: arrays differ in length");
    return NULL;
  }
  for (size_t i = 0; i < in_length; i++) out[i] = scale_one(in[i]);
  return NULL;
}

/* ---- async ---- */

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
} noop_task;

static void noop_execute(napi_env env, void* data) {
  (void)env;
  (void)data;
}

static void noop_complete(napi_env env, napi_status status, void* data) {
  noop_task* task = data;
  napi_value value;
  if (status == napi_ok) {
    napi_get_undefined(env, &value);
    napi_resolve_deferred(env, task->deferred, value);
  } else {
    napi_create_string_utf8(env, "asyncNoop: cancelled", NAPI_AUTO_LENGTH, &value);
    napi_reject_deferred(env, task->deferred, value);
  }
  napi_delete_async_work(env, task->work);
  free(task);
}

/* asyncNoop(): a promise settled after an empty job on the libuv pool. */
static napi_value async_noop(napi_env env, napi_callback_info info) {
  napi_value promise, name;
  noop_task* task;
  (void)info;
  if (!(task = malloc(sizeof *task))) {
    napi_throw_range_error(env, NULL, "out of memory");
    return NULL;
  }
  if (napi_create_promise(env, &task->deferred, &promise) != napi_ok) {
    free(task);
    return fail(env);
  }
  /* The promise exists from here on, so failures reject it rather than leak. */
  if (napi_create_string_utf8(env, "asyncNoop", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, noop_execute, noop_complete, task, &task->work) != napi_ok) {
    napi_value error = fail(env);
    napi_get_and_clear_last_exception(env, &error);
    napi_reject_deferred(env, task->deferred, error);
    free(task);
    return promise;
  }
  if (napi_queue_async_work(env, task->work) != napi_ok) {
    napi_value error = fail(env);
    napi_get_and_clear_last_exception(env, &error);
    napi_reject_deferred(env, task->deferred, error);
    napi_delete_async_work(env, task->work);
    free(task);
  }
  return promise;
}

/* ---- module ---- */

#define FUNCTION(name, cb) {name, NULL, cb, NULL, NULL, NULL, napi_default, NULL}
#define METHOD(name, cb) {name, NULL, cb, NULL, NULL, NULL, napi_default_method, NULL}

NAPI_MODULE_INIT() {
  napi_property_descriptor counter_methods[] = {
      METHOD("add", counter_add),
      METHOD("sub", counter_sub),
      METHOD("mul", counter_mul),
      METHOD("div", counter_div),
      METHOD("set", counter_set),
      METHOD("min", counter_min),
      METHOD("max", counter_max),
      METHOD("avg", counter_avg),
      METHOD("get", counter_get),
      METHOD("reset", counter_reset),
      METHOD("inc", counter_inc),
      METHOD("dec", counter_dec),
      METHOD("negate", counter_negate),
      METHOD("twice", counter_twice),
      METHOD("half", counter_half),
      METHOD("square", counter_square),
      METHOD("cube", counter_cube),
      METHOD("abs", counter_abs),
      METHOD("sign", counter_sign),
      METHOD("reciprocal", counter_reciprocal),
  };
  napi_value counter_class;
  CHECK(napi_define_class(env, "Counter", NAPI_AUTO_LENGTH, counter_new, NULL,
                          sizeof counter_methods / sizeof counter_methods[0], counter_methods,
                          &counter_class));
  napi_property_descriptor properties[] = {
      FUNCTION("add", add),
      FUNCTION("addInt", add_int),
      FUNCTION("addOpt", add_opt),
      FUNCTION("strBytes", str_bytes),
      FUNCTION("greet", greet),
      FUNCTION("makePoint", make_point),
      FUNCTION("callN", call_n),
      FUNCTION("throwError", throw_error),
      FUNCTION("readTotal", read_total),
      FUNCTION("sumArray", sum_array),
      FUNCTION("makeVector", make_vector),
      FUNCTION("adoptVector", adopt_vector),
      FUNCTION("copyVector", copy_vector),
      FUNCTION("scale", scale),
      FUNCTION("scaleArray", scale_array),
      FUNCTION("asyncNoop", async_noop),
      {"Counter", NULL, NULL, NULL, NULL, counter_class, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties));
  return exports;
}
