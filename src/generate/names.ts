// JS names from C++ names: snake_case to camelCase by default, a C prefix stripped, explicit renames first.
import type { GenerateConfig } from './config.js';

/** `snake_case_name` → `snakeCaseName`; `PascalCase` and `camelCase` stay; leading/trailing underscores go. */
export function camelCase(name: string): string {
  const trimmed = name.replace(/^_+|_+$/g, '');
  if (!trimmed.includes('_')) return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
  const [first = '', ...rest] = trimmed.split(/_+/);
  return first.charAt(0).toLowerCase() + first.slice(1) + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Makes the JS names of one run, from the config. */
export class Namer {
  constructor(private readonly config: GenerateConfig) {}

  /** Strips the configured C prefix (`cJSON_Parse` → `Parse`). */
  strip(name: string): string {
    const prefix = this.config.stripPrefix;
    return prefix && name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
  }

  /** The JS name of a function, method or field. */
  member(qname: string, name: string, namespaces: readonly string[] = []): string {
    const explicit = this.config.rename[qname];
    if (explicit) return explicit;
    const base = this.strip(name);
    const js = this.config.naming === 'camelCase' ? camelCase(base) : base;
    return this.config.namespaces === 'prefix' && namespaces.length ? camelCase([...namespaces, js].join('_')) : js;
  }

  /** The JS name of a constant: an ALL_CAPS name is kept as written (`MAX_ITEMS`, `net_MAX_ITEMS` with the namespace prefix), others are named as functions (`parse_default` → `parseDefault`). */
  constant(qname: string, name: string, namespaces: readonly string[] = []): string {
    const explicit = this.config.rename[qname];
    if (explicit) return explicit;
    return /^[A-Z][A-Z0-9_]*$/.test(this.strip(name)) ? this.type(qname, name, namespaces) : this.member(qname, name, namespaces);
  }

  /** The JS name of a class, struct, enum or exception: kept as written (type names are not camelCased). */
  type(qname: string, name: string, namespaces: readonly string[] = []): string {
    const explicit = this.config.rename[qname];
    if (explicit) return explicit;
    const base = this.strip(name);
    return this.config.namespaces === 'prefix' && namespaces.length ? [...namespaces, base].join('_') : base;
  }
}
