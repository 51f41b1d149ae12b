// The description a tsbind module gives of itself (format version 1), and its validation.
//
// A module's `[Symbol.for('tsbind.describe')]()` returns this object. It comes
// from native code, possibly built by another tsbind version, so it is checked
// field by field before anything is generated from it: a wrong shape is an
// error that names the field, never a crash or a broken .d.ts.

/** The key of the describe function on a module's exports: `exports[Symbol.for(DESCRIBE_KEY)]()`. */
export const DESCRIBE_KEY = 'tsbind.describe';

/** The format version this generator reads. */
export const DESCRIPTION_VERSION = 1;

/** What a tsbind module says about itself. */
export interface ModuleDescription {
  /** Format version: {@link DESCRIPTION_VERSION}. */
  readonly tsbind: 1;
  /** The name given to `TSBIND_MODULE`. */
  readonly module: string;
  /** Free functions, each with its overloads. */
  readonly functions: readonly FunctionDescription[];
  /** Bound classes. */
  readonly classes: readonly ClassDescription[];
  /** Registered exception types (JS `Error` subclasses). */
  readonly exceptions: readonly ExceptionDescription[];
  /** Plain-object types (`object_`): interfaces. Absent in modules from before they existed. */
  readonly objects: readonly ObjectDescription[];
  /** Enums (`enum_`). Absent in modules from before they existed. */
  readonly enums: readonly EnumDescription[];
  /** Module-level constants (`module_::attr`). Absent in modules from before they existed. */
  readonly constants?: readonly ConstantDescription[];
  /** Submodules (`module_::def_submodule`): objects of exports under a key. Absent when there are none. */
  readonly submodules?: readonly SubmoduleDescription[];
  /**
   * The name of the module's one export (`module_::default_export`): a class
   * or function that `require()` gives, with everything else nested in it.
   * Absent for a module of named exports.
   */
  readonly default?: string;
}

/**
 * What every exported item has besides its name: where it is. `scope` is the
 * JS path of the submodule or class it is a property of (`types`, `Outer`,
 * `types.Outer`); absent at the top level of the module. Type strings name
 * nested items by their full path (`types.Number`).
 */
export interface Scoped {
  readonly scope?: string;
}

/** A submodule: an object of exports under a key, declared as a namespace. */
export interface SubmoduleDescription extends Scoped {
  readonly name: string;
  readonly doc: string;
}

/** A module-level constant. */
export interface ConstantDescription extends Scoped {
  readonly name: string;
  /** Its TypeScript type. */
  readonly type: string;
  readonly doc: string;
}

/** A free function. */
export interface FunctionDescription extends Scoped {
  /** Its JS name. */
  readonly name: string;
  /** Its signatures, in definition order (at least one). */
  readonly overloads: readonly Signature[];
}

/** One signature of a function, method or constructor. */
export interface Signature {
  /** Its parameters, in order. */
  readonly params: readonly Param[];
  /** The TypeScript type of the result: `void` for none (and in constructors). */
  readonly returns: string;
  /** Its doc string; empty when none was given. */
  readonly doc: string;
  /** The registered exception classes it declares it throws (`tsbind::throws`). */
  readonly throws?: readonly string[];
}

/** One parameter of a signature. */
export interface Param {
  /** Its name (`arg0`, `arg1`, … when the binding gave none). */
  readonly name: string;
  /** Its TypeScript type (`unknown` when it cannot be named). */
  readonly type: string;
  /** Whether it may be left out. */
  readonly optional: boolean;
  /** The JS value of the C++ default, when one is given. */
  readonly default?: unknown;
}

/** A bound class. */
export interface ClassDescription extends Scoped {
  /** Its JS name. */
  readonly name: string;
  /** Its doc string; empty when none was given. */
  readonly doc: string;
  /** The path of a bound base class (its name, or `scope.name` when nested), or null. */
  readonly extends: string | null;
  /** Its constructors; empty when it cannot be constructed from JS. */
  readonly constructors: readonly Signature[];
  /** Instance and static methods. */
  readonly methods: readonly MethodDescription[];
  /** Instance and static properties. */
  readonly properties: readonly PropertyDescription[];
  /** JS may call it without `new` (`class_::callable_without_new`). */
  readonly callable?: boolean;
  /** The constructor's `name` when it is exported under another key (`tsbind::export_as`); `name` is the key. */
  readonly jsName?: string;
}

/** A method of a class. */
export interface MethodDescription {
  /** Its JS name. */
  readonly name: string;
  /** Whether it is called on the class rather than on instances. */
  readonly static: boolean;
  /** Its signatures, in definition order (at least one). */
  readonly overloads: readonly Signature[];
}

/** A property of a class. */
export interface PropertyDescription {
  /** Its JS name. */
  readonly name: string;
  /** Its TypeScript type. */
  readonly type: string;
  /** Whether it has no setter. */
  readonly readonly: boolean;
  /** Whether it is a property of the class rather than of instances. */
  readonly static: boolean;
  /** Its doc string; empty when none was given. */
  readonly doc: string;
}

/** A registered exception type. */
export interface ExceptionDescription extends Scoped {
  /** Its JS class name. */
  readonly name: string;
  /** `Error`, a built-in error class, or the path of another exception class of the module. */
  readonly extends: string;
  /** The `code` every error of the class has, or '' for none. */
  readonly code?: string;
  /** Own properties read from the C++ exception. */
  readonly fields?: readonly { readonly name: string; readonly type: string }[];
}

/** A struct that crosses as a plain object. */
export interface ObjectDescription extends Scoped {
  readonly name: string;
  readonly doc: string;
  readonly fields: readonly FieldDescription[];
}

/** One field of a plain-object type. */
export interface FieldDescription {
  readonly name: string;
  /** Its TypeScript type, as JS receives it. */
  readonly type: string;
  /** May be left out (a std::optional field). */
  readonly optional: boolean;
  readonly doc: string;
}

/** An enum: a frozen object of named numbers. */
export interface EnumDescription extends Scoped {
  readonly name: string;
  readonly doc: string;
  readonly values: readonly { readonly name: string; readonly value: number; readonly doc: string }[];
  /** A set of flags: any combination of the values made with `|` is one. */
  readonly flags?: boolean;
}

/** A description that cannot be turned into declarations: its shape is wrong, or a type does not parse. */
export class DescriptionError extends Error {
  /** Where in the description: a path such as `classes[0].methods[1].overloads[0].returns`, or '' for the whole. */
  readonly path: string;

  /** @param message what is wrong, naming the item; @param path where it is. */
  constructor(message: string, path = '') {
    super(message);
    this.name = 'DescriptionError';
    this.path = path;
  }
}

/** How a value is named in an error message: its JS type, and the value itself when short. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length <= 40 ? `string ${JSON.stringify(value)}` : 'a string';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** Walks a value that should be a description, reporting the first mismatch with its path and the item it belongs to. */
class Reader {
  constructor(
    /** JS path of the value read, from the root (`classes[1].methods[0]`). */
    readonly path: string,
    /** The named items the path is inside, for humans (`class Counter, method increment`). */
    readonly context: readonly string[],
    readonly value: unknown,
  ) {}

  fail(expected: string, value: unknown = this.value, path = this.path): never {
    const where = path || 'the description';
    const within = this.context.length > 0 ? ` (${this.context.join(', ')})` : '';
    throw new DescriptionError(`Invalid module description: ${where}${within} must be ${expected}, got ${shown(value)}`, path);
  }

  /** The field `key` of this object. */
  field(key: string): Reader {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('an object');
    return new Reader(this.path ? `${this.path}.${key}` : key, this.context, (this.value as Record<string, unknown>)[key]);
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail('a string');
    return this.value;
  }

  /** A non-empty string: names. */
  name(): string {
    const name = this.string();
    if (name.length === 0) this.fail('a non-empty name');
    return name;
  }

  /** A finite number. */
  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('a finite number');
    return this.value;
  }

  /** Like {@link string}, but an absent field reads as '' (a field added to format 1 later). */
  optionalString(): string {
    return this.value === undefined ? '' : this.string();
  }

  /** Like {@link array}, but an absent field reads as empty (a kind added to format 1 later). */
  optionalArray<T>(kind: string, read: (element: Reader) => T): T[] {
    return this.value === undefined ? [] : this.array(kind, read);
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('a boolean');
    return this.value;
  }

  /** Like {@link boolean}, but an absent field reads as false (a field added to format 1 later). */
  optionalBoolean(): boolean {
    return this.value === undefined ? false : this.boolean();
  }

  /** Each element of this array, read by `read` with the element's name (if it has one) added to the context. */
  array<T>(kind: string, read: (element: Reader) => T): T[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    return this.value.map((element: unknown, index) => {
      const name = typeof element === 'object' && element !== null && typeof (element as { name?: unknown }).name === 'string' ? (element as { name: string }).name : undefined;
      const label = name !== undefined ? `${kind} ${name}` : `${kind} ${index + 1}`;
      return read(new Reader(`${this.path}[${index}]`, [...this.context, label], element));
    });
  }
}

function readParam(param: Reader): Param {
  const result: { name: string; type: string; optional: boolean; default?: unknown } = {
    name: param.field('name').name(),
    type: param.field('type').string(),
    optional: param.field('optional').boolean(),
  };
  if (typeof param.value === 'object' && param.value !== null && 'default' in param.value) {
    result.default = (param.value as { default: unknown }).default;
  }
  return result;
}

/** `{ scope }` for an item nested in a submodule or class, nothing at the top level. */
function scoped(item: Reader): Scoped {
  const scope = item.field('scope');
  if (scope.value === undefined) return {};
  const path = scope.name();
  if (!/^[^.]+(\.[^.]+)*$/.test(path)) scope.fail('a path of names joined by dots');
  return { scope: path };
}

/** `{ [key]: list }` for a list a module has, nothing for an empty one (an optional field of the description). */
function optionalList<K extends string, T>(key: K, list: T[]): { [k in K]?: T[] } {
  return (list.length === 0 ? {} : { [key]: list }) as { [k in K]?: T[] };
}

function readSignature(signature: Reader): Signature {
  return {
    params: signature.field('params').array('parameter', readParam),
    returns: signature.field('returns').string(),
    doc: signature.field('doc').string(),
    throws: signature.field('throws').optionalArray('exception name', (name) => name.name()),
  };
}

function readOverloads(owner: Reader): Signature[] {
  const overloads = owner.field('overloads');
  const signatures = overloads.array('overload', readSignature);
  if (signatures.length === 0) overloads.fail('at least one signature');
  return signatures;
}

function readClass(cls: Reader): ClassDescription {
  const base = cls.field('extends');
  return {
    name: cls.field('name').name(),
    ...scoped(cls),
    doc: cls.field('doc').string(),
    extends: base.value === null ? null : base.name(),
    constructors: cls.field('constructors').array('constructor', readSignature),
    methods: cls.field('methods').array('method', (method) => ({
      name: method.field('name').name(),
      static: method.field('static').boolean(),
      overloads: readOverloads(method),
    })),
    properties: cls.field('properties').array('property', (property) => ({
      name: property.field('name').name(),
      type: property.field('type').string(),
      readonly: property.field('readonly').boolean(),
      static: property.field('static').boolean(),
      doc: property.field('doc').string(),
    })),
    ...(cls.field('callable').optionalBoolean() ? { callable: true } : {}),
    ...(cls.field('jsName').value === undefined ? {} : { jsName: cls.field('jsName').name() }),
  };
}

/**
 * Checks that `value` is a module description of format version 1 and returns
 * it, copied into fresh objects (fields this version does not know are left
 * out). Throws a {@link DescriptionError} naming the first wrong field.
 *
 * Only the shape is checked here; type strings are parsed, and names checked
 * against each other, when declarations are generated.
 */
export function parseDescription(value: unknown): ModuleDescription {
  const root = new Reader('', [], value);
  const version = root.field('tsbind');
  if (typeof version.value === 'number' && version.value > DESCRIPTION_VERSION) {
    throw new DescriptionError(
      `The module description has format version ${version.value}, newer than the version ${DESCRIPTION_VERSION} this tsbind reads: update the tsbind package that generates the declarations`,
      'tsbind',
    );
  }
  if (version.value !== DESCRIPTION_VERSION) version.fail(`the format version ${DESCRIPTION_VERSION}`);
  return {
    tsbind: DESCRIPTION_VERSION,
    module: root.field('module').name(),
    functions: root.field('functions').array('function', (fn) => ({ name: fn.field('name').name(), ...scoped(fn), overloads: readOverloads(fn) })),
    classes: root.field('classes').array('class', readClass),
    exceptions: root.field('exceptions').array('exception', (exception) => ({
      name: exception.field('name').name(),
      ...scoped(exception),
      extends: exception.field('extends').name(),
      code: exception.field('code').optionalString(),
      fields: exception.field('fields').optionalArray('field', (field) => ({
        name: field.field('name').name(),
        type: field.field('type').string(),
      })),
    })),
    objects: root.field('objects').optionalArray('object', (object) => ({
      name: object.field('name').name(),
      ...scoped(object),
      doc: object.field('doc').string(),
      fields: object.field('fields').array('field', (field) => ({
        name: field.field('name').name(),
        type: field.field('type').string(),
        optional: field.field('optional').boolean(),
        doc: field.field('doc').string(),
      })),
    })),
    ...optionalList('constants', root.field('constants').optionalArray('constant', (c) => ({
      name: c.field('name').name(),
      ...scoped(c),
      type: c.field('type').string(),
      doc: c.field('doc').string(),
    }))),
    enums: root.field('enums').optionalArray('enum', (e) => ({
      name: e.field('name').name(),
      ...scoped(e),
      doc: e.field('doc').string(),
      values: e.field('values').array('value', (value) => ({
        name: value.field('name').name(),
        value: value.field('value').number(),
        doc: value.field('doc').string(),
      })),
      ...(e.field('flags').optionalBoolean() ? { flags: true } : {}),
    })),
    ...(root.field('default').value === undefined ? {} : { default: root.field('default').name() }),
    ...optionalList('submodules', root.field('submodules').optionalArray('submodule', (sub) => ({
      name: sub.field('name').name(),
      ...scoped(sub),
      doc: sub.field('doc').string(),
    }))),
  };
}
