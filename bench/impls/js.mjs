// Implementation "js": the operation in plain JS, where that means something.
//
// These rows are the floor a crossing is measured against: what the work
// costs when it never leaves V8 (often inlined whole by TurboFan).
import { BIG } from '../ops.mjs';

// The same 20 methods as the native classes (COUNTER_METHODS in ops.mjs).
class Counter {
  constructor(start) {
    this.total = start;
  }
  add(x) {
    return (this.total += x);
  }
  sub(x) {
    return (this.total -= x);
  }
  mul(x) {
    return (this.total *= x);
  }
  div(x) {
    return (this.total /= x);
  }
  set(x) {
    return (this.total = x);
  }
  min(x) {
    return x < this.total ? (this.total = x) : this.total;
  }
  max(x) {
    return x > this.total ? (this.total = x) : this.total;
  }
  avg(x) {
    return (this.total = (this.total + x) / 2);
  }
  get() {
    return this.total;
  }
  reset() {
    return (this.total = 0);
  }
  inc() {
    return (this.total += 1);
  }
  dec() {
    return (this.total -= 1);
  }
  negate() {
    return (this.total = -this.total);
  }
  twice() {
    return (this.total *= 2);
  }
  half() {
    return (this.total /= 2);
  }
  square() {
    return (this.total *= this.total);
  }
  cube() {
    return (this.total = this.total * this.total * this.total);
  }
  abs() {
    return this.total < 0 ? (this.total = -this.total) : this.total;
  }
  sign() {
    return (this.total = (this.total > 0) - (this.total < 0));
  }
  reciprocal() {
    return (this.total = 1 / this.total);
  }
}

const scale = (x) => x * 1.5 + 0.5;

const subjects = {
  add_f64: () => (a, b) => a + b,
  add_i32: () => (a, b) => (a + b) | 0,
  arg_optional_undefined: () => (a, b, c) => (c === undefined ? a + b : a + b + c),
  str_in_16: { na: 'no conversion: JS already holds the string' },
  str_in_1k: { na: 'no conversion: JS already holds the string' },
  str_out_16: { na: 'returning a literal allocates nothing' },
  obj_out: () => () => ({ x: 1.5, y: 2.5 }),
  callback: () => (cb, n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += cb(i);
    return sum;
  },
  throw: () => () => {
    throw new Error('boom');
  },
  new_wrapped: () => Counter,
  method_call: () => Counter,
  arg_object: () => ({ Counter, readTotal: (counter) => counter.total }),
  sum_f64array: () => (data) => {
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i];
    return sum;
  },
  vector_out: () => (n) => new Float64Array(n).fill(1),
  vector_adopt_1k: { na: 'no native memory to hand over' },
  vector_adopt_1m: { na: 'no native memory to hand over' },
  vector_copy_1m: () => {
    const source = new Float64Array(BIG).fill(1);
    return () => source.slice();
  },
  map_per_element: () => scale,
  map_vectorized: () => (input, output) => {
    for (let i = 0; i < input.length; i++) output[i] = scale(input[i]);
  },
  async_latency: { na: 'no thread-pool work in plain JS' },
  async_throughput: { na: 'no thread-pool work in plain JS' },
};

export const js = { name: 'js', load: () => null, subjects };
