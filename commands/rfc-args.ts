import { refusal, said } from '../src/i18n/refusal';
import type { Tokens } from '../src/core/tokenize';
import type { RfcFieldName } from '../src/config/sections/changes';
import { FIELD_NAMES, fieldByName, parseField } from '../src/changes/rfc-fields';

/** `field=value` pairs and `--field value` flags as typed, by field; unknown names are a usage error. */
export function rawFields(tokens: Tokens, skip: readonly string[] = []): Partial<Record<RfcFieldName, string>> {
  const out: Partial<Record<RfcFieldName, string>> = {};
  const entries = [
    ...Object.entries(tokens.pairs),
    ...Object.entries(tokens.flags).filter(([k]) => !['yes', 'help', ...skip].includes(k)),
  ];
  for (const [name, value] of entries) {
    const field = fieldByName(name);
    if (!field)
      throw refusal(
        'USAGE',
        said('rfc.arg.notField', { typed: name.slice(0, 30) }),
        said('rfc.arg.fields', { fields: FIELD_NAMES.join(', ') }),
      );
    if (value === true) throw refusal('USAGE', said('rfc.arg.needsValue', { field }));
    out[field] = value;
  }
  return out;
}

/** Typed fields parsed in the organisation's time zone (windows are local times). */
export function fieldsFrom(
  tokens: Tokens,
  timezone: string,
  skip: readonly string[] = [],
): Partial<Record<RfcFieldName, unknown>> {
  const raw = rawFields(tokens, skip);
  return Object.fromEntries(
    Object.entries(raw).map(([f, v]) => [f, parseField(f as RfcFieldName, v as string, timezone)]),
  );
}
