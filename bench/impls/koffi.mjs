// Implementation "koffi": the FFI calling plain C functions (bench/native/ffi.c).
//
// Wrappers here are only what a koffi user writes to present the same JS
// surface (a length argument, a class over an opaque pointer, a promise over
// koffi's callback-style async call); TurboFan inlines the thin ones.
import koffi from 'koffi';
import { join } from 'node:path';

const libraryFile = { darwin: 'libbench_ffi.dylib', win32: 'bench_ffi.dll' }[process.platform] ?? 'libbench_ffi.so';

function load({ buildDir }) {
  const lib = koffi.load(join(buildDir, libraryFile));
  koffi.struct('bench_point', { x: 'double', y: 'double' });
  koffi.proto('double bench_callback(double)');
  const counterNew = lib.func('void *counter_new(double)');
  // The 20 methods of the wrapped classes, as C functions on the struct pointer.
  const counterAdd = lib.func('double counter_add(void *, double)');
  const counterSub = lib.func('double counter_sub(void *, double)');
  const counterMul = lib.func('double counter_mul(void *, double)');
  const counterDiv = lib.func('double counter_div(void *, double)');
  const counterSet = lib.func('double counter_set(void *, double)');
  const counterMin = lib.func('double counter_min(void *, double)');
  const counterMax = lib.func('double counter_max(void *, double)');
  const counterAvg = lib.func('double counter_avg(void *, double)');
  const counterGet = lib.func('double counter_get(void *)');
  const counterReset = lib.func('double counter_reset(void *)');
  const counterInc = lib.func('double counter_inc(void *)');
  const counterDec = lib.func('double counter_dec(void *)');
  const counterNegate = lib.func('double counter_negate(void *)');
  const counterTwice = lib.func('double counter_twice(void *)');
  const counterHalf = lib.func('double counter_half(void *)');
  const counterSquare = lib.func('double counter_square(void *)');
  const counterCube = lib.func('double counter_cube(void *)');
  const counterAbs = lib.func('double counter_abs(void *)');
  const counterSign = lib.func('double counter_sign(void *)');
  const counterReciprocal = lib.func('double counter_reciprocal(void *)');
  const counterTotal = lib.func('double counter_total(const void *)');
  const addOpt = lib.func('double add_opt(double, double, const double *)');
  const sumArray = lib.func('double sum_array(const double *, size_t)');
  const fillOnes = lib.func('void fill_ones(double *, size_t)');
  const scaleArray = lib.func('void scale_array(const double *, double *, size_t)');
  const noop = lib.func('void noop(void)');
  return {
    add: lib.func('double add(double, double)'),
    addInt: lib.func('int32_t add_int(int32_t, int32_t)'),
    strBytes: lib.func('uint32_t str_bytes(const char *)'),
    greet: lib.func('const char *greet(void)'),
    makePoint: lib.func('bench_point make_point(void)'),
    callN: lib.func('double call_n(bench_callback *, uint32_t)'),
    // A pointer may be null: koffi's form of an optional argument (an
    // array of one double when given, copied in by koffi).
    addOpt: (a, b, c) => addOpt(a, b, c === undefined ? null : [c]),
    // Never freed: the method-call and argument rows make a few.
    Counter: class Counter {
      constructor(start) {
        this.ptr = counterNew(start);
      }
      add(x) {
        return counterAdd(this.ptr, x);
      }
      sub(x) {
        return counterSub(this.ptr, x);
      }
      mul(x) {
        return counterMul(this.ptr, x);
      }
      div(x) {
        return counterDiv(this.ptr, x);
      }
      set(x) {
        return counterSet(this.ptr, x);
      }
      min(x) {
        return counterMin(this.ptr, x);
      }
      max(x) {
        return counterMax(this.ptr, x);
      }
      avg(x) {
        return counterAvg(this.ptr, x);
      }
      get() {
        return counterGet(this.ptr);
      }
      reset() {
        return counterReset(this.ptr);
      }
      inc() {
        return counterInc(this.ptr);
      }
      dec() {
        return counterDec(this.ptr);
      }
      negate() {
        return counterNegate(this.ptr);
      }
      twice() {
        return counterTwice(this.ptr);
      }
      half() {
        return counterHalf(this.ptr);
      }
      square() {
        return counterSquare(this.ptr);
      }
      cube() {
        return counterCube(this.ptr);
      }
      abs() {
        return counterAbs(this.ptr);
      }
      sign() {
        return counterSign(this.ptr);
      }
      reciprocal() {
        return counterReciprocal(this.ptr);
      }
    },
    // The struct pointer is the object handle a koffi user passes around.
    readTotal: (c) => counterTotal(c.ptr),
    sumArray: (data) => sumArray(data, data.length),
    makeVector: (n) => {
      const data = new Float64Array(n);
      fillOnes(data, n);
      return data;
    },
    scale: lib.func('double scale(double)'),
    scaleArray: (input, output) => scaleArray(input, output, input.length),
    asyncNoop: () => new Promise((resolve, reject) => noop.async((err, res) => (err ? reject(err) : resolve(res)))),
  };
}

export const koffiImpl = {
  name: 'koffi',
  load,
  subjects: {
    add_f64: (m) => m.add,
    add_i32: (m) => m.addInt,
    arg_optional_undefined: (m) => m.addOpt,
    str_in_16: (m) => m.strBytes,
    str_in_1k: (m) => m.strBytes,
    str_out_16: (m) => m.greet,
    obj_out: (m) => m.makePoint,
    callback: (m) => m.callN,
    throw: { na: 'C functions cannot throw' },
    new_wrapped: { na: 'an FFI has no GC-owned native objects (no finalizer)' },
    method_call: (m) => m.Counter,
    arg_object: (m) => ({ Counter: m.Counter, readTotal: m.readTotal }),
    sum_f64array: (m) => m.sumArray,
    vector_out: (m) => m.makeVector,
    vector_adopt_1k: { na: 'an FFI returns pointers, not typed arrays that own their memory' },
    vector_adopt_1m: { na: 'an FFI returns pointers, not typed arrays that own their memory' },
    vector_copy_1m: { na: 'koffi copies arrays out only into JS arrays it is given' },
    map_per_element: (m) => m.scale,
    map_vectorized: (m) => m.scaleArray,
    async_latency: (m) => m.asyncNoop,
    async_throughput: { na: 'koffi queues at most 4096 async calls' },
  },
};
