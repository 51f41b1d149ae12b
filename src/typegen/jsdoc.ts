// Doc strings and parameter defaults as JSDoc comments attached to declaration nodes.
import ts from 'typescript';
import type { Param } from './description.js';

/** Whether `value` is an array or an object literal's kind of object, which JSON shows as written. */
function isPlainData(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A parameter's default value as a JS reader would write it: `2`, `"text"`,
 * `10n`, `true`, `null`, `[1,2]`. Other objects (instances of bound classes)
 * show as their `toString()`.
 */
export function formatDefault(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'undefined':
      return 'undefined';
    case 'object':
      if (value === null) return 'null';
      try {
        return isPlainData(value) ? JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) : String(value);
      } catch {
        return Object.prototype.toString.call(value);
      }
    default:
      return String(value);
  }
}

/**
 * Lines of a signature's JSDoc: its doc, then `@param name (default: value)`
 * for each parameter with a default, then `@throws {Name}` for each
 * registered exception class it declares it throws.
 */
export function signatureDocLines(doc: string, params: readonly Param[], throws: readonly string[] = []): string[] {
  const lines = doc === '' ? [] : doc.split(/\r?\n/);
  for (const param of params) {
    if ('default' in param) lines.push(`@param ${param.name} (default: ${formatDefault(param.default)})`);
  }
  for (const name of throws) lines.push(`@throws {${name}}`);
  return lines;
}

/**
 * Attaches a JSDoc comment with `lines` before `node`: `/** text *\/` for one
 * line, a block for more, nothing for none. A `*\/` inside the text is broken
 * up so that it cannot end the comment.
 */
export function withJSDoc<T extends ts.Node>(node: T, lines: readonly string[]): T {
  const kept = lines.map((line) => line.replaceAll('*/', '*\\/').trimEnd());
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  while (kept.length > 0 && kept[0] === '') kept.shift();
  if (kept.length === 0) return node;
  const text = kept.length === 1 ? `* ${kept[0]} ` : `*\n${kept.map((line) => ` * ${line}`.trimEnd()).join('\n')}\n `;
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, text, true);
}
