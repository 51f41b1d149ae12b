// Type-checks TypeScript files as `tsc --noEmit --strict` would, and finds declarations a consumer never uses.
import ts from 'typescript';

/**
 * The diagnostics of type-checking `files` (absolute paths) with `--strict`,
 * `--noUnusedLocals`, the ES2022 lib and no @types, as text; empty when there
 * are none. Not `esnext.disposable`: generated declarations bring the lib they
 * need for [Symbol.dispose].
 */
export function typeCheck(files: readonly string[]): { diagnostics: string; program: ts.Program } {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    noUnusedLocals: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const program = ts.createProgram([...files], options);
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  return { diagnostics: ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), host), program };
}

/** `Counter.increment(by: number)`: a declaration as a reader would name it. */
function label(node: ts.Node, file: ts.SourceFile): string {
  const text = node.getText(file).split('\n')[0]!.replace(/^export declare (function )?/, '').trim();
  const owner = ts.isClassDeclaration(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
  return `${owner}${text}`;
}

/**
 * The declarations of `declarationFile` that `consumerFile` never uses: each
 * function and method overload and each constructor must be the one some call
 * resolves to, and each class and property must be referenced.
 */
export function unusedDeclarations(program: ts.Program, declarationFile: string, consumerFile: string): string[] {
  const checker = program.getTypeChecker();
  const declarations = program.getSourceFile(declarationFile);
  const consumer = program.getSourceFile(consumerFile);
  if (!declarations || !consumer) throw new Error(`${declarationFile} or ${consumerFile} is not part of the program`);

  const declared: ts.Node[] = [];
  const collect = (node: ts.Node): void => {
    const isPrivate = ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) {
      if (!isPrivate) declared.push(node);
    } else if (ts.isPropertyDeclaration(node) && !ts.isPrivateIdentifier(node.name)) {
      declared.push(node);
    }
    ts.forEachChild(node, collect);
  };
  collect(declarations);

  const used = new Set<ts.Node>();
  const reference = (symbol: ts.Symbol | undefined): void => {
    if (!symbol) return;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    // Naming a function or method does not use each of its overloads: calls decide that.
    for (const declaration of target.declarations ?? []) {
      if (ts.isClassDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) used.add(declaration);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const declaration = checker.getResolvedSignature(node)?.declaration;
      if (declaration) used.add(declaration);
    } else if (ts.isIdentifier(node)) {
      reference(checker.getSymbolAtLocation(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(consumer);
  return declared.filter((node) => !used.has(node)).map((node) => label(node, declarations));
}
