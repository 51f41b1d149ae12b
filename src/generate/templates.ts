// Template instantiations from the config's "templates": `"ns::range<ns::node_iterator>": "NodeRange"`.
//
// tsbind binds concrete types, so a template is bound through the
// instantiations the config names. clang makes them: a second parse adds a
// function that uses each one (`sizeof` of a class, the address of a
// function), and the instantiated declarations, with every type substituted
// by clang, appear in the AST inside their template.
import { GenerateError } from './errors.js';
import type { Declaration, TemplateKind } from './model.js';
import { splitTopLevel } from './types.js';

/** One instantiation the config asks for. */
export interface Instantiation {
  /** As written in the config, and in the binding: `pugi::xml_object_range<pugi::xml_node_iterator>`. */
  readonly key: string;
  /** The template's qualified name: `pugi::xml_object_range`. */
  readonly template: string;
  /** The arguments without spaces, to compare with clang's. */
  readonly args: string;
  readonly jsName: string;
}

/** `a<b, c<d>>` → template `a`, arguments `b, c<d>`; null when `key` is not a template-id. */
export function parseInstantiation(key: string): { template: string; args: string[] } | null {
  const lt = key.indexOf('<');
  if (lt <= 0 || !key.trimEnd().endsWith('>')) return null;
  return { template: key.slice(0, lt).trim(), args: splitTopLevel(key.trimEnd().slice(lt + 1, -1)) };
}

/** Template arguments compared as clang prints them, spaces aside. */
export function normalizeArgs(args: readonly string[]): string {
  return args.map((a) => a.replace(/\s+/g, '')).join(',');
}

/** The config's instantiations, by template. */
export class Instantiations {
  readonly #byTemplate = new Map<string, Instantiation[]>();

  constructor(templates: Readonly<Record<string, string>>) {
    for (const [key, jsName] of Object.entries(templates)) {
      const parsed = parseInstantiation(key);
      if (!parsed) continue;
      const list = this.#byTemplate.get(parsed.template) ?? [];
      list.push({ key, template: parsed.template, args: normalizeArgs(parsed.args), jsName });
      this.#byTemplate.set(parsed.template, list);
    }
  }

  /** The instantiations of template `qname`, in config order. */
  of(qname: string): readonly Instantiation[] {
    return this.#byTemplate.get(qname) ?? [];
  }

  /** The instantiation of `qname` with these clang-printed arguments, if the config names it. */
  find(qname: string, clangArgs: readonly string[]): Instantiation | undefined {
    const args = normalizeArgs(clangArgs);
    return this.of(qname).find((i) => i.args === args);
  }

  get size(): number {
    return this.#byTemplate.size;
  }

  all(): Instantiation[] {
    return [...this.#byTemplate.values()].flat();
  }
}

/** The templates of the headers and their kinds, from a first parse's declarations. */
function templateKinds(decls: readonly Declaration[]): Map<string, TemplateKind> {
  const kinds = new Map<string, TemplateKind>();
  for (const d of decls) {
    if (d.kind === 'unreadable' && d.template) kinds.set(d.qname, d.template);
    if (d.kind === 'record') for (const u of d.unreadable) if (u.template && u.qname) kinds.set(u.qname, u.template);
  }
  return kinds;
}

/**
 * C++ that makes clang instantiate each of the config's templates, appended
 * to the parsed translation unit; a key that is not a template-id of the
 * headers is an error naming it.
 */
export function instantiationSource(decls: readonly Declaration[], templates: Readonly<Record<string, string>>): string {
  const kinds = templateKinds(decls);
  const uses: string[] = [];
  for (const key of Object.keys(templates)) {
    const parsed = parseInstantiation(key);
    if (!parsed) throw new GenerateError(`the config's "templates.${key}" is not a template instantiation`, 'Write it as C++ names it: "ns::range<ns::node_iterator>".');
    const kind = kinds.get(parsed.template);
    if (!kind) {
      const known = [...kinds.keys()].sort();
      throw new GenerateError(`the config's "templates.${key}": the headers have no template ${parsed.template}`,
        known.length ? `Their templates: ${known.join(', ')}.` : 'The headers declare no templates.');
    }
    uses.push(kind === 'class' ? `    static_cast<void>(sizeof(${key}));` : `    static_cast<void>(&${key});`);
  }
  const includes = standardHeaders(Object.keys(templates).join(' ')).map((h) => `#include <${h}>\n`).join('');
  return `\n// tsbind generate: the instantiations of the config's "templates".\n${includes}inline void tsbind_generate_instantiations() {\n${uses.join('\n')}\n}\n`;
}

const STANDARD_HEADERS: Readonly<Record<string, string>> = {
  function: 'functional', string: 'string', string_view: 'string_view', vector: 'vector', map: 'map', set: 'set', unordered_map: 'unordered_map',
  unordered_set: 'unordered_set', optional: 'optional', variant: 'variant', tuple: 'tuple', pair: 'utility', array: 'array',
  shared_ptr: 'memory', unique_ptr: 'memory',
};

/** The standard headers that declare the `std::` names in `text` (template arguments the headers may not include). */
export function standardHeaders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bstd::(\w+)/g)) {
    const header = STANDARD_HEADERS[m[1]!];
    if (header) out.add(header);
  }
  return [...out].sort();
}
