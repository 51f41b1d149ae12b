// The C++ the generator writes, as records (statements, call chains, comments), and their printer.
//
// Bindings are made as data and printed in one place, so that layout (line
// width, continuation indent, chains one call a line) is decided here alone,
// in the style of the README's examples.

/** One call in a chain: `.def("area", &Shape::area)` or `m.def(...)`. */
export interface CallRecord {
  readonly method: string;
  readonly args: readonly string[];
  /** Comments printed on the lines before the call (a skipped member, say). */
  readonly comments?: readonly string[];
}

/** A statement in the module body. */
export type Statement =
  /** `m.def(...)`, `m.exception<E>(...)`: calls on the module, or on `scope`, a submodule's variable (`xml.def(...)`). */
  | { readonly kind: 'module-call'; readonly scope?: string; readonly call: CallRecord; readonly comments?: readonly string[] }
  /**
   * `tsbind::class_<T>(m, "T")` and its chained calls, one a line; with `inline`, the first call follows the
   * head on its line (`order.def(tsbind::init<>())`, the head a class's variable).
   */
  | { readonly kind: 'chain'; readonly head: string; readonly calls: readonly CallRecord[]; readonly comments?: readonly string[]; readonly inline?: boolean }
  /** Statements that belong together (a class, the types nested in it, its members), with no blank line between them. */
  | { readonly kind: 'group'; readonly statements: readonly Statement[] }
  /** Comment lines alone (a skipped declaration). */
  | { readonly kind: 'comment'; readonly lines: readonly string[] }
  /** A blank line between groups. */
  | { readonly kind: 'blank' }
  /** A statement written as is: `bind_extras(m);`; a heading (`auto xml = m.def_submodule("xml");`) has no blank line after it. */
  | { readonly kind: 'raw'; readonly text: string; readonly heading?: boolean };

/** A C++ class written before the module (a trampoline, a C handle). */
export interface ClassDefinition {
  readonly comment: readonly string[];
  /** `struct JsShape : tsbind::trampoline<geo::Shape>`. */
  readonly head: string;
  /** Member lines, each one declaration or definition (may span lines with `\n`). */
  readonly members: readonly string[];
}

/** The whole generated file. */
export interface SourceFile {
  readonly header: readonly string[];
  readonly includes: readonly string[];
  readonly definitions: readonly ClassDefinition[];
  /** Declarations of hand-written extension functions. */
  readonly declarations: readonly string[];
  readonly module: string;
  readonly body: readonly Statement[];
}

const WIDTH = 110;
const INDENT = '    ';

/** `name(a, b, c)` on one line, or wrapped with continuation lines aligned after the opening parenthesis. */
function printCall(prefix: string, args: readonly string[], suffix: string, indent: string): string[] {
  const one = `${indent}${prefix}(${args.join(', ')})${suffix}`;
  if (one.length <= WIDTH && !args.some((a) => a.includes('\n'))) return [one];
  const lines: string[] = [];
  const align = ' '.repeat(indent.length + prefix.length + 1);
  let line = `${indent}${prefix}(`;
  args.forEach((arg, i) => {
    const last = i === args.length - 1;
    const piece = `${arg}${last ? `)${suffix}` : ','}`;
    if (arg.includes('\n')) {
      // A multi-line lambda: its first line continues the current line; later lines keep their own indent.
      const [first, ...rest] = piece.split('\n');
      const start = line.endsWith('(') || line.trim() === '' ? line : (lines.push(line), align);
      lines.push(`${start}${first}`);
      rest.forEach((r, j) => {
        if (j === rest.length - 1) line = `${align}${r.trimStart()}`;
        else lines.push(`${align}${r}`);
      });
      if (last) {
        lines.push(line);
        line = '';
      } else {
        lines.push(line);
        line = align;
      }
      return;
    }
    const candidate = line.endsWith('(') || line === align ? `${line}${piece}` : `${line} ${piece}`;
    if (candidate.length > WIDTH && line !== align && !line.endsWith('(')) {
      lines.push(line);
      line = `${align}${piece}`;
    } else {
      line = candidate;
    }
  });
  if (line.trim() !== '') lines.push(line);
  return lines;
}

function printStatement(s: Statement, indent: string): string[] {
  switch (s.kind) {
    case 'blank':
      return [''];
    case 'raw':
      return [`${indent}${s.text}`];
    case 'comment':
      return s.lines.map((l) => `${indent}// ${l}`.trimEnd());
    case 'module-call':
      return [...(s.comments ?? []).map((l) => `${indent}// ${l}`), ...printCall(`${s.scope ?? 'm'}.${s.call.method}`, s.call.args, ';', indent)];
    case 'group':
      return s.statements.flatMap((inner) => printStatement(inner, indent));
    case 'chain': {
      const out = (s.comments ?? []).map((l) => `${indent}// ${l}`);
      if (s.calls.length === 0) return [...out, `${indent}${s.head};`];
      // Calls with no method are comments alone (skipped members); the last real call ends the statement.
      const last = s.calls.reduce((at, call, i) => (call.method === '' ? at : i), -1);
      const first = s.calls[0]!;
      const inline = s.inline === true && first.method !== '';
      if (inline) {
        for (const c of first.comments ?? []) out.push(`${indent}// ${c}`);
        out.push(...printCall(`${s.head}.${first.method}`, first.args, last === 0 ? ';' : '', indent));
      } else {
        out.push(`${indent}${s.head}${last === -1 ? ';' : ''}`);
      }
      s.calls.forEach((call, i) => {
        if (inline && i === 0) return;
        for (const c of call.comments ?? []) out.push(`${indent}${INDENT}// ${c}`);
        if (call.method !== '') out.push(...printCall(`.${call.method}`, call.args, i === last ? ';' : '', indent + INDENT));
      });
      return out;
    }
  }
}

function printDefinition(d: ClassDefinition): string[] {
  const out = d.comment.map((l) => `// ${l}`);
  out.push(`${d.head} {`);
  for (const m of d.members) for (const line of m.split('\n')) out.push(line === '' ? '' : `${INDENT}${line}`);
  out.push('};', '');
  return out;
}

/** The text of the generated file, ending with a newline. */
export function printSource(file: SourceFile): string {
  const out: string[] = [...file.header.map((l) => `// ${l}`.trimEnd()), ''];
  out.push(...file.includes.map((i) => `#include ${i}`), '');
  for (const d of file.definitions) out.push(...printDefinition(d));
  if (file.declarations.length) out.push(...file.declarations, '');
  out.push(`TSBIND_MODULE(${file.module}, m) {`);
  // Chains (classes, enums, structs) stand apart from their neighbours by a blank line, as in the README.
  file.body.forEach((s, i) => {
    const previous = file.body[i - 1];
    const apart = (x: Statement) => x.kind === 'chain' || x.kind === 'group';
    const heading = previous?.kind === 'raw' && previous.heading === true;
    if (previous && !heading && (apart(s) || apart(previous)) && s.kind !== 'blank' && previous.kind !== 'blank') out.push('');
    out.push(...printStatement(s, INDENT));
  });
  while (out.at(-1) === '') out.pop();
  out.push('}', '');
  return out.join('\n');
}
