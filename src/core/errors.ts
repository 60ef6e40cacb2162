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

/**
 * A sentence by its message-catalog key (src/i18n), for saying it in the reader's language; a
 * parameter may be such a sentence itself (a status name), or a date and time written the reader's
 * way. The error's `message` and `fix` hold the English text for the log and for readers without a language.
 */
export interface LocalizedText {
  key: string;
  params?: Readonly<Record<string, string | number | LocalizedText | LocalizedDate>>;
}

/** An instant (ISO 8601) as a parameter: written as the reader's language writes dates, in `timezone`. */
export interface LocalizedDate {
  at: string;
  timezone: string;
}

export class OpsdeskError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it, e.g. "Type `help ticket` for the syntax." */
  readonly fix?: string;
  /** Detail for the log only (never sent to chat). */
  readonly detail?: unknown;
  /** The message and the fix by catalog key, when they come from the catalog (src/i18n/refusal.ts). */
  readonly localized?: { message?: LocalizedText; fix?: LocalizedText };

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fix?: string; detail?: unknown; localized?: { message?: LocalizedText; fix?: LocalizedText } } = {},
  ) {
    super(message);
    this.name = 'OpsdeskError';
    this.code = code;
    this.fix = opts.fix;
    this.detail = opts.detail;
    this.localized = opts.localized;
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
