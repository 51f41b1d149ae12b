// Uses every declaration of test/goldens/errors.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  throwInvalidArgument, throwOutOfRange, throwLengthError, throwBadAlloc, throwRuntimeError, throwInt, throwUnregistered,
  failWithStatus, parse, sum, ParseError, SyntaxProblem, StatusCodeError, compile, lock, nested, throwValue, CompileError,
  LevelLockedError,
} from '../goldens/errors.js';

/** Fields of exception classes are declared: a code as its literal, fields with their types. */
export function fields(): unknown[] {
  try {
    compile('@');
    lock();
    nested(2);
    throwValue(1);
  } catch (error) {
    if (error instanceof CompileError) {
      const syntax: SyntaxError = error;
      const code: 'ERR_COMPILE' = error.code;
      const position: number = error.line + error.column;
      const where: string = error.where;
      return [syntax, code, position, where];
    }
    if (error instanceof LevelLockedError) {
      // @ts-expect-error: the code is a literal type
      const other: 'OTHER' = error.code;
      return [other];
    }
  }
  return [];
}

/** The name of what `fn` threw. */
function thrownName(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    // Exception classes are real Error subclasses, base classes included.
    if (error instanceof SyntaxProblem) {
      const base: ParseError = error;
      const plain: Error = base;
      return plain.name;
    }
    if (error instanceof StatusCodeError) return error.stack ?? error.message;
    return error instanceof Error ? error.name : String(error);
  }
  return 'nothing';
}

export function use(): string[] {
  const seen = [
    thrownName(() => throwInvalidArgument()),
    thrownName(() => throwOutOfRange()),
    thrownName(() => throwLengthError()),
    thrownName(() => throwBadAlloc()),
    thrownName(() => throwInt()),
    thrownName(() => throwUnregistered()),
    thrownName(() => throwRuntimeError('boom')),
    thrownName(() => failWithStatus(2)),
    thrownName(() => parse('1') + sum([1, 2])),
  ];

  // @ts-expect-error: a string is not a status code
  failWithStatus('2');
  // @ts-expect-error: a missing argument
  parse();
  // @ts-expect-error: a ParseError is not a StatusCodeError
  const wrong: StatusCodeError = new ParseError('x');
  // @ts-expect-error: an Error is not a SyntaxProblem
  const narrowed: SyntaxProblem = new Error('x');
  seen.push(String(wrong), String(narrowed));
  return seen;
}
