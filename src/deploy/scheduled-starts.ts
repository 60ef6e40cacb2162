import type { Logger } from 'pino';
import type { ConversationRef } from '../chat/conversation-ref';
import type { Clock } from '../core/clock';
import { refusal, said } from '../i18n/refusal';
import type { JobScheduler } from '../core/job-scheduler';
import { DEPLOY_AT_JOB } from '../core/job-names';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { ScheduledStart, type ScheduledStartDoc, type StartRequest } from './scheduled-start.model';

export interface ScheduledStartsDeps {
  clock: Clock;
  jobs: JobScheduler;
  log: Logger;
}

/** The unique key of the one Agenda job that fires a scheduled start. */
export function deployAtKey(id: ScheduledStartDoc['_id'] | string): string {
  return `deploy-at:${String(id)}`;
}

/**
 * Starts scheduled for later (`/deploy RFC at window`): recorded, then an Agenda job (stored, so it survives a
 * restart) fires it when due. What happens to a start is decided once (`claims.deployAt`): fired or cancelled, never
 * both, never twice. One pending start per RFC.
 */
export class ScheduledStarts {
  constructor(private readonly deps: ScheduledStartsDeps) {}

  /** The RFC's pending start, if any. */
  pending(rfcKey: string): Promise<ScheduledStartDoc | null> {
    return ScheduledStart.findOne({ rfcKey: String(rfcKey), state: 'pending' }).lean<ScheduledStartDoc>();
  }

  byId(id: string): Promise<ScheduledStartDoc | null> {
    return ScheduledStart.findById(String(id)).lean<ScheduledStartDoc>();
  }

  /** Records the start and schedules its job; refuses a second pending start of the same RFC. */
  schedule(input: {
    rfcKey: string;
    at: Date;
    when: ScheduledStartDoc['when'];
    person: Pick<Person, 'id' | 'name'>;
    conversation: ConversationRef;
    request: StartRequest;
  }): Promise<ScheduledStartDoc> {
    return withKeyLock(`deploy-at:${input.rfcKey}`, async () => {
      if (await this.pending(input.rfcKey))
        throw refusal(
          'INVALID_STATE',
          said('at.already', { key: input.rfcKey }),
          said('at.alreadyFix', { key: input.rfcKey }),
        );
      const doc = await ScheduledStart.create({
        rfcKey: input.rfcKey,
        at: input.at,
        when: input.when,
        state: 'pending',
        byId: input.person.id,
        byName: input.person.name,
        conversation: input.conversation,
        request: JSON.parse(JSON.stringify(input.request)) as StartRequest,
        createdAt: this.deps.clock.now(),
      });
      await this.deps.jobs.at(DEPLOY_AT_JOB, input.at, { startId: String(doc._id) }, deployAtKey(doc._id));
      this.deps.log.info({ rfc: input.rfcKey, at: input.at, by: input.person.id }, 'deployment start scheduled');
      return doc.toObject() as ScheduledStartDoc;
    });
  }

  /**
   * Cancels the RFC's pending start (undefined when it has none, or its job took it at the same moment): it never
   * fires.
   */
  async cancel(rfcKey: string, person: Pick<Person, 'id' | 'name'>): Promise<ScheduledStartDoc | undefined> {
    const s = await this.pending(rfcKey);
    if (!s || !(await claimOnce(claims.deployAt(s._id), `cancel:${person.id}`, this.deps.clock.now())))
      return undefined;
    await this.end(s._id, 'cancelled', `cancelled by ${person.name}`);
    await this.deps.jobs.cancel(DEPLOY_AT_JOB, { startId: String(s._id) });
    return { ...s, state: 'cancelled', outcome: `cancelled by ${person.name}` };
  }

  /** When due: the pending start, now taken by this caller (undefined when cancelled or taken by another). */
  async take(id: string): Promise<ScheduledStartDoc | undefined> {
    const s = await this.byId(id);
    if (!s || s.state !== 'pending') return undefined;
    if (!(await claimOnce(claims.deployAt(s._id), 'fire', this.deps.clock.now()))) return undefined;
    await ScheduledStart.updateOne({ _id: s._id }, { $set: { state: 'firing' } });
    return { ...s, state: 'firing' };
  }

  /** How a start ended: started (the deployment), refused (why) or cancelled (by whom). */
  async end(id: ScheduledStartDoc['_id'], state: 'started' | 'refused' | 'cancelled', outcome: string): Promise<void> {
    await ScheduledStart.updateOne({ _id: id }, { $set: { state, outcome, endedAt: this.deps.clock.now() } });
  }
}
