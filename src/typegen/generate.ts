// A module description in, the text of its .d.ts out: names checked against each other, declarations built and printed.
//
// Each top-level declaration (a function's overloads together, a class, an
// exception class) is printed by the TypeScript printer on its own, and the
// printed blocks are joined with blank lines between them, which a single
// printed source file would not have.
import ts from 'typescript';
import { classDeclaration, constantDeclaration, enumDeclaration, exceptionDeclaration, functionDeclarations, objectDeclaration, type DeclarationScope, type TopLevelName } from './declarations.js';
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
}

/** Throws when a name is used twice (at the top level, or in a class), or an `extends` names nothing it can extend. */
function checkNames(description: ModuleDescription): void {
  const seen = new Map<string, string>();
  const declare = (name: string, what: string, path: string): void => {
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new DescriptionError(`${what} has the same name as ${earlier}: each function, class and exception needs its own name`, path);
    seen.set(name, what);
  };
  description.functions.forEach((fn, i) => declare(fn.name, `function ${fn.name}`, `functions[${i}].name`));
  description.classes.forEach((cls, i) => declare(cls.name, `class ${cls.name}`, `classes[${i}].name`));
  description.exceptions.forEach((exception, i) => declare(exception.name, `exception ${exception.name}`, `exceptions[${i}].name`));
  description.objects.forEach((object, i) => declare(object.name, `object ${object.name}`, `objects[${i}].name`));
  description.enums.forEach((e, i) => declare(e.name, `enum ${e.name}`, `enums[${i}].name`));
  (description.constants ?? []).forEach((c, i) => declare(c.name, `constant ${c.name}`, `constants[${i}].name`));

  const classNames = new Set(description.classes.map((cls) => cls.name));
  description.classes.forEach((cls, i) => {
    if (cls.extends !== null && (!classNames.has(cls.extends) || cls.extends === cls.name)) {
      throw new DescriptionError(`class ${cls.name} extends ${JSON.stringify(cls.extends)}, which is not another class of the module`, `classes[${i}].extends`);
    }
    // Overloads of a method may come as several entries; anything else sharing a name clashes.
    const members = new Map<string, 'property' | 'method'>();
    for (const [kind, list] of [['property', cls.properties], ['method', cls.methods]] as const) {
      for (const member of list) {
        const key = `${member.static ? 'static ' : ''}${member.name}`;
        const earlier = members.get(key);
        if (earlier !== undefined && !(kind === 'method' && earlier === 'method')) {
          throw new DescriptionError(`class ${cls.name} has a ${earlier} and a ${kind} both named ${member.name}${member.static ? ' (static)' : ''}`, `classes[${i}]`);
        }
        members.set(key, kind);
      }
    }
  });

  const exceptionNames = new Set(description.exceptions.map((exception) => exception.name));
  description.exceptions.forEach((exception, i) => {
    const base = exception.extends;
    if (base === exception.name || (!exceptionNames.has(base) && !BUILTIN_ERRORS.has(base))) {
      throw new DescriptionError(`exception ${exception.name} extends ${JSON.stringify(base)}, which is neither Error nor another exception of the module`, `exceptions[${i}].extends`);
    }
  });
}

/** How each top-level JS name is declared: in place when it is a binding name, else under a free local name. */
function topLevelNames(description: ModuleDescription): Map<string, TopLevelName> {
  const all = [...description.functions, ...description.classes, ...description.exceptions, ...description.objects, ...description.enums, ...(description.constants ?? [])].map((item) => item.name);
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
 * per function (its overloads), class and exception, then the export list for
 * names that cannot be declared in place.
 */
function declarationGroups(module: ModuleDescription): ts.Statement[][] {
  checkNames(module);
  const names = topLevelNames(module);
  const nameOf = (name: string): TopLevelName => names.get(name) as TopLevelName;
  const scope: DeclarationScope = {
    localNames: new Map([...module.classes, ...module.exceptions].map((item) => [item.name, nameOf(item.name).local])),
    extendedClasses: new Set(module.classes.flatMap((cls) => (cls.extends === null ? [] : [cls.extends]))),
  };
  const groups: ts.Statement[][] = [
    ...module.functions.map((fn, i) => functionDeclarations(fn, nameOf(fn.name), `functions[${i}]`)),
    ...module.classes.map((cls, i) => [classDeclaration(cls, nameOf(cls.name), scope, `classes[${i}]`)]),
    ...module.exceptions.map((exception, i) => [exceptionDeclaration(exception, nameOf(exception.name), scope, `exceptions[${i}]`)]),
    ...module.objects.map((object, i) => [objectDeclaration(object, nameOf(object.name), `objects[${i}]`)]),
    ...module.enums.map((e) => [enumDeclaration(e, nameOf(e.name))]),
    ...(module.constants ?? []).map((c, i) => [constantDeclaration(c, nameOf(c.name), `constants[${i}]`)]),
  ];
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
  const blocks = [preamble.join('\n'), ...declarationGroups(module).map((group) => group.map(print).join('\n'))];
  return `${blocks.join('\n\n')}\n`;
}
