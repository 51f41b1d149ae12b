// Implementation "tsbind": bench/tsbind/bench_tsbind.cpp, and the rows it cannot have yet.
//
// A `{ pending }` entry is an operation the core cannot bind yet, with what
// it waits for; the table shows it as pending. Adding the row is replacing
// the entry with `(m) => m.name` and adding the def() to the C++.
//
// The module is loaded with a bare require() of its .node file. Its JS layer
// (src/core/js_layer.cpp) is made by the module itself at init, so this is
// what users get through the entry point `tsbind build` writes as well.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export const tsbind = {
  name: 'tsbind',
  load: ({ buildDir }) => require(join(buildDir, 'bench_tsbind.node')),
  subjects: {
    add_f64: (m) => m.add,
    add_i32: (m) => m.addInt,
    arg_optional_undefined: (m) => m.addOpt,
    str_in_16: (m) => m.strBytes,
    str_in_1k: (m) => m.strBytes,
    str_out_16: (m) => m.greet,
    obj_out: (m) => m.makePoint,
    callback: (m) => m.callN,
    throw: (m) => m.throwError,
    new_wrapped: (m) => m.Counter,
    method_call: (m) => m.Counter,
    arg_object: (m) => ({ Counter: m.Counter, readTotal: m.readTotal }),
    sum_f64array: (m) => m.sumArray,
    vector_out: (m) => m.makeVector,
    vector_adopt_1k: (m) => m.adoptVector,
    vector_adopt_1m: (m) => m.adoptVector,
    vector_copy_1m: (m) => m.copyVector,
    map_per_element: (m) => m.scale,
    map_vectorized: (m) => m.scaleArray,
    async_latency: (m) => m.asyncNoop,
    async_throughput: (m) => m.asyncNoop,
  },
};
