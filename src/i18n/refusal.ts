import { OpsdeskError, type ErrorCode, type LocalizedDate, type LocalizedText } from '../core/errors';
import { en, type MessageKey } from './messages-en';
import { formatLocalIn, msg } from './catalog';
import type { Lang } from './languages';

/** A sentence by key, with parameters that may be sentences by key themselves, or dates. */
export interface Said {
  key: MessageKey;
  params?: Readonly<Record<string, string | number | Said | LocalizedDate>>;
}

/** `said('status.resolved')`: a parameter that is translated too. */
export const said = (key: MessageKey, params?: Said['params']): Said => ({ key, params });

/**
 * A date and time as a parameter, written where it is said: "2026-12-01 16:00" in English,
 * "01.12.2026 16:00" in Norwegian (formatLocalIn), in the organisation's time zone.
 */
export const saidDate = (at: Date | string | number, timezone: string): LocalizedDate => ({
  at: new Date(at).toISOString(),
  timezone,
});

/** The sentence in `lang` (an unknown key, from an older or newer catalog, is shown as the key). */
export function sayIn(lang: Lang | undefined, text: LocalizedText): string {
  if (!(text.key in en)) return text.key;
  const params = Object.fromEntries(
    Object.entries(text.params ?? {}).map(([k, v]) => [
      k,
      typeof v !== 'object' ? v : 'at' in v ? formatLocalIn(lang, v.at, v.timezone) : sayIn(lang, v),
    ]),
  );
  return msg(lang, text.key as MessageKey, params);
}

/**
 * A refusal or failure whose message and fix come from the catalog: English in `message`/`fix`
 * (the log, the CLI), and in the reader's language where it is answered (`userTextIn`).
 */
export function refusal(code: ErrorCode, message: Said, fix?: Said): OpsdeskError {
  return new OpsdeskError(code, sayIn('en', message), {
    fix: fix && sayIn('en', fix),
    localized: { message, fix },
  });
}

/** The text a reader sees: message and fix in their language where the error has them by key. */
export function userTextIn(err: OpsdeskError, lang: Lang | undefined): string {
  const message = err.localized?.message ? sayIn(lang, err.localized.message) : err.message;
  const fix = err.localized?.fix ? sayIn(lang, err.localized.fix) : err.fix;
  return fix ? `${message}\n${fix}` : message;
}

/** An error's message in `lang` where it has one by key (an error without one: its message as it is). */
export function messageIn(err: Error, lang: Lang | undefined): string {
  const text = err instanceof OpsdeskError ? err.localized?.message : undefined;
  return text ? sayIn(lang, text) : err.message;
}

/** The same error with another fix (a usage line added to a parser's refusal), keeping the keys. */
export function withFix(err: OpsdeskError, fix: Said): OpsdeskError {
  return new OpsdeskError(err.code, err.message, {
    fix: sayIn('en', fix),
    detail: err.detail,
    localized: { message: err.localized?.message, fix },
  });
}

/** A status name as a parameter: translated where it is shown ("resolved", "løst"). */
export function statusSaid(status: string): Said | string {
  const key = `status.${status}`;
  return key in en ? said(key as MessageKey) : status;
}
