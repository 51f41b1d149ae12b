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
  const counterAdd = lib.func('double counter_add(void *, double)');
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
    // Never freed: the method-call row makes one.
    Counter: class Counter {
      constructor(start) {
        this.ptr = counterNew(start);
      }
      add(x) {
        return counterAdd(this.ptr, x);
      }
    },
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
    str_in_16: (m) => m.strBytes,
    str_in_1k: (m) => m.strBytes,
    str_out_16: (m) => m.greet,
    obj_out: (m) => m.makePoint,
    callback: (m) => m.callN,
    throw: { na: 'C functions cannot throw' },
    new_wrapped: { na: 'an FFI has no GC-owned native objects (no finalizer)' },
    method_call: (m) => m.Counter,
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
