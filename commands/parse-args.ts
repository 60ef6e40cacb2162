import { z } from 'zod';
import { usageError } from '../src/core/errors';
import { en, type MessageKey } from '../src/i18n/messages-en';
import { refusal, said, type Said } from '../src/i18n/refusal';

/**
 * Validates an argument object with a zod schema; the first problem becomes a usage error that
 * names the argument ("CASE: expected a case number such as INC-1042").
 */
export function parseArgs<S extends z.ZodType>(
  schema: S,
  input: unknown,
  /** The placeholder of the usage line for a field whose name differs (`{ who: 'PERSON' }`). */
  names: Record<string, string> = {},
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue.path.length ? String(issue.path[0]) : '';
  const name: Said | string = key ? (names[key] ?? key.toUpperCase()) : said('usage.arguments');
  // A message from the catalog (zodSaid) that names its placeholder itself ("TEXT is missing") is said as it is.
  const own = fromZod(issue.message);
  if (own && own.params?.name !== undefined) throw refusal('USAGE', own);
  if (/^[A-Z][A-Z.|-]+ /u.test(issue.message)) throw usageError(`${issue.message}.`);
  const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
  const problem = own ?? issue.message;
  throw refusal('USAGE', missing ? said('usage.missing', { name }) : said('usage.invalid', { name, problem }));
}

const ZOD_MARK = 'i18n:';

/** A zod message from the catalog (a zod message is a string): decoded by parseArgs, said in the reader's language. */
export function zodSaid(key: MessageKey, params?: Record<string, string | number>): string {
  return ZOD_MARK + JSON.stringify({ key, params });
}

function fromZod(message: string): Said | undefined {
  if (!message.startsWith(ZOD_MARK)) return undefined;
  const { key, params } = JSON.parse(message.slice(ZOD_MARK.length)) as Said;
  return key in en ? said(key, params) : undefined;
}

/** `INC-1042`, `inc-1042`, `#1042` or `1042` -> 1042. */
export const caseNumber = z
  .string({ error: (i) => (i.input === undefined ? zodSaid('usage.isMissing') : zodSaid('usage.expectedCase')) })
  .regex(/^(?:INC-?|#)?\d{1,9}$/iu, zodSaid('usage.expectedCase'))
  .transform((s) => Number(/\d+/u.exec(s)?.[0]));

export const freeText = (what: string) =>
  z
    .string({ error: () => zodSaid('usage.missing', { name: what }) })
    .trim()
    .min(1, zodSaid('usage.missing', { name: what }))
    .max(4000, zodSaid('usage.tooLong', { name: what, max: 4000 }));

/** A required word: "is missing" when it is not there. */
export const requiredWord = () => z.string({ error: () => zodSaid('usage.isMissing') }).min(1);
