// Implementation "raw": hand-written Node-API in C (bench/native/raw.c).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Subjects by operation id, for a module with raw.c's exports; the
 * node-addon-api module exports the same names and reuses this table.
 */
export const napiSubjects = {
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
};

export const raw = {
  name: 'raw',
  load: ({ buildDir }) => require(join(buildDir, 'bench_raw.node')),
  subjects: napiSubjects,
};
