// The binding decisions for a whole header set: each declaration becomes statements of the module body,
// or a comment saying why it was skipped, in header order.
import { functionConfig, matchesGlob, type GenerateConfig } from './config.js';
import { Coverage } from './coverage.js';
import type { CallRecord, ClassDefinition, Statement } from './cpp.js';
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

const EXCEPTION_BASES = /^std::(exception|runtime_error|logic_error|invalid_argument|out_of_range|domain_error|length_error|range_error|overflow_error|underflow_error|system_error|bad_alloc)$/;

/** How a record is bound. */
type RecordRole = 'class' | 'object' | 'exception' | 'handle' | 'skip';

/** Everything the planning of one run shares. */
class Planner {
  readonly coverage = new Coverage();
  readonly body: Statement[] = [];
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

  constructor(readonly decls: readonly Declaration[], readonly config: GenerateConfig) {
    this.namer = new Namer(config);
    const functions = decls.filter((d): d is Declaration & FunctionInfo => d.kind === 'function');
    this.handles = findHandles(decls, config);
    const records = decls.filter((d): d is RecordInfo => d.kind === 'record');
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
    };
    for (const f of functions) this.nameCounts.set(f.qname, (this.nameCounts.get(f.qname) ?? 0) + 1);
    this.attachOperators(functions);
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

  skipComment(what: string, reason: string, decl: { location: FunctionInfo['location'] }): string {
    return this.coverage.skip(what, reason, decl.location);
  }

  /** Binds or skips every declaration, in order. */
  run(): void {
    for (const d of this.decls) {
      if (!this.wanted(d.qname)) continue;
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
    if (isRefusal(binding)) {
      this.body.push({ kind: 'comment', lines: [this.skipComment(f.signature, binding.reason, f)] });
      return;
    }
    this.coverage.bind();
    this.stl ||= binding.stl || this.usesStl(f);
    const method = config.async ? 'def_async' : 'def';
    this.async ||= config.async === true;
    const name = config.name ?? this.namer.member(f.qname, f.name, f.namespaces);
    this.body.push({ kind: 'module-call', call: { method, args: [`"${name}"`, binding.callable, ...binding.extras] }, comments: binding.notes });
  }

  usesStl(f: FunctionInfo): boolean {
    return [f.returns, ...f.params.map((p) => p.type)].some((t) => {
      const k = classify(t, this.ctx);
      return k.kind === 'value' && k.stl;
    });
  }

  enumeration(e: EnumInfo): void {
    this.coverage.bind();
    const name = this.namer.type(e.qname, e.name, e.namespaces);
    this.body.push({ kind: 'chain', head: `tsbind::enum_<${e.qname}>(m, "${name}")`, calls: e.values.map((v) => ({ method: 'value', args: [`"${v.name}"`, v.qname] })) });
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
    this.body.push({ kind: 'module-call', call: { method: 'attr', args: [`"${this.namer.constant(v.qname, v.name, v.namespaces)}"`, v.qname] } });
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
        this.coverage.bind();
        this.body.push({ kind: 'module-call', call: { method: `exception<${r.qname}>`, args: [`"${this.config.exceptions[r.qname] ?? this.namer.type(r.qname, r.name, r.namespaces)}"`] } });
        for (const m of [...r.constructors, ...r.methods]) if (!m.isDeleted) this.coverage.skip(m.signature, 'a member of an exception type (JS sees the Error and its message)', m.location);
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
    this.body.push({ kind: 'chain', head: `tsbind::object_<${r.qname}>(m, "${this.namer.type(r.qname, r.name, r.namespaces)}")`, calls: attachComments(calls) });
  }

  classRecord(r: RecordInfo): void {
    this.coverage.bind();
    const base = r.bases.find((b) => this.roles.get(b)?.role === 'class');
    const trampoline = this.config.trampolines.includes(r.qname) && r.polymorphic ? this.trampoline(r) : undefined;
    const options = [r.qname, ...(base ? [base] : []), ...(trampoline ? [trampoline] : [])];
    const calls: CallRecord[] = [];
    const comments: string[] = [];
    for (const b of r.bases.filter((x) => x !== base)) comments.push(this.coverage.skip(`${r.qname} : ${b}`, 'a second or unbound base class (a JS class has one prototype chain)', r.location));
    // Constructors.
    if (!r.abstract || trampoline) {
      if (r.constructors.length === 0 && r.implicitDefaultConstructor) calls.push({ method: 'def', args: ['tsbind::init<>()'] });
      for (const c of r.constructors) {
        if (c.isDeleted) continue;
        const isMove = c.params.length === 1 && /&&$/.test(c.params[0]!.type.spelling);
        const binding = isMove ? { reason: 'a move constructor (JS has no rvalues; objects move through std::unique_ptr)' } : bindFunction(c, { overloaded: false, config: {} }, this.ctx, this.jsParam);
        if (isRefusal(binding) || binding.callable.startsWith('[')) {
          calls.push({ method: '', args: [], comments: [this.skipComment(c.signature, isRefusal(binding) ? binding.reason : 'a constructor with adapted parameters', c)] });
          continue;
        }
        this.coverage.bind();
        this.stl ||= this.usesStl(c);
        calls.push({ method: 'def', args: [`tsbind::init<${c.params.map((p) => p.type.spelling).join(', ')}>()`, ...binding.extras] });
      }
    } else {
      for (const c of r.constructors) if (!c.isDeleted) calls.push({ method: '', args: [], comments: [this.skipComment(c.signature, 'a constructor of an abstract class (bind a trampoline with "trampolines" to construct subclasses in JS)', c)] });
    }
    const counts = new Map<string, number>();
    for (const m of r.methods) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    const paired = this.config.properties ? this.properties(r, counts) : new Map<FunctionInfo, CallRecord | null>();
    for (const m of r.methods) {
      if (m.isDeleted) continue;
      if (paired.has(m)) {
        const call = paired.get(m);
        this.coverage.bind();
        if (call) calls.push(call);
        continue;
      }
      calls.push(...this.method(r, m, counts));
    }
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
    this.body.push({ kind: 'chain', head: `tsbind::class_<${options.join(', ')}>(m, "${this.namer.type(r.qname, r.name, r.namespaces)}")`, calls: attachComments(calls), comments });
  }

  method(r: RecordInfo, m: FunctionInfo, counts: ReadonlyMap<string, number>): CallRecord[] {
    if (m.name === 'operator==' && m.params.length === 1) {
      this.coverage.bind();
      return [{ method: 'def_equals', args: [] }];
    }
    const opName = m.name.startsWith('operator') ? operatorMethod(m.name, m.params.length) : undefined;
    if (m.name.startsWith('operator') && opName === undefined) {
      const reason = m.name === 'operator='
        ? 'an assignment operator (JS assigns references)'
        : /^operator [\w:]/.test(m.name) ? `a conversion operator (${m.name})` : `${m.name}: JS has no operator overloading, and this one has no method name (== becomes equals(), < lessThan(), [] at(), …)`;
      return [{ method: '', args: [], comments: [this.skipComment(m.signature, reason, m)] }];
    }
    const config = functionConfig(this.config, m.qname);
    const binding = bindFunction(m, { owner: r.qname, overloaded: (counts.get(m.name) ?? 0) > 1, config }, this.ctx, this.jsParam);
    if (isRefusal(binding)) return [{ method: '', args: [], comments: [this.skipComment(m.signature, binding.reason, m)] }];
    this.coverage.bind();
    this.stl ||= binding.stl || this.usesStl(m);
    this.async ||= config.async === true;
    const method = m.isStatic ? 'def_static' : config.async ? 'def_async' : 'def';
    const name = config.name ?? opName ?? this.namer.member(m.qname, m.name);
    return [{ method, args: [`"${name}"`, binding.callable, ...binding.extras], comments: binding.notes }];
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

  /** A trampoline class for `r`'s virtual methods; returns its name. */
  trampoline(r: RecordInfo): string {
    const name = `Js${r.name.charAt(0).toUpperCase()}${r.name.slice(1)}`;
    const members = ['using trampoline::trampoline;'];
    for (const m of r.methods) {
      if (!m.isVirtual || m.isDeleted) continue;
      const params = m.params.map((p) => `${p.type.spelling}${p.type.spelling.endsWith('*') || p.type.spelling.endsWith('&') ? '' : ' '}${p.name}`).join(', ');
      const macro = m.isPure ? 'TSBIND_OVERRIDE_PURE' : 'TSBIND_OVERRIDE';
      const args = [m.returns.spelling, r.qname, m.name, ...m.params.map((p) => p.name)].join(', ');
      members.push(`${m.returns.spelling} ${m.name}(${params})${m.isConst ? ' const' : ''} override { ${macro}(${args}); }`);
    }
    this.definitions.push({ comment: [`Lets TypeScript classes that extend ${r.name} override its virtual methods.`], head: `struct ${name} : tsbind::trampoline<${r.qname}>`, members });
    return name;
  }
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
