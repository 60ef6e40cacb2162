import type { Services } from '../services';
import { formatLocalIn, msg } from '../../src/i18n/catalog';
import type { Person } from '../../src/people/person';
import type { RfcDoc } from '../../src/changes/rfc.model';

/**
 * A standard change is pre-approved by its template: once every required field is filled, and
 * while it stays inside the template's limits (change-policy.ts), it goes from draft (or postponed)
 * straight to scheduled, without a CCB vote. Returns what to tell the requester.
 */
export async function scheduleStandard(
  services: Pick<Services, 'changes' | 'config'>,
  rfc: RfcDoc,
  person: Person,
): Promise<string> {
  const s = await services.changes.scheduleStandard(rfc.key, person);
  await services.changes.setAsking(s, undefined);
  const lang = person.language;
  const tz = services.config.organisation.timezone;
  const when = s.window ? formatLocalIn(lang, s.window.start, tz) : msg(lang, 'rfc.standard.itsWindow');
  return msg(lang, 'rfc.standard.scheduled', { key: rfc.key, when });
}
