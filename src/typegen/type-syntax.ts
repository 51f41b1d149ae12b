// TypeScript type text from a module description (`Array<string>`, `Counter | null`) parsed into type nodes.
//
// Why positions are erased: a node parsed from one source file keeps offsets
// into that file's text, and the printer reads literals and comments back
// from the file it prints at those offsets. Marking every node synthesized
// (position -1) makes the printer write each node from its own data, so the
// node can be placed anywhere in the generated file.
import ts from 'typescript';
import { DescriptionError } from './description.js';

/** The text the type is parsed inside of: `type T = <text>;`. */
const PREFIX = 'type T = ';
const FILE_NAME = 'type.ts';

/** Syntax errors of a lone source file, through the public program API (no lib, no resolution: parsing only). */
function syntaxErrors(file: ts.SourceFile): string[] {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === FILE_NAME ? file : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === FILE_NAME,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [FILE_NAME], options: { noLib: true, noResolve: true, types: [] }, host });
  return program.getSyntacticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

/** Marks `node` and everything below it as synthesized, so that it prints from its own data. */
function detach<T extends ts.Node>(node: T): T {
  const visit = (child: ts.Node): void => {
    ts.setTextRange(child, { pos: -1, end: -1 });
    ts.forEachChild(child, visit);
  };
  visit(node);
  // The printer puts each tuple element and object type member on a line of
  // its own unless told otherwise, which only a synthesized node can be.
  const singleLine: ts.TransformerFactory<T> = (context) => (root) => {
    const visit = (child: ts.Node): ts.Node => {
      const visited = ts.visitEachChild(child, visit, context);
      if (ts.isTupleTypeNode(visited)) return ts.setEmitFlags(ts.factory.createTupleTypeNode(visited.elements), ts.EmitFlags.SingleLine);
      if (ts.isTypeLiteralNode(visited)) return ts.setEmitFlags(ts.factory.createTypeLiteralNode(visited.members), ts.EmitFlags.SingleLine);
      return visited;
    };
    return ts.visitNode(root, visit) as T;
  };
  return ts.transform(node, [singleLine]).transformed[0] as T;
}

/**
 * Parses TypeScript type syntax (`number`, `Array<string>`, `Counter | null`)
 * into a type node ready to place in generated declarations; each call gives
 * a new node. Throws a {@link DescriptionError} starting with `item` (e.g.
 * `function add, parameter b`) when `text` is not exactly one type.
 */
export function parseType(text: string, item: string, path = ''): ts.TypeNode {
  const file = ts.createSourceFile(FILE_NAME, `${PREFIX}${text};`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = syntaxErrors(file);
  const statement = file.statements.length === 1 ? file.statements[0] : undefined;
  if (errors.length === 0 && statement && ts.isTypeAliasDeclaration(statement)) return detach(statement.type);
  const why = errors.length > 0 ? errors.join(' ') : 'more than one type, or not only a type';
  throw new DescriptionError(`${item}: ${JSON.stringify(text)} is not a TypeScript type (${why})`, path);
}
