// Reads clang's JSON AST as a stream and keeps only the top-level declarations of the wanted headers.
//
// Why a stream: a header that includes <string> dumps some 80 MB of JSON, nearly
// all of it the standard library. The scanner walks the bytes once, tracking
// JSON nesting and strings, and buffers a top-level declaration only once its
// location says it comes from one of the wanted files; everything else is
// dropped as it passes. clang writes a location's "file" (and "line") only when
// they differ from the previous location it printed, so the scanner follows
// every "file" and "line" key, including those of dropped declarations, and
// fills the elided ones back in for the declarations it keeps.
import type { Readable } from 'node:stream';
import type { AstNode, BareLocation } from './ast.js';

/** Where the scanner is in the file/line sequence clang elides. */
interface LocationState {
  file: string;
  line: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** What the value of the key just read means to the scanner. */
type Pending = 'none' | 'file' | 'line' | 'includedFromFile';

/**
 * Splits a clang `-ast-dump=json` stream into the top-level declarations whose
 * location is in one of `files` (absolute paths, as clang prints them), each
 * parsed, with elided "file"/"line" filled into every bare location.
 */
export class AstStreamFilter {
  readonly #wanted: ReadonlySet<string>;
  readonly #kept: AstNode[] = [];
  #depth = 0;
  #stack: number[] = [];
  #inString = false;
  #escape = false;
  /** Bytes of the current string (only kept while short: keys and small values). */
  #stringBytes: number[] = [];
  #stringTooLong = false;
  #lastString = '';
  #afterString = false;
  #pending: Pending = 'none';
  #numberText = '';
  #inIncludedFrom = false;
  readonly #state: LocationState = { file: '', line: 0 };
  // The top-level declaration being read.
  #element: Buffer[] | null = null;
  #elementStart = -1;
  #elementState: LocationState = { file: '', line: 0 };
  #elementDecided: 'keep' | 'drop' | 'undecided' = 'undecided';
  #sawLoc = false;
  #bytes = 0;

  /** @param files absolute paths of the headers whose declarations are wanted. */
  constructor(files: Iterable<string>) {
    this.#wanted = new Set(files);
  }

  /** Bytes read so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Reads the whole stream; resolves with the kept declarations, in order. */
  async read(stream: Readable, onProgress?: (bytes: number) => void): Promise<AstNode[]> {
    for await (const chunk of stream) {
      this.push(chunk as Buffer);
      onProgress?.(this.#bytes);
    }
    return this.#kept;
  }

  /** Feeds one chunk of the stream. */
  push(chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#element) this.#elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.#inString) {
        if (this.#escape) {
          this.#escape = false;
          this.#addStringByte(c);
        } else if (c === BACKSLASH) {
          this.#escape = true;
          this.#addStringByte(c);
        } else if (c === QUOTE) {
          this.#inString = false;
          this.#endString();
        } else {
          this.#addStringByte(c);
        }
        continue;
      }
      if (c === QUOTE) {
        this.#inString = true;
        this.#stringBytes = [];
        this.#stringTooLong = false;
        continue;
      }
      if (c === COLON) {
        if (this.#afterString) this.#key(this.#lastString);
        this.#afterString = false;
        continue;
      }
      if (this.#pending === 'line') {
        if (c >= 0x30 && c <= 0x39) {
          this.#numberText += String.fromCharCode(c);
          continue;
        }
        if (this.#numberText !== '') {
          this.#state.line = Number(this.#numberText);
          this.#pending = 'none';
        }
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      this.#afterString = false;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        // A top-level declaration: an object directly inside the translation unit's "inner" array.
        if (c === OPEN_BRACE && this.#depth === 2 && this.#stack[1] === OPEN_BRACKET) this.#startElement(i);
        this.#stack.push(c);
        this.#depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.#stack.pop();
        this.#depth--;
        if (this.#inIncludedFrom && c === CLOSE_BRACE) this.#inIncludedFrom = false;
        if (this.#depth === 2 && this.#element !== null && c === CLOSE_BRACE) this.#endElement(chunk, i + 1);
      }
    }
    if (this.#element && this.#elementDecided !== 'drop') this.#element.push(chunk.subarray(this.#elementStart));
  }

  #addStringByte(c: number): void {
    if (this.#stringBytes.length < 4096) this.#stringBytes.push(c);
    else this.#stringTooLong = true;
  }

  #endString(): void {
    const text = this.#stringTooLong ? '' : Buffer.from(this.#stringBytes).toString('utf8');
    this.#afterString = true;
    this.#lastString = text;
    if (this.#pending === 'file') {
      this.#state.file = JSON.parse(`"${text}"`) as string;
      this.#pending = 'none';
      this.#afterString = false;
    } else if (this.#pending === 'includedFromFile') {
      this.#pending = 'none';
      this.#afterString = false;
    }
  }

  /** A key was read at the current depth. */
  #key(name: string): void {
    if (name === 'file') this.#pending = this.#inIncludedFrom ? 'includedFromFile' : 'file';
    else if (name === 'line') {
      this.#pending = 'line';
      this.#numberText = '';
    } else if (name === 'includedFrom') this.#inIncludedFrom = true;
    // The declaration's own keys are at depth 3: the first key after "loc" decides.
    if (this.#depth === 3 && this.#element && this.#elementDecided === 'undecided') {
      if (name === 'loc') this.#sawLoc = true;
      else if (this.#sawLoc) this.#decide();
    }
  }

  #decide(): void {
    this.#elementDecided = this.#wanted.has(this.#state.file) ? 'keep' : 'drop';
    if (this.#elementDecided === 'drop') this.#element = [];
  }

  #startElement(at: number): void {
    this.#element = [];
    this.#elementStart = at;
    this.#elementState = { ...this.#state };
    this.#elementDecided = 'undecided';
    this.#sawLoc = false;
  }

  #endElement(chunk: Buffer, end: number): void {
    const parts = this.#element!;
    if (this.#elementDecided === 'undecided') this.#decide();
    if (this.#elementDecided === 'keep') {
      parts.push(chunk.subarray(this.#elementStart, end));
      const node = JSON.parse(Buffer.concat(parts).toString('utf8')) as AstNode;
      fillLocations(node, { ...this.#elementState });
      this.#kept.push(node);
    }
    this.#element = null;
    this.#elementDecided = 'undecided';
  }
}

/** Fills the "file" and "line" clang elided into every bare location of `node`, in print order. */
export function fillLocations(node: unknown, state: LocationState): void {
  if (Array.isArray(node)) {
    for (const item of node) fillLocations(item, state);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.offset === 'number') {
    const loc = record as unknown as BareLocation;
    if (typeof loc.file === 'string') state.file = loc.file;
    else loc.file = state.file;
    if (typeof loc.line === 'number') state.line = loc.line;
    else loc.line = state.line;
    return;
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'includedFrom') continue;
    fillLocations(value, state);
  }
}
