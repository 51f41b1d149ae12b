// The declarations of a header, as the generator sees them: read from clang's AST, before any binding decision.

/** Where a declaration is. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly offset: number;
}

/** A C++ type: as written (qualified by clang) and with typedefs removed. */
export interface CppType {
  /** As clang prints it, e.g. `const pugi::char_t *`. */
  readonly spelling: string;
  /** With typedefs resolved, e.g. `const char *`. */
  readonly canonical: string;
}

/** A function or method parameter. */
export interface Param {
  readonly name: string;
  readonly type: CppType;
  /** The default argument as a C++ expression valid outside the declaring scope; `null` when one exists but cannot be written. */
  readonly defaultValue?: string | null;
}

/** A free function, method or constructor. */
export interface FunctionInfo {
  readonly kind: 'function' | 'method' | 'constructor';
  /** Qualified name (`geo::Shape::area`). */
  readonly qname: string;
  /** Unqualified name (`area`, `operator==`). */
  readonly name: string;
  /** Namespaces around it, outermost first. */
  readonly namespaces: readonly string[];
  readonly returns: CppType;
  readonly params: readonly Param[];
  readonly variadic: boolean;
  readonly isConst: boolean;
  readonly isStatic: boolean;
  readonly isVirtual: boolean;
  readonly isPure: boolean;
  readonly isDeleted: boolean;
  /** Has `&`/`&&` ref-qualifiers, or is otherwise not bindable as a plain member pointer. */
  readonly refQualified: boolean;
  readonly location: Location;
  /** The C++ signature for messages: `int add(int a, int b)`. */
  readonly signature: string;
  /** An instantiation of a function template listed in the config's "templates": its JS name. */
  readonly jsName?: string;
}

/** A data member. */
export interface FieldInfo {
  readonly name: string;
  readonly qname: string;
  readonly type: CppType;
  readonly isConst: boolean;
  readonly isStatic: boolean;
  /** A static member that is `constexpr` or const at its top level (`const char *const`, not `const char *`). */
  readonly isConstant: boolean;
  /** A static member that surely has a definition to take the address of: inline (a C++17 `constexpr`), or declared without an in-class initializer (defined in a source file). */
  readonly hasAddress: boolean;
  readonly location: Location;
}

/** A variable at namespace scope or global. */
export interface VariableInfo {
  readonly kind: 'variable';
  readonly qname: string;
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly type: CppType;
  /** `constexpr`, or const at its top level (`const char *const`, `const char[6]`, not `const char *`). */
  readonly isConstant: boolean;
  readonly location: Location;
}

/** A class, struct or union. */
export interface RecordInfo {
  readonly kind: 'record';
  readonly qname: string;
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly tag: 'struct' | 'class' | 'union';
  readonly complete: boolean;
  readonly abstract: boolean;
  readonly polymorphic: boolean;
  readonly aggregate: boolean;
  /** Public base classes, qualified names. */
  readonly bases: readonly string[];
  /** Whether the destructor is public (or implicit). */
  readonly publicDestructor: boolean;
  /** Whether a public default or other constructor can be called. */
  readonly constructors: readonly FunctionInfo[];
  readonly methods: readonly FunctionInfo[];
  readonly fields: readonly FieldInfo[];
  /** Public member declarations that were not read (member templates without an instantiation), with why. */
  readonly unreadable: readonly { what: string; reason: string; location: Location; template?: TemplateKind; qname?: string }[];
  readonly location: Location;
  /** An implicit default constructor exists (no user-declared constructor). */
  readonly implicitDefaultConstructor: boolean;
  /** The class it is declared in, for a nested class (`Outer::Inner`). */
  readonly outer?: string;
  /** Every non-static data member, private ones too: its type (typedefs resolved) and whether it is public. */
  readonly storage: readonly { readonly type: string; readonly isPublic: boolean }[];
  /** An instantiation of a class template listed in the config's "templates": its JS name. */
  readonly jsName?: string;
}

/** An enum or enum class. */
export interface EnumInfo {
  readonly kind: 'enum';
  readonly qname: string;
  readonly name: string;
  readonly namespaces: readonly string[];
  readonly scoped: boolean;
  readonly values: readonly { readonly name: string; readonly qname: string }[];
  readonly location: Location;
  /** The class it is declared in, for a nested enum (`Outer::E`). */
  readonly outer?: string;
}

/** Which kind of template a declaration is. */
export type TemplateKind = 'class' | 'function';

/** Something in the header that cannot be bound by its nature (a template), with why. */
export interface UnreadableInfo {
  readonly kind: 'unreadable';
  readonly qname: string;
  readonly what: string;
  readonly reason: string;
  readonly location: Location;
  /** A class or function template (without an instantiation in the config). */
  readonly template?: TemplateKind;
}

/** A top-level declaration in header order. */
export type Declaration = ({ readonly kind: 'function' } & FunctionInfo) | RecordInfo | EnumInfo | VariableInfo | UnreadableInfo;
