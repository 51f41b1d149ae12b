// What was bound and what was skipped, with why: the summary `tsbind generate` prints.
import { relative } from 'node:path';
import type { Location } from './model.js';

/** A declaration the generator did not bind. */
export interface Skipped {
  /** The C++ declaration, e.g. `int foo(int *out)`. */
  readonly what: string;
  /** Why: the rule that refused it. */
  readonly reason: string;
  readonly location: Location;
}

/** Counts of one run. */
export class Coverage {
  bound = 0;
  readonly skipped: Skipped[] = [];
  /** Declarations listed but not counted among public declarations: C++'s move constructors and move assignments (docs/generate.md). */
  readonly uncounted: Skipped[] = [];

  /** A declaration bound. */
  bind(count = 1): void {
    this.bound += count;
  }

  /** A declaration skipped; returns the comment to write at its place. */
  skip(what: string, reason: string, location: Location): string {
    this.skipped.push({ what, reason, location });
    return `skipped: ${what}: ${reason}`;
  }

  /** A declaration that is no API to JS, listed with why but not counted; returns the comment to write at its place. */
  exclude(what: string, reason: string, location: Location): string {
    this.uncounted.push({ what, reason, location });
    return `not bound: ${what}: ${reason}`;
  }

  /** Public declarations seen. */
  get total(): number {
    return this.bound + this.skipped.length;
  }

  /** bound ÷ public declarations, 0 to 1 (1 when there are none). */
  get ratio(): number {
    return this.total === 0 ? 1 : this.bound / this.total;
  }

  /** bound ÷ (public declarations and the uncounted ones): the figure with the move members counted too. */
  get ratioCountingAll(): number {
    const all = this.total + this.uncounted.length;
    return all === 0 ? 1 : this.bound / all;
  }

  /** The summary printed on stdout: coverage (and with the uncounted counted), then skipped declarations grouped by reason. */
  format(base: string = process.cwd()): string {
    const lines = [`coverage: ${this.bound} of ${this.total} public declarations bound (${(this.ratio * 100).toFixed(1)}%)`];
    if (this.uncounted.length) {
      lines[0] += `; ${this.bound} of ${this.total + this.uncounted.length} (${(this.ratioCountingAll * 100).toFixed(1)}%) counting the ${this.uncounted.length} not counted`;
    }
    if (this.skipped.length) {
      lines.push(`skipped ${this.skipped.length}:`);
      const byReason = new Map<string, Skipped[]>();
      for (const s of this.skipped) {
        const key = reasonKind(s.reason);
        byReason.set(key, [...(byReason.get(key) ?? []), s]);
      }
      for (const [reason, list] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
        lines.push(`  ${reason} (${list.length}):`);
        for (const s of list) lines.push(`    ${shortPath(s.location.file, base)}:${s.location.line}  ${s.what}: ${s.reason}`);
      }
    }
    if (this.uncounted.length) {
      lines.push(`not counted ${this.uncounted.length} (no API to JS):`);
      for (const s of this.uncounted) lines.push(`    ${shortPath(s.location.file, base)}:${s.location.line}  ${s.what}: ${s.reason}`);
    }
    return lines.join('\n');
  }
}

/** A path relative to `base` when inside it, else as it is. */
function shortPath(file: string, base: string): string {
  const rel = relative(base, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The kind of a skip reason, for grouping: its words before the first type or name. */
function reasonKind(reason: string): string {
  if (reason.startsWith('JS cannot tell it from')) return 'an earlier overload takes the same arguments';
  const known = [
    'variadic', 'wchar_t', 'postfix', 'incomplete type', 'exception type', 'keeps a const char *', 'out-parameter', 'pointer range', 'raw pointer', 'template', 'union', 'variable', 'operator', 'stream', 'function pointer', 'rvalue',
    'destructor', 'char *', 'no tsbind conversion', 'conversion operator', 'static data member', 'owner is unknown', 'array', 'constant',
  ];
  return known.find((k) => reason.includes(k)) ?? 'other';
}
