// tsbind.generate.json: what to bind and how, read and type-checked; every error names its key.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GenerateError } from './errors.js';

/** How JS names are made from C++ names. */
export type Naming = 'camelCase' | 'keep';

/** How C++ namespaces appear in JS: see {@link GenerateConfig.namespaces}. */
export type NamespaceMode = 'flat' | 'prefix' | 'nested' | Readonly<Record<string, string>>;

/** Per-function settings, keyed by qualified name or glob in {@link GenerateConfig.functions}. */
export interface FunctionConfig {
  /** The JS name. */
  readonly name?: string;
  /** A return value policy (pybind11's names). */
  readonly policy?: 'automatic' | 'copy' | 'move' | 'reference' | 'reference_internal' | 'take_ownership';
  /** keep_alive pairs [nurse, patient], numbered as tsbind::keep_alive (0 result, 1 this, then arguments). */
  readonly keepAlive?: readonly (readonly [number, number])[];
  /** Bind with def_async: runs on the thread pool and returns a Promise. */
  readonly async?: boolean;
  /** Parameters (pointers to values) the function writes its results into: they become the JS result. */
  readonly out?: readonly string[];
  /** Pointer results: `owned` (JS frees it), `borrowed` (it belongs to someone else). */
  readonly returns?: 'owned' | 'borrowed';
  /** The function that frees an owned `char *` result (default: free). */
  readonly free?: string;
  /** Handle parameters whose ownership moves into the call (C APIs). */
  readonly transfer?: readonly string[];
  /** Pairs of a pointer parameter and its length parameter, taken from JS as one array: {"numbers": "count"}. */
  readonly arrays?: Readonly<Record<string, string>>;
}

/** A C handle type: a struct used through pointers, with a function that frees it. */
export interface HandleConfig {
  /** The function that destroys one (`cJSON_Delete`). */
  readonly destroy: string;
  /** The JS class name. */
  readonly name?: string;
}

/** The whole config file. */
export interface GenerateConfig {
  /** The module name of TSBIND_MODULE (default: the output file's base name). */
  readonly module?: string;
  /** Headers to read, relative to the config file (added to those on the command line). */
  readonly headers: readonly string[];
  readonly includeDirs: readonly string[];
  readonly defines: readonly string[];
  /** `c` for a C API (parsed as C11), `c++` (C++17). Default: from the header's extension. */
  readonly language?: 'c' | 'c++';
  /** Further clang arguments. */
  readonly clangArgs: readonly string[];
  /** Qualified-name globs to bind (default: everything in the headers). */
  readonly include: readonly string[];
  /** Qualified-name globs to leave out. */
  readonly exclude: readonly string[];
  /** JS names from C++ names: camelCase (default) or keep. Types keep their names. */
  readonly naming: Naming;
  /** Explicit JS names, by qualified C++ name. */
  readonly rename: Readonly<Record<string, string>>;
  /**
   * Namespaces: `flat` (names alone, default), `prefix` (the namespace's name before each), `nested` (each
   * namespace a submodule of its own name, `binding.geo.units.f`), or a map from C++ namespaces to the
   * submodules they become, by JS path: {"geo::units": "units"} (`""`: the module itself). A namespace the
   * map does not name goes where its nearest enclosing one does.
   */
  readonly namespaces: NamespaceMode;
  /** A prefix removed from C names (`cJSON_`). */
  readonly stripPrefix?: string;
  /** Per-function settings, by qualified name or glob. */
  readonly functions: Readonly<Record<string, FunctionConfig>>;
  /** C++ exception types to register, and their JS names: {"pugi::xpath_exception": "XPathError"}. */
  readonly exceptions: Readonly<Record<string, string>>;
  /** Pair getX()/setX(v) (and x()/set_x(v)) into properties. */
  readonly properties: boolean;
  /** Classes whose virtual methods JS subclasses may override: a trampoline is written for each. */
  readonly trampolines: readonly string[];
  /** C handle types, by struct name; found by themselves when a `void f(T *)` destroy function exists. */
  readonly handles: Readonly<Record<string, HandleConfig>>;
  /** Functions the module body calls last, defined by hand in another source file: `void f(tsbind::module_ &m)`. */
  readonly extensions: readonly string[];
  /** Template instantiations to bind, as C++ writes them, and their JS names: {"ns::range<ns::iterator>": "Range"}. */
  readonly templates: Readonly<Record<string, string>>;
}

/** The config used when there is no file. */
export const DEFAULT_CONFIG: GenerateConfig = {
  headers: [],
  includeDirs: [],
  defines: [],
  clangArgs: [],
  include: [],
  exclude: [],
  naming: 'camelCase',
  rename: {},
  namespaces: 'flat',
  functions: {},
  exceptions: {},
  properties: false,
  trampolines: [],
  handles: {},
  extensions: [],
  templates: {},
};

type Json = unknown;

/** Checks one value; throws naming the key path. */
class Checker {
  constructor(readonly file: string) {}

  fail(key: string, message: string): never {
    throw new GenerateError(`${this.file}: "${key}" ${message}`, 'See docs/generate.md, "The config file", for every key and its type.');
  }
  object(key: string, v: Json): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(key, `must be an object, got ${describe(v)}`);
    return v as Record<string, Json>;
  }
  string(key: string, v: Json): string {
    if (typeof v !== 'string' || v === '') this.fail(key, `must be a non-empty string, got ${describe(v)}`);
    return v;
  }
  boolean(key: string, v: Json): boolean {
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${describe(v)}`);
    return v;
  }
  strings(key: string, v: Json): string[] {
    if (!Array.isArray(v)) this.fail(key, `must be an array of strings, got ${describe(v)}`);
    return v.map((item, i) => this.string(`${key}[${i}]`, item));
  }
  oneOf<T extends string>(key: string, v: Json, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(key, `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${describe(v)}`);
    return v as T;
  }
  stringMap(key: string, v: Json): Record<string, string> {
    const o = this.object(key, v);
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(o)) out[k] = this.string(`${key}.${k}`, value);
    return out;
  }
  known(key: string, o: Record<string, Json>, keys: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!keys.includes(k)) this.fail(key ? `${key}.${k}` : k, `is not a known key (known: ${keys.join(', ')})`);
    }
  }
}

function describe(v: Json): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

const FUNCTION_KEYS = ['name', 'policy', 'keepAlive', 'async', 'out', 'returns', 'free', 'transfer', 'arrays'] as const;
const POLICIES = ['automatic', 'copy', 'move', 'reference', 'reference_internal', 'take_ownership'] as const;

function checkFunction(c: Checker, key: string, v: Json): FunctionConfig {
  const o = c.object(key, v);
  c.known(key, o, FUNCTION_KEYS);
  const f: { -readonly [K in keyof FunctionConfig]: FunctionConfig[K] } = {};
  if (o.name !== undefined) f.name = c.string(`${key}.name`, o.name);
  if (o.policy !== undefined) f.policy = c.oneOf(`${key}.policy`, o.policy, POLICIES);
  if (o.keepAlive !== undefined) {
    if (!Array.isArray(o.keepAlive)) c.fail(`${key}.keepAlive`, `must be an array of [nurse, patient] pairs, got ${describe(o.keepAlive)}`);
    f.keepAlive = o.keepAlive.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
        c.fail(`${key}.keepAlive[${i}]`, `must be a pair of argument numbers [nurse, patient], got ${JSON.stringify(pair)}`);
      }
      return [pair[0] as number, pair[1] as number] as const;
    });
  }
  if (o.async !== undefined) f.async = c.boolean(`${key}.async`, o.async);
  if (o.out !== undefined) f.out = c.strings(`${key}.out`, o.out);
  if (o.returns !== undefined) f.returns = c.oneOf(`${key}.returns`, o.returns, ['owned', 'borrowed'] as const);
  if (o.free !== undefined) f.free = c.string(`${key}.free`, o.free);
  if (o.transfer !== undefined) f.transfer = c.strings(`${key}.transfer`, o.transfer);
  if (o.arrays !== undefined) f.arrays = c.stringMap(`${key}.arrays`, o.arrays);
  return f;
}

/** "namespaces": a mode, or a map of C++ namespaces to submodule paths. */
function checkNamespaces(c: Checker, v: Json): NamespaceMode {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const modes = ['flat', 'prefix', 'nested'] as const;
    if (typeof v === 'string' && modes.includes(v as never)) return v as (typeof modes)[number];
    c.fail('namespaces', `must be "flat", "prefix", "nested" or an object of namespaces and their submodules ({"geo::units": "units"}), got ${describe(v)}`);
  }
  const map: Record<string, string> = {};
  for (const [ns, path] of Object.entries(v as Record<string, Json>)) {
    const key = `namespaces.${ns}`;
    if (!/^[A-Za-z_]\w*(::[A-Za-z_]\w*)*$/.test(ns)) c.fail(key, 'must name a C++ namespace as C++ writes it: "geo::units"');
    if (typeof path !== 'string' || (path !== '' && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path))) {
      c.fail(key, `must be a submodule's JS name or path ("units", "geometry.units"), or "" for the module itself, got ${describe(path)}`);
    }
    map[ns] = path;
  }
  return map;
}

const TOP_KEYS = [
  '$schema', 'module', 'headers', 'includeDirs', 'defines', 'language', 'clangArgs', 'include', 'exclude', 'naming', 'rename',
  'namespaces', 'stripPrefix', 'functions', 'exceptions', 'properties', 'trampolines', 'handles', 'extensions', 'templates',
] as const;

/** Checks a parsed config object; `file` names it in errors; relative paths resolve against `baseDir`. */
export function checkConfig(value: Json, file: string, baseDir: string): GenerateConfig {
  const c = new Checker(file);
  const o = c.object('(top level)', value);
  c.known('', o, TOP_KEYS);
  const paths = (key: string) => (o[key] === undefined ? [] : c.strings(key, o[key]).map((p) => resolve(baseDir, p)));
  const config: { -readonly [K in keyof GenerateConfig]: GenerateConfig[K] } = {
    ...DEFAULT_CONFIG,
    headers: paths('headers'),
    includeDirs: paths('includeDirs'),
  };
  if (o.module !== undefined) {
    config.module = c.string('module', o.module);
    if (!/^[A-Za-z_]\w*$/.test(config.module)) c.fail('module', `must be a C identifier (TSBIND_MODULE's name), got "${config.module}"`);
  }
  if (o.defines !== undefined) config.defines = c.strings('defines', o.defines);
  if (o.language !== undefined) config.language = c.oneOf('language', o.language, ['c', 'c++'] as const);
  if (o.clangArgs !== undefined) config.clangArgs = c.strings('clangArgs', o.clangArgs);
  if (o.include !== undefined) config.include = c.strings('include', o.include);
  if (o.exclude !== undefined) config.exclude = c.strings('exclude', o.exclude);
  if (o.naming !== undefined) config.naming = c.oneOf('naming', o.naming, ['camelCase', 'keep'] as const);
  if (o.rename !== undefined) config.rename = c.stringMap('rename', o.rename);
  if (o.namespaces !== undefined) config.namespaces = checkNamespaces(c, o.namespaces);
  if (o.stripPrefix !== undefined) config.stripPrefix = c.string('stripPrefix', o.stripPrefix);
  if (o.functions !== undefined) {
    const fs = c.object('functions', o.functions);
    config.functions = Object.fromEntries(Object.entries(fs).map(([k, v]) => [k, checkFunction(c, `functions.${k}`, v)]));
  }
  if (o.exceptions !== undefined) config.exceptions = c.stringMap('exceptions', o.exceptions);
  if (o.properties !== undefined) config.properties = c.boolean('properties', o.properties);
  if (o.trampolines !== undefined) config.trampolines = c.strings('trampolines', o.trampolines);
  if (o.handles !== undefined) {
    const hs = c.object('handles', o.handles);
    config.handles = Object.fromEntries(
      Object.entries(hs).map(([k, v]) => {
        const h = c.object(`handles.${k}`, v);
        c.known(`handles.${k}`, h, ['destroy', 'name']);
        const entry: HandleConfig = {
          destroy: c.string(`handles.${k}.destroy`, h.destroy),
          ...(h.name === undefined ? {} : { name: c.string(`handles.${k}.name`, h.name) }),
        };
        return [k, entry];
      }),
    );
  }
  if (o.extensions !== undefined) {
    config.extensions = c.strings('extensions', o.extensions);
    config.extensions.forEach((name, i) => {
      if (!/^[A-Za-z_][\w:]*$/.test(name)) c.fail(`extensions[${i}]`, `must be a C++ function name, got "${name}"`);
    });
  }
  if (o.templates !== undefined) {
    config.templates = c.stringMap('templates', o.templates);
    for (const [key, name] of Object.entries(config.templates)) {
      if (!/^[A-Za-z_][\w:]*\s*<.*>\s*$/.test(key)) c.fail(`templates.${key}`, 'must name an instantiation as C++ writes it: "ns::range<ns::node_iterator>"');
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) c.fail(`templates.${key}`, `must be a JS name, got "${name}"`);
    }
  }
  return config;
}

/** Reads and checks the config file at `path`; a missing default file gives the defaults. */
export function loadConfig(path: string | undefined): { config: GenerateConfig; file: string | undefined } {
  const file = path ?? (existsSync('tsbind.generate.json') ? 'tsbind.generate.json' : undefined);
  if (!file) return { config: DEFAULT_CONFIG, file: undefined };
  if (!existsSync(file)) throw new GenerateError(`config file not found: ${file}`, 'Give the path of a tsbind.generate.json with --config.');
  let value: Json;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GenerateError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { config: checkConfig(value, file, dirname(resolve(file))), file };
}

/** Whether qualified `name` matches glob `pattern` (`*` any run of characters, `?` one). */
export function matchesGlob(name: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(name);
}

/** The settings of function `name`: every matching entry, later keys winning. */
export function functionConfig(config: GenerateConfig, name: string): FunctionConfig {
  let merged: FunctionConfig = {};
  for (const [pattern, f] of Object.entries(config.functions)) if (matchesGlob(name, pattern)) merged = { ...merged, ...f };
  return merged;
}
