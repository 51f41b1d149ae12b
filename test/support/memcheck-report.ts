// Reading valgrind memcheck's XML reports, and keeping the errors of native modules (`.node` files).
//
// A test process under memcheck runs Node and V8 as well as the modules under
// test (with tsbind's core in them), so it reports Node's own errors too. An
// error is a native module's when a frame in a `.node` file is on its stack
// (the invalid access, the jump on an uninitialised value, the bad free), or
// on the stack that created the uninitialised value it is about
// (`--track-origins=yes`): an uninitialised value a module made counts where
// V8 trips over it. The stacks that say where a freed or overrun block was
// allocated or freed do not count (Node frees its own memory inside a
// module's call). Errors that Node or V8 make inside a module's call, with the
// module's frames further out, are suppressed by name in memcheck.supp, each
// with the reason; everything else without a `.node` frame is Node's own and
// only counted. Leaks are not errors here: `npm run test:asan` checks them
// (`tsbind run --leaks`), and Node leaves memory behind at exit by design.
//
// The XML (`--xml=yes`), unlike the text output, names every frame's object
// file, also for frames with a source line.

/** One frame of a stack. */
export interface MemcheckFrame {
  /** The object file: `/usr/bin/node`, `…/async.node`, `libc.so.6`. */
  readonly obj: string;
  /** The function, demangled, or `?`. */
  readonly fn: string;
  /** `file:line`, when there is debug information. */
  readonly source?: string;
}

/** One error: what memcheck found, its stack, and the stacks after it with what each is. */
export interface MemcheckError {
  /** `InvalidRead`, `UninitCondition`, `InvalidFree`, … */
  readonly kind: string;
  /** The message, e.g. `Invalid read of size 4`. */
  readonly what: string;
  readonly stack: readonly MemcheckFrame[];
  /** The further stacks, each under its line: `Uninitialised value was created by a heap allocation`, `Address … free'd`. */
  readonly aux: readonly { readonly what: string; readonly stack: readonly MemcheckFrame[] }[];
}

/** A process's report. */
export interface MemcheckLog {
  readonly pid: number;
  /** The command memcheck ran. */
  readonly command: string;
  /** The errors, leaks left out. */
  readonly errors: readonly MemcheckError[];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name]!);
}

/** The text of the first `<tag>` directly in `xml`, decoded. */
function field(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? decode(match[1]!.trim()) : undefined;
}

function parseStack(xml: string): MemcheckFrame[] {
  return [...xml.matchAll(/<frame>([\s\S]*?)<\/frame>/g)].map(([, frame]) => {
    const [file, line] = [field(frame!, 'file'), field(frame!, 'line')];
    return { obj: field(frame!, 'obj') ?? '?', fn: field(frame!, 'fn') ?? '?', ...(file ? { source: line ? `${file}:${line}` : file } : {}) };
  });
}

/**
 * Takes memcheck's XML report apart. A report cut short (the process was
 * killed) keeps the errors it has. Leak records are left out.
 */
export function parseMemcheckXml(xml: string): MemcheckLog {
  const errors: MemcheckError[] = [];
  for (const [, body] of xml.matchAll(/<error>([\s\S]*?)<\/error>/g)) {
    const kind = field(body!, 'kind') ?? '?';
    if (kind.startsWith('Leak_')) continue;
    // The error's own stack, then auxwhat/stack pairs, in document order.
    const parts = [...body!.matchAll(/<(stack|auxwhat|xauxwhat)>([\s\S]*?)<\/\1>/g)];
    let stack: MemcheckFrame[] = [];
    const aux: { what: string; stack: MemcheckFrame[] }[] = [];
    let pending: string | undefined;
    for (const [, tag, content] of parts) {
      if (tag === 'auxwhat') pending = decode(content!.trim());
      else if (tag === 'xauxwhat') pending = field(content!, 'text') ?? '';
      else if (tag === 'stack' && pending === undefined && stack.length === 0) stack = parseStack(content!);
      else if (tag === 'stack' && pending !== undefined) {
        aux.push({ what: pending, stack: parseStack(content!) });
        pending = undefined;
      }
    }
    if (pending !== undefined) aux.push({ what: pending, stack: [] });
    errors.push({ kind, what: field(body!, 'what') ?? field(body!, 'text') ?? kind, stack, aux });
  }
  const argv = /<argv>([\s\S]*?)<\/argv>/.exec(xml)?.[1] ?? '';
  const command = [...argv.matchAll(/<(exe|arg)>([\s\S]*?)<\/\1>/g)].map(([, , word]) => decode(word!.trim())).join(' ');
  return { pid: Number(field(xml, 'pid') ?? 0), command, errors };
}

/** Whether a frame is in a native module. */
export function isNativeModuleFrame(frame: MemcheckFrame): boolean {
  return frame.obj.endsWith('.node');
}

/** Whether an error is a native module's (see the top of this file). */
export function isNativeModuleError(error: MemcheckError): boolean {
  if (error.stack.some(isNativeModuleFrame)) return true;
  return error.aux.some(({ what, stack }) => /^Uninitialised value was created/.test(what) && stack.some(isNativeModuleFrame));
}

/** An error as lines: its message, its stack, and the stacks after it; frames in a `.node` file marked with `>`. */
export function formatMemcheckError(error: MemcheckError): string[] {
  const frames = (stack: readonly MemcheckFrame[]) =>
    stack.map((frame, i) => `  ${isNativeModuleFrame(frame) ? '>' : ' '} #${i} ${frame.fn} (${frame.source ?? frame.obj})`);
  return [`${error.kind}: ${error.what}`, ...frames(error.stack), ...error.aux.flatMap(({ what, stack }) => [` ${what}`, ...frames(stack)])];
}
