// A module description in, the text of its .d.ts out: names checked against each other, declarations built and printed.
//
// Each top-level declaration (a function's overloads together, a class, an
// exception class) is printed by the TypeScript printer on its own, and the
// printed blocks are joined with blank lines between them, which a single
// printed source file would not have.
import ts from 'typescript';
import { classDeclaration, constantDeclaration, enumDeclaration, exceptionDeclaration, functionDeclarations, objectDeclaration, topModifiers, type DeclarationScope, type TopLevelName } from './declarations.js';
import { withJSDoc } from './jsdoc.js';
import { DescriptionError, parseDescription, type ModuleDescription } from './description.js';
import { bindingNameFor, exportName, isBindingName } from './names.js';

const f = ts.factory;

/** The error classes of JavaScript that an exception class may extend besides the module's own. */
const BUILTIN_ERRORS: ReadonlySet<string> = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError']);

/** Options of {@link generateDeclarations}. */
export interface DeclarationOptions {
  /** The module file the description came from, named in the header comment (e.g. `demo.node`). */
  readonly source?: string;
  /** The command named in the header comment as the generator. Default: `tsbind typegen`. */
  readonly generator?: string;
  /**
   * How a module with a default export (`module_::default_export`) exports
   * it: `export default X` for an ES module's declarations (the default), or
   * `export = X` for a CommonJS module's (`.d.cts`).
   */
  readonly defaultStyle?: 'esm' | 'cjs';
}

/** An item's path from the module's exports: `name`, or `scope.name` when nested. */
export function pathOf(item: { readonly name: string; readonly scope?: string }): string {
  return item.scope === undefined ? item.name : `${item.scope}.${item.name}`;
}

/** Every exported item (interfaces of plain objects too), with what it is for messages and where it is in the description. */
function allItems(description: ModuleDescription): Array<{ name: string; scope?: string; what: string; path: string }> {
  const list = <T extends { name: string; scope?: string }>(items: readonly T[] | undefined, kind: string, key: string) =>
    (items ?? []).map((item, i) => ({ name: item.name, ...(item.scope === undefined ? {} : { scope: item.scope }), what: `${kind} ${pathOf(item)}`, path: `${key}[${i}]` }));
  return [
    ...list(description.functions, 'function', 'functions'),
    ...list(description.classes, 'class', 'classes'),
    ...list(description.exceptions, 'exception', 'exceptions'),
    ...list(description.objects, 'object', 'objects'),
    ...list(description.enums, 'enum', 'enums'),
    ...list(description.constants, 'constant', 'constants'),
    ...list(description.submodules, 'submodule', 'submodules'),
  ];
}

/**
 * Throws when a name is used twice in one scope (the module, a submodule, a
 * class with what is nested in it), an item is nested in a scope that does
 * not exist or under a name a namespace cannot declare, or an `extends` names
 * nothing it can extend.
 */
function checkNames(description: ModuleDescription): void {
  const seen = new Map<string, string>();
  const scopes = new Set(['', ...(description.submodules ?? []).map(pathOf), ...description.classes.map(pathOf)]);
  if (description.default !== undefined) {
    // The one export: a class or function, with everything else nested in it.
    const name = description.default;
    const isFunction = description.functions.some((fn) => fn.scope === undefined && fn.name === name);
    if (!isFunction && !description.classes.some((cls) => cls.scope === undefined && cls.name === name)) {
      throw new DescriptionError(`the default export ${JSON.stringify(name)} is not a class or function of the module`, 'default');
    }
    if (!isBindingName(name)) throw new DescriptionError(`the default export ${JSON.stringify(name)} is not an identifier that can name a declaration`, 'default');
    const other = allItems(description).find((item) => item.scope === undefined && item.name !== name);
    if (other !== undefined) throw new DescriptionError(`${other.what} is exported beside the default export ${name}: a module with a default export has nothing else at the top level`, `${other.path}.scope`);
    if (isFunction) scopes.add(name);
  }
  for (const item of allItems(description)) {
    const key = pathOf(item);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const where = item.scope === undefined ? '' : ` in ${item.scope}`;
      throw new DescriptionError(`${item.what} has the same name as ${earlier}${where}: each function, class, exception and submodule needs its own name`, `${item.path}.name`);
    }
    seen.set(key, item.what);
    if (item.scope !== undefined) {
      if (!scopes.has(item.scope)) throw new DescriptionError(`${item.what} is nested in ${JSON.stringify(item.scope)}, which is neither a submodule nor a class of the module`, `${item.path}.scope`);
      // A namespace has no export list to rename through (`export { a as b }`).
      if (!isBindingName(item.name)) throw new DescriptionError(`${item.what} cannot be declared in a namespace: ${JSON.stringify(item.name)} is not an identifier that can name a declaration`, `${item.path}.name`);
    }
  }

  const classPaths = new Set(description.classes.map(pathOf));
  description.classes.forEach((cls, i) => {
    if (cls.extends !== null && (!classPaths.has(cls.extends) || cls.extends === pathOf(cls))) {
      throw new DescriptionError(`class ${pathOf(cls)} extends ${JSON.stringify(cls.extends)}, which is not another class of the module`, `classes[${i}].extends`);
    }
    // Overloads of a method may come as several entries; anything else sharing a name clashes.
    const members = new Map<string, string>();
    for (const [kind, list] of [['property', cls.properties], ['method', cls.methods]] as const) {
      for (const member of list) {
        const key = `${member.static ? 'static ' : ''}${member.name}`;
        const earlier = members.get(key);
        if (earlier !== undefined && !(kind === 'method' && earlier === 'method')) {
          throw new DescriptionError(`class ${pathOf(cls)} has a ${earlier} and a ${kind} both named ${member.name}${member.static ? ' (static)' : ''}`, `classes[${i}]`);
        }
        members.set(key, kind);
      }
    }
    // What is nested in a class is a static property of it.
    for (const item of allItems(description)) {
      const earlier = members.get(`static ${item.name}`);
      if (item.scope === pathOf(cls) && earlier !== undefined) {
        throw new DescriptionError(`${item.what} has the same name as a static ${earlier} of class ${pathOf(cls)}`, `${item.path}.name`);
      }
    }
  });

  const exceptionPaths = new Set(description.exceptions.map(pathOf));
  description.exceptions.forEach((exception, i) => {
    const base = exception.extends;
    if (base === pathOf(exception) || (!exceptionPaths.has(base) && !BUILTIN_ERRORS.has(base))) {
      throw new DescriptionError(`exception ${pathOf(exception)} extends ${JSON.stringify(base)}, which is neither Error nor another exception of the module`, `exceptions[${i}].extends`);
    }
  });
}

/**
 * How each JS name at the top level is declared: in place when it is a
 * binding name, else under a free local name. Nested items are declared in
 * place, in their namespace.
 */
function topLevelNames(description: ModuleDescription): Map<string, TopLevelName> {
  const all = allItems(description).filter((item) => item.scope === undefined).map((item) => item.name);
  const taken = new Set(all);
  const names = new Map<string, TopLevelName>();
  for (const name of all) {
    if (isBindingName(name)) {
      names.set(name, { local: name, exportedInPlace: true });
    } else {
      const local = bindingNameFor(name, taken);
      taken.add(local);
      names.set(name, { local, exportedInPlace: false });
    }
  }
  return names;
}

/**
 * The declaration statements for a validated description, grouped: one group
 * per function (its overloads), class (with the namespace of what is nested
 * in it), exception, object, enum, constant and submodule, then the export
 * list for names that cannot be declared in place.
 */
function declarationGroups(module: ModuleDescription, options: DeclarationOptions): ts.Statement[][] {
  checkNames(module);
  const names = topLevelNames(module);
  // The default export is declared, then exported by an export assignment.
  if (module.default !== undefined) names.set(module.default, { local: module.default, exportedInPlace: false });
  const nameOf = (item: { name: string; scope?: string }): TopLevelName =>
    item.scope === undefined ? (names.get(item.name) as TopLevelName) : { local: item.name, exportedInPlace: true, nested: true };
  // A reference to an item by path goes through the local name of its first part.
  const referenceTo = (path: string): string => {
    const [first, ...rest] = path.split('.');
    return [names.get(first as string)?.local ?? first, ...rest].join('.');
  };
  const scope: DeclarationScope = {
    localNames: new Map([...module.classes, ...module.exceptions].map((item) => [pathOf(item), referenceTo(pathOf(item))])),
    extendedClasses: new Set(module.classes.flatMap((cls) => (cls.extends === null ? [] : [cls.extends]))),
  };
  // Each item's groups, by the path of the scope it is in.
  const byScope = new Map<string, ts.Statement[][]>();
  const add = (item: { scope?: string }, group: ts.Statement[]): void => {
    const key = item.scope ?? '';
    byScope.set(key, [...(byScope.get(key) ?? []), group]);
  };
  const functionGroups = module.functions.map((fn, i) => ({ fn, group: functionDeclarations(fn, nameOf(fn), `functions[${i}]`) as ts.Statement[] }));
  functionGroups.forEach(({ fn, group }) => add(fn, group));
  const classGroups = module.classes.map((cls, i) => ({ cls, group: [classDeclaration(cls, nameOf(cls), scope, `classes[${i}]`)] as ts.Statement[] }));
  classGroups.forEach(({ cls, group }) => add(cls, group));
  module.exceptions.forEach((exception, i) => add(exception, [exceptionDeclaration(exception, nameOf(exception), scope, `exceptions[${i}]`)]));
  module.objects.forEach((object, i) => add(object, [objectDeclaration(object, nameOf(object), `objects[${i}]`)]));
  module.enums.forEach((e) => add(e, [enumDeclaration(e, nameOf(e))]));
  (module.constants ?? []).forEach((c, i) => add(c, [constantDeclaration(c, nameOf(c), `constants[${i}]`)]));

  // Namespaces, innermost first: a class's follows the class (TypeScript merges
  // them), a submodule's takes the submodule's place.
  const namespaceOf = (path: string, name: TopLevelName, doc: string): ts.ModuleDeclaration | undefined => {
    const groups = byScope.get(path);
    if (groups === undefined && !(module.submodules ?? []).some((sub) => pathOf(sub) === path)) return undefined;
    const body = f.createModuleBlock((groups ?? []).flat());
    return withJSDoc(f.createModuleDeclaration(topModifiers(name), f.createIdentifier(name.local), body, ts.NodeFlags.Namespace), doc === '' ? [] : doc.split(/\r?\n/));
  };
  const depth = (path: string): number => path.split('.').length;
  const nested = [
    ...classGroups.map(({ cls, group }) => ({ item: cls as { name: string; scope?: string }, doc: '', group })),
    // A default function merges with the namespace of what is nested in it.
    ...functionGroups.filter(({ fn }) => fn.scope === undefined && fn.name === module.default).map(({ fn, group }) => ({ item: fn as { name: string; scope?: string }, doc: '', group })),
    ...(module.submodules ?? []).map((sub) => ({ item: sub as { name: string; scope?: string }, doc: sub.doc, group: undefined as ts.Statement[] | undefined })),
  ].sort((a, b) => depth(pathOf(b.item)) - depth(pathOf(a.item)));
  for (const { item, doc, group } of nested) {
    const namespace = namespaceOf(pathOf(item), nameOf(item), doc);
    if (namespace === undefined) continue;
    if (group !== undefined) group.push(namespace);
    else add(item, [namespace]);
  }

  const groups = byScope.get('') ?? [];
  if (module.default !== undefined) {
    groups.push([f.createExportAssignment(undefined, options.defaultStyle === 'cjs', f.createIdentifier(module.default))]);
    return groups;
  }
  const renamed = [...names].filter(([, name]) => !name.exportedInPlace);
  if (renamed.length > 0 || groups.length === 0) {
    // Also for a module with nothing in it: `export {};` keeps the file a module.
    const specifiers = renamed.map(([name, { local }]) => f.createExportSpecifier(false, f.createIdentifier(local), exportName(name)));
    groups.push([f.createExportDeclaration(undefined, false, f.createNamedExports(specifiers), undefined, undefined)]);
  }
  return groups;
}

/** Whether any type in the description matches `pattern`. */
function mentions(module: ModuleDescription, pattern: RegExp): boolean {
  const signatures = [
    ...module.functions.flatMap((fn) => fn.overloads),
    ...module.classes.flatMap((cls) => [...cls.constructors, ...cls.methods.flatMap((method) => method.overloads)]),
  ];
  const types = [
    ...signatures.flatMap((signature) => [signature.returns, ...signature.params.map((param) => param.type)]),
    ...module.classes.flatMap((cls) => cls.properties.map((property) => property.type)),
    ...module.objects.flatMap((object) => object.fields.map((field) => field.type)),
  ];
  return types.some((type) => pattern.test(type));
}

/** The header comment as a statement that prints as nothing but its comments. */
function header(module: ModuleDescription, options: DeclarationOptions): ts.Statement {
  const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const from = options.source === undefined ? '' : ` (${oneLine(options.source)})`;
  const lines = [
    ` Type declarations of the tsbind module "${oneLine(module.module)}"${from}.`,
    ` Generated by \`${oneLine(options.generator ?? 'tsbind typegen')}\` from the module's own description: do not edit, generate it again.`,
  ];
  const statement = f.createNotEmittedStatement(f.createEmptyStatement());
  for (const line of lines) ts.addSyntheticLeadingComment(statement, ts.SyntaxKind.SingleLineCommentTrivia, line, true);
  return statement;
}

/**
 * The text of the `.d.ts` file for a module description: a header comment,
 * then `export declare` functions (one per overload), classes and exception
 * classes, with the doc strings as JSDoc.
 *
 * `description` is what the module's describe function returned: it is
 * validated first, so any value may be passed. A wrong shape, a type string
 * that does not parse, or names that clash throw a {@link DescriptionError}
 * naming the item.
 */
export function generateDeclarations(description: unknown, options: DeclarationOptions = {}): string {
  const module = parseDescription(description);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });
  const empty = ts.createSourceFile('module.d.ts', '', ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const print = (statement: ts.Statement): string => printer.printNode(ts.EmitHint.Unspecified, statement, empty).trimEnd();
  const preamble = [print(header(module, options))];
  // What the declarations use beyond ES2022 comes with the file, so that
  // consumers need not add it to their own `lib` or `types`: every class has
  // [Symbol.dispose](), and async functions take an AbortSignal, and byte
  // results are Buffers (both Node's).
  const libs = module.classes.length > 0 ? [{ fileName: 'esnext.disposable', pos: -1, end: -1 }] : [];
  const types = mentions(module, /\b(AbortSignal|Buffer)\b/) ? [{ fileName: 'node', pos: -1, end: -1 }] : [];
  if (libs.length > 0 || types.length > 0) {
    preamble.push(printer.printFile(f.updateSourceFile(empty, [], true, [], types, false, libs)).trimEnd());
  }
  const blocks = [preamble.join('\n'), ...declarationGroups(module, options).map((group) => group.map(print).join('\n'))];
  return `${blocks.join('\n\n')}\n`;
}
