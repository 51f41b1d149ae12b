// Which C++ types tsbind converts, read from the type strings clang prints (never C++ source).
import type { CppType } from './model.js';

/** What a parameter or result type is to the generator. */
export type TypeKind =
  /** Converted by tsbind as it is (numbers, strings, STL of those, enums, void). */
  | { readonly kind: 'value'; readonly stl: boolean }
  /** A bound class or object_ struct, by value, reference or pointer. */
  | { readonly kind: 'record'; readonly qname: string; readonly form: 'value' | 'ref' | 'const-ref' | 'ptr' | 'const-ptr' | 'rvalue' }
  /** A pointer to a C handle struct. */
  | { readonly kind: 'handle'; readonly qname: string; readonly isConst: boolean }
  /** A non-const pointer or reference to a number, bool or enum: an out-parameter candidate. */
  | { readonly kind: 'out'; readonly pointee: string }
  /** `char *`: a buffer the function writes, or a string whose owner is unknown. */
  | { readonly kind: 'char-ptr' }
  /** A pointer to numbers or `const char *` strings: an array candidate with a length parameter. */
  | { readonly kind: 'array'; readonly element: string }
  /** `std::ostream &` (a stream the function writes: JS gets the text) or `std::istream &` (one it reads: JS gives the text). */
  | { readonly kind: 'stream'; readonly direction: 'out' | 'in'; readonly wide?: boolean }
  /** Not bindable, with why. */
  | { readonly kind: 'unbindable'; readonly reason: string };

/** What the classifier knows about the headers' own types. */
export interface TypeContext {
  /** Records bound as classes or object_ structs, by qualified name. */
  readonly records: ReadonlySet<string>;
  /** Records bound as plain objects (object_). */
  readonly objects: ReadonlySet<string>;
  /** C handle structs, by name. */
  readonly handles: ReadonlySet<string>;
  /** Enums of the headers. */
  readonly enums: ReadonlySet<string>;
  /** Records of the headers that cannot be bound, with why. */
  readonly unbound: ReadonlyMap<string, string>;
  /** Records that keep a `const char *` they are given (a private one, or in a member): made from a JS string, it would dangle. */
  readonly keepsText?: ReadonlySet<string>;
}

const ARITHMETIC = new Set([
  'bool', '_Bool', 'char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long', 'unsigned long',
  'long long', 'unsigned long long', 'float', 'double', 'short int', 'long int', 'long long int', 'unsigned short int', 'unsigned long int',
  'unsigned long long int', 'unsigned', 'signed', 'signed int', 'size_t', 'std::size_t', 'ptrdiff_t', 'std::ptrdiff_t',
  'int8_t', 'int16_t', 'int32_t', 'int64_t', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t',
  'std::int8_t', 'std::int16_t', 'std::int32_t', 'std::int64_t', 'std::uint8_t', 'std::uint16_t', 'std::uint32_t', 'std::uint64_t',
]);

/** Whether `name` (no qualifiers) is a number or bool type tsbind converts. */
export function isArithmetic(name: string): boolean {
  return ARITHMETIC.has(name);
}

/** Splits `a<b, c<d>>, e` at its top-level commas. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<' || ch === '(' || ch === '[') depth++;
    else if (ch === '>' || ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** The parts of a type string: its base name, template arguments, and what is around it. */
interface Shape {
  base: string;
  args: string[] | null;
  isConst: boolean;
  pointers: number;
  constPointee: boolean;
  reference: '' | '&' | '&&';
}

function shape(text: string): Shape | null {
  let t = text.trim().replace(/\b(struct|class|enum|union)\s+/g, '');
  let reference: Shape['reference'] = '';
  if (t.endsWith('&&')) {
    reference = '&&';
    t = t.slice(0, -2).trim();
  } else if (t.endsWith('&')) {
    reference = '&';
    t = t.slice(0, -1).trim();
  }
  let pointers = 0;
  // `T *const *` and the like: strip pointers and the consts of the pointers themselves.
  for (;;) {
    const m = /^(.*?)\s*\*\s*(const\s*)?$/.exec(t);
    if (!m || m[1] === undefined) break;
    if (/\)\s*$/.test(m[1])) return null;
    t = m[1];
    pointers++;
  }
  let isConst = false;
  if (/^const\s+/.test(t)) {
    isConst = true;
    t = t.replace(/^const\s+/, '');
  }
  if (/\s+const$/.test(t)) {
    isConst = true;
    t = t.replace(/\s+const$/, '');
  }
  if (/^volatile\b|\(|\[/.test(t)) return null;
  const lt = t.indexOf('<');
  if (lt >= 0) {
    if (!t.endsWith('>')) return null;
    return { base: t.slice(0, lt).trim(), args: splitTopLevel(t.slice(lt + 1, -1)), isConst, pointers, constPointee: isConst, reference };
  }
  return { base: t, args: null, isConst, pointers, constPointee: isConst, reference };
}

const STRINGS = new Set(['std::string', 'std::basic_string<char>', 'std::string_view', 'std::basic_string_view<char>', 'std::u16string', 'std::__cxx11::basic_string<char>']);

/** Whether a template argument (a type) converts as a value inside an STL container. */
function convertsInside(arg: string, ctx: TypeContext): boolean {
  const k = classify({ spelling: arg, canonical: arg }, ctx);
  return k.kind === 'value' || (k.kind === 'record' && (k.form === 'value' || k.form === 'ptr' || k.form === 'const-ptr'));
}

const STL_CONTAINERS: Readonly<Record<string, number>> = {
  'std::vector': 1,
  'std::optional': 1,
  'std::set': 1,
  'std::unordered_set': 1,
  'std::map': 2,
  'std::unordered_map': 2,
  'std::pair': 2,
};

/** How a parameter or result of type `t` crosses to JS, or why it cannot. */
export function classify(t: CppType, ctx: TypeContext): TypeKind {
  // std::function before the shape, which refuses the parentheses of its signature.
  const fn = /^(const\s+)?std::(__1::)?function<.*>(\s*&)?$/.exec(t.canonical.trim());
  if (fn && (!fn[3] || fn[1])) return { kind: 'value', stl: true };
  const spelled = shape(t.spelling);
  const s = shape(t.canonical);
  if (!s || !spelled) return { kind: 'unbindable', reason: `function pointer or array type ${t.spelling}` };
  if (s.base === 'void' && s.pointers === 0) return { kind: 'value', stl: false };
  if (s.base === 'void') return { kind: 'unbindable', reason: `raw pointer ${t.spelling} (unknown type and ownership)` };
  if (s.reference === '&&' && !ctx.records.has(s.base)) return { kind: 'unbindable', reason: `rvalue reference ${t.spelling}` };
  // Strings.
  if (s.base === 'char' && s.pointers === 1 && s.reference === '') return s.isConst ? { kind: 'value', stl: false } : { kind: 'char-ptr' };
  if (s.base === 'char' && s.pointers === 2 && s.isConst) return { kind: 'array', element: 'const char *' };
  const stdName = spelled.args === null ? spelled.base : `${spelled.base}<${spelled.args.join(', ')}>`;
  if ((STRINGS.has(stdName) || STRINGS.has(s.args === null ? s.base : `${s.base}<${s.args[0]}>`) || /^std::(__cxx11::)?basic_string(_view)?$/.test(s.base) && s.args?.[0] === 'char') && s.pointers === 0) {
    if (s.reference === '&' && !s.isConst) return { kind: 'unbindable', reason: `non-const reference ${t.spelling} (an out-parameter)` };
    return { kind: 'value', stl: false };
  }
  if (/^std::(__cxx11::)?basic_string$/.test(s.base) && s.args?.[0] === 'char16_t' && s.pointers === 0) return { kind: 'value', stl: false };
  // Wide strings: `const wchar_t *` (or null) and `std::wstring` are JS strings.
  if (s.base === 'wchar_t' && s.pointers === 1 && s.reference === '') {
    return s.isConst ? { kind: 'value', stl: false } : { kind: 'unbindable', reason: `${t.spelling}: a wide buffer the function writes (an out-parameter), or a wide string whose owner is unknown` };
  }
  if ((/^std::(__cxx11::)?basic_string$/.test(s.base) && s.args?.[0] === 'wchar_t' || s.base === 'std::wstring') && s.pointers === 0) {
    if (s.reference === '&' && !s.isConst) return { kind: 'unbindable', reason: `non-const reference ${t.spelling} (an out-parameter)` };
    return { kind: 'value', stl: false };
  }
  // Numbers, bool, enums.
  if (isArithmetic(s.base) || ctx.enums.has(s.base)) {
    if (s.base === 'char' && s.pointers > 0) return { kind: 'unbindable', reason: `${t.spelling}` };
    if (s.pointers === 0 && (s.reference === '' || s.isConst)) return { kind: 'value', stl: false };
    if (s.pointers === 1 && !s.isConst) return { kind: 'out', pointee: spelled.base };
    if (s.reference === '&' && !s.isConst && s.pointers === 0) return { kind: 'out', pointee: spelled.base };
    if (s.pointers === 1 && s.isConst) return { kind: 'array', element: spelled.base };
    return { kind: 'unbindable', reason: `raw pointer ${t.spelling} (unknown length and ownership)` };
  }
  if (/^(wchar_t|char8_t|char16_t|char32_t|long double|__int128|unsigned __int128)$/.test(s.base)) {
    return { kind: 'unbindable', reason: `${t.spelling}: tsbind has no conversion for ${s.base}` };
  }
  // C handles.
  if (ctx.handles.has(s.base)) {
    if (s.pointers === 1) return { kind: 'handle', qname: s.base, isConst: s.isConst };
    return { kind: 'unbindable', reason: `${t.spelling} (a handle is used through one pointer)` };
  }
  // An instantiation of "templates" is a record named with its arguments.
  if (s.args !== null) {
    const whole = `${s.base}<${s.args.join(', ')}>`;
    const instance = [...ctx.records].find((q) => q.includes('<') && q.replace(/\s+/g, '') === whole.replace(/\s+/g, ''));
    if (instance) s.base = instance;
  }
  // The headers' own records.
  if (ctx.records.has(s.base)) {
    if (s.pointers > 1) return { kind: 'unbindable', reason: `pointer to pointer ${t.spelling}` };
    if (ctx.objects.has(s.base) && (s.pointers > 0 || (s.reference === '&' && !s.isConst))) {
      return { kind: 'unbindable', reason: `${t.spelling}: a plain-object struct crosses by value or const reference` };
    }
    const form = s.pointers === 1 ? (s.isConst ? 'const-ptr' : 'ptr') : s.reference === '&&' ? 'rvalue' : s.reference === '&' ? (s.isConst ? 'const-ref' : 'ref') : 'value';
    return { kind: 'record', qname: s.base, form };
  }
  const why = ctx.unbound.get(s.base);
  if (why) return { kind: 'unbindable', reason: `${t.spelling}: ${why}` };
  // Standard containers.
  if (s.args !== null && s.pointers === 0 && (s.reference === '' || s.isConst)) {
    const base = s.base.replace(/^std::__cxx11::/, 'std::').replace(/^std::__1::/, 'std::');
    const args = s.args.filter((a) => !/^std::(allocator|less|hash|equal_to|char_traits)</.test(a));
    if (base in STL_CONTAINERS && args.length >= (STL_CONTAINERS[base] ?? 1) && args.slice(0, STL_CONTAINERS[base]).every((a) => convertsInside(a, ctx))) {
      return { kind: 'value', stl: true };
    }
    if ((base === 'std::tuple' || base === 'std::variant') && args.every((a) => convertsInside(a, ctx))) return { kind: 'value', stl: true };
    if (base === 'std::array' && args[0] !== undefined && convertsInside(args[0], ctx)) return { kind: 'value', stl: true };
    if ((base === 'std::shared_ptr' || base === 'std::unique_ptr') && args[0] !== undefined && ctx.records.has(args[0]) && !ctx.objects.has(args[0])) {
      return { kind: 'value', stl: false };
    }
    if (base === 'std::function') return { kind: 'value', stl: true };
  }
  const narrow = (/^std::(basic_ostream|basic_istream)$/.test(s.base) && s.args?.[0] === 'char') || /^std::(ostream|istream)$/.test(s.base);
  if (narrow && s.reference === '&' && !s.isConst && s.pointers === 0) return { kind: 'stream', direction: /ostream$/.test(s.base) ? 'out' : 'in' };
  const wide = /^std::(wostream|wistream)$/.test(s.base) || (/^std::(basic_ostream|basic_istream)$/.test(s.base) && s.args?.[0] === 'wchar_t');
  if (wide && s.reference === '&' && !s.isConst && s.pointers === 0) return { kind: 'stream', direction: /ostream$/.test(s.base) ? 'out' : 'in', wide: true };
  if (/^std::(basic_ostream|basic_istream)$/.test(s.base) && s.args?.[0] && s.args[0] !== 'char' && s.args[0] !== 'wchar_t') {
    return { kind: 'unbindable', reason: `${t.spelling}: a stream of ${s.args[0]}, and tsbind has no conversion for ${s.args[0]}` };
  }
  if (/^std::(basic_)?[io]?stream\b|^std::basic_[io]stream|^std::basic_ostream|^std::basic_istream/.test(s.base)) {
    return { kind: 'unbindable', reason: `${t.spelling}: C++ streams do not cross to JS` };
  }
  if (s.pointers > 0) return { kind: 'unbindable', reason: `raw pointer ${t.spelling} (unknown type and ownership)` };
  return { kind: 'unbindable', reason: `${t.spelling}: no tsbind conversion for this type` };
}
