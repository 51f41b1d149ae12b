// JS names from a module description as TypeScript names: identifiers where they can be, quoted or renamed where not.
//
// C++ bindings may use any string as a name. A method or property name that is
// not an identifier is quoted (`"my-name"(): void`); reserved words are fine
// there. A parameter name must be a binding identifier, so one that is not is
// renamed (`default` → `default_`): parameter names are not part of a call.
// A top-level name that is not a binding identifier (`delete`) is declared
// under a local name and exported under its own (`export { delete_ as delete }`).
import ts from 'typescript';

/** Words that are identifiers to the scanner but cannot name a binding in strict-mode module code. */
const STRICT_RESERVED = new Set(['arguments', 'await', 'eval']);

/** Whether `name` is an identifier name (reserved words included): what may follow a `.`. */
export function isIdentifierName(name: string): boolean {
  const points = Array.from(name, (ch) => ch.codePointAt(0) ?? 0);
  const [first, ...rest] = points;
  return (
    first !== undefined &&
    ts.isIdentifierStart(first, ts.ScriptTarget.Latest) &&
    rest.every((point) => ts.isIdentifierPart(point, ts.ScriptTarget.Latest))
  );
}

/** Whether `name` can name a variable, parameter, function or class in a module. */
export function isBindingName(name: string): boolean {
  if (!isIdentifierName(name)) return false;
  const token = ts.identifierToKeywordKind(ts.factory.createIdentifier(name));
  if (token !== undefined) {
    if (token >= ts.SyntaxKind.FirstReservedWord && token <= ts.SyntaxKind.LastReservedWord) return false;
    if (token >= ts.SyntaxKind.FirstFutureReservedWord && token <= ts.SyntaxKind.LastFutureReservedWord) return false;
  }
  return !STRICT_RESERVED.has(name);
}

/**
 * A binding name close to `name` that is not in `taken`: `name` itself when
 * it can be one, else with characters an identifier cannot hold replaced by
 * `_`, and `_` appended while it is reserved or taken.
 */
export function bindingNameFor(name: string, taken: ReadonlySet<string> = new Set()): string {
  let candidate = isBindingName(name) ? name : Array.from(name, (ch) => (ts.isIdentifierPart(ch.codePointAt(0) ?? 0, ts.ScriptTarget.Latest) ? ch : '_')).join('');
  if (!ts.isIdentifierStart(candidate.codePointAt(0) ?? 0, ts.ScriptTarget.Latest)) candidate = `_${candidate}`;
  while (!isBindingName(candidate) || taken.has(candidate)) candidate = `${candidate}_`;
  return candidate;
}

/**
 * A class member's name: an identifier when `name` is one (reserved words
 * included), a well-known symbol for "[Symbol.iterator]" and the like (as
 * the C++ side binds them), else a string literal.
 */
export function memberName(name: string): ts.PropertyName {
  const symbol = /^\[Symbol\.([A-Za-z]+)\]$/.exec(name);
  if (symbol) {
    const f = ts.factory;
    return f.createComputedPropertyName(f.createPropertyAccessExpression(f.createIdentifier('Symbol'), symbol[1]!));
  }
  return isIdentifierName(name) ? ts.factory.createIdentifier(name) : ts.factory.createStringLiteral(name);
}

/** The name an export declaration gives: an identifier when `name` is one, else a string (`export { x as "a-b" }`). */
export function exportName(name: string): ts.ModuleExportName {
  return isIdentifierName(name) ? ts.factory.createIdentifier(name) : ts.factory.createStringLiteral(name);
}
