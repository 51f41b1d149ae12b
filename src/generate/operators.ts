// C++ operators as JS methods: JS has no operator overloading, so each operator that means something
// on a value gets a named method (`==` is tsbind's def_equals; `<<` to an ostream is toString).

/** JS method names of member operators, by operator and parameter count (`-` alone is negate). */
const OPERATOR_METHODS: Readonly<Record<string, readonly [params: number, js: string][]>> = {
  'operator!=': [[1, 'notEquals']],
  'operator<': [[1, 'lessThan']],
  'operator>': [[1, 'greaterThan']],
  'operator<=': [[1, 'lessOrEqual']],
  'operator>=': [[1, 'greaterOrEqual']],
  'operator!': [[0, 'not']],
  'operator+': [[1, 'add'], [0, 'plus']],
  'operator-': [[1, 'subtract'], [0, 'negate']],
  'operator*': [[1, 'multiply'], [0, 'value']],
  'operator++': [[0, 'increment']],
  'operator--': [[0, 'decrement']],
  'operator/': [[1, 'divide']],
  'operator%': [[1, 'remainder']],
  'operator[]': [[1, 'at']],
  'operator()': [[0, 'call'], [1, 'call'], [2, 'call'], [3, 'call']],
  'operator bool': [[0, 'toBoolean']],
};

/** The JS method for member operator `name` taking `params` arguments, or undefined when it has none. */
export function operatorMethod(name: string, params: number): string | undefined {
  return OPERATOR_METHODS[name]?.find(([n]) => n === params)?.[1];
}
