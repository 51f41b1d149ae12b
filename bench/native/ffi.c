/* Plain C functions for the koffi rows: the same operations as an FFI sees them.
 *
 * An FFI binds C signatures, not JS values, so here strings are `const char *`,
 * the object out is a struct returned by value, the wrapped object is an
 * opaque pointer, and arrays are pointer plus length. Koffi does the
 * conversions; these bodies only do the work.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
#define EXPORT __declspec(dllexport)
#else
#define EXPORT __attribute__((visibility("default")))
#endif

EXPORT double add(double a, double b) { return a + b; }

/* The optional-argument row: C has no optional parameters; the honest
 * equivalent is a pointer that may be null. */
EXPORT double add_opt(double a, double b, const double* c) { return c ? a + b + *c : a + b; }

EXPORT int32_t add_int(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }

EXPORT uint32_t str_bytes(const char* s) { return (uint32_t)strlen(s); }

EXPORT const char* greet(void) { return "hello, world 16B"; }

typedef struct {
  double x, y;
} point;

EXPORT point make_point(void) {
  point p = {1.5, 2.5};
  return p;
}

EXPORT double call_n(double (*cb)(double), uint32_t n) {
  double sum = 0;
  for (uint32_t i = 0; i < n; i++) sum += cb(i);
  return sum;
}

typedef struct {
  double total;
} counter;

EXPORT counter* counter_new(double start) {
  counter* c = malloc(sizeof *c);
  if (c) c->total = start;
  return c;
}

EXPORT void counter_free(counter* c) { free(c); }

/* counter_add and 19 others: the same 20-method surface as the wrapped classes. */
EXPORT double counter_add(counter* c, double x) { return c->total += x; }
EXPORT double counter_sub(counter* c, double x) { return c->total -= x; }
EXPORT double counter_mul(counter* c, double x) { return c->total *= x; }
EXPORT double counter_div(counter* c, double x) { return c->total /= x; }
EXPORT double counter_set(counter* c, double x) { return c->total = x; }
EXPORT double counter_min(counter* c, double x) { return x < c->total ? (c->total = x) : c->total; }
EXPORT double counter_max(counter* c, double x) { return x > c->total ? (c->total = x) : c->total; }
EXPORT double counter_avg(counter* c, double x) { return c->total = (c->total + x) / 2; }
EXPORT double counter_get(counter* c) { return c->total; }
EXPORT double counter_reset(counter* c) { return c->total = 0; }
EXPORT double counter_inc(counter* c) { return c->total += 1; }
EXPORT double counter_dec(counter* c) { return c->total -= 1; }
EXPORT double counter_negate(counter* c) { return c->total = -c->total; }
EXPORT double counter_twice(counter* c) { return c->total *= 2; }
EXPORT double counter_half(counter* c) { return c->total /= 2; }
EXPORT double counter_square(counter* c) { return c->total *= c->total; }
EXPORT double counter_cube(counter* c) { return c->total = c->total * c->total * c->total; }
EXPORT double counter_abs(counter* c) { return c->total < 0 ? (c->total = -c->total) : c->total; }
EXPORT double counter_sign(counter* c) { return c->total = (c->total > 0) - (c->total < 0); }
EXPORT double counter_reciprocal(counter* c) { return c->total = 1 / c->total; }

/* The wrapped-object argument row: a pointer to the struct is koffi's object handle. */
EXPORT double counter_total(const counter* c) { return c->total; }

EXPORT double sum_array(const double* data, size_t length) {
  double sum = 0;
  for (size_t i = 0; i < length; i++) sum += data[i];
  return sum;
}

EXPORT void fill_ones(double* data, size_t length) {
  for (size_t i = 0; i < length; i++) data[i] = 1.0;
}

/* Static, so that scale_array inlines it: a call to the exported scale()
 * would go through the PLT (it may be interposed) on every element. */
static double scale_one(double x) { return x * 1.5 + 0.5; }

EXPORT double scale(double x) { return scale_one(x); }

EXPORT void scale_array(const double* in, double* out, size_t length) {
  for (size_t i = 0; i < length; i++) out[i] = scale_one(in[i]);
}

EXPORT void noop(void) {}
