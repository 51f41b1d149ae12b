// The 50-function module of the build-cost row, as data: argument types, and functions made from shapes.
//
// Every binding style (emit.mjs) renders the same table, so the three
// modules differ only in how they bind, never in what they bind. Ten shapes
// cover the conversions a typical module uses; each is instantiated five
// times with a different constant, giving 50 distinct functions.

/**
 * Argument and result types. `c`/`cpp` are the C and C++ types, `view`
 * turns a parameter name into a number-like C expression for the bodies.
 */
export const types = {
  f64: { c: 'double', cpp: 'double', view: (p) => p },
  i32: { c: 'int32_t', cpp: 'int32_t', view: (p) => p },
  u32: { c: 'uint32_t', cpp: 'uint32_t', view: (p) => p },
  bool: { c: 'bool', cpp: 'bool', view: (p) => p },
  str: { c: 'char *', cpp: 'std::string', view: (p, lang) => (lang === 'c' ? `${p}_len` : `${p}.size()`) },
};

/**
 * Function shapes. `body(v, k)` is a C expression (valid C++ too) over the
 * argument views `v` and a constant `k`; a `str` result is a string literal
 * and has no body.
 */
const shapes = [
  { params: ['f64', 'f64'], result: 'f64', body: ([a, b], k) => `${a} * ${k} + ${b}` },
  { params: ['i32', 'i32'], result: 'i32', body: ([a, b], k) => `(${a} & 0xffff) + (${b} & 0xffff) + ${k}` },
  { params: ['f64'], result: 'f64', body: ([a], k) => `${a} + ${k}` },
  { params: ['i32', 'f64'], result: 'f64', body: ([a, b], k) => `${a} * ${b} + ${k}` },
  { params: ['bool', 'f64'], result: 'f64', body: ([a, b], k) => `${a} ? ${b} : ${k}` },
  { params: ['str'], result: 'u32', body: ([a], k) => `${a} + ${k}` },
  { params: [], result: 'str' },
  { params: ['str', 'str'], result: 'u32', body: ([a, b], k) => `${a} + ${b} + ${k}` },
  { params: ['u32', 'u32', 'u32'], result: 'u32', body: ([a, b, c], k) => `(${a} + ${b} + ${c}) * ${k}u` },
  { params: ['f64', 'f64', 'f64'], result: 'bool', body: ([a, b, c], k) => `${a} + ${b} > ${c} * ${k}` },
];

const PARAM_NAMES = ['a', 'b', 'c'];

/** The 50 functions: { name, params: [{ name, type }], result, body(lang), literal }. */
export const functions = Array.from({ length: 50 }, (_, i) => {
  const shape = shapes[i % shapes.length];
  const k = i + 1;
  const name = `fn${i}`;
  const params = shape.params.map((type, j) => ({ name: PARAM_NAMES[j], type }));
  return {
    name,
    params,
    result: shape.result,
    body: (lang) => shape.body?.(params.map((p) => types[p.type].view(p.name, lang)), k),
    literal: `${name} says hello`,
  };
});
