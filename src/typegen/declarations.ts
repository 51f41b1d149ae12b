// The declaration nodes for each kind of binding: functions, classes, exception classes, plain objects, enums.
import ts from 'typescript';
import type { ClassDescription, ConstantDescription, EnumDescription, ExceptionDescription, FunctionDescription, ObjectDescription, Signature } from './description.js';
import { signatureDocLines, withJSDoc } from './jsdoc.js';
import { bindingNameFor, isBindingName, memberName } from './names.js';
import { parseType } from './type-syntax.js';

const f = ts.factory;

/** How a top-level declaration is named and exported. */
export interface TopLevelName {
  /** The name it is declared under in the file. */
  readonly local: string;
  /** Whether it is exported where it is declared (`export declare …`); if not, an export list renames it. */
  readonly exportedInPlace: boolean;
  /** Whether it is declared inside a namespace (`export …`, the namespace is ambient already). */
  readonly nested?: boolean;
}

/** What declaring one item needs to know about the others. */
export interface DeclarationScope {
  /** How to refer to each class and exception (for `extends`), by its path. */
  readonly localNames: ReadonlyMap<string, string>;
  /** Paths of classes that another class of the module extends. */
  readonly extendedClasses: ReadonlySet<string>;
}

/** A signature's place in the description, for error messages: `item` for people, `path` for the field. */
interface Where {
  readonly item: string;
  readonly path: string;
}

/**
 * The signatures that differ in what TypeScript sees, each with its index in
 * `signatures`: a later overload with the same parameter and result types as
 * an earlier one (an `int` and a `double` overload are both `number`) would
 * only repeat it.
 */
function distinct(signatures: readonly Signature[]): Array<[Signature, number]> {
  const seen = new Set<string>();
  const kept: Array<[Signature, number]> = [];
  signatures.forEach((signature, index) => {
    const key = JSON.stringify([signature.returns, signature.params.map((param) => [param.type, param.optional])]);
    if (seen.has(key)) return;
    seen.add(key);
    kept.push([signature, index]);
  });
  return kept;
}

/** `item` with `(overload n)` when there are several. */
function overloadItem(item: string, index: number, count: number): string {
  return count > 1 ? `${item} (overload ${index + 1})` : item;
}

export function topModifiers(name: TopLevelName): ts.ModifierLike[] {
  if (name.nested) return [f.createModifier(ts.SyntaxKind.ExportKeyword)];
  return name.exportedInPlace
    ? [f.createModifier(ts.SyntaxKind.ExportKeyword), f.createModifier(ts.SyntaxKind.DeclareKeyword)]
    : [f.createModifier(ts.SyntaxKind.DeclareKeyword)];
}

/** `a.b.c` as an expression (an `extends` clause naming a nested class). */
function entityName(path: string): ts.Expression {
  const [first, ...rest] = path.split('.');
  return rest.reduce<ts.Expression>((left, part) => f.createPropertyAccessExpression(left, part), f.createIdentifier(first as string));
}

/** `T | undefined`, flat when `T` is a union already. */
function orUndefined(type: ts.TypeNode): ts.TypeNode {
  const undefinedType = f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword);
  return f.createUnionTypeNode(ts.isUnionTypeNode(type) ? [...type.types, undefinedType] : [type, undefinedType]);
}

/**
 * The parameter list of a signature, with its JSDoc lines. A parameter that
 * may be left out is `name?: T`, unless a required one follows it (which TS
 * forbids), when it is `name: T | undefined` (the binding takes `undefined`
 * for a default).
 */
function parameters(signature: Signature, where: Where): { params: ts.ParameterDeclaration[]; doc: string[] } {
  // Names that can stay keep them; the others are renamed around all of those.
  const taken = new Set(signature.params.map((param) => param.name).filter(isBindingName));
  const used = new Set<string>();
  const names = signature.params.map((param) => {
    const name = isBindingName(param.name) && !used.has(param.name) ? param.name : bindingNameFor(param.name, new Set([...taken, ...used]));
    used.add(name);
    return name;
  });
  let lastRequired = -1;
  signature.params.forEach((param, index) => {
    if (!param.optional) lastRequired = index;
  });
  const params = signature.params.map((param, index) => {
    const type = parseType(param.type, `${where.item}, parameter ${param.name}`, `${where.path}.params[${index}].type`);
    const optional = param.optional && index > lastRequired;
    return f.createParameterDeclaration(
      undefined,
      undefined,
      names[index] as string,
      optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined,
      param.optional && !optional ? orUndefined(type) : type,
    );
  });
  const doc = signatureDocLines(
    signature.doc,
    signature.params.map((param, index) => ({ ...param, name: names[index] as string })),
    signature.throws ?? [],
  );
  return { params, doc };
}

function returnType(signature: Signature, where: Where): ts.TypeNode {
  return parseType(signature.returns, `${where.item}, result`, `${where.path}.returns`);
}

/** `export declare function name(...): T;`, one per overload. */
export function functionDeclarations(fn: FunctionDescription, name: TopLevelName, path: string): ts.FunctionDeclaration[] {
  return distinct(fn.overloads).map(([signature, index]) => {
    const where = { item: overloadItem(`function ${fn.name}`, index, fn.overloads.length), path: `${path}.overloads[${index}]` };
    const { params, doc } = parameters(signature, where);
    const declaration = f.createFunctionDeclaration(topModifiers(name), undefined, name.local, undefined, params, returnType(signature, where), undefined);
    return withJSDoc(declaration, doc);
  });
}

function staticModifier(isStatic: boolean): ts.ModifierLike[] | undefined {
  return isStatic ? [f.createModifier(ts.SyntaxKind.StaticKeyword)] : undefined;
}

/**
 * The constructors of a class. One that JS cannot construct gets
 * `private constructor();`, or `protected constructor();` when another class
 * of the module extends it: TypeScript forbids extending a class whose
 * constructor is private.
 */
function constructors(cls: ClassDescription, scope: DeclarationScope, path: string): ts.ClassElement[] {
  if (cls.constructors.length === 0) {
    const visibility = scope.extendedClasses.has(cls.scope === undefined ? cls.name : `${cls.scope}.${cls.name}`) ? ts.SyntaxKind.ProtectedKeyword : ts.SyntaxKind.PrivateKeyword;
    const declaration = f.createConstructorDeclaration([f.createModifier(visibility)], [], undefined);
    return [withJSDoc(declaration, [`Not constructible from JS: ${cls.name} objects come from the module's functions.`])];
  }
  return distinct(cls.constructors).map(([signature, index]) => {
    const where = { item: overloadItem(`class ${cls.name}, constructor`, index, cls.constructors.length), path: `${path}.constructors[${index}]` };
    const { params, doc } = parameters(signature, where);
    return withJSDoc(f.createConstructorDeclaration(undefined, params, undefined), doc);
  });
}

/**
 * `dispose(): void;` and `[Symbol.dispose](): void;`, which every bound class
 * has; `dispose()` is left to the class's own declaration when it binds a
 * member of that name.
 */
function disposeMembers(cls: ClassDescription): ts.ClassElement[] {
  const ownDispose = [...cls.methods, ...cls.properties].some((member) => member.name === 'dispose' && !member.static);
  const voidType = (): ts.TypeNode => f.createKeywordTypeNode(ts.SyntaxKind.VoidKeyword);
  const dispose = f.createMethodDeclaration(undefined, undefined, 'dispose', undefined, undefined, [], voidType(), undefined);
  const symbolDispose = f.createMethodDeclaration(
    undefined,
    undefined,
    f.createComputedPropertyName(f.createPropertyAccessExpression(f.createIdentifier('Symbol'), 'dispose')),
    undefined,
    undefined,
    [],
    voidType(),
    undefined,
  );
  return [
    ...(ownDispose ? [] : [withJSDoc(dispose, ['Destroys the C++ object now, not when this object is collected; using it afterwards throws.'])]),
    withJSDoc(symbolDispose, ['Same as `dispose()`, for `using`: destroys the C++ object at the end of the block.']),
  ];
}

/**
 * `#private;`, as TypeScript itself declares a class with private fields: it
 * makes the class nominal, as the runtime is. A bound class accepts only its
 * own objects (and subclasses'), and exception classes would otherwise all
 * have the shape of Error, so without it any one would pass for another.
 */
function nominalBrand(): ts.PropertyDeclaration {
  return f.createPropertyDeclaration(undefined, f.createPrivateIdentifier('#private'), undefined, undefined, undefined);
}

/** `export declare class Name extends Base { constructors; properties; methods; dispose }`. */
export function classDeclaration(cls: ClassDescription, name: TopLevelName, scope: DeclarationScope, path: string): ts.ClassDeclaration {
  const properties = cls.properties.map((property, index) => {
    const modifiers = [
      ...(staticModifier(property.static) ?? []),
      ...(property.readonly ? [f.createModifier(ts.SyntaxKind.ReadonlyKeyword)] : []),
    ];
    const type = parseType(property.type, `class ${cls.name}, property ${property.name}`, `${path}.properties[${index}].type`);
    const declaration = f.createPropertyDeclaration(modifiers, memberName(property.name), undefined, type, undefined);
    return withJSDoc(declaration, property.doc === '' ? [] : property.doc.split(/\r?\n/));
  });
  const methods = cls.methods.flatMap((method, methodIndex) =>
    distinct(method.overloads).map(([signature, index]) => {
      const kind = method.static ? 'static method' : 'method';
      const where = {
        item: overloadItem(`class ${cls.name}, ${kind} ${method.name}`, index, method.overloads.length),
        path: `${path}.methods[${methodIndex}].overloads[${index}]`,
      };
      const { params, doc } = parameters(signature, where);
      const declaration = f.createMethodDeclaration(staticModifier(method.static), undefined, memberName(method.name), undefined, undefined, params, returnType(signature, where), undefined);
      return withJSDoc(declaration, doc);
    }),
  );
  const base = cls.extends === null ? undefined : scope.localNames.get(cls.extends);
  const heritage = base === undefined ? undefined : [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(entityName(base), undefined)])];
  // A derived class inherits dispose() from its base.
  const dispose = cls.extends === null ? disposeMembers(cls) : [];
  const members = [nominalBrand(), ...constructors(cls, scope, path), ...properties, ...methods, ...dispose];
  const declaration = f.createClassDeclaration(topModifiers(name), name.local, undefined, heritage, members);
  const doc = cls.doc === '' ? [] : cls.doc.split(/\r?\n/);
  // TypeScript cannot declare a class that may be called; JS callers may.
  if (cls.jsName !== undefined) doc.push(`Exported as \`${cls.name}\`; its JS name (the constructor's \`name\`) is \`${cls.jsName}\`.`);
  if (cls.callable) doc.push(`JS may also call it without \`new\`: \`${cls.name}(...)\` is \`new ${cls.name}(...)\`.`);
  return withJSDoc(declaration, doc);
}

/**
 * `export declare class Name extends Error { readonly code: 'CODE'; readonly field: T }`
 * (or extends a built-in error class, or another exception class of the module).
 */
export function exceptionDeclaration(exception: ExceptionDescription, name: TopLevelName, scope: DeclarationScope, path: string): ts.ClassDeclaration {
  const base = scope.localNames.get(exception.extends) ?? exception.extends;
  const heritage = [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(entityName(base), undefined)])];
  const readonly = [f.createModifier(ts.SyntaxKind.ReadonlyKeyword)];
  const code = !exception.code
    ? []
    : [f.createPropertyDeclaration(readonly, 'code', undefined, f.createLiteralTypeNode(f.createStringLiteral(exception.code, true)), undefined)];
  const fields = (exception.fields ?? []).map((field, index) =>
    f.createPropertyDeclaration(readonly, memberName(field.name), undefined,
      parseType(field.type, `exception ${exception.name}, field ${field.name}`, `${path}.fields[${index}].type`), undefined));
  return f.createClassDeclaration(topModifiers(name), name.local, undefined, heritage, [nominalBrand(), ...code, ...fields]);
}

/** `export interface Point { x: number; y?: number }`: a plain-object type (a type only: nothing is exported at run time). */
export function objectDeclaration(object: ObjectDescription, name: TopLevelName, path: string): ts.InterfaceDeclaration {
  const members = object.fields.map((field, index) => {
    const type = parseType(field.type, `object ${object.name}, field ${field.name}`, `${path}.fields[${index}].type`);
    const question = field.optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined;
    const member = f.createPropertySignature(undefined, memberName(field.name), question, type);
    return withJSDoc(member, field.doc === '' ? [] : field.doc.split(/\r?\n/));
  });
  const modifiers = name.exportedInPlace || name.nested ? [f.createModifier(ts.SyntaxKind.ExportKeyword)] : undefined;
  const declaration = f.createInterfaceDeclaration(modifiers, name.local, undefined, undefined, members);
  return withJSDoc(declaration, object.doc === '' ? [] : object.doc.split(/\r?\n/));
}

/** `export declare const VERSION: string`: a module-level constant. */
export function constantDeclaration(constant: ConstantDescription, name: TopLevelName, path: string): ts.VariableStatement {
  const type = parseType(constant.type, `constant ${constant.name}`, `${path}.type`);
  const declaration = f.createVariableDeclaration(name.local, undefined, type, undefined);
  const statement = f.createVariableStatement(topModifiers(name), f.createVariableDeclarationList([declaration], ts.NodeFlags.Const));
  return withJSDoc(statement, constant.doc === '' ? [] : constant.doc.split(/\r?\n/));
}

/** `export declare enum Color { Red = 0, Green = 5 }`: the frozen object of named numbers. */
export function enumDeclaration(e: EnumDescription, name: TopLevelName): ts.EnumDeclaration {
  const members = e.values.map((value) => {
    const literal = f.createNumericLiteral(Math.abs(value.value));
    const initializer = value.value < 0 ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, literal) : literal;
    const member = f.createEnumMember(memberName(value.name), initializer);
    return withJSDoc(member, value.doc === '' ? [] : value.doc.split(/\r?\n/));
  });
  const declaration = f.createEnumDeclaration(topModifiers(name), name.local, members);
  const doc = e.doc === '' ? [] : e.doc.split(/\r?\n/);
  if (e.flags) doc.push('Flags: any combination of the values made with `|` is a value too.');
  return withJSDoc(declaration, doc);
}
