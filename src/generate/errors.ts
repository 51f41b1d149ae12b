// The error `tsbind generate` reports for bad input: a message and how to fix it, never a stack trace.

/** A failure the user can act on (a missing clang, a bad config key, headers clang rejects). */
export class GenerateError extends Error {
  /** How to fix it. */
  readonly hint: string | undefined;

  /** @param message what went wrong; @param hint how to fix it. */
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'GenerateError';
    this.hint = hint;
  }
}
