import type { ConversationRef } from '../chat/conversation-ref';
import type { Clock } from '../core/clock';
import type { Config } from '../config/schema';
import type { RfcFieldName } from '../config/sections/changes';
import { nextSequence } from '../db/counter';
import type { Person } from '../people/person';
import type { AuditEntry } from './change-audit.model';
import type { ChangeType } from './change-lifecycle';
import { formatRfcKey } from './rfc-key';
import { Rfc, type RfcDoc } from './rfc.model';

export interface CreateRfcInput {
  person: Person;
  title: string;
  conversation: ConversationRef;
  type?: ChangeType;
  template?: string;
  fields?: Partial<Record<RfcFieldName, unknown>>;
  /** A revision of a rejected change (rfc revise). */
  revision?: { of: string; revision: number; reason: string };
}

/** A new draft (or, from a standard template, a draft with the template's fields), numbered once and recorded. */
export async function createRfc(
  deps: { config: Config; clock: Clock },
  record: (entry: Pick<AuditEntry, 'rfcKey' | 'actorId' | 'kind' | 'to' | 'reason' | 'data'>) => Promise<unknown>,
  input: CreateRfcInput,
): Promise<RfcDoc> {
  const now = deps.clock.now();
  const number = await nextSequence('rfc');
  const key = formatRfcKey(number);
  const doc = await Rfc.create({
    ...((input.fields ?? {}) as Partial<RfcDoc>),
    number,
    key,
    title: input.title,
    type: input.type ?? 'normal',
    state: 'draft',
    stateSeq: 0,
    requesterId: input.person.id,
    requesterName: input.person.name,
    board: deps.config.changes.defaultBoard,
    template: input.template,
    conversation: input.conversation,
    ...(input.revision ? { revision: input.revision.revision, revisionOf: input.revision.of } : {}),
    createdAt: now,
    updatedAt: now,
  });
  await record({
    rfcKey: key,
    actorId: input.person.id,
    kind: 'created',
    to: 'draft',
    reason: input.revision ? revisionReason(input.revision) : input.title,
    data: input.template
      ? { template: input.template }
      : input.revision
        ? { revisionOf: input.revision.of, revision: input.revision.revision }
        : undefined,
  });
  return doc.toObject() as RfcDoc;
}

/** The reason stored on a revision's first audit entry (the record: English data). */
function revisionReason(r: { revision: number; of: string; reason: string }): string {
  return `revision ${r.revision} of ${r.of}: ${r.reason}`;
}
