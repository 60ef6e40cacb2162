/**
 * Every refusal and failure a user can see carries a code, a short message for the chat and a fix
 * (what to type instead). Detail for the log stays out of the chat.
 */
export type ErrorCode =
  | 'USAGE'
  | 'UNKNOWN_COMMAND'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'PRECONDITION'
  | 'TOO_LARGE'
  | 'CONFIG'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class OpsdeskError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it, e.g. "Type `help ticket` for the syntax." */
  readonly fix?: string;
  /** Detail for the log only (never sent to chat). */
  readonly detail?: unknown;

  constructor(code: ErrorCode, message: string, opts: { fix?: string; detail?: unknown } = {}) {
    super(message);
    this.name = 'OpsdeskError';
    this.code = code;
    this.fix = opts.fix;
    this.detail = opts.detail;
  }

  /** The text a user sees. */
  toUserText(): string {
    return this.fix ? `${this.message}\n${this.fix}` : this.message;
  }
}

export const usageError = (message: string, fix?: string) => new OpsdeskError('USAGE', message, { fix });
export const notFound = (message: string, fix?: string) => new OpsdeskError('NOT_FOUND', message, { fix });
export const forbidden = (message: string, fix?: string) => new OpsdeskError('FORBIDDEN', message, { fix });
export const invalidState = (message: string, fix?: string) => new OpsdeskError('INVALID_STATE', message, { fix });
export const preconditionFailed = (message: string, fix?: string) => new OpsdeskError('PRECONDITION', message, { fix });
