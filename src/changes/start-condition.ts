import type { Clock } from '../core/clock';
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { FINAL_STATES } from './change-lifecycle';
import type { ChangeService } from './change-service';
import { Rfc, type RfcDoc } from './rfc.model';
import { refusal, said } from '../i18n/refusal';

/** The role that marks a change's start condition met when the change names none. */
export const DEFAULT_START_ROLE = 'change-manager';

/**
 * Marks the change's start condition met (Redbook 8: "System p 615 hardware being available"): only a holder of the
 * role the change names (`startConditionRole`, default change-manager) or an admin; recorded with who, when and the
 * condition's text, so a later edit of the condition needs a new mark before `/deploy`.
 */
export async function markStartConditionMet(
  changes: ChangeService,
  clock: Clock,
  key: string,
  person: Person,
  note?: string,
): Promise<RfcDoc> {
  const found = await changes.require(key);
  return withKeyLock(`rfc:${found.key}`, async () => {
    const rfc = (await Rfc.findById(found._id).lean<RfcDoc>()) ?? found;
    if (!rfc.startCondition)
      throw refusal(
        'USAGE',
        said('rfc.err.noCondition', { key: rfc.key }),
        said('rfc.err.noConditionFix', { key: rfc.key }),
      );
    const role = rfc.startConditionRole ?? DEFAULT_START_ROLE;
    if (!person.roles.some((r) => r === role || r === 'admin'))
      throw refusal('FORBIDDEN', said('rfc.err.conditionRole', { role, key: rfc.key }));
    if ((FINAL_STATES as readonly string[]).includes(rfc.state))
      throw refusal('INVALID_STATE', said('rfc.err.conditionFinal', { key: rfc.key, state: rfc.state }));
    if (rfc.startConditionMet?.condition === rfc.startCondition)
      throw refusal('INVALID_STATE', said('rfc.err.conditionAlready', { key: rfc.key, by: rfc.startConditionMet.by }));
    const met = { condition: rfc.startCondition, by: person.id, at: clock.now(), ...(note ? { note } : {}) };
    const updated = await Rfc.findOneAndUpdate(
      { _id: rfc._id },
      { $set: { startConditionMet: met } },
      { returnDocument: 'after' },
    ).lean<RfcDoc>();
    await changes.record({
      rfcKey: rfc.key,
      actorId: person.id,
      kind: 'note',
      reason: metReason(rfc.startCondition, note),
      data: { startCondition: rfc.startCondition, met: true, role },
    });
    return updated ?? { ...rfc, startConditionMet: met };
  });
}

/** The audit entry's reason (a record, written once in English). */
const metReason = (condition: string, note?: string) => `start condition met: ${condition}${note ? ` (${note})` : ''}`;
