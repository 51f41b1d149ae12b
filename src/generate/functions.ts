// How one C++ function, method or constructor is bound: a member pointer when tsbind takes it as it is,
// a small lambda when a parameter needs adapting (out-parameters, arrays, owned strings), or a skip reason.
import type { FunctionConfig } from './config.js';
import type { FunctionInfo, Param } from './model.js';
import { classify, type TypeContext, type TypeKind } from './types.js';

/** A function bound: the callable expression and the extras after it. */
export interface Binding {
  /** `&geo::add`, `static_cast<...>(&geo::add)` or a lambda. */
  readonly callable: string;
  /** `tsbind::arg("a")`, `tsbind::arg("b") = 2`, policies, keep_alive. */
  readonly extras: readonly string[];
  /** Whether the lambda uses <tsbind/stl.h> types (tuples for out-parameters, vectors for arrays). */
  readonly stl: boolean;
  /** Notes for a comment (a default argument that could not be written). */
  readonly notes: readonly string[];
  /** Whether the lambda uses string streams (<sstream>). */
  readonly sstream?: boolean;
}

/** Why a function cannot be bound. */
export interface Refusal {
  readonly reason: string;
}

/** What binding a function needs to know about where it goes. */
export interface FunctionSite {
  /** The class whose method this is (qualified), for member pointers and `self`. */
  readonly owner?: string;
  /** More than one C++ declaration has this name: take the address through a cast. */
  readonly overloaded: boolean;
  readonly config: FunctionConfig;
}

/** `R (*)(A, B)`, or `R (C::*)(A, B) const` for a method. */
export function pointerType(fn: FunctionInfo, owner: string | undefined): string {
  const params = fn.params.map((p) => p.type.spelling).join(', ');
  const star = owner && !fn.isStatic ? `${owner}::*` : '*';
  return `${fn.returns.spelling} (${star})(${params})${owner && fn.isConst && !fn.isStatic ? ' const' : ''}`;
}

/** `&f`, or the cast that picks this overload. */
export function addressOf(fn: FunctionInfo, site: FunctionSite): string {
  return site.overloaded ? `static_cast<${pointerType(fn, site.owner)}>(&${fn.qname})` : `&${fn.qname}`;
}

/** `tsbind::arg("name")`, with its default when it has one that can be written. */
export function argExtra(p: Param, jsName: string, notes: string[]): string {
  if (p.defaultValue === undefined) return `tsbind::arg("${jsName}")`;
  if (p.defaultValue === null) {
    notes.push(`the default of '${p.name}' has no C++ spelling outside its scope; JS must pass it`);
    return `tsbind::arg("${jsName}")`;
  }
  // A bare nullptr has no JS conversion of its own: it is the parameter's null pointer.
  const value = p.defaultValue === 'nullptr' ? `static_cast<${p.type.spelling}>(nullptr)` : p.defaultValue;
  return `tsbind::arg("${jsName}") = ${value}`;
}

/**
 * Extras from the config: a return value policy and keep_alive pairs; with
 * `fn`, the pairs that name values its call has (a glob or a name matching
 * several overloads, a default constructor beside `T(a, b)`).
 */
export function configExtras(config: FunctionConfig, fn?: FunctionInfo): string[] {
  const out: string[] = [];
  if (config.policy) out.push(`tsbind::return_value_policy::${config.policy}`);
  const values = fn ? fn.params.length + (fn.kind === 'function' || fn.isStatic ? 0 : 1) : Infinity;
  for (const [nurse, patient] of config.keepAlive ?? []) if (Math.max(nurse, patient) <= values) out.push(`tsbind::keep_alive<${nurse}, ${patient}>()`);
  return out;
}

function paramName(p: Param): string {
  return p.name;
}

/** The lambda parameter type for an adapted parameter. */
function lambdaParamType(p: Param, kind: TypeKind, config: FunctionConfig): string {
  if (kind.kind === 'array') return kind.element === 'const char *' ? 'const std::vector<std::string> &' : `const std::vector<${kind.element}> &`;
  void config;
  return p.type.spelling;
}

/** Whether a result of this kind converts as it is. */
function resultRefusal(fn: FunctionInfo, kind: TypeKind, config: FunctionConfig): string | null {
  switch (kind.kind) {
    case 'value':
      return null;
    case 'record':
      if ((kind.form === 'ptr' || kind.form === 'const-ptr') && !config.policy) {
        return `returns a raw pointer ${fn.returns.spelling} whose owner is unknown (set "policy" for it in the config: reference, take_ownership, …)`;
      }
      if (kind.form === 'rvalue') return `returns an rvalue reference ${fn.returns.spelling}`;
      return null;
    case 'char-ptr':
      return config.returns ? null : `returns char * whose owner is unknown (set "returns": "owned" with "free", or "borrowed")`;
    case 'out':
      return `returns a raw pointer ${fn.returns.spelling} (a reference to a number does not cross to JS)`;
    case 'array':
      return `returns a raw pointer ${fn.returns.spelling} (an array of unknown length)`;
    case 'handle':
      return null;
    case 'stream':
      return `returns a C++ stream ${fn.returns.spelling} (streams do not cross to JS)`;
    case 'unbindable':
      return `returns ${kind.reason}`;
  }
}

/**
 * Binds `fn`. `self` is the expression for the object in a lambda of a
 * method (`self`), absent for free functions and statics. Returns the
 * binding, or a refusal with the reason.
 */
export function bindFunction(fn: FunctionInfo, site: FunctionSite, ctx: TypeContext, jsParamName: (p: Param) => string): Binding | Refusal {
  if (fn.variadic) return { reason: 'a variadic function (JS cannot call C varargs safely)' };
  if (fn.refQualified) return { reason: 'a ref-qualified method' };
  const config = site.config;
  const notes: string[] = [];
  const kinds = fn.params.map((p) => classify(p.type, ctx));
  // `f(const T *begin, const T *end)`: two pointers into one array, which JS cannot give as two objects.
  const range = pointerRange(fn);
  if (range > 0) {
    const element = classify({ spelling: rangeElement(fn.params[range]!), canonical: rangeElement(fn.params[range]!) }, ctx);
    if (!(element.kind === 'value' || (element.kind === 'record' && element.form === 'value'))) {
      return { reason: `parameters '${fn.params[range - 1]!.name}' and '${fn.params[range]!.name}': a pointer range into one array (${fn.params[range]!.type.spelling}) of elements that do not convert` };
    }
  }
  const out = new Set(config.out ?? []);
  const arrays = config.arrays ?? {};
  // The capacity of a char * buffer in "out" is the JS caller's to give; other lengths come from the arrays.
  const lengthParams = new Set(Object.entries(arrays).filter(([ptr]) => !out.has(ptr)).map(([, len]) => len));
  let adapt = range > 0;
  for (const [i, p] of fn.params.entries()) {
    const k = kinds[i]!;
    if (range > 0 && (i === range || i === range - 1)) continue;
    if (out.has(p.name)) {
      if (k.kind === 'char-ptr' && fn.params.some((q) => q.name === arrays[p.name])) {
        adapt = true;
        continue;
      }
      if (k.kind !== 'out') return { reason: `"out" names '${p.name}', which is not a pointer or reference to a number, bool or enum, or a char * buffer with its capacity in "arrays"` };
      adapt = true;
      continue;
    }
    if (p.name in arrays) {
      if (k.kind !== 'array' && !isBytes(p)) return { reason: `"arrays" names '${p.name}', which is not a pointer to numbers, strings or const void (bytes)` };
      if (!fn.params.some((q) => q.name === arrays[p.name])) return { reason: `"arrays" gives '${arrays[p.name]}' as the length of '${p.name}', but there is no such parameter` };
      adapt = true;
      continue;
    }
    if (lengthParams.has(p.name)) continue;
    switch (k.kind) {
      case 'value':
      case 'handle':
        break;
      case 'record':
        if (k.form === 'rvalue') return { reason: `parameter '${p.name}' is an rvalue reference ${p.type.spelling}` };
        break;
      case 'out':
        return { reason: `out-parameter '${p.name}' (${p.type.spelling}): list it in "out" to return it as a result` };
      case 'char-ptr':
        return { reason: `char * parameter '${p.name}': a buffer the function writes (an out-parameter)` };
      case 'stream':
        if (fn.kind === 'constructor') return { reason: `parameter '${p.name}': ${p.type.spelling}: a constructor may keep the C++ stream it is given, and streams do not cross to JS` };
        adapt = true;
        break;
      case 'array':
        return { reason: `raw pointer parameter '${p.name}' (${p.type.spelling}): an array of unknown length (give its length parameter in "arrays")` };
      case 'unbindable':
        return { reason: `parameter '${p.name}': ${k.reason}` };
    }
  }
  const resultKind = classify(fn.returns, ctx);
  // An object that keeps the `const char *` it is made from: tsbind's string argument lives for the call only.
  const made = fn.kind === 'constructor' ? fn.qname.slice(0, fn.qname.lastIndexOf('::')) : resultKind.kind === 'record' && resultKind.form === 'value' ? resultKind.qname : undefined;
  const text = fn.params.find((p) => /^const char\s*\*$/.test(p.type.canonical.trim()));
  if (made && text && ctx.keepsText?.has(made)) {
    return { reason: `parameter '${text.name}': ${made} keeps a const char * (a private member), which would point into a JS string's copy that lives for the call only` };
  }
  const refusal = resultRefusal(fn, resultKind, config);
  if (refusal) return { reason: refusal };
  if (resultKind.kind === 'char-ptr') adapt = true;
  const extras = [...configExtras(config, fn)];
  if (!adapt) {
    const args = fn.params.map((p) => argExtra(p, jsParamName(p), notes));
    return { callable: addressOf(fn, site), extras: [...args, ...extras], stl: false, notes };
  }
  return adaptedBinding(fn, site, kinds, resultKind, jsParamName, notes, extras);
}

/** A lambda around `fn` for out-parameters, arrays and owned strings. */
function adaptedBinding(fn: FunctionInfo, site: FunctionSite, kinds: readonly TypeKind[], resultKind: TypeKind, jsParamName: (p: Param) => string,
  notes: string[], extras: string[]): Binding {
  const config = site.config;
  const out = new Set(config.out ?? []);
  const arrays = config.arrays ?? {};
  const present = new Set(fn.params.map((q) => q.name));
  const lengthOf = new Map(Object.entries(arrays).filter(([ptr]) => present.has(ptr) && !out.has(ptr)).map(([ptr, len]) => [len, ptr]));
  const lambdaParams: string[] = [];
  const argExtras: string[] = [];
  const callArgs: string[] = [];
  const locals: string[] = [];
  const outs: { name: string; type: string }[] = [];
  let sstream = false;
  const after: string[] = [];
  const usedNames = new Set<string>();
  const isMethod = site.owner !== undefined && fn.kind === 'method' && !fn.isStatic;
  if (isMethod) lambdaParams.push(`${fn.isConst ? 'const ' : ''}${site.owner} &self`);
  const range = pointerRange(fn);
  for (const [i, p] of fn.params.entries()) {
    const k = kinds[i]!;
    if (range > 0 && i === range - 1) {
      // A pointer range: one JS array.
      lambdaParams.push(`const std::vector<${rangeElement(p)}> &items`);
      argExtras.push('tsbind::arg("items")');
      callArgs.push('items.data()');
      continue;
    }
    if (range > 0 && i === range) {
      callArgs.push('items.data() + items.size()');
      continue;
    }
    if (out.has(p.name) && k.kind === 'char-ptr') {
      // A buffer of the capacity JS gives, read back up to its terminating zero.
      const capacity = arrays[p.name]!;
      locals.push(`std::string ${paramName(p)}(${capacity}, '\\0');`);
      callArgs.push(`${paramName(p)}.data()`);
      after.push(`${paramName(p)}.resize(std::char_traits<char>::length(${paramName(p)}.data()));`);
      outs.push({ name: paramName(p), type: 'std::string' });
      continue;
    }
    if (out.has(p.name) && k.kind === 'out') {
      locals.push(`${k.pointee} ${paramName(p)}{};`);
      callArgs.push(p.type.spelling.trim().endsWith('&') ? paramName(p) : `&${paramName(p)}`);
      outs.push({ name: paramName(p), type: k.pointee });
      continue;
    }
    const ptr = lengthOf.get(p.name);
    if (ptr !== undefined) {
      callArgs.push(`static_cast<${p.type.spelling}>(${ptr}.size())`);
      continue;
    }
    if (k.kind === 'stream') {
      // A wide stream (of wchar_t) is written or read through the wide string streams: JS strings either way.
      const w = k.wide ? 'w' : '';
      if (k.direction === 'out') {
        locals.push(`std::${w}ostringstream ${paramName(p)};`);
        callArgs.push(paramName(p));
        outs.push({ name: `${paramName(p)}.str()`, type: `std::${w}string` });
      } else {
        const input = ['stream', 'input', 'text_stream'].find((n) => !usedNames.has(n) && !fn.params.some((q) => q.name === n)) ?? `${paramName(p)}_stream`;
        usedNames.add(input);
        lambdaParams.push(`const std::${w}string &${paramName(p)}`);
        argExtras.push(argExtra(p, jsParamName(p), notes));
        locals.push(`std::${w}istringstream ${input}(${paramName(p)});`);
        callArgs.push(input);
      }
      sstream = true;
      continue;
    }
    if (p.name in arrays && isBytes(p)) {
      lambdaParams.push(`tsbind::typed_array<const std::byte> ${paramName(p)}`);
      argExtras.push(argExtra(p, jsParamName(p), notes));
      callArgs.push(`${paramName(p)}.data()`);
      continue;
    }
    if (p.name in arrays && k.kind === 'array') {
      lambdaParams.push(`${lambdaParamType(p, k, config)}${paramName(p)}`);
      argExtras.push(argExtra(p, jsParamName(p), notes));
      if (k.element === 'const char *') {
        locals.push(`std::vector<const char *> ${p.name}_c;`, `for (const auto &s : ${p.name}) ${p.name}_c.push_back(s.c_str());`);
        callArgs.push(`${p.name}_c.data()`);
      } else {
        callArgs.push(`${paramName(p)}.data()`);
      }
      continue;
    }
    lambdaParams.push(`${p.type.spelling}${p.type.spelling.endsWith('*') || p.type.spelling.endsWith('&') ? '' : ' '}${paramName(p)}`);
    argExtras.push(argExtra(p, jsParamName(p), notes));
    callArgs.push(paramName(p));
  }
  const made = fn.kind === 'constructor' ? fn.qname.slice(0, fn.qname.lastIndexOf('::')) : undefined;
  const call = isMethod ? `self.${fn.name}(${callArgs.join(', ')})` : `${made ?? fn.qname}(${callArgs.join(', ')})`;
  const body: string[] = [...locals];
  let returnType = '';
  const hasResult = fn.returns.canonical !== 'void' || made !== undefined;
  if (resultKind.kind === 'char-ptr') {
    if (config.returns === 'owned') {
      body.push(`char *text = ${call};`, 'if (!text) return std::nullopt;', 'std::string result(text);', `${config.free ?? 'std::free'}(text);`, 'return result;');
      returnType = ' -> std::optional<std::string>';
    } else {
      body.push(`return static_cast<const char *>(${call});`);
    }
  } else if (outs.length === 0) {
    body.push(`return ${call};`);
  } else if (!hasResult && outs.length === 1) {
    body.push(`${call};`, ...after, `return ${outs[0]!.name};`);
  } else {
    const values = [...(hasResult ? ['result'] : []), ...outs.map((o) => o.name)];
    if (hasResult) body.push(`auto result = ${call};`);
    else body.push(`${call};`);
    body.push(...after, `return std::make_tuple(${values.join(', ')});`);
  }
  const lambda = body.length === 1
    ? `[${lambdaParams.length ? `](${lambdaParams.join(', ')})` : ']'}${returnType} { ${body[0]} }`
    : `[](${lambdaParams.join(', ')})${returnType} {\n${body.map((l) => `    ${l}`).join('\n')}\n}`;
  return { callable: lambda, extras: [...argExtras, ...extras], stl: true, notes, sstream };
}

/** `f(const T *first, const T *last)`: the index of `last`, a pointer of its first's type named end or last; -1 when none. */
function pointerRange(fn: FunctionInfo): number {
  return fn.params.findIndex((p, i) => i > 0 && /^(end|last)$/.test(p.name) && /\*\s*(const\s*)?$/.test(p.type.canonical) && p.type.canonical === fn.params[i - 1]!.type.canonical);
}

/** The element type of a pointer range's parameter: `const pugi::xpath_node *` → `pugi::xpath_node`. */
function rangeElement(p: Param): string {
  return p.type.canonical.replace(/\s*\*\s*(const\s*)?$/, '').replace(/^const\s+|\s+const$/g, '').trim();
}

/** A `const void *` parameter: bytes, when "arrays" gives its length. */
function isBytes(p: Param): boolean {
  return /^const void\s*\*$/.test(p.type.canonical.trim());
}

/** A refusal, as opposed to a binding. */
export function isRefusal(b: Binding | Refusal): b is Refusal {
  return 'reason' in b;
}
