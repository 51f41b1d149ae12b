// The benchmark operations: one entry per table row, shared by every implementation.
//
// An implementation (bench/impls/*.mjs) supplies a "subject" per operation:
// the function or class that does the work. The loop that times it lives
// here, so every implementation runs the very same JS around its subject.
// `run(subject)` returns a batch function `(n) => value` that performs n
// operations (n is a multiple of `step`); it returns its last result so that
// the JIT cannot drop the work. `check(subject)` proves, before any timing,
// that the subject computes what the operation says. `floor` is DESIGN.md's
// "What fast means" bound on tsbind / raw for the row (null: none stated).
// `count` is the fixed batch size of `npm run bench -- --instructions`
// (bench/instructions.mjs): a case runs batches of `count` and `2 * count`
// operations under callgrind; sized so that a batch is some tens of millions
// of instructions.

/** Elements of the large typed arrays (sum in, vector out). */
export const BIG = 1_000_000;
/** Elements per pass of the vectorize rows; they report ns per element. */
export const MAP_N = 10_000;
/** Promises in flight at once in the async throughput row; it reports ns per task. */
export const IN_FLIGHT = 10_000;

export const STR_16 = 'hello, world 16B';
export const STR_1K = 'abcdefghijklmnop'.repeat(64);

const strIn = (text) => ({
  run: (strBytes) => (n) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += strBytes(text);
    return total;
  },
  check: (strBytes) => strBytes(text) === text.length && strBytes('é') === 2, // UTF-8 bytes
});

// Keeps the last of n results: a result that escapes keeps its allocation real.
const lastOf = (make) => (n) => {
  let last;
  for (let i = 0; i < n; i++) last = make();
  return last;
};

const f64Range = (length) => Float64Array.from({ length }, (_, i) => i);

/**
 * The wrapped class's 20 methods (add is the one the method-call row calls),
 * with what each returns on one Counter(1), called in this order.
 */
export const COUNTER_METHODS = [
  ['add', [2], 3],
  ['sub', [1], 2],
  ['mul', [6], 12],
  ['div', [4], 3],
  ['set', [-8], -8],
  ['abs', [], 8],
  ['min', [5], 5],
  ['max', [6], 6],
  ['avg', [2], 4],
  ['inc', [], 5],
  ['dec', [], 4],
  ['twice', [], 8],
  ['half', [], 4],
  ['square', [], 16],
  ['negate', [], -16],
  ['sign', [], -1],
  ['cube', [], -1],
  ['reciprocal', [], -1],
  ['reset', [], 0],
  ['get', [], 0],
];

export const ops = [
  {
    id: 'add_f64',
    title: 'add(double, double)',
    floor: 1.1,
    count: 50_000,
    run: (add) => (n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += add(i, 0.5);
      return sum;
    },
    check: (add) => add(1.25, 2.5) === 3.75,
  },
  {
    id: 'add_i32',
    title: 'add(int32, int32)',
    floor: 1.1,
    count: 50_000,
    run: (addInt) => (n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = addInt(sum, 1);
      return sum;
    },
    check: (addInt) => addInt(2, 3) === 5 && addInt(-7, 3) === -4,
  },
  {
    // The optional last parameter left out: the binding must tell a missing
    // argument from a number (C: a null pointer).
    id: 'arg_optional_undefined',
    title: 'add(double, double, double?), optional left out',
    floor: 1.2,
    count: 40_000,
    run: (addOpt) => (n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += addOpt(i, 0.5);
      return sum;
    },
    check: (addOpt) => addOpt(1.25, 2.5) === 3.75 && addOpt(1, 2, 4) === 7 && addOpt(1, 2, undefined) === 3,
  },
  { id: 'str_in_16', title: 'string in, 16 B', floor: 1.2, count: 40_000, ...strIn(STR_16) },
  { id: 'str_in_1k', title: 'string in, 1 KiB', floor: 1.2, count: 10_000, ...strIn(STR_1K) },
  {
    id: 'str_out_16',
    title: 'string out, 16 B',
    floor: 1.2,
    count: 40_000,
    run: (greet) => lastOf(greet),
    check: (greet) => greet() === STR_16,
  },
  {
    id: 'obj_out',
    title: 'object {x, y} out',
    floor: 1.2,
    count: 5_000,
    run: (makePoint) => lastOf(makePoint),
    check: (makePoint) => {
      const p = makePoint();
      return p.x === 1.5 && p.y === 2.5;
    },
  },
  {
    id: 'callback',
    title: 'JS callback from a native loop',
    floor: 1.2,
    count: 20_000,
    // One batch is one native call that calls back n times.
    run: (callN) => {
      const cb = (i) => i * 0.5;
      return (n) => callN(cb, n);
    },
    check: (callN) => callN((i) => i * 0.5, 4) === 3,
  },
  {
    id: 'throw',
    title: 'exception thrown and caught',
    floor: 1.2,
    count: 300,
    run: (throwError) => (n) => {
      let caught = 0;
      for (let i = 0; i < n; i++) {
        try {
          throwError();
        } catch {
          caught++;
        }
      }
      return caught;
    },
    check: (throwError) => {
      try {
        throwError();
      } catch (e) {
        return e instanceof Error && e.message === 'boom';
      }
      return false;
    },
  },
  {
    id: 'new_wrapped',
    title: 'create a wrapped object',
    floor: 1.2,
    count: 5_000,
    run: (Counter) => (n) => {
      let last;
      for (let i = 0; i < n; i++) last = new Counter(i);
      return last;
    },
    check: (Counter) => new Counter(2).add(3) === 5,
  },
  {
    // On a class with 20 methods (COUNTER_METHODS), so that per-class costs show.
    id: 'method_call',
    title: 'method call on a wrapped object (class of 20 methods)',
    floor: 1.2,
    count: 20_000,
    run: (Counter) => {
      const counter = new Counter(0);
      return (n) => {
        let total = 0;
        for (let i = 0; i < n; i++) total = counter.add(1);
        return total;
      };
    },
    // Every one of the 20 methods is there and computes its result.
    check: (Counter) => {
      const c = new Counter(1);
      return COUNTER_METHODS.every(([name, args, expected]) => typeof c[name] === 'function' && c[name](...args) === expected);
    },
  },
  {
    // A wrapped object passed to a function: unwrapping an argument, not `this`.
    id: 'arg_object',
    title: 'wrapped object as argument',
    floor: 1.2,
    count: 20_000,
    run: ({ Counter, readTotal }) => {
      const counter = new Counter(0.5);
      return (n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += readTotal(counter);
        return sum;
      };
    },
    check: ({ Counter, readTotal }) => {
      const c = new Counter(2.5);
      c.add(1);
      return readTotal(c) === 3.5 && readTotal(new Counter(-1)) === -1;
    },
  },
  {
    id: 'sum_f64array',
    title: 'sum of Float64Array(1e6)',
    floor: 1.05, // "the same speed as raw", with room for noise
    count: 10,
    run: (sumArray) => {
      const data = new Float64Array(BIG).fill(0.5);
      return (n) => {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += sumArray(data);
        return sum;
      };
    },
    check: (sumArray) => sumArray(new Float64Array([1, 2, 3.5])) === 6.5,
  },
  {
    id: 'vector_out',
    title: 'vector<double>(1e6) out',
    floor: null,
    count: 10,
    run: (makeVector) => lastOf(() => makeVector(BIG)),
    check: (makeVector) => {
      const v = makeVector(5);
      return v.length === 5 && v[0] === 1 && v[4] === 1;
    },
  },
  {
    // The conversion alone: C++ allocates without touching the memory (so its
    // own cost does not grow with n) and the result crosses without a copy.
    // 1e3 and 1e6 elements should then cost about the same.
    id: 'vector_adopt_1k',
    title: 'vector<double>(1e3) out, not copied',
    floor: 1.2,
    count: 5_000,
    run: (adoptVector) => lastOf(() => adoptVector(1000)),
    check: (adoptVector) => adoptVector(7).length === 7 && adoptVector(7) instanceof Float64Array,
  },
  {
    id: 'vector_adopt_1m',
    title: 'vector<double>(1e6) out, not copied',
    floor: 1.2,
    count: 200,
    run: (adoptVector) => lastOf(() => adoptVector(BIG)),
    check: (adoptVector) => adoptVector(BIG).length === BIG,
  },
  {
    // The same 1e6 doubles copied into a new typed array: what a result C++
    // keeps (a const reference) costs, against the adoption above.
    id: 'vector_copy_1m',
    title: 'vector<double>(1e6) out, copied',
    floor: 1.2,
    count: 20,
    run: (copyVector) => lastOf(copyVector),
    check: (copyVector) => {
      const v = copyVector();
      return v instanceof Float64Array && v.length === BIG && v[0] === 1 && v[BIG - 1] === 1;
    },
  },
  {
    id: 'map_per_element',
    title: 'scale(x) per element, 1e4 calls (ns/elem)',
    floor: 1.1,
    count: 50_000,
    step: MAP_N,
    run: (scale) => {
      const input = f64Range(MAP_N);
      const output = new Float64Array(MAP_N);
      return (n) => {
        for (let pass = 0; pass < n; pass += MAP_N) {
          for (let i = 0; i < MAP_N; i++) output[i] = scale(input[i]);
        }
        return output;
      };
    },
    check: (scale) => scale(2) === 3.5,
  },
  {
    id: 'map_vectorized',
    title: 'scale over Float64Array(1e4), one call (ns/elem)',
    floor: 1.05,
    count: 2_000_000,
    step: MAP_N,
    run: (scaleArray) => {
      const input = f64Range(MAP_N);
      const output = new Float64Array(MAP_N);
      return (n) => {
        for (let pass = 0; pass < n; pass += MAP_N) scaleArray(input, output);
        return output;
      };
    },
    check: (scaleArray) => {
      const out = new Float64Array(3);
      scaleArray(new Float64Array([0, 1, 2]), out);
      return out[0] === 0.5 && out[1] === 2 && out[2] === 3.5;
    },
  },
  {
    id: 'async_latency',
    title: 'async no-op, awaited one at a time',
    floor: 1.2,
    count: 500,
    run: (asyncNoop) => async (n) => {
      for (let i = 0; i < n; i++) await asyncNoop();
    },
    check: async (asyncNoop) => (await asyncNoop()) === undefined,
  },
  {
    id: 'async_throughput',
    title: 'async no-op, 1e4 in flight (ns/task)',
    floor: 1.2,
    count: 10_000,
    step: IN_FLIGHT,
    run: (asyncNoop) => async (n) => {
      const pending = new Array(IN_FLIGHT);
      for (let done = 0; done < n; done += IN_FLIGHT) {
        for (let i = 0; i < IN_FLIGHT; i++) pending[i] = asyncNoop();
        await Promise.all(pending);
      }
    },
    check: async (asyncNoop) => (await Promise.all([asyncNoop(), asyncNoop()])).length === 2,
  },
];

/** The operation with the given id; throws on an unknown one. */
export function opById(id) {
  const op = ops.find((o) => o.id === id);
  if (!op) throw new Error(`unknown operation '${id}'; known: ${ops.map((o) => o.id).join(', ')}`);
  return op;
}
