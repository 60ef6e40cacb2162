import { usageError } from '../src/core/errors';
import { parseRfcKey } from '../src/changes/rfc-key';

/** `RFC-17` as typed -> `RFC-17`; usage error otherwise. */
export function rfcKeyArg(typed: string | undefined): string {
  if (!typed) throw usageError('RFC is missing.');
  const n = parseRfcKey(typed);
  if (n === undefined) throw usageError(`"${typed.slice(0, 40)}" is not an RFC number such as RFC-17.`);
  return `RFC-${n}`;
}
