import type { RfcFieldName } from '../config/sections/changes';
import type { Clock } from '../core/clock';
import { claimOnceRetried, ownerOfThisCall } from '../db/claim-once';
import { claims } from '../db/claims';
import type { Person } from '../people/person';
import type { ConversationRef } from '../chat/conversation-ref';
import { RFC_FIELD_NAMES } from '../config/sections/changes';
import { actsFor, policyError } from './change-policy';
import type { ChangeService } from './change-service';
import { Rfc, type RfcDoc } from './rfc.model';
import { refusal, said } from '../i18n/refusal';
import { RFC_SHOW_FIX, SHOW_FIX } from './render-policy';

/**
 * `rfc revise`: a rejected change is revised once, as a new RFC (revision n+1) with its fields, the edits typed, and
 * links both ways; the rejected one stays rejected (final) with its whole record, and the revision goes to the vote
 * like any proposal. So a revision is a new approval, never the old one reused.
 */
export async function reviseRfc(
  changes: ChangeService,
  clock: Clock,
  input: {
    key: string;
    person: Person;
    conversation: ConversationRef;
    fields: Partial<Record<RfcFieldName, unknown>>;
    reason: string;
  },
): Promise<RfcDoc> {
  const old = await changes.require(input.key);
  const who = actsFor(old, input.person, 'submit');
  if (!who.ok) throw policyError(who);
  if (old.state !== 'rejected')
    throw refusal(
      'INVALID_STATE',
      said('rfc.err.notRejected', { key: old.key, state: old.state }),
      old.state === 'draft' || old.state === 'postponed'
        ? said('rfc.err.editAndSubmit', { key: old.key })
        : SHOW_FIX(old.key),
    );
  if (
    old.revisedAs ||
    !(await claimOnceRetried(claims.rfcRevision(old.key), ownerOfThisCall(`${process.pid}`), clock.now()))
  )
    throw refusal(
      'INVALID_STATE',
      old.revisedAs
        ? said('rfc.err.alreadyRevisedAs', { key: old.key, as: old.revisedAs })
        : said('rfc.err.alreadyRevised', { key: old.key }),
      old.revisedAs ? RFC_SHOW_FIX(old.revisedAs) : undefined,
    );
  const copied = Object.fromEntries(
    RFC_FIELD_NAMES.filter((f) => f !== 'title' && f !== 'type').map((f) => [
      f,
      (old as unknown as Record<string, unknown>)[f],
    ]),
  );
  const revision = (old.revision ?? 1) + 1;
  const title = typeof input.fields.title === 'string' ? input.fields.title : old.title;
  const fields = { ...copied, ...input.fields } as Partial<Record<RfcFieldName, unknown>>;
  delete fields.title;
  delete fields.type;
  const created = await changes.create({
    person: input.person,
    title,
    conversation: input.conversation,
    type: old.type,
    fields,
    revision: { of: old.key, revision, reason: input.reason },
  });
  await Rfc.updateOne({ _id: old._id }, { $set: { revisedAs: created.key } });
  await changes.record({
    rfcKey: old.key,
    actorId: input.person.id,
    kind: 'note',
    reason: revisedReason(created.key, revision, input.reason),
    data: { revisedAs: created.key, revision },
  });
  return created;
}

/** The audit entry's reason (a record, written once in English). */
const revisedReason = (key: string, revision: number, reason: string) =>
  `revised as ${key} (revision ${revision}): ${reason}`;
