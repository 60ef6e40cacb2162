import { refusal, said } from '../src/i18n/refusal';
import { parseRfcKey } from '../src/changes/rfc-key';

/** `RFC-17` as typed -> `RFC-17`; usage error otherwise. */
export function rfcKeyArg(typed: string | undefined): string {
  if (!typed) throw refusal('USAGE', said('rfc.arg.missing'));
  const n = parseRfcKey(typed);
  if (n === undefined) throw refusal('USAGE', said('rfc.arg.notKey', { typed: typed.slice(0, 40) }));
  return `RFC-${n}`;
}
