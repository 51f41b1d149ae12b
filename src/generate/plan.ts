// The binding decisions for a whole header set: each declaration becomes statements of the module body,
// or a comment saying why it was skipped, in header order.
import { functionConfig, matchesGlob, type GenerateConfig } from './config.js';
import { Coverage } from './coverage.js';
import type { CallRecord, ClassDefinition, Statement } from './cpp.js';
import { GenerateError } from './errors.js';
import { addressOf, bindFunction, configExtras, isRefusal, type Binding } from './functions.js';
import { handleStatements, findHandles, type HandleInfo } from './handles.js';
import type { CppType, Declaration, EnumInfo, FunctionInfo, Param, RecordInfo, VariableInfo } from './model.js';
import { Namer } from './names.js';
import { operatorMethod } from './operators.js';
import { classify, type TypeContext } from './types.js';

/** What the module body needs beyond its statements. */
export interface ModulePlan {
  readonly body: Statement[];
  readonly definitions: ClassDefinition[];
  readonly coverage: Coverage;
  /** Whether <tsbind/stl.h> is needed. */
  readonly stl: boolean;
  /** Whether <sstream> is needed (toString from operator<<). */
  readonly sstream: boolean;
  /** Whether <tsbind/async.h> is needed. */
  readonly async: boolean;
}

const MOVE_REASON = 'a move constructor or assignment: C++ handing one object\'s resources to another, which JS, holding references, never does (not counted, as the implicit ones are not)';

const EXCEPTION_BASES = /^std::(exception|runtime_error|logic_error|invalid_argument|out_of_range|domain_error|length_error|range_error|overflow_error|underflow_error|system_error|bad_alloc)$/;

/** How a record is bound. */
type RecordRole = 'class' | 'object' | 'exception' | 'handle' | 'skip';

/** C++ keywords a variable named after a class or submodule must not be. */
const CPP_KEYWORDS = new Set([
  'alignas', 'alignof', 'and', 'asm', 'auto', 'bitand', 'bitor', 'bool', 'break', 'case', 'catch', 'char', 'class', 'compl', 'concept', 'const',
  'consteval', 'constexpr', 'constinit', 'const_cast', 'continue', 'decltype', 'default', 'delete', 'do', 'double', 'dynamic_cast', 'else', 'enum',
  'explicit', 'export', 'extern', 'false', 'float', 'for', 'friend', 'goto', 'if', 'inline', 'int', 'long', 'mutable', 'namespace', 'new',
  'noexcept', 'not', 'nullptr', 'operator', 'or', 'private', 'protected', 'public', 'register', 'reinterpret_cast', 'requires', 'return', 'short',
  'signed', 'sizeof', 'static', 'static_assert', 'static_cast', 'struct', 'switch', 'template', 'this', 'throw', 'true', 'try', 'typedef', 'typeid',
  'typename', 'union', 'unsigned', 'using', 'virtual', 'void', 'volatile', 'while', 'xor',
]);

/** A declaration that has a place among namespaces, and maybe in a class. */
type Scoped = { readonly namespaces: readonly string[]; readonly outer?: string };

/** Everything the planning of one run shares. */
class Planner {
  readonly coverage = new Coverage();
  /** Where statements go: the module body, or the group of a class whose nested types are being bound. */
  body: Statement[] = [];
  readonly definitions: ClassDefinition[] = [];
  readonly namer: Namer;
  stl = false;
  sstream = false;
  async = false;
  readonly roles = new Map<string, { role: RecordRole; reason?: string }>();
  readonly ctx: TypeContext;
  readonly handles: Map<string, HandleInfo>;
  /** Free operators attached to classes: == and <<. */
  readonly equals = new Set<string>();
  readonly printable = new Set<string>();
  readonly consumedOperators = new Set<FunctionInfo>();
  /** How many declarations share each qualified function name (overloads need casts). */
  readonly nameCounts = new Map<string, number>();
  /** The headers' records, by qualified name. */
  readonly records: Map<string, RecordInfo>;
  /** Variables the module body declares (classes with nested types, submodules), and the global names they must not hide. */
  readonly variables = new Set<string>();
  readonly reserved = new Set(['m', 'tsbind', 'std']);
  /** Submodule variables, by JS path (`geometry.units`). */
  readonly submodules = new Map<string, string>();
  /** The variable of each class whose nested types are being bound into it, by qualified name. */
  readonly classScopes = new Map<string, string>();
  /** The module or submodule the last namespace-scope binding went into. */
  lastScope: string | undefined;

  constructor(readonly decls: readonly Declaration[], readonly config: GenerateConfig) {
    this.namer = new Namer(config);
    const functions = decls.filter((d): d is Declaration & FunctionInfo => d.kind === 'function');
    this.handles = findHandles(decls, config);
    const records = decls.filter((d): d is RecordInfo => d.kind === 'record');
    this.records = new Map(records.map((r) => [r.qname, r]));
    for (const r of records) this.roles.set(r.qname, this.roleOf(r));
    const unbound = new Map<string, string>();
    for (const [q, r] of this.roles) if (r.role === 'skip') unbound.set(q, r.reason ?? 'not bound');
    const objects = new Set([...this.roles].filter(([, r]) => r.role === 'object').map(([q]) => q));
    const bound = new Set([...this.roles].filter(([, r]) => r.role === 'class' || r.role === 'object').map(([q]) => q));
    for (const e of this.excluded()) unbound.set(e, 'excluded by the config');
    this.ctx = {
      records: bound,
      objects,
      handles: new Set(this.handles.keys()),
      enums: new Set(decls.filter((d): d is EnumInfo => d.kind === 'enum').map((d) => d.qname)),
      unbound,
      keepsText: this.keepsText(),
    };
    for (const f of functions) this.nameCounts.set(f.qname, (this.nameCounts.get(f.qname) ?? 0) + 1);
    this.attachOperators(functions);
    // A variable of the module body hides global names written unqualified: declarations and unscoped enum values.
    for (const d of decls) {
      if (d.kind === 'unreadable' || d.namespaces.length || ('outer' in d && d.outer)) continue;
      this.reserved.add(d.name);
      if (d.kind === 'enum' && !d.scoped) for (const v of d.values) this.reserved.add(v.name);
    }
    this.checkNamespaces();
  }

  /** Every namespace of the config's "namespaces" map is one the headers have. */
  checkNamespaces(): void {
    const map = this.config.namespaces;
    if (typeof map !== 'object') return;
    const known = new Set<string>();
    for (const d of this.decls) if (d.kind !== 'unreadable') d.namespaces.forEach((_, i) => known.add(d.namespaces.slice(0, i + 1).join('::')));
    for (const key of Object.keys(map)) {
      if (known.has(key)) continue;
      throw new GenerateError(`the config's "namespaces.${key}": the headers have no namespace ${key}`,
        known.size ? `Their namespaces: ${[...known].sort().join(', ')}.` : 'The headers declare no namespaces.');
    }
  }

  /** The JS path of the submodule a declaration in `namespaces` goes into, by the config's "namespaces" (empty: the module itself). */
  submodulePath(namespaces: readonly string[]): string[] {
    const mode = this.config.namespaces;
    if (mode === 'nested') return [...namespaces];
    if (typeof mode !== 'object') return [];
    for (let i = namespaces.length; i > 0; i--) {
      const target = mode[namespaces.slice(0, i).join('::')];
      if (target !== undefined) return target === '' ? [] : target.split('.');
    }
    return [];
  }

  /** The variable of the submodule at `path`, declared (with its parents) where it is first bound into. */
  submodule(path: readonly string[]): string {
    if (path.length === 0) return 'm';
    const key = path.join('.');
    const known = this.submodules.get(key);
    if (known) return known;
    const parent = this.submodule(path.slice(0, -1));
    const name = path.at(-1)!;
    const variable = this.scopeVariable(name, 'module');
    this.submodules.set(key, variable);
    if (this.body.length && this.body.at(-1)!.kind !== 'blank') this.body.push({ kind: 'blank' });
    this.body.push({ kind: 'raw', text: `auto ${variable} = ${parent}.def_submodule("${name}");`, heading: true });
    return variable;
  }

  /** Where a declaration is bound: into its class's variable (a nested type), its namespace's submodule, or `m`. */
  scopeOf(d: Scoped): string {
    const outer = d.outer ? this.classScopes.get(d.outer) : undefined;
    if (outer) return outer;
    const scope = this.submodule(this.submodulePath(d.namespaces));
    // Back in a scope after another's bindings: a blank line between them, as between paragraphs.
    const last = this.body.at(-1);
    if (this.lastScope !== undefined && scope !== this.lastScope && last && last.kind !== 'blank' && !(last.kind === 'raw' && last.heading)) this.body.push({ kind: 'blank' });
    this.lastScope = scope;
    return scope;
  }

  /** A C++ variable for a class or submodule named `jsName` in JS: `order` for Order, `xmlNode` for XMLNode, unique, hiding nothing. */
  scopeVariable(jsName: string, kind: 'class' | 'module'): string {
    let name = jsName.replace(/\W/g, '_').replace(/^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)/, (s) => s.toLowerCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());
    if (/^\d/.test(name)) name = `_${name}`;
    if (CPP_KEYWORDS.has(name) || this.reserved.has(name)) name = `${name}_${kind}`;
    const base = name;
    for (let i = 2; this.variables.has(name); i++) name = `${base}${i}`;
    this.variables.add(name);
    return name;
  }

  /** Whether `d` is a type nested in a class that is bound as a class: bound into it (`Order.Status`), in its class's statement group. */
  inClass(d: Declaration): boolean {
    if ((d.kind !== 'enum' && d.kind !== 'record') || !d.outer) return false;
    if (this.roles.get(d.outer)?.role !== 'class' || !this.wanted(d.outer)) return false;
    const role = d.kind === 'record' ? this.roles.get(d.qname)?.role : undefined;
    return d.kind === 'enum' || role === 'class' || role === 'object' || role === 'skip';
  }

  /** Records with a private `const char *` member, or a member (private too) of such a record's type. */
  keepsText(): Set<string> {
    const out = new Set<string>();
    for (let changed = true; changed;) {
      changed = false;
      for (const r of this.records.values()) {
        if (out.has(r.qname)) continue;
        const keeps = r.storage.some((f) => (!f.isPublic && /^const char\s*\*(\s*const)?$/.test(f.type.trim())) || out.has(f.type.replace(/^const\s+/, '').trim()));
        if (keeps) {
          out.add(r.qname);
          changed = true;
        }
      }
    }
    return out;
  }

  /** Records left out by include/exclude. */
  excluded(): string[] {
    return this.decls.filter((d) => d.kind === 'record' && !this.wanted(d.qname)).map((d) => d.qname);
  }

  wanted(qname: string): boolean {
    if (this.config.include.length && !this.config.include.some((p) => matchesGlob(qname, p))) return false;
    return !this.config.exclude.some((p) => matchesGlob(qname, p));
  }

  roleOf(r: RecordInfo): { role: RecordRole; reason?: string } {
    if (this.handles.has(r.qname)) return { role: 'handle' };
    if (r.tag === 'union') return { role: 'skip', reason: 'a union (which member is live is not known to JS)' };
    if (!r.complete) return { role: 'skip', reason: 'an incomplete type (declared, never defined, and no destroy function makes it a handle)' };
    if (this.config.exceptions[r.qname] || r.bases.some((b) => EXCEPTION_BASES.test(b))) return { role: 'exception' };
    if (!r.publicDestructor) {
      return { role: 'skip', reason: 'its destructor is not public, and tsbind::class_ deletes the objects JS owns (needs a class_ option for objects JS never owns)' };
    }
    const ownMethods = r.methods.filter((m) => !m.isStatic && !m.name.startsWith('operator'));
    if (r.tag === 'struct' && r.aggregate && r.bases.length === 0 && ownMethods.length === 0 && r.fields.length > 0 && r.fields.every((f) => !f.isStatic)) {
      return { role: 'object' };
    }
    return { role: 'class' };
  }

  /** `bool operator==(const T &, const T &)` and `std::ostream &operator<<(std::ostream &, const T &)` at namespace scope. */
  attachOperators(functions: readonly FunctionInfo[]): void {
    for (const f of functions) {
      const second = f.params[1]?.type.canonical.replace(/^const\s+|\s*&$/g, '').trim();
      if (f.name === 'operator==' && f.params.length === 2 && second && this.roles.get(second)?.role === 'class') {
        this.equals.add(second);
        this.consumedOperators.add(f);
      }
      if (f.name === 'operator<<' && f.params.length === 2 && /basic_ostream|ostream/.test(f.params[0]!.type.canonical) && second && this.roles.get(second)?.role === 'class') {
        this.printable.add(second);
        this.consumedOperators.add(f);
      }
    }
  }

  jsParam = (p: Param): string => this.namer.member(p.name, p.name);

  /**
   * The JS name of a class, struct or enum: its "templates" name; a nested type's own name in its class
   * (`xpath_node_set.type_t`), or after its class's when that is not bound as a class (`Error_Kind`); or its own.
   */
  typeName(d: RecordInfo | EnumInfo): string {
    if (this.config.rename[d.qname]) return this.config.rename[d.qname]!;
    if (d.kind === 'record' && d.jsName) return d.jsName;
    const outer = d.outer ? this.records.get(d.outer) : undefined;
    if (outer) return this.inClass(d) ? d.name : `${this.typeName(outer)}_${d.name}`;
    return this.namer.type(d.qname, d.name, d.namespaces);
  }

  skipComment(what: string, reason: string, decl: { location: FunctionInfo['location'] }): string {
    return this.coverage.skip(what, reason, decl.location);
  }

  /** Binds or skips every declaration, in order. */
  run(): void {
    for (const d of this.decls) {
      if (!this.wanted(d.qname) || this.inClass(d)) continue;
      switch (d.kind) {
        case 'function':
          this.freeFunction(d);
          break;
        case 'record':
          this.record(d);
          break;
        case 'enum':
          this.enumeration(d);
          break;
        case 'variable':
          this.variable(d);
          break;
        case 'unreadable':
          this.body.push({ kind: 'comment', lines: [this.skipComment(d.what, d.reason, d)] });
          break;
      }
    }
    for (const name of this.config.extensions) this.body.push({ kind: 'blank' }, { kind: 'raw', text: `${name}(m);  // hand-written, in another source file` });
  }

  freeFunction(f: FunctionInfo): void {
    if (f.isDeleted) return;
    if (this.consumedOperators.has(f)) {
      this.coverage.bind();
      return;
    }
    if (this.handles.size && handleStatements.claims(this, f)) return;
    if (f.name.startsWith('operator')) {
      this.body.push({ kind: 'comment', lines: [this.skipComment(f.signature, `${f.name}: JS has no operator overloading (== becomes equals(), << to an ostream toString())`, f)] });
      return;
    }
    const config = functionConfig(this.config, f.qname);
    const binding = bindFunction(f, { overloaded: (this.nameCounts.get(f.qname) ?? 0) > 1, config }, this.ctx, this.jsParam);
    const siblings = this.decls.filter((d): d is Declaration & FunctionInfo => d.kind === 'function' && d.qname === f.qname && !d.isDeleted);
    const shadow = isRefusal(binding) ? undefined : this.shadowedBy(f, siblings, undefined);
    if (isRefusal(binding) || shadow) {
      this.body.push({ kind: 'comment', lines: [this.skipComment(f.signature, shadow ?? (binding as { reason: string }).reason, f)] });
      return;
    }
    this.coverage.bind();
    this.stl ||= binding.stl || this.usesStl(f);
    this.sstream ||= binding.sstream === true;
    const method = config.async ? 'def_async' : 'def';
    this.async ||= config.async === true;
    const name = config.name ?? f.jsName ?? this.namer.member(f.qname, f.name, f.namespaces);
    const scope = this.scopeOf(f);
    this.body.push({ kind: 'module-call', scope, call: { method, args: [`"${name}"`, binding.callable, ...binding.extras] }, comments: binding.notes });
  }

  usesStl(f: FunctionInfo): boolean {
    return [f.returns, ...f.params.map((p) => p.type)].some((t) => {
      const k = classify(t, this.ctx);
      return k.kind === 'value' && k.stl;
    });
  }

  enumeration(e: EnumInfo): void {
    this.coverage.bind();
    const name = this.typeName(e);
    const scope = this.scopeOf(e);
    this.body.push({ kind: 'chain', head: `tsbind::enum_<${e.qname}>(${scope}, "${name}")`, calls: e.values.map((v) => ({ method: 'value', args: [`"${v.name}"`, v.qname] })) });
  }

  /** Why a constant of type `t` cannot be bound (by value with m.attr, or by address with def_readonly_static), or null when it can. */
  constantRefusal(t: CppType, byValue: boolean): string | null {
    // A string literal's array: m.attr makes it a string.
    if (/^const char\s*\[\d*\]$/.test(t.canonical.trim())) return byValue ? null : `${t.spelling}: an array (def_readonly_static binds a member by address; declare the string as a pointer)`;
    const k = classify(t, this.ctx);
    if (k.kind === 'value' && !k.stl && !/^(const\s+)?(void$|std::(shared_ptr|unique_ptr|function)\b)/.test(t.canonical.trim())) return null;
    return k.kind === 'unbindable' ? k.reason : `${t.spelling}: no tsbind conversion for a constant of this type`;
  }

  /** A namespace-scope or global constant: `m.attr("name", ns::name)`. */
  variable(v: VariableInfo): void {
    if (!v.isConstant) {
      this.body.push({ kind: 'comment', lines: [this.skipComment(`${v.qname} (variable)`, 'a variable that is not const (m.attr binds constants: JS would read a copy taken when the module loads)', v)] });
      return;
    }
    const refusal = this.constantRefusal(v.type, true);
    if (refusal !== null) {
      this.body.push({ kind: 'comment', lines: [this.skipComment(`${v.qname} (constant)`, `a constant whose type does not convert: ${refusal}`, v)] });
      return;
    }
    this.coverage.bind();
    const scope = this.scopeOf(v);
    this.body.push({ kind: 'module-call', scope, call: { method: 'attr', args: [`"${this.namer.constant(v.qname, v.name, v.namespaces)}"`, v.qname] } });
  }

  record(r: RecordInfo): void {
    const role = this.roles.get(r.qname)!;
    switch (role.role) {
      case 'skip': {
        const members = r.constructors.length + r.methods.length + r.fields.length;
        const lines = [this.skipComment(`${r.tag} ${r.qname}`, role.reason ?? '', r)];
        for (const m of [...r.constructors, ...r.methods]) if (!m.isDeleted) this.coverage.skip(m.signature, `its class is not bound (${r.qname})`, m.location);
        for (const f of r.fields) this.coverage.skip(`${r.qname}::${f.name}`, `its class is not bound (${r.qname})`, f.location);
        if (members) lines.push(`(and its ${members} members)`);
        this.body.push({ kind: 'comment', lines });
        return;
      }
      case 'exception':
        this.exception(r);
        return;
      case 'handle':
        handleStatements.record(this, r);
        return;
      case 'object':
        this.object(r);
        return;
      case 'class':
        this.classRecord(r);
        return;
    }
  }

  /**
   * `m.exception<E>("Name")`: what() is the Error's message; public fields
   * and const getters without parameters are the error's own properties
   * (`.field`); JS does not construct C++ exceptions or call their other methods.
   */
  exception(r: RecordInfo): void {
    this.coverage.bind();
    const calls: CallRecord[] = [];
    const converts = (t: CppType) => {
      const k = classify(t, this.ctx);
      return k.kind === 'value' || (k.kind === 'record' && (k.form === 'value' || k.form === 'const-ref'));
    };
    for (const c of r.constructors) {
      if (!c.isDeleted) calls.push({ method: '', args: [], comments: [this.skipComment(c.signature, 'a constructor of an exception type (JS receives the errors C++ throws, and does not make them)', c)] });
    }
    for (const m of r.methods) {
      if (m.isDeleted) continue;
      if (m.name === 'what' && m.params.length === 0) {
        this.coverage.bind();
        continue;
      }
      if (m.params.length === 0 && m.isConst && !m.isStatic && !m.name.startsWith('operator') && m.returns.canonical !== 'void' && converts(m.returns)) {
        this.coverage.bind();
        this.stl ||= this.usesStl(m);
        calls.push({ method: 'field', args: [`"${this.namer.member(m.qname, m.name)}"`, `[](const ${r.qname} &e) { return e.${m.name}(); }`] });
        continue;
      }
      calls.push({ method: '', args: [], comments: [this.skipComment(m.signature, 'a method of an exception type that is not a getter (JS sees the Error, its message and its fields)', m)] });
    }
    for (const f of r.fields) {
      if (!f.isStatic && converts(f.type)) {
        this.coverage.bind();
        calls.push({ method: 'field', args: [`"${this.namer.member(f.qname, f.name)}"`, `&${f.qname}`] });
      } else {
        calls.push({ method: '', args: [], comments: [this.skipComment(`${r.qname}::${f.name}`, `a field of an exception type that does not convert (${f.type.spelling})`, f)] });
      }
    }
    const name = this.config.exceptions[r.qname] ?? this.typeName(r);
    const comments = r.methods.some((m) => m.name === 'what') ? ['what() is the message of the JS error'] : [];
    const scope = this.scopeOf(r);
    if (calls.length === 0) this.body.push({ kind: 'module-call', scope, call: { method: `exception<${r.qname}>`, args: [`"${name}"`] }, comments });
    else this.body.push({ kind: 'chain', head: `${scope}.exception<${r.qname}>("${name}")`, calls: attachComments(calls), comments });
  }

  object(r: RecordInfo): void {
    this.coverage.bind();
    const calls: CallRecord[] = [];
    for (const f of r.fields) {
      const k = classify(f.type, this.ctx);
      if (k.kind === 'value' || (k.kind === 'record' && k.form === 'value')) {
        this.coverage.bind();
        if (k.kind === 'value' && k.stl) this.stl = true;
        calls.push({ method: 'field', args: [`"${this.namer.member(f.qname, f.name)}"`, `&${f.qname}`] });
      } else {
        calls.push({ method: '', args: [], comments: [this.coverage.skip(`${r.qname}::${f.name}`, k.kind === 'unbindable' ? k.reason : `${f.type.spelling} does not convert as a field`, f.location)] });
      }
    }
    const scope = this.scopeOf(r);
    this.body.push({ kind: 'chain', head: `tsbind::object_<${r.qname}>(${scope}, "${this.typeName(r)}")`, calls: attachComments(calls) });
  }

  classRecord(r: RecordInfo): void {
    this.coverage.bind();
    const base = r.bases.find((b) => this.roles.get(b)?.role === 'class');
    const made = this.config.trampolines.includes(r.qname) && r.polymorphic ? this.trampoline(r) : undefined;
    const trampoline = made && 'name' in made ? made.name : undefined;
    const options = [r.qname, ...(base ? [base] : []), ...(trampoline ? [trampoline] : [])];
    const calls: CallRecord[] = [];
    const comments: string[] = [];
    if (made && 'reason' in made) comments.push(`no trampoline: ${made.reason}`);
    for (const b of r.bases.filter((x) => x !== base)) comments.push(this.coverage.skip(`${r.qname} : ${b}`, 'a second or unbound base class (a JS class has one prototype chain)', r.location));
    // Constructors.
    const factories: CallRecord[] = [];
    if (!r.abstract || trampoline) {
      if (r.constructors.length === 0 && r.implicitDefaultConstructor) calls.push({ method: 'def', args: ['tsbind::init<>()'] });
      for (const c of r.constructors) {
        if (c.isDeleted) continue;
        if (c.params.length === 1 && /&&$/.test(c.params[0]!.type.spelling)) {
          calls.push({ method: '', args: [], comments: [this.coverage.exclude(c.signature, MOVE_REASON, c.location)] });
          continue;
        }
        const binding = bindFunction(c, { overloaded: false, config: functionConfig(this.config, c.qname) }, this.ctx, this.jsParam);
        if (isRefusal(binding)) {
          calls.push({ method: '', args: [], comments: [this.skipComment(c.signature, binding.reason, c)] });
          continue;
        }
        if (binding.callable.startsWith('[')) {
          // tsbind::init takes the C++ parameter types as they are: a constructor whose parameters JS gives otherwise
          // is a tsbind::factory, after the others (an array parameter takes any iterable, an object of the class too,
          // and overloads are tried in order); a static create() for a class with a trampoline, since an object from
          // a factory is never a trampoline, which a JS subclass needs.
          this.coverage.bind();
          this.stl ||= binding.stl;
          this.sstream ||= binding.sstream === true;
          if (trampoline) calls.push({ method: 'def_static', args: ['"create"', binding.callable, ...binding.extras] });
          else factories.push({ method: 'def', args: [`tsbind::factory(${binding.callable})`, ...binding.extras] });
          continue;
        }
        this.coverage.bind();
        this.stl ||= this.usesStl(c);
        calls.push({ method: 'def', args: [`tsbind::init<${c.params.map((p) => p.type.spelling).join(', ')}>()`, ...binding.extras] });
      }
    } else {
      for (const c of r.constructors) if (!c.isDeleted) calls.push({ method: '', args: [], comments: [this.skipComment(c.signature, 'a constructor of an abstract class (bind a trampoline with "trampolines" to construct subclasses in JS)', c)] });
    }
    calls.push(...factories);
    const counts = new Map<string, number>();
    for (const m of r.methods) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    const paired = this.config.properties ? this.properties(r, counts) : new Map<FunctionInfo, CallRecord | null>();
    const iteration = this.iteration(r);
    for (const m of r.methods) {
      if (m.isDeleted) continue;
      if (iteration.has(m)) {
        this.coverage.bind();
        continue;
      }
      if (paired.has(m)) {
        const call = paired.get(m);
        this.coverage.bind();
        if (call) calls.push(call);
        continue;
      }
      calls.push(...this.method(r, m, counts));
    }
    if (iteration.size) calls.push({ method: 'def_iterator', args: [], comments: ['begin() and end(): [Symbol.iterator], so for...of iterates it'] });
    if (this.equals.has(r.qname) && !r.methods.some((m) => m.name === 'operator==')) calls.push({ method: 'def_equals', args: [] });
    if (this.printable.has(r.qname)) {
      this.sstream = true;
      calls.push({ method: 'def', args: ['"toString"', `[](const ${r.qname} &self) {\n    std::ostringstream out;\n    out << self;\n    return out.str();\n}`] });
    }
    for (const f of r.fields) {
      const k = classify(f.type, this.ctx);
      if (f.isStatic) {
        const refusal = !f.isConstant
          ? 'a static data member that is not const (the generator binds static constants; def_readwrite_static by hand)'
          : !f.hasAddress
            ? 'a static data member initialized in the class but neither constexpr nor inline: it may have no definition to take the address of'
            : this.constantRefusal(f.type, false);
        if (refusal !== null) {
          calls.push({ method: '', args: [], comments: [this.skipComment(`${r.qname}::${f.name}`, f.isConstant && f.hasAddress ? `a static data member whose type does not convert: ${refusal}` : refusal, f)] });
        } else {
          this.coverage.bind();
          calls.push({ method: 'def_readonly_static', args: [`"${this.namer.constant(f.qname, f.name)}"`, `&${f.qname}`] });
        }
      } else if (k.kind === 'value' || (k.kind === 'record' && k.form === 'value')) {
        this.coverage.bind();
        calls.push({ method: f.isConst ? 'def_readonly' : 'def_readwrite', args: [`"${this.namer.member(f.qname, f.name)}"`, `&${f.qname}`] });
      } else {
        calls.push({ method: '', args: [], comments: [this.skipComment(`${r.qname}::${f.name}`, k.kind === 'unbindable' ? k.reason : `field of type ${f.type.spelling}`, f)] });
      }
    }
    for (const u of r.unreadable) calls.push({ method: '', args: [], comments: [this.skipComment(u.what, u.reason, u)] });
    this.classStatements(r, `tsbind::class_<${options.join(', ')}>`, attachComments(calls), comments);
  }

  /**
   * A class's statement: one chain; or, when types nested in it are bound into it, a group as a person
   * writes it: the class's variable first (`tsbind::class_<Order> order(m, "Order");`), then the nested
   * enums (its methods' defaults may name their values) and classes (`Order.Status`, `Order.Line`), then
   * its members (`order.def(...)`).
   */
  classStatements(r: RecordInfo, head: string, calls: readonly CallRecord[], comments: readonly string[]): void {
    const scope = this.scopeOf(r);
    const name = this.typeName(r);
    const nested = this.decls.filter((d): d is RecordInfo | EnumInfo => (d.kind === 'enum' || d.kind === 'record') && d.outer === r.qname && this.wanted(d.qname) && this.inClass(d));
    const bindsNested = nested.some((d) => d.kind === 'enum' || this.roles.get(d.qname)?.role !== 'skip');
    if (!bindsNested) {
      this.body.push({ kind: 'chain', head: `${head}(${scope}, "${name}")`, calls, comments });
      for (const d of nested) this.nested(d);
      return;
    }
    const variable = this.scopeVariable(name, 'class');
    const outside = this.body;
    const group: Statement[] = [{ kind: 'chain', head: `${head} ${variable}(${scope}, "${name}")`, calls: [], comments }];
    this.body = group;
    this.classScopes.set(r.qname, variable);
    for (const d of nested) this.nested(d);
    this.body = outside;
    if (calls.some((c) => c.method !== '')) group.push({ kind: 'chain', head: variable, calls, inline: true });
    else if (calls.length) group.push({ kind: 'comment', lines: calls.flatMap((c) => c.comments ?? []) });
    this.body.push({ kind: 'group', statements: group });
  }

  /** A type nested in a class, bound into the class's scope. */
  nested(d: RecordInfo | EnumInfo): void {
    if (d.kind === 'enum') this.enumeration(d);
    else this.record(d);
  }

  method(r: RecordInfo, m: FunctionInfo, counts: ReadonlyMap<string, number>): CallRecord[] {
    if (m.name === 'operator==' && m.params.length === 1) {
      this.coverage.bind();
      return [{ method: 'def_equals', args: [] }];
    }
    if (m.name === 'operator=') return this.assignment(r, m);
    if (/^operator [\w:]/.test(m.name) && m.name !== 'operator bool' && m.params.length === 0 && m.returns.canonical.includes('*')) {
      // The safe-bool idiom of C++03 libraries (`operator unspecified_bool_type`): a pointer that tests as the object's truth.
      this.coverage.bind();
      return [{ method: 'def', args: ['"toBoolean"', `[](const ${r.qname} &self) { return static_cast<bool>(self); }`], comments: [`${m.name}: the safe-bool idiom, operator bool of C++03`] }];
    }
    if (/^operator(\+\+|--)$/.test(m.name) && m.params.length === 1 && !m.isStatic) return this.postfix(r, m);
    const opName = m.name.startsWith('operator') ? operatorMethod(m.name, m.params.length) : undefined;
    if (m.name.startsWith('operator') && opName === undefined) {
      const reason = m.name === 'operator->'
          ? 'operator->: the object value() (operator*) returns, through a pointer'
          : /^operator [\w:]/.test(m.name) ? `a conversion operator (${m.name})` : `${m.name}: JS has no operator overloading, and this one has no method name (== becomes equals(), < lessThan(), [] at(), …)`;
      return [{ method: '', args: [], comments: [this.skipComment(m.signature, reason, m)] }];
    }
    const config = functionConfig(this.config, m.qname);
    const binding = bindFunction(m, { owner: r.qname, overloaded: (counts.get(m.name) ?? 0) > 1, config }, this.ctx, this.jsParam);
    if (isRefusal(binding)) return [{ method: '', args: [], comments: [this.skipComment(m.signature, binding.reason, m)] }];
    const shadow = this.shadowedBy(m, r.methods.filter((o) => o.name === m.name && o.isStatic === m.isStatic && !o.isDeleted), r.qname);
    if (shadow) return [{ method: '', args: [], comments: [this.skipComment(m.signature, shadow, m)] }];
    this.coverage.bind();
    this.stl ||= binding.stl || this.usesStl(m);
    this.sstream ||= binding.sstream === true;
    this.async ||= config.async === true;
    const method = m.isStatic ? 'def_static' : config.async ? 'def_async' : 'def';
    // A virtual a trampoline overrides has the same JS name: the trampoline looks the override up by it (TSBIND_OVERRIDE_NAME).
    const name = this.methodName(r, m, config);
    return [{ method, args: [`"${name}"`, binding.callable, ...binding.extras], comments: binding.notes }];
  }

  /**
   * Postfix `it++` / `it--` (`operator++(int)`): `postIncrement()` / `postDecrement()`, which step the
   * object as the prefix forms (`increment()`, `decrement()`) do and return what the operator returns,
   * its value from before the step (a copy). The `int` is C++'s marker of the postfix form, no argument.
   */
  postfix(r: RecordInfo, m: FunctionInfo): CallRecord[] {
    const config = functionConfig(this.config, m.qname);
    const binding = bindFunction(m, { owner: r.qname, overloaded: true, config }, this.ctx, this.jsParam);
    if (isRefusal(binding)) return [{ method: '', args: [], comments: [this.skipComment(m.signature, binding.reason, m)] }];
    this.coverage.bind();
    this.stl ||= this.usesStl(m);
    const name = config.name ?? (m.name === 'operator++' ? 'postIncrement' : 'postDecrement');
    const step = m.name.slice(8);
    return [{ method: 'def', args: [`"${name}"`, `[](${m.isConst ? 'const ' : ''}${r.qname} &self) { return self${step}; }`, ...configExtras(config, { ...m, params: [] })],
      comments: [`${m.name}(int), postfix ${step}: the value from before the step`] }];
  }

  /**
   * Why overload `f` is unreachable from JS, or undefined: an earlier overload that binds takes every
   * argument list it takes (tsbind tries overloads in order). JS strings are neither narrow nor wide, so
   * `load_file(const wchar_t *)` after `load_file(const char *)` is one; a `const char *` (a string or
   * null) takes all a `std::string` does.
   */
  shadowedBy(f: FunctionInfo, siblings: readonly FunctionInfo[], owner: string | undefined): string | undefined {
    const keys = f.params.map((p) => jsArgument(p.type));
    const required = f.params.filter((p) => p.defaultValue === undefined).length;
    for (const earlier of siblings) {
      if (earlier === f) return undefined;
      // Every call of f is one of earlier: as many arguments or fewer (its further parameters have defaults), each one it takes.
      if (earlier.params.length < f.params.length || earlier.params.filter((p) => p.defaultValue === undefined).length > required) continue;
      if (earlier.params.slice(f.params.length).some((p) => p.defaultValue === undefined)) continue;
      const covers = f.params.every((_, i) => {
        const a = jsArgument(earlier.params[i]!.type);
        return a === keys[i] || (a === 'string or null' && keys[i] === 'string');
      });
      if (!covers) continue;
      const config = functionConfig(this.config, earlier.qname);
      if (isRefusal(bindFunction(earlier, { owner, overloaded: true, config }, this.ctx, this.jsParam))) continue;
      return `JS cannot tell it from ${earlier.signature}, bound before it, which takes every argument list it does (JS has one kind of string: narrow, wide, a pointer or a std::string alike)`;
    }
    return undefined;
  }

  /**
   * `operator=` as `assign(rhs)`, through a cast (the implicit copy and move
   * assignments make `&T::operator=` ambiguous), returning the object itself;
   * a move assignment is not counted (JS has no rvalues).
   */
  assignment(r: RecordInfo, m: FunctionInfo): CallRecord[] {
    if (m.params.length === 1 && /&&$/.test(m.params[0]!.type.spelling)) {
      return [{ method: '', args: [], comments: [this.coverage.exclude(m.signature, MOVE_REASON, m.location)] }];
    }
    const binding = bindFunction(m, { owner: r.qname, overloaded: true, config: {} }, this.ctx, this.jsParam);
    if (isRefusal(binding)) return [{ method: '', args: [], comments: [this.skipComment(m.signature, binding.reason, m)] }];
    this.coverage.bind();
    this.stl ||= this.usesStl(m);
    const self = classify(m.returns, this.ctx);
    const policy = self.kind === 'record' && self.qname === r.qname && self.form === 'ref' ? ['tsbind::return_value_policy::reference_internal'] : [];
    return [{ method: 'def', args: ['"assign"', binding.callable, ...binding.extras, ...policy] }];
  }

  /**
   * The begin() and end() methods of `r` that make it iterable in JS
   * (`def_iterator`): both without parameters and of one type, an iterator
   * class of the headers (unary `*`, prefix `++`, `==`) or a pointer, whose
   * elements convert. Empty when `r` is not a range.
   */
  iteration(r: RecordInfo): Set<FunctionInfo> {
    const pick = (name: string) => r.methods.filter((m) => m.name === name && m.params.length === 0 && !m.isStatic && !m.isDeleted);
    const begins = pick('begin');
    const ends = pick('end');
    const begin = begins.find((b) => ends.some((e) => e.returns.canonical === b.returns.canonical));
    if (!begin) return new Set();
    const element = this.elementOf(begin.returns);
    if (!element) return new Set();
    const k = classify(element, this.ctx);
    if (!(k.kind === 'value' || (k.kind === 'record' && (k.form === 'value' || k.form === 'ref' || k.form === 'const-ref')))) return new Set();
    return new Set([...begins, ...ends]);
  }

  /** What dereferencing an iterator of type `t` gives: a pointer's pointee, an iterator class's `operator*` result; undefined when unknown. */
  elementOf(t: CppType): CppType | undefined {
    const text = t.canonical.trim();
    const pointer = /^(.*[^*\s])\s*\*$/.exec(text);
    if (pointer && !text.includes('(')) return { spelling: `${pointer[1]!} &`, canonical: `${pointer[1]!} &` };
    const it = this.records.get(text.replace(/^(struct|class)\s+/, ''));
    if (!it) return undefined;
    const deref = it.methods.find((m) => m.name === 'operator*' && m.params.length === 0);
    const step = it.methods.some((m) => m.name === 'operator++' && m.params.length === 0);
    const equal = this.equals.has(it.qname) || it.methods.some((m) => m.name === 'operator==' && m.params.length === 1);
    return deref && step && equal ? deref.returns : undefined;
  }

  /** Getter/setter pairs (`x()`/`set_x(v)`, `getX()`/`setX(v)`) as def_property; the setter's entry maps to null. */
  properties(r: RecordInfo, counts: ReadonlyMap<string, number>): Map<FunctionInfo, CallRecord | null> {
    const out = new Map<FunctionInfo, CallRecord | null>();
    const single = (m: FunctionInfo) => counts.get(m.name) === 1 && !m.isStatic;
    for (const setter of r.methods) {
      const match = /^set_?([A-Za-z]\w*)$/.exec(setter.name);
      if (!match || setter.params.length !== 1 || !single(setter)) continue;
      const stem = match[1]!;
      const lower = stem.charAt(0).toLowerCase() + stem.slice(1);
      const getter = r.methods.find((g) => single(g) && g.params.length === 0 && g.returns.canonical !== 'void' &&
        [stem, lower, `get_${stem}`, `get${stem.charAt(0).toUpperCase()}${stem.slice(1)}`, `get_${lower}`].includes(g.name));
      if (!getter) continue;
      const ok = [bindFunction(getter, { owner: r.qname, overloaded: false, config: {} }, this.ctx, this.jsParam), bindFunction(setter, { owner: r.qname, overloaded: false, config: {} }, this.ctx, this.jsParam)];
      if (ok.some((b) => isRefusal(b) || b.callable.startsWith('['))) continue;
      out.set(getter, { method: 'def_property', args: [`"${this.namer.member(`${r.qname}::${lower}`, lower)}"`, `&${getter.qname}`, `&${setter.qname}`] });
      out.set(setter, null);
    }
    return out;
  }

  /** The JS name of method `m` of `r`: the config's, a template's, an operator's method name, or its own in camelCase. */
  methodName(r: RecordInfo, m: FunctionInfo, config = functionConfig(this.config, m.qname)): string {
    const opName = m.name.startsWith('operator') ? operatorMethod(m.name, m.params.length) : undefined;
    // `*` is value() unless the class has a value() of its own (xml_attribute::value): then dereference().
    const own = opName && r.methods.some((o) => !o.name.startsWith('operator') && this.namer.member(o.qname, o.name) === opName);
    return config.name ?? m.jsName ?? (own && opName === 'value' ? 'dereference' : opName) ?? this.namer.member(m.qname, m.name);
  }

  /**
   * A trampoline class for `r`'s virtual methods, or why there is none (a pure virtual JS cannot override:
   * the trampoline would be abstract too). Each override looks the JS one up by the method's JS name
   * (TSBIND_OVERRIDE_NAME when it is not the C++ name).
   */
  trampoline(r: RecordInfo): { name: string } | { reason: string } {
    const name = `Js${r.name.charAt(0).toUpperCase()}${r.name.slice(1)}`;
    const members = ['using trampoline::trampoline;'];
    for (const m of r.methods) {
      if (!m.isVirtual || m.isDeleted) continue;
      const member = this.overrideMember(r, m);
      if ('reason' in member) {
        if (m.isPure) return { reason: `its pure virtual ${m.signature} cannot be overridden from JS: ${member.reason}` };
        members.push(`// not overridable from JS: ${m.signature}: ${member.reason}`);
        continue;
      }
      members.push(member.text);
    }
    this.definitions.push({ comment: [`Lets TypeScript classes that extend ${r.name} override its virtual methods.`], head: `struct ${name} : tsbind::trampoline<${r.qname}>`, members });
    return { name };
  }

  /**
   * The trampoline's override of virtual `m`: TSBIND_OVERRIDE with its arguments as JS receives them.
   * A `const void *` or a pointer to numbers with its length in "arrays" reaches JS as a typed array
   * (a copy: the C++ memory is the call's only), when the method is pure (TSBIND_OVERRIDE passes the same
   * arguments to the JS override and to the base's method, which takes the pointer).
   */
  overrideMember(r: RecordInfo, m: FunctionInfo): { text: string } | { reason: string } {
    if (/[&*]$/.test(m.returns.canonical.trim())) return { reason: `it returns ${m.returns.spelling}, and a JS override returns a value, not a reference or pointer into C++` };
    const result = classify(m.returns, this.ctx);
    if (result.kind !== 'value' && !(result.kind === 'record' && result.form === 'value')) return { reason: `its result ${m.returns.spelling} does not convert from JS` };
    const config = functionConfig(this.config, m.qname);
    const arrays = config.arrays ?? {};
    const lengths = new Set(Object.entries(arrays).filter(([ptr]) => m.params.some((p) => p.name === ptr)).map(([, len]) => len));
    const locals: string[] = [];
    const args: string[] = [];
    const taken = new Set(m.params.map((p) => p.name));
    for (const p of m.params) {
      if (p.name in arrays) {
        const length = arrays[p.name]!;
        if (!m.params.some((q) => q.name === length)) return { reason: `"arrays" gives '${length}' as the length of '${p.name}', but there is no such parameter` };
        if (!m.isPure) return { reason: `parameter '${p.name}' is an array, which reaches a JS override of a pure virtual only (TSBIND_OVERRIDE gives the base's method the arguments JS gets)` };
        const k = classify(p.type, this.ctx);
        if (/^const void\s*\*$/.test(p.type.canonical.trim())) {
          const bytes = taken.has('bytes') ? `${p.name}_bytes` : 'bytes';
          taken.add(bytes);
          locals.push(`const auto *${bytes} = static_cast<const std::uint8_t *>(${p.name});`);
          args.push(`std::vector<std::uint8_t>(${bytes}, ${bytes} + ${length})`);
        } else if (k.kind === 'array' && k.element !== 'const char *') {
          args.push(`std::vector<${k.element}>(${p.name}, ${p.name} + ${length})`);
        } else {
          return { reason: `"arrays" names '${p.name}', which is not bytes (const void *) or a pointer to numbers` };
        }
        this.stl = true;
        continue;
      }
      if (lengths.has(p.name)) continue;
      const k = classify(p.type, this.ctx);
      if (!(k.kind === 'value' || k.kind === 'handle' || (k.kind === 'record' && k.form !== 'rvalue'))) {
        return { reason: `parameter '${p.name}' (${p.type.spelling}) does not convert to JS${k.kind === 'unbindable' ? `: ${k.reason}` : ''}` };
      }
      args.push(p.name);
    }
    const params = m.params.map((p) => `${p.type.spelling}${p.type.spelling.endsWith('*') || p.type.spelling.endsWith('&') ? '' : ' '}${p.name}`).join(', ');
    const jsName = this.methodName(r, m, config);
    const named = jsName !== m.name;
    const macro = `TSBIND_OVERRIDE${m.isPure ? '_PURE' : ''}${named ? '_NAME' : ''}`;
    const call = `${macro}(${[m.returns.spelling, r.qname, ...(named ? [`"${jsName}"`, m.name] : [m.name]), ...args].join(', ')});`;
    const head = `${m.returns.spelling} ${m.name}(${params})${m.isConst ? ' const' : ''} override`;
    if (locals.length === 0) return { text: `${head} { ${call} }` };
    return { text: `${head} {\n${[...locals, call].map((l) => `    ${l}`).join('\n')}\n}` };
  }
}

/** What JS gives for a parameter of type `t`, as a key: overloads whose keys match are one function to JS. */
function jsArgument(t: CppType): string {
  const c = t.canonical.trim().replace(/\s*&$/, '').replace(/^const\s+(?!\w+\s*\*)/, '').trim();
  if (/^const (char|wchar_t|char16_t) \*$/.test(c)) return 'string or null';
  if (/^std::(__cxx11::|__1::)?((basic_string|basic_string_view)<(char|wchar_t|char16_t)\b|(w|u16)?string(_view)?$)/.test(c)) return 'string';
  // Streams: an ostream is no JS argument (its text is the result), an istream's text is a string.
  if (/^std::(basic_ostream<(char|wchar_t)\b|w?ostream$)/.test(c)) return 'ostream';
  if (/^std::(basic_istream<(char|wchar_t)\b|w?istream$)/.test(c)) return 'string';
  return c.replace(/^const\s+/, '');
}

/** Calls that are only comments (skipped members) are folded into the next call's comments. */
function attachComments(calls: readonly CallRecord[]): CallRecord[] {
  const out: CallRecord[] = [];
  let pending: string[] = [];
  for (const c of calls) {
    if (c.method === '') {
      pending.push(...(c.comments ?? []));
      continue;
    }
    out.push(pending.length ? { ...c, comments: [...pending, ...(c.comments ?? [])] } : c);
    pending = [];
  }
  if (pending.length) {
    if (out.length) {
      // Trailing skipped members: comment before the last call would mislead, so they go before the first.
      out[0] = { ...out[0]!, comments: [...pending, ...(out[0]!.comments ?? [])] };
    } else {
      out.push({ method: '', args: [], comments: pending });
    }
  }
  return out;
}

/** The planner's view handles.ts uses. */
export type PlannerView = Planner;

/** Decides every binding of `decls`. */
export function planModule(decls: readonly Declaration[], config: GenerateConfig): ModulePlan {
  const p = new Planner(decls, config);
  p.run();
  return { body: p.body, definitions: p.definitions, coverage: p.coverage, stl: p.stl, sstream: p.sstream, async: p.async };
}

export { addressOf, configExtras };
export type { Binding };
