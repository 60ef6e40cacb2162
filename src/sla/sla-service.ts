import type { Logger } from 'pino';
import type { BusinessCalendar } from '../calendar/business-calendar';
import type { OutboundPort } from '../chat/outbound-port';
import type { NotifyTarget } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimStep } from '../db/claim-step';
import { claims } from '../db/claims';
import { isDuplicateKey } from '../core/duplicate-key';
import type { PeopleDirectory } from '../people/people-directory';
import { notifyTargetsOf } from '../people/person';
import { readOpenRollups } from '../tickets/case-rollups';
import { rollupsBuilt } from '../tickets/rollup-build';
import { Ticket, type TicketDoc } from '../tickets/ticket.model';
import type { TicketService } from '../tickets/ticket-service';
import { OPEN_STATUSES, type Priority } from '../tickets/ticket-status';
import { slaBreachText, slaWarningText, unassignedWarningText } from './render-sla';
import type { Lang } from '../i18n/languages';
import { SlaAlert, type SlaThreshold } from './sla-alert.model';
import { assessSla, type SlaAssessment, type SlaClock, type SlaTargets } from './sla-clock';

export interface SlaServiceDeps {
  config: Config;
  clock: Clock;
  outbound: OutboundPort;
  people: PeopleDirectory;
  /** Lazily: the ticket service is built beside this one. */
  tickets: () => TicketService;
  calendar: BusinessCalendar;
  log: Logger;
}

/** The fields the SLA check and the digest read from open cases. */
export const SLA_PROJECTION = {
  number: 1,
  key: 1,
  title: 1,
  priority: 1,
  status: 1,
  school: 1,
  category: 1,
  assigneeId: 1,
  createdAt: 1,
  firstResponseAt: 1,
  conversation: 1,
  'events.at': 1,
  'events.kind': 1,
  'events.to': 1,
} as const;

export type SlaCase = Pick<
  TicketDoc,
  | 'number'
  | 'key'
  | 'title'
  | 'priority'
  | 'status'
  | 'school'
  | 'category'
  | 'assigneeId'
  | 'createdAt'
  | 'firstResponseAt'
  | 'conversation'
  | 'events'
>;

export interface CheckResult {
  checked: number;
  sent: Array<{ ticket: string; threshold: SlaThreshold }>;
}

/** A claim older than this without delivery is taken over by the next check (the sender died). */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * SLA timers per priority in business hours. `check()` (the sla-check job) warns the assignee at
 * `warnAt` of a target and escalates breaches to the operators' channel, once per case and
 * threshold: a unique (ticket, threshold) record is claimed before anything is sent.
 */
export class SlaService {
  constructor(private readonly deps: SlaServiceDeps) {}

  get targets(): Record<Priority, SlaTargets> {
    return this.deps.config.digest.sla.targets;
  }

  get warnAt(): number {
    return this.deps.config.digest.sla.warnAt;
  }

  assess(t: SlaCase, now = this.deps.clock.now()): SlaAssessment {
    return assessSla(t as Parameters<typeof assessSla>[0], this.targets, now, this.deps.calendar);
  }

  /**
   * Open cases with their fields for SLA and digest, oldest first: their roll-up rows once built
   * (src/tickets/case-rollups.ts), else the tickets.
   */
  async openCases(): Promise<SlaCase[]> {
    if (await rollupsBuilt()) return (await readOpenRollups()) as unknown as SlaCase[];
    return Ticket.find({ status: { $in: [...OPEN_STATUSES] } }, SLA_PROJECTION)
      .sort({ createdAt: 1 })
      .lean<SlaCase[]>();
  }

  /** Thresholds a case has crossed now (warnings only for clocks still counting). */
  dueThresholds(a: SlaAssessment): SlaThreshold[] {
    const out: SlaThreshold[] = [];
    for (const c of [a.response, a.resolution]) {
      if (c.state === 'stopped') continue;
      if (c.breached) out.push(`${c.kind}-breach`);
      if (c.share >= this.warnAt) out.push(`${c.kind}-warning`);
    }
    return out;
  }

  async check(cases?: SlaCase[]): Promise<CheckResult> {
    const now = this.deps.clock.now();
    const open = cases ?? (await this.openCases());
    const result: CheckResult = { checked: open.length, sent: [] };
    if (!this.deps.config.digest.sla.enabled || open.length === 0) return result;
    const alerts = await SlaAlert.find({ ticketNumber: { $in: open.map((t) => t.number) } }).lean();
    const known = new Map(alerts.map((a) => [`${a.ticketNumber}:${a.threshold}`, a]));
    for (const t of open) {
      const a = this.assess(t, now);
      const due = this.dueThresholds(a);
      for (const threshold of due) {
        const breachToo =
          threshold.endsWith('-warning') && due.includes(threshold.replace('-warning', '-breach') as SlaThreshold);
        const prior = known.get(`${t.number}:${threshold}`);
        if (prior && (prior.sentAt || now.getTime() - new Date(prior.claimedAt).getTime() < STALE_CLAIM_MS)) continue;
        if (!(await this.claim(t.number, threshold, now, prior?.claimedAt, breachToo))) continue;
        if (breachToo) continue; // the breach says it all
        const clock = threshold.startsWith('response') ? a.response : a.resolution;
        try {
          await this.send(t, threshold, clock);
        } catch (err) {
          // The claim stays unsent; a check after STALE_CLAIM_MS takes it over and tries again.
          this.deps.log.warn({ case: t.key, threshold, err: (err as Error).message }, 'SLA alert not delivered');
          continue;
        }
        await SlaAlert.updateOne({ ticketNumber: t.number, threshold }, { $set: { sentAt: this.deps.clock.now() } });
        result.sent.push({ ticket: t.key, threshold });
      }
    }
    return result;
  }

  /** Atomically takes the right to send: a new unique record, or a stale unsent claim taken over. */
  private async claim(
    ticketNumber: number,
    threshold: SlaThreshold,
    now: Date,
    staleClaim: Date | undefined,
    superseded: boolean,
  ): Promise<boolean> {
    if (staleClaim) {
      // FerretDB 1.x does not arbitrate guarded updates: a unique claim per stale claim decides (and
      // is itself taken over if its taker died before recording the takeover).
      if (
        !(await claimStep(
          claims.slaTakeover(ticketNumber, threshold, staleClaim),
          String(process.pid),
          now,
          STALE_CLAIM_MS,
        ))
      )
        return false;
      const taken = await SlaAlert.updateOne(
        { ticketNumber, threshold, sentAt: { $exists: false }, claimedAt: staleClaim },
        { $set: { claimedAt: now } },
      );
      return taken.modifiedCount === 1;
    }
    try {
      await SlaAlert.create({
        ticketNumber,
        threshold,
        claimedAt: now,
        ...(superseded ? { sentAt: now, superseded: true } : {}),
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  private async send(t: SlaCase, threshold: SlaThreshold, c: SlaClock): Promise<void> {
    const assignee = t.assigneeId ? this.deps.people.get(t.assigneeId) : undefined;
    if (threshold.endsWith('-warning')) {
      const warning = (lang?: Lang) => slaWarningText(t, c, this.deps.calendar, lang);
      if (assignee && (await this.deps.tickets().notifier.tellPerson(assignee, t as TicketDoc, warning))) return;
      // The escalation channel reads the organisation's language.
      const org = this.deps.config.organisation.language;
      await this.toChannel(unassignedWarningText(t, warning(org), org));
      return;
    }
    // The breach names the assignee: it notifies them there (and nobody else, whatever the title says).
    await this.toChannel(
      slaBreachText(t, c, assignee, this.deps.config.organisation.language),
      assignee ? notifyTargetsOf(assignee) : [],
    );
  }

  private async toChannel(text: string, notify: NotifyTarget[] = []): Promise<void> {
    const name = this.deps.config.digest.sla.escalateTo;
    const refs = this.deps.outbound.channel(name);
    if (refs.length === 0) this.deps.log.warn({ channel: name }, 'SLA: no channel configured for escalations');
    for (const to of refs) await this.deps.outbound.post(to, { text, notify });
  }
}
