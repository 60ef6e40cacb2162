import type { Services } from '../services';
import type { RfcFieldName } from '../../src/config/sections/changes';
import type { Person } from '../../src/people/person';
import type { EditResult } from '../../src/changes/change-edits';
import { reopenedNote } from '../../src/changes/render-policy';
import { formatLocalIn, msg } from '../../src/i18n/catalog';
import { sayIn } from '../../src/i18n/refusal';

/**
 * An edit as the change policy decides it, with what follows: when it changed approved content
 * after an approval, the approval vote opens again (its card says why) and the requester is told;
 * a standard change is re-approved by its template. Returns the edit and what to tell the editor.
 */
export async function editChange(
  services: Pick<Services, 'changes' | 'votes' | 'config' | 'people'>,
  key: string,
  person: Person,
  fields: Partial<Record<RfcFieldName, unknown>>,
  reason = 'edited',
  as: 'edit' | 'schedule' = 'edit',
): Promise<{ result: EditResult; text: string; effect: string }> {
  const result = await services.changes.edit(key, person, fields, reason, { as });
  const rfc = result.rfc;
  const lang = person.language;
  let effect = '';
  if (result.effect === 'reopen') {
    const said = reopenedNote(rfc.key, result.reopened, person.name);
    // On the ballot: a note stored with the vote (English data); to the requester in their language.
    const note = sayIn('en', said);
    const ballot = await services.votes.open(rfc, 'approval', person, { note });
    if (person.id !== rfc.requesterId)
      await services.changes.tellRequester(rfc, sayIn(services.people.languageOf(rfc.requesterId), said));
    effect = msg(lang, 'rfc.edit.reopened', {
      note: sayIn(lang, said),
      at: formatLocalIn(lang, ballot.deadline, services.config.organisation.timezone),
    });
  } else if (result.effect === 'recheck') {
    effect = msg(lang, 'rfc.edit.recheck', { template: rfc.template ?? '?' });
  }
  const set = { key: rfc.key, fields: Object.keys(fields).join(', '), effect };
  return { result, effect, text: msg(lang, effect ? 'rfc.edit.setEffect' : 'rfc.edit.set', set) };
}
