// From clang's AST to the generator's model: functions, classes, enums and what cannot be read, in header order.
import { nodeLocation, type AstNode, type AstType } from './ast.js';
import type { CppType, Declaration, EnumInfo, FieldInfo, FunctionInfo, Location, Param, RecordInfo, VariableInfo } from './model.js';
import { Instantiations, type Instantiation } from './templates.js';

/** Qualified names of declarations by AST id, for default arguments that name them. */
type NameTable = Map<string, string>;

function location(node: AstNode, fallback: Location): Location {
  const loc = nodeLocation(node);
  if (!loc) return fallback;
  return { file: loc.file ?? fallback.file, line: loc.line ?? fallback.line, offset: loc.offset };
}

/** Typedefs of the headers (C's `typedef int cJSON_bool`), by name, to their underlying types. */
type TypedefTable = Map<string, string>;

/** Current run's typedefs; set by {@link collectDeclarations}. */
let typedefs: TypedefTable = new Map();

/** Replaces the headers' typedef names in `text` by what they stand for. */
function resolveTypedefs(text: string): string {
  let out = text;
  for (let i = 0; i < 8; i++) {
    const next = out.replace(/[A-Za-z_][\w:]*/g, (word) => typedefs.get(word) ?? word);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** The headers' class templates, by unqualified name, to their qualified names (when one name is one template). */
let classTemplates = new Map<string, string | null>();

/** Qualifies the headers' class templates that clang printed unqualified (`xml_object_range<...>` inside namespace pugi). */
function qualifyTemplates(text: string): string {
  return text.replace(/(^|[^:\w])([A-Za-z_]\w*)</g, (whole, before: string, name: string) => {
    const q = classTemplates.get(name);
    return q ? `${before}${q}<` : whole;
  });
}

/** A type as written, unless clang printed an unqualified template name: then without sugar. */
export function cppType(t: AstType | undefined): CppType {
  const spelling = qualifyTemplates(t?.qualType ?? 'int');
  const canonical = resolveTypedefs(qualifyTemplates(t?.desugaredQualType ?? spelling));
  const unqualifiedTemplate = /(^|[^:\w])[A-Za-z_]\w*</.test(spelling.replace(/\b(const|volatile|struct|class|enum|union)\s+/g, ''));
  return { spelling: unqualifiedTemplate ? canonical : spelling, canonical };
}

/** Renders a default argument expression, or null when it has no faithful C++ spelling outside its scope. */
function renderExpression(node: AstNode | undefined, names: NameTable): string | null {
  if (!node) return null;
  const inner = node.inner ?? [];
  switch (node.kind) {
    case 'IntegerLiteral': {
      const t = node.type?.qualType ?? 'int';
      const suffix = /unsigned long long/.test(t) ? 'ull' : /unsigned long/.test(t) ? 'ul' : /unsigned/.test(t) ? 'u' : /long long/.test(t) ? 'll' : /long/.test(t) ? 'l' : '';
      return `${node.value}${suffix}`;
    }
    case 'FloatingLiteral': {
      const v = node.value ?? '0';
      const text = /[.eE]|inf|nan/i.test(v) ? v : `${v}.0`;
      return node.type?.qualType === 'float' ? `${text}f` : text;
    }
    case 'CXXBoolLiteralExpr':
      return String((node as unknown as { value: boolean }).value);
    case 'CharacterLiteral': {
      const code = Number(node.value);
      return code >= 32 && code < 127 && code !== 39 && code !== 92 ? `'${String.fromCharCode(code)}'` : `char(${code})`;
    }
    case 'StringLiteral':
      return (node as unknown as { value: string }).value;
    case 'CXXNullPtrLiteralExpr':
    case 'GNUNullExpr':
      return 'nullptr';
    case 'DeclRefExpr': {
      const ref = node.referencedDecl;
      if (!ref) return null;
      return names.get(ref.id) ?? null;
    }
    case 'UnaryOperator': {
      const operand = renderExpression(inner[0], names);
      if (operand === null || node.isPostfix) return null;
      return `${node.opcode}${operand}`;
    }
    case 'BinaryOperator': {
      const a = renderExpression(inner[0], names);
      const b = renderExpression(inner[1], names);
      return a === null || b === null ? null : `${a} ${node.opcode} ${b}`;
    }
    case 'ParenExpr': {
      const e = renderExpression(inner[0], names);
      return e === null ? null : `(${e})`;
    }
    case 'ImplicitCastExpr':
    case 'ConstantExpr':
    case 'ExprWithCleanups':
    case 'MaterializeTemporaryExpr':
    case 'CXXBindTemporaryExpr':
    case 'CXXFunctionalCastExpr':
      return inner.length === 1 ? renderExpression(inner[0], names) : null;
    case 'CStyleCastExpr':
    case 'CXXStaticCastExpr': {
      const e = renderExpression(inner[0], names);
      return e === null ? null : `static_cast<${cppType(node.type).spelling}>(${e})`;
    }
    case 'CXXConstructExpr': {
      if (inner.length === 1) return renderExpression(inner[0], names);
      if (inner.length === 0) return `${cppType(node.type).spelling}()`;
      return null;
    }
    case 'CXXTemporaryObjectExpr':
    case 'CXXScalarValueInitExpr':
      return inner.length === 0 ? `${cppType(node.type).spelling}()` : null;
    case 'InitListExpr':
      return inner.length === 0 ? `${cppType(node.type).spelling}{}` : null;
    default:
      return null;
  }
}

/** Whether a variable's type is const at its top level: `const int`, `const char *const`, `const char[6]` (not `const char *`). */
function topLevelConst(t: AstType | undefined): boolean {
  const text = (t?.qualType ?? '').trim();
  if (/\[\d*\]$/.test(text)) return topLevelConst({ qualType: text.replace(/\s*\[\d*\]$/, '') });
  const star = text.lastIndexOf('*');
  if (star >= 0) return /\bconst\b/.test(text.slice(star + 1));
  return /\bconst\b/.test(text.replace(/<.*>/g, ''));
}

/** Whether a variable is a constant: `constexpr`, or const at its top level. */
function isConstantVar(node: AstNode): boolean {
  return node.constexpr === true || topLevelConst(node.type);
}

function variableInfo(node: AstNode, scope: readonly string[], namespaces: readonly string[], fallback: Location): VariableInfo {
  const name = node.name ?? '';
  return { kind: 'variable', qname: [...scope, name].join('::'), name, namespaces, type: cppType(node.type), isConstant: isConstantVar(node), location: location(node, fallback) };
}

function params(fn: AstNode, names: NameTable): Param[] {
  return (fn.inner ?? [])
    .filter((n) => n.kind === 'ParmVarDecl')
    .map((p, i) => {
      const param: { -readonly [K in keyof Param]: Param[K] } = { name: p.name ?? `arg${i}`, type: cppType(p.type) };
      if (p.init !== undefined) param.defaultValue = renderExpression(p.inner?.[0], names);
      return param;
    });
}

function signature(name: string, returns: CppType | null, ps: readonly Param[], isConst: boolean, variadic: boolean): string {
  const list = ps.map((p) => `${p.type.spelling}${p.type.spelling.endsWith('*') || p.type.spelling.endsWith('&') ? '' : ' '}${p.name}`);
  if (variadic) list.push('...');
  return `${returns ? `${returns.spelling} ` : ''}${name}(${list.join(', ')})${isConst ? ' const' : ''}`;
}

/** Whether a function type's printed form ends with const (a const method) or has ref-qualifiers. */
function methodQualifiers(t: AstType | undefined): { isConst: boolean; refQualified: boolean } {
  const text = t?.qualType ?? '';
  const tail = text.slice(text.lastIndexOf(')') + 1);
  return { isConst: /\bconst\b/.test(tail), refQualified: /&/.test(tail) };
}

function returnType(fn: AstNode): CppType {
  const t = fn.type?.qualType ?? 'void ()';
  // The function type prints as `R (A, B) const`: R is everything before the top-level parameter list.
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const ch = t[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      depth--;
      if (depth === 0) {
        const spelling = t.slice(0, i).trim();
        const desugared = fn.type?.desugaredQualType;
        let canonical = spelling;
        if (desugared) {
          let d = 0;
          for (let j = desugared.length - 1; j >= 0; j--) {
            if (desugared[j] === ')') d++;
            else if (desugared[j] === '(' && --d === 0) {
              canonical = desugared.slice(0, j).trim();
              break;
            }
          }
        }
        return cppType({ qualType: spelling, desugaredQualType: canonical });
      }
    }
  }
  return { spelling: 'void', canonical: 'void' };
}

function functionInfo(node: AstNode, kind: FunctionInfo['kind'], scope: readonly string[], namespaces: readonly string[], names: NameTable, fallback: Location): FunctionInfo {
  const name = node.name ?? '';
  const ps = params(node, names);
  const returns = kind === 'constructor' ? { spelling: 'void', canonical: 'void' } : returnType(node);
  const q = methodQualifiers(node.type);
  return {
    kind,
    qname: [...scope, name].join('::'),
    name,
    namespaces,
    returns,
    params: ps,
    variadic: node.variadic === true,
    isConst: q.isConst,
    isStatic: node.storageClass === 'static',
    isVirtual: node.virtual === true,
    isPure: node.pure === true,
    isDeleted: node.explicitlyDeleted === true,
    refQualified: q.refQualified,
    location: location(node, fallback),
    signature: signature([...scope, name].join('::'), kind === 'constructor' ? null : returns, ps, q.isConst, node.variadic === true),
  };
}

/** Records qualified names of enum constants and variables, for default arguments. */
function nameDeclarations(nodes: readonly AstNode[], scope: readonly string[], names: NameTable): void {
  for (const node of nodes) {
    if (node.kind === 'NamespaceDecl' || node.kind === 'CXXRecordDecl' || node.kind === 'LinkageSpecDecl') {
      nameDeclarations(node.inner ?? [], node.name && node.kind !== 'LinkageSpecDecl' ? [...scope, node.name] : scope, names);
    } else if (node.kind === 'EnumDecl') {
      const enumScope = node.scopedEnumTag && node.name ? [...scope, node.name] : scope;
      for (const c of node.inner ?? []) if (c.kind === 'EnumConstantDecl' && c.name) names.set(c.id, [...enumScope, c.name].join('::'));
    } else if (node.kind === 'TypedefDecl' && node.name && node.type) {
      const underlying = node.type.desugaredQualType ?? node.type.qualType;
      if (!/^(struct|union|enum)\s/.test(underlying) && underlying !== node.name) typedefs.set([...scope, node.name].join('::'), underlying);
    } else if (node.kind === 'VarDecl' && node.name) {
      names.set(node.id, [...scope, node.name].join('::'));
    } else if (node.kind === 'ClassTemplateDecl' && node.name && scope.length) {
      const q = [...scope, node.name].join('::');
      classTemplates.set(node.name, classTemplates.has(node.name) && classTemplates.get(node.name) !== q ? null : q);
    }
  }
}

/** The template arguments of a specialization, as clang prints them. */
function templateArgs(node: AstNode): string[] {
  return (node.inner ?? []).filter((n) => n.kind === 'TemplateArgument').map((n) => n.type?.qualType ?? '');
}

/** The declarations `recordInfo` leaves to the caller: public nested enums and classes. */
type Nested = AstNode[];

/** Where a record is declared, beyond its scope: the class around it, its instantiation. */
interface RecordSite {
  readonly instantiation?: Instantiation;
  readonly outer?: string;
}

/** The instantiations the config names of function template `node` (a member when `scope` is a class), as functions. */
function functionInstantiations(node: AstNode, kind: FunctionInfo['kind'], scope: readonly string[], namespaces: readonly string[], names: NameTable,
  fallback: Location, instantiations: Instantiations): FunctionInfo[] {
  const qname = [...scope, node.name ?? ''].join('::');
  const out: FunctionInfo[] = [];
  for (const spec of node.inner ?? []) {
    if (spec.kind !== 'FunctionDecl' && spec.kind !== 'CXXMethodDecl') continue;
    const args = templateArgs(spec);
    const inst = args.length ? instantiations.find(qname, args) : undefined;
    if (!inst) continue;
    const info = functionInfo(spec, kind, scope, namespaces, names, location(spec, fallback));
    const name = inst.key.slice(qname.length - (node.name ?? '').length);
    out.push({ ...info, qname: inst.key, name, jsName: inst.jsName, signature: info.signature.replace(`${qname}(`, `${inst.key}(`) });
  }
  return out;
}

function recordInfo(node: AstNode, scope: readonly string[], namespaces: readonly string[], names: NameTable, fallback: Location,
  instantiations: Instantiations, nested: Nested, site: RecordSite = {}): RecordInfo {
  const name = site.instantiation ? site.instantiation.key.slice(scope.join('::').length + (scope.length ? 2 : 0)) : node.name ?? '';
  const qscope = site.instantiation ? [site.instantiation.key] : [...scope, name];
  const tag = node.tagUsed === 'union' ? 'union' : node.tagUsed === 'class' ? 'class' : 'struct';
  let access: string = tag === 'class' ? 'private' : 'public';
  const constructors: FunctionInfo[] = [];
  const methods: FunctionInfo[] = [];
  const fields: FieldInfo[] = [];
  const unreadable: RecordInfo['unreadable'][number][] = [];
  const storage: { type: string; isPublic: boolean }[] = [];
  let publicDestructor = true;
  let userConstructor = false;
  const here = location(node, fallback);
  for (const member of node.inner ?? []) {
    if (member.kind === 'AccessSpecDecl') {
      access = member.access ?? access;
      continue;
    }
    if (member.isImplicit) continue;
    if (member.kind === 'CXXConstructorDecl') userConstructor = true;
    if (member.kind === 'FieldDecl') storage.push({ type: cppType(member.type).canonical, isPublic: access === 'public' });
    if (member.kind === 'CXXDestructorDecl') {
      if (access !== 'public' || member.explicitlyDeleted) publicDestructor = false;
      continue;
    }
    if (access !== 'public') continue;
    const where = location(member, here);
    switch (member.kind) {
      case 'CXXConstructorDecl':
        constructors.push(functionInfo(member, 'constructor', qscope, namespaces, names, where));
        break;
      case 'CXXMethodDecl':
      case 'CXXConversionDecl':
        methods.push(functionInfo(member, 'method', qscope, namespaces, names, where));
        break;
      case 'FieldDecl':
      case 'VarDecl':
        fields.push({
          name: member.name ?? '',
          qname: [...qscope, member.name ?? ''].join('::'),
          type: cppType(member.type),
          isConst: /^const\b/.test(member.type?.qualType ?? '') || member.constexpr === true,
          isStatic: member.kind === 'VarDecl',
          isConstant: member.kind === 'VarDecl' && isConstantVar(member),
          hasAddress: member.kind !== 'VarDecl' || member.inline === true || member.constexpr === true || member.init === undefined,
          location: where,
        });
        break;
      case 'FunctionTemplateDecl': {
        const qname = `${qscope.join('::')}::${member.name}`;
        if (instantiations.of(qname).length) {
          methods.push(...functionInstantiations(member, 'method', qscope, namespaces, names, where, instantiations));
        } else {
          unreadable.push({ what: `${qname} (member template)`, reason: 'a template without an instantiation list (name its instantiations in "templates")', location: where, template: 'function', qname });
        }
        break;
      }
      case 'CXXRecordDecl':
      case 'EnumDecl':
        if (member.name && (member.kind === 'EnumDecl' || member.completeDefinition)) nested.push(member);
        break;
      case 'ClassTemplateDecl':
      case 'TypedefDecl':
      case 'TypeAliasDecl':
      case 'FriendDecl':
      case 'StaticAssertDecl':
      case 'UsingDecl':
        break;
      default:
        break;
    }
  }
  const dd = node.definitionData;
  return {
    kind: 'record',
    qname: qscope.join('::'),
    name,
    namespaces,
    tag,
    complete: node.completeDefinition === true,
    abstract: dd?.isAbstract === true,
    polymorphic: dd?.isPolymorphic === true,
    aggregate: dd?.isAggregate === true,
    bases: (node.bases ?? []).filter((b) => b.access === 'public').map((b) => cppType(b.type).canonical),
    publicDestructor,
    constructors,
    methods,
    fields,
    unreadable,
    location: here,
    implicitDefaultConstructor: !userConstructor,
    storage,
    ...(site.outer ? { outer: site.outer } : {}),
    ...(site.instantiation ? { jsName: site.instantiation.jsName } : {}),
  };
}

function enumInfo(node: AstNode, scope: readonly string[], namespaces: readonly string[], fallback: Location, outer?: string): EnumInfo {
  const name = node.name ?? '';
  const valueScope = node.scopedEnumTag ? [...scope, name] : scope;
  return {
    kind: 'enum',
    qname: [...scope, name].join('::'),
    name,
    namespaces,
    scoped: node.scopedEnumTag !== undefined,
    values: (node.inner ?? []).filter((c) => c.kind === 'EnumConstantDecl').map((c) => ({ name: c.name ?? '', qname: [...valueScope, c.name ?? ''].join('::') })),
    location: location(node, fallback),
    ...(outer ? { outer } : {}),
  };
}

/**
 * The declarations of the kept top-level AST nodes, in header order: the
 * contents of namespaces and `extern "C"` blocks are flattened, each
 * declaration knowing its namespaces. Forward declarations are dropped when
 * the definition is there; a forward-declared struct never defined stays (an
 * opaque C handle).
 */
export function collectDeclarations(nodes: readonly AstNode[], templates: Readonly<Record<string, string>> = {}): Declaration[] {
  const instantiations = new Instantiations(templates);
  const names: NameTable = new Map();
  typedefs = new Map();
  classTemplates = new Map();
  nameDeclarations(nodes, [], names);
  const out: Declaration[] = [];
  const start: Location = { file: '', line: 0, offset: 0 };
  // A record's public nested enums (first: its methods' defaults may name their values), the record, then its nested classes.
  const record = (node: AstNode, scope: string[], namespaces: string[], where: Location, site: RecordSite = {}): void => {
    const nested: Nested = [];
    const info = recordInfo(node, scope, namespaces, names, where, instantiations, nested, site);
    for (const inner of nested) if (inner.kind === 'EnumDecl') out.push(enumInfo(inner, [info.qname], namespaces, location(inner, info.location), info.qname));
    out.push(info);
    for (const inner of nested) if (inner.kind !== 'EnumDecl') record(inner, [info.qname], namespaces, location(inner, info.location), { outer: info.qname });
  };
  const walk = (list: readonly AstNode[], scope: string[], namespaces: string[], fallback: Location) => {
    for (const node of list) {
      if (node.isImplicit) continue;
      const where = location(node, fallback);
      switch (node.kind) {
        case 'NamespaceDecl':
          if (!node.name || /^(detail|impl|internal)$/.test(node.name)) break;
          walk(node.inner ?? [], [...scope, node.name], [...namespaces, node.name], where);
          break;
        case 'LinkageSpecDecl':
          walk(node.inner ?? [], scope, namespaces, where);
          break;
        case 'FunctionDecl':
          out.push({ ...functionInfo(node, 'function', scope, namespaces, names, where), kind: 'function' });
          break;
        case 'CXXRecordDecl':
        case 'RecordDecl':
          if (!node.name) break;
          record(node, scope, namespaces, where);
          break;
        case 'EnumDecl':
          if (!node.name) break;
          out.push(enumInfo(node, scope, namespaces, where));
          break;
        case 'ClassTemplateDecl':
        case 'FunctionTemplateDecl': {
          const qname = [...scope, node.name ?? ''].join('::');
          const kind = node.kind === 'ClassTemplateDecl' ? 'class' : 'function';
          if (instantiations.of(qname).length === 0) {
            out.push({ kind: 'unreadable', qname, what: `${qname} (template)`, reason: 'a template without an instantiation list (name its instantiations in "templates")', location: where, template: kind });
          } else if (kind === 'function') {
            for (const f of functionInstantiations(node, 'function', scope, namespaces, names, where, instantiations)) out.push({ ...f, kind: 'function' });
          } else {
            for (const spec of node.inner ?? []) {
              if (spec.kind !== 'ClassTemplateSpecializationDecl' || !spec.completeDefinition) continue;
              const inst = instantiations.find(qname, templateArgs(spec));
              if (inst) record(spec, scope, namespaces, where, { instantiation: inst });
            }
          }
          break;
        }
        case 'VarDecl':
          if (!node.name) break;
          out.push(variableInfo(node, scope, namespaces, where));
          break;
        default:
          break;
      }
    }
  };
  walk(nodes, [], [], start);
  return mergeRedeclarations(out);
}

/** Keeps one declaration per record: the definition, else the first forward declaration. */
function mergeRedeclarations(list: Declaration[]): Declaration[] {
  const defined = new Set(list.filter((d) => d.kind === 'record' && d.complete).map((d) => d.qname));
  const seen = new Set<string>();
  const fnSeen = new Set<string>();
  const varSeen = new Set<string>();
  return list.filter((d) => {
    if (d.kind === 'variable') {
      // `extern const T x;` and its definition: one constant.
      if (varSeen.has(d.qname)) return false;
      varSeen.add(d.qname);
    }
    if (d.kind === 'record') {
      if (defined.has(d.qname) && !d.complete) return false;
      if (seen.has(d.qname)) return false;
      seen.add(d.qname);
    }
    if (d.kind === 'function') {
      const key = `${d.qname}(${d.params.map((p) => p.type.canonical).join(',')})`;
      if (fnSeen.has(key)) return false;
      fnSeen.add(key);
    }
    return true;
  });
}
