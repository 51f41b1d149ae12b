// C APIs: a struct used through pointers, with a function that destroys it, becomes a JS class with dispose().
//
// The generated binding wraps each handle type in a small struct, `<T>_ref`: a
// pointer and a shared owner of the tree it lives in. A handle made by a
// create function owns its tree (the destroy function frees it when the last
// handle into it goes, or at dispose()); a handle returned by a function of
// another handle points into that one's tree and keeps it alive, so a JS
// object never outlives the C memory it points to. A parameter listed in
// "transfer" hands its tree over to the call's first handle: the tree it
// joined keeps it alive from then on.
import { functionConfig } from './config.js';
import type { CallRecord, ClassDefinition, Statement } from './cpp.js';
import type { GenerateConfig } from './config.js';
import { argExtra } from './functions.js';
import type { Declaration, FunctionInfo, Param, RecordInfo } from './model.js';
import type { PlannerView } from './plan.js';
import { classify } from './types.js';

/** One handle type. */
export interface HandleInfo {
  /** The C struct's name (`cJSON`). */
  readonly qname: string;
  /** The JS class name. */
  readonly jsName: string;
  /** The destroy function (`cJSON_Delete`). */
  readonly destroy: string;
  /** The C++ wrapper struct (`cJSON_ref`). */
  readonly wrapper: string;
  /** The class chain's calls, filled as the handle's functions are met. */
  readonly calls: CallRecord[];
}

const DESTROY = /(delete|destroy|free|release|dispose|close)$/i;
const OWNING = /(create|new|parse|duplicate|dup|copy|clone|detach|open|load)/i;

/** The handle types of the headers: from the config, and structs with a `void destroy(T *)` function. */
export function findHandles(decls: readonly Declaration[], config: GenerateConfig): Map<string, HandleInfo> {
  const records = new Map(decls.filter((d): d is RecordInfo => d.kind === 'record').map((r) => [r.qname, r]));
  const out = new Map<string, HandleInfo>();
  const add = (qname: string, destroy: string, jsName?: string) => {
    out.set(qname, { qname, jsName: jsName ?? qname, destroy, wrapper: `${qname.replace(/::/g, '_')}_ref`, calls: [] });
  };
  for (const [qname, h] of Object.entries(config.handles)) add(qname, h.destroy, h.name);
  for (const d of decls) {
    if (d.kind !== 'function' || d.params.length !== 1 || d.returns.canonical !== 'void' || !DESTROY.test(d.name)) continue;
    const m = /^(?:struct\s+)?([\w:]+)\s*\*$/.exec(d.params[0]!.type.canonical.trim());
    if (!m || !records.has(m[1]!) || out.has(m[1]!)) continue;
    const r = records.get(m[1]!)!;
    if (r.constructors.length || r.methods.length) continue;
    add(m[1]!, d.qname);
  }
  return out;
}

function wrapperDefinition(h: HandleInfo): ClassDefinition {
  const t = h.qname;
  const w = h.wrapper;
  return {
    comment: [
      `A ${t} for JS: owns the tree it was created with (${h.destroy} frees it when the last handle into it goes),`,
      'or points into a tree another handle owns, and keeps that tree alive.',
    ],
    head: `struct ${w}`,
    members: [
      `struct tree {\n    ${t} *root;\n    std::shared_ptr<tree> parent;  // the tree this one was handed over to\n    ~tree() {\n        if (root) ${h.destroy}(root);\n    }\n};`,
      `${t} *ptr = nullptr;`,
      'std::shared_ptr<tree> owner;',
      '',
      `static std::optional<${w}> own(${t} *p) {\n    if (!p) return std::nullopt;\n    return ${w}{p, std::shared_ptr<tree>(new tree{p, nullptr})};\n}`,
      `std::optional<${w}> borrow(${t} *p) const {\n    if (!p) return std::nullopt;\n    return ${w}{p, owner};\n}`,
      `// Hands this handle's tree over to \`parent\`'s: the C function called with it now owns it.`,
      `${t} *release_to(const ${w} &parent) {\n    if (!owner || owner->root != ptr) throw std::invalid_argument("${h.jsName}: only a handle that owns its tree can be handed over");\n    owner->root = nullptr;\n    owner->parent = parent.owner;\n    return ptr;\n}`,
    ],
  };
}

function paramDecl(type: string, name: string): string {
  return `${type}${type.endsWith('*') || type.endsWith('&') ? '' : ' '}${name}`;
}

/** Binds a function of a handle API as a lambda; returns the call or the reason it cannot be bound. */
function handleLambda(p: PlannerView, f: FunctionInfo, self: HandleInfo | undefined): { call: CallRecord } | { reason: string } {
  if (f.variadic) return { reason: 'a variadic function (JS cannot call C varargs safely)' };
  const config = functionConfig(p.config, f.qname);
  const transfer = new Set(config.transfer ?? []);
  const arrays = config.arrays ?? {};
  const present = new Set(f.params.map((q) => q.name));
  const lengthOf = new Map(Object.entries(arrays).filter(([ptr]) => present.has(ptr)).map(([ptr, len]) => [len, ptr]));
  const lambdaParams: string[] = [];
  const extras: string[] = [];
  const notes: string[] = [];
  const callArgs: string[] = [];
  const locals: string[] = [];
  let selfName: string | undefined;
  for (const [i, param] of f.params.entries()) {
    const k = classify(param.type, p.ctx);
    if (i === 0 && self) {
      selfName = 'self';
      lambdaParams.push(`const ${self.wrapper} &self`);
      callArgs.push('self.ptr');
      continue;
    }
    const len = lengthOf.get(param.name);
    if (len !== undefined) {
      callArgs.push(`static_cast<${param.type.spelling}>(${len}.size())`);
      continue;
    }
    if (param.name in arrays) {
      if (k.kind !== 'array') return { reason: `"arrays" names '${param.name}', which is not a pointer to numbers or strings` };
      p.stl = true;
      if (k.element === 'const char *') {
        lambdaParams.push(paramDecl('const std::vector<std::string> &', param.name));
        locals.push(`std::vector<const char *> ${param.name}_c;`, `for (const auto &s : ${param.name}) ${param.name}_c.push_back(s.c_str());`);
        callArgs.push(`${param.name}_c.data()`);
      } else {
        lambdaParams.push(paramDecl(`const std::vector<${k.element}> &`, param.name));
        callArgs.push(`${param.name}.data()`);
      }
      extras.push(argExtra(param, p.jsParam(param), notes));
      continue;
    }
    if (k.kind === 'handle') {
      const h = p.handles.get(k.qname)!;
      if (transfer.has(param.name)) {
        if (!selfName) return { reason: `"transfer" names '${param.name}', but the function has no handle to hand it to` };
        lambdaParams.push(paramDecl(`${h.wrapper} &`, param.name));
        callArgs.push(`${param.name}.release_to(${selfName})`);
      } else {
        lambdaParams.push(paramDecl(`const ${h.wrapper} &`, param.name));
        callArgs.push(`${param.name}.ptr`);
      }
      extras.push(argExtra(param, p.jsParam(param), notes));
      continue;
    }
    if (k.kind !== 'value') {
      const why = k.kind === 'unbindable' ? k.reason
        : k.kind === 'out' ? `out-parameter (${param.type.spelling})`
        : k.kind === 'char-ptr' ? 'char * parameter: a buffer the function writes (an out-parameter)'
        : k.kind === 'array' ? `raw pointer ${param.type.spelling}: an array of unknown length (give its length parameter in "arrays")`
        : `${param.type.spelling}`;
      return { reason: `parameter '${param.name}': ${why}` };
    }
    lambdaParams.push(paramDecl(param.type.spelling.replace(/\*\s*const$/, '*').replace(/^const (\w+)$/, '$1'), param.name));
    callArgs.push(param.name);
    extras.push(argExtra(param, p.jsParam(param), notes));
  }
  const call = `${f.qname}(${callArgs.join(', ')})`;
  const r = classify(f.returns, p.ctx);
  const body: string[] = [...locals];
  let arrow = '';
  if (r.kind === 'handle') {
    const h = p.handles.get(r.qname)!;
    const owned = config.returns ? config.returns === 'owned' : OWNING.test(f.name) || !selfName;
    if (!owned && !selfName) return { reason: `returns a ${r.qname} * owned by nothing the call received` };
    if (!owned && p.handles.get(r.qname) !== self) return { reason: `returns a borrowed ${r.qname} * from a handle of another type` };
    p.stl = true;
    body.push(owned ? `return ${h.wrapper}::own(${call});` : `return self.borrow(${call});`);
  } else if (r.kind === 'char-ptr') {
    if (!config.returns) return { reason: 'returns char * whose owner is unknown (set "returns": "owned" with "free", or "borrowed")' };
    if (config.returns === 'owned') {
      p.stl = true;
      arrow = ' -> std::optional<std::string>';
      body.push(`char *text = ${call};`, 'if (!text) return std::nullopt;', 'std::string result(text);', `${config.free ?? 'std::free'}(text);`, 'return result;');
    } else {
      arrow = ' -> const char *';
      body.push(`return ${call};`);
    }
  } else if (r.kind === 'value') {
    body.push(f.returns.canonical === 'void' ? `${call};` : `return ${call};`);
  } else {
    return { reason: `returns ${r.kind === 'unbindable' ? r.reason : f.returns.spelling}` };
  }
  const lambda = body.length === 1
    ? `[${lambdaParams.length ? `](${lambdaParams.join(', ')})` : ']'}${arrow} { ${body[0]} }`
    : `[](${lambdaParams.join(', ')})${arrow} {\n${body.map((l) => `    ${l}`).join('\n')}\n}`;
  const name = config.name ?? p.namer.member(f.qname, f.name, f.namespaces);
  const method = self ? 'def' : 'def_static';
  return { call: { method, args: [`"${name}"`, lambda, ...extras], comments: notes } };
}

/** The handle-API parts of the planner. */
export const handleStatements = {
  /** Takes `f` when it belongs to a handle class (destroy, method, factory); returns whether it did. */
  claims(p: PlannerView, f: FunctionInfo): boolean {
    for (const h of p.handles.values()) {
      if (h.destroy === f.qname) {
        p.coverage.bind();
        return true;
      }
    }
    const first = f.params[0] ? classify(f.params[0].type, p.ctx) : undefined;
    let owner: HandleInfo | undefined;
    let self: HandleInfo | undefined;
    if (first?.kind === 'handle') {
      owner = p.handles.get(first.qname);
      self = owner;
    } else {
      const r = classify(f.returns, p.ctx);
      if (r.kind === 'handle') owner = p.handles.get(r.qname);
    }
    if (!owner) return false;
    const result = handleLambda(p, f, self);
    if ('reason' in result) {
      owner.calls.push({ method: '', args: [], comments: [p.coverage.skip(f.signature, result.reason, f.location)] });
    } else {
      p.coverage.bind();
      owner.calls.push(result.call);
    }
    return true;
  },

  /** The class of a handle struct, at its place; its calls fill in as its functions are met. */
  record(p: PlannerView, r: RecordInfo): void {
    const h = p.handles.get(r.qname)!;
    p.coverage.bind();
    p.stl = true;
    p.definitions.push(wrapperDefinition(h));
    for (const field of r.fields) {
      const k = classify(field.type, p.ctx);
      const name = `"${p.namer.member(field.qname, field.name)}"`;
      if (k.kind === 'value') {
        h.calls.push({ method: 'def_property_readonly', args: [name, `[](const ${h.wrapper} &self) { return self.ptr->${field.name}; }`] });
      } else if (k.kind === 'char-ptr') {
        h.calls.push({ method: 'def_property_readonly', args: [name, `[](const ${h.wrapper} &self) -> const char * { return self.ptr->${field.name}; }`] });
      } else if (k.kind === 'handle' && k.qname === h.qname) {
        h.calls.push({ method: 'def_property_readonly', args: [name, `[](const ${h.wrapper} &self) { return self.borrow(self.ptr->${field.name}); }`] });
      } else {
        h.calls.push({ method: '', args: [], comments: [p.coverage.skip(`${r.qname}::${field.name}`, k.kind === 'unbindable' ? k.reason : `field of type ${field.type.spelling}`, field.location)] });
        continue;
      }
      p.coverage.bind();
    }
    const statement: Statement = { kind: 'chain', head: `tsbind::class_<${h.wrapper}>(m, "${h.jsName}")`, calls: h.calls, comments: [`${r.qname} handles; ${h.destroy} is dispose().`] };
    p.body.push(statement);
  },
};

export type { Param };
