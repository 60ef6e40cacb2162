import type { Logger } from 'pino';
import type { PlatformUser } from '../chat/chat-event';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import { isDuplicateKey, raceSafeUpsert } from '../core/duplicate-key';
import { withKeyLock } from '../db/keyed-lock';
import { RateTokens, type Rate, type Take } from '../db/rate-tokens';
import type { Person } from '../people/person';
import { caseEventCap } from './case-size';
import { CaseRef, caseRefKeys, type ReportMark } from './case-ref.model';
import { Ticket, type TicketDoc } from './ticket.model';
import { isOpen, type TicketStatus } from './ticket-status';

/** What held something back: the metric label and the log field. */
export type LimitName =
  'reports-per-person' | 'reports-per-origin' | 'dms-per-person' | 'mentions-per-comment' | 'case-entries';

/** Told to listeners (the metrics): something was held back, or a message folded into a case. */
export type FloodEvent = { what: LimitName | 'folded'; platform: string };

/** Who sends a report, as the intake knows them. */
export interface ReportSender {
  person: Person;
  platform: string;
  origin?: PlatformUser['origin'];
}

/** What to do with a message that would open a new case. */
export type ReportAdmission =
  /** Log it as a new case (the tokens are taken). */
  | { kind: 'report' }
  /** Add it to the sender's case of a moment ago; `tell` for the first message so folded. */
  | { kind: 'fold'; ticket: TicketDoc; tell: boolean }
  /** Not logged: a limit holds the sender until `freeAt`; `tell` once per sender and refill. */
  | {
      kind: 'limited';
      limit: 'reports-per-person' | 'reports-per-origin';
      origin?: string;
      freeAt: Date;
      tell: boolean;
    };

/** Whether to send a notification about a comment to one person. */
export type DmGate = 'send' | 'hold' | 'drop';

export interface FloodGuardDeps {
  config: Config;
  clock: Clock;
  log: Logger;
}

/** Notice keys this process knows are claimed (a flood past its limit then costs no insert). */
const MAX_NOTICED = 10_000;
/** Senders whose latest mark this process keeps in memory. */
const MAX_MARKS = 10_000;

/**
 * Keeps one sender, one Matrix server or one Slack team from flooding the service desk, and keeps
 * comments from flooding people's DMs (`limits` in the config, src/config/sections/limits.ts):
 *
 *  - a message that would open a case, sent soon after the sender's last message to their latest
 *    open case, is folded into that case as a comment (at most `foldMax`), and the sender is told
 *    once;
 *  - new cases take a token from the sender's bucket (`reportsPerPerson`) and, for unlisted people
 *    of another Matrix server or Slack team, from that origin's (`reportsPerOrigin`); past them the
 *    sender is told once when they can report again, and nothing else is logged or answered;
 *  - notifications about comments take a token from the recipient's bucket (`dmsPerPersonPerMinute`).
 *
 * Everything on the path of a report is read and written by `_id` (the sender's marks, their
 * case, token claims), and written by inserts: nothing scans. A report's mark is inserted with the
 * case's thread links after the answer (TicketService.rememberReceipt); until then this process
 * knows it from memory, so a burst handled here folds at once. The buckets are claims in the
 * database (src/db/rate-tokens.ts), so processes sharing the database share them.
 */
export class FloodGuard {
  private readonly owner = String(process.pid);
  private readonly tokens = new RateTokens(this.owner);
  private readonly noticed = new Set<string>();
  private readonly listeners: Array<(event: FloodEvent) => void> = [];
  /** Each sender's latest mark made by this process (another process's may be newer: the database's wins). */
  private readonly marks = new Map<string, ReportMark>();
  /** Marks of reports not yet written, by ticket id (rememberReceipt writes them with the thread links). */
  private readonly unwritten = new Map<string, ReportMark>();

  constructor(private readonly deps: FloodGuardDeps) {}

  /** Called for every message, report or notification held back, and every message folded. */
  listen(fn: (event: FloodEvent) => void): void {
    this.listeners.push(fn);
  }

  /**
   * Runs `fn` with this sender's reports one at a time in this process, so a burst folds into the
   * case its first message opened (without folding there is nothing to wait for). Keep `fn` to the
   * database work: the answers go out after it.
   */
  oneAtATime<T>(personId: string, fn: () => Promise<T>): Promise<T> {
    return this.deps.config.limits.foldSeconds > 0 ? withKeyLock(`report:${personId}`, fn) : fn();
  }

  /** Decides what becomes of a message that would open a new case (delivery `source`). */
  async admit(sender: ReportSender, source: string): Promise<ReportAdmission> {
    const { person } = sender;
    const limits = this.deps.config.limits;
    const now = this.deps.clock.now();
    // The sender's latest case matters for folding only; without it a report reads nothing here.
    const mark = limits.foldSeconds > 0 ? await this.latestMark(person.id, now) : null;
    // A redelivery of the report that opened the case: TicketService.report finds that case again.
    if (mark?.source === source) return { kind: 'report' };
    const fold = await this.foldInto(mark, person, now);
    if (fold) return fold;
    const personBucket = `reports-person:${person.id}`;
    const perPerson = rateOf(limits.reportsPerPerson);
    const mine = await this.tokens.take(personBucket, perPerson, now);
    if (!mine.ok) return this.limited(sender, 'reports-per-person', personBucket, mine);
    const origin = this.countedOrigin(sender);
    if (origin) {
      const originBucket = `reports-origin:${sender.platform}:${origin}`;
      const theirs = await this.tokens.take(originBucket, rateOf(limits.reportsPerOrigin), now);
      if (!theirs.ok) {
        await this.tokens.giveBack(personBucket, perPerson, mine.slot);
        return this.limited(sender, 'reports-per-origin', originBucket, theirs, origin);
      }
    }
    return { kind: 'report' };
  }

  /**
   * The sender's latest case is `ticket`, opened by delivery `source` just now (kept for folding):
   * in memory now, in the database with the case's thread links (`takeUnwrittenMark`).
   */
  noteReport(person: Person, ticket: TicketDoc, source: string): void {
    const { foldSeconds } = this.deps.config.limits;
    if (foldSeconds <= 0) return;
    const at = this.deps.clock.now();
    const mark: ReportMark = {
      _id: caseRefKeys.mark(this.slotOf(at), person.id),
      ticketId: ticket._id,
      source,
      at,
      folded: 0,
    };
    this.remember(person.id, mark);
    this.unwritten.set(String(ticket._id), mark);
  }

  /** The mark of case `ticketId`'s report if it is not written yet (it is then the caller's to write). */
  takeUnwrittenMark(ticketId: unknown): ReportMark | undefined {
    const mark = this.unwritten.get(String(ticketId));
    this.unwritten.delete(String(ticketId));
    return mark;
  }

  /**
   * Writes a mark whose slot already held one (a second report within one fold window), unless a
   * newer one of this process (a fold since) has replaced it.
   */
  async rewriteMark(personId: string, mark: ReportMark): Promise<void> {
    if (this.marks.get(personId) === mark) await this.overwriteMark(mark);
  }

  private async overwriteMark(mark: ReportMark): Promise<void> {
    const { _id, ...fields } = mark;
    await raceSafeUpsert(() => CaseRef.updateOne({ _id }, { $set: fields }, { upsert: true }));
  }

  /** A message of the sender's was folded into their latest case. */
  async noteFold(person: Person, platform: string): Promise<void> {
    const now = this.deps.clock.now();
    const last = await this.latestMark(person.id, now);
    if (last) {
      const mark: ReportMark = { ...last, _id: caseRefKeys.mark(this.slotOf(now), person.id), at: now };
      mark.folded = last.folded + 1;
      this.remember(person.id, mark);
      this.unwritten.delete(String(mark.ticketId));
      if (mark._id === last._id) await this.overwriteMark(mark);
      else
        await CaseRef.create(mark).catch((err: unknown) =>
          isDuplicateKey(err) ? this.overwriteMark(mark) : Promise.reject(err),
        );
    }
    this.emit({ what: 'folded', platform });
  }

  /** The sender's latest mark within the fold window: one read by _id (this slot and the one before). */
  private async latestMark(personId: string, now: Date): Promise<ReportMark | null> {
    const slot = this.slotOf(now);
    const keys = [caseRefKeys.mark(slot, personId), caseRefKeys.mark(slot - 1, personId)];
    const stored = await CaseRef.find({ _id: { $in: keys } }).lean<ReportMark[]>();
    const inMemory = this.marks.get(personId);
    let latest: ReportMark | null = null;
    // This process's own mark first: on a tie (one clock tick) it is the newer one.
    for (const m of [...(inMemory ? [inMemory] : []), ...stored]) {
      if (!latest || new Date(m.at).getTime() > new Date(latest.at).getTime()) latest = m;
    }
    return latest;
  }

  private slotOf(at: Date): number {
    return Math.floor(at.getTime() / (Math.max(1, this.deps.config.limits.foldSeconds) * 1000));
  }

  private remember(personId: string, mark: ReportMark): void {
    if (this.marks.size >= MAX_MARKS) this.marks.clear();
    this.marks.delete(personId);
    this.marks.set(personId, mark);
    if (this.unwritten.size >= MAX_MARKS) this.unwritten.clear();
  }

  /**
   * May a notification about a comment go to `recipient` now? `hold`: send the "holding back"
   * notice instead (once per refill); `drop`: send nothing (the comment is on the case).
   */
  async dmGate(recipient: Pick<Person, 'id'>, platform: string): Promise<DmGate> {
    const perMinute = this.deps.config.limits.dmsPerPersonPerMinute;
    if (perMinute <= 0) return 'send';
    const bucket = `dms:${recipient.id}`;
    const take = await this.tokens.take(bucket, { count: perMinute, periodMs: 60_000 }, this.deps.clock.now());
    if (take.ok) return 'send';
    this.emit({ what: 'dms-per-person', platform });
    const tell = await this.noticeOnce(claims.limitNotice(bucket, take.slotMs, take.nextSlot, recipient.id));
    const fields = { limit: 'dms-per-person', recipient: recipient.id, until: take.freeAt.toISOString() };
    if (tell) this.deps.log.warn(fields, 'notifications to a person held back: too many comments at once');
    else this.deps.log.debug(fields, 'notification held back');
    return tell ? 'hold' : 'drop';
  }

  /** Tells the metrics and the log that a limit refused something outright (a comment, a case entry). */
  refused(what: 'mentions-per-comment' | 'case-entries', platform: string, fields: Record<string, unknown>): void {
    this.emit({ what, platform });
    this.deps.log.info({ limit: what, ...fields }, 'refused by a limit');
  }

  private async foldInto(mark: ReportMark | null, person: Person, now: Date): Promise<ReportAdmission | undefined> {
    const { foldSeconds, foldMax } = this.deps.config.limits;
    if (!mark || foldSeconds <= 0 || mark.folded >= foldMax) return undefined;
    const since = now.getTime() - new Date(mark.at).getTime();
    if (since < 0 || since >= foldSeconds * 1000) return undefined;
    const t = await Ticket.findById(mark.ticketId).lean<TicketDoc>();
    if (
      !t ||
      t.reporterId !== person.id ||
      !isOpen(t.status as TicketStatus) ||
      t.events.length >= caseEventCap(this.deps.config)
    )
      return undefined;
    const tell = mark.folded === 0 && (await claimOnce(claims.foldNotice(t._id), this.owner));
    return { kind: 'fold', ticket: t, tell };
  }

  /** The origin whose bucket a report counts against: another server's or team's, for people not in the config. */
  private countedOrigin(sender: ReportSender): string | undefined {
    const { origin, person } = sender;
    if (!origin || origin.home || person.known) return undefined;
    return this.deps.config.limits.trustedOrigins.includes(origin.id) ? undefined : origin.id;
  }

  private async limited(
    sender: ReportSender,
    limit: 'reports-per-person' | 'reports-per-origin',
    bucket: string,
    take: Extract<Take, { ok: false }>,
    origin?: string,
  ): Promise<ReportAdmission> {
    const { person, platform } = sender;
    this.emit({ what: limit, platform });
    const tell = await this.noticeOnce(claims.limitNotice(bucket, take.slotMs, take.nextSlot, person.id));
    // Who is being limited is in the log once per sender and refill; each message held back at debug.
    const fields = {
      limit,
      person: person.id,
      name: person.name,
      platform,
      ...(origin ? { origin } : {}),
      until: take.freeAt.toISOString(),
    };
    if (tell) this.deps.log.warn(fields, 'sender rate-limited: told once; their reports are not logged until then');
    else this.deps.log.debug(fields, 'report held back by a rate limit');
    return { kind: 'limited', limit, ...(origin ? { origin } : {}), freeAt: take.freeAt, tell };
  }

  /** True for the first caller per key across processes; later callers in this process cost nothing. */
  private async noticeOnce(key: string): Promise<boolean> {
    if (this.noticed.has(key)) return false;
    const first = await claimOnce(key, this.owner);
    if (this.noticed.size >= MAX_NOTICED) this.noticed.clear();
    this.noticed.add(key);
    return first;
  }

  private emit(event: FloodEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(event);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'flood listener failed');
      }
    }
  }
}

function rateOf(r: { count: number; minutes: number }): Rate {
  return { count: r.count, periodMs: Math.round(r.minutes * 60_000) };
}
