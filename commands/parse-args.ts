import { z } from 'zod';
import { usageError } from '../src/core/errors';

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
  const name = key ? (names[key] ?? key.toUpperCase()) : 'arguments';
  // A message that names its placeholder itself (freeText: "TEXT is missing") is shown as it is.
  if (/^[A-Z][A-Z.|-]+ /u.test(issue.message)) throw usageError(`${issue.message}.`);
  const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
  throw usageError(missing ? `${name} is missing.` : `${name}: ${issue.message}.`);
}

/** `INC-1042`, `inc-1042`, `#1042` or `1042` -> 1042. */
export const caseNumber = z
  .string({ error: (i) => (i.input === undefined ? 'is missing' : 'expected a case number such as INC-1042') })
  .regex(/^(?:INC-?|#)?\d{1,9}$/iu, 'expected a case number such as INC-1042')
  .transform((s) => Number(/\d+/u.exec(s)?.[0]));

export const freeText = (what: string) =>
  z
    .string({ error: () => `${what} is missing` })
    .trim()
    .min(1, `${what} is missing`)
    .max(4000, `${what} is longer than 4000 characters`);
