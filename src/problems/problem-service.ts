import type { Logger } from 'pino';
import { refusal, said } from '../i18n/refusal';
import type { Clock } from '../core/clock';
import { claimOnceRetried, ownerOfThisCall } from '../db/claim-once';
import { claims } from '../db/claims';
import { nextSequence } from '../db/counter';
import { withKeyLock } from '../db/keyed-lock';
import type { Person } from '../people/person';
import { formatCaseKey } from '../tickets/case-key';
import { Ticket, type TicketDoc } from '../tickets/ticket.model';
import { CASE_ROW_FIELDS, type RowSource } from '../tickets/case-row';
import { withRollup } from '../tickets/rollup-build';
import type { TicketService } from '../tickets/ticket-service';
import { OPEN_STATUSES } from '../tickets/ticket-status';
import { formatProblemKey, parseProblemKey } from './problem-key';
import { problemFixedText } from './render-problem';
import { wordsOf } from './similarity';
import { forgetKnownErrors } from './known-errors';
import { Problem, type ProblemDoc, type ProblemEvent } from './problem.model';

export interface ProblemServiceDeps {
  clock: Clock;
  log: Logger;
  /** Lazily: the ticket service is built beside this one. */
  tickets: () => TicketService;
}

export interface LinkResult {
  linked: string[];
  /** Already linked to this problem. */
  already: string[];
  /** Case numbers that do not exist. */
  missing: number[];
  /** Cases moved here from another problem: "INC-5 (was PRB-2)". */
  moved: string[];
}

export interface ProblemView {
  problem: ProblemDoc;
  incidents: { total: number; open: number; keys: string[] };
}

/**
 * Problem records: `problem new`, `link`, `workaround`, `fix`, `show`. Incidents point to their
 * problem through `Ticket.problemKey` (the one source of truth; each link is one atomic update
 * of one ticket), so a problem's incidents are a query, never a second list to keep in step.
 */
export class ProblemService {
  constructor(private readonly deps: ProblemServiceDeps) {}

  private event(actor: Person, kind: ProblemEvent['kind'], note?: string): ProblemEvent {
    return { at: this.deps.clock.now(), actorId: actor.id, kind, ...(note ? { note } : {}) };
  }

  async create(actor: Person, title: string, workaround?: string): Promise<ProblemDoc> {
    const number = await nextSequence('problem');
    const now = this.deps.clock.now();
    const doc = await Problem.create({
      number,
      key: formatProblemKey(number),
      title,
      status: workaround ? 'known-error' : 'open',
      ...(workaround ? { workaround } : {}),
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      events: [
        this.event(actor, 'created', title),
        ...(workaround ? [this.event(actor, 'workaround', workaround)] : []),
      ],
    });
    forgetKnownErrors();
    return doc.toObject();
  }

  async get(number: number): Promise<ProblemDoc> {
    const p = await Problem.findOne({ number: Number(number) }).lean<ProblemDoc>();
    if (!p)
      throw refusal(
        'NOT_FOUND',
        said('problem.err.missing', { key: formatProblemKey(number) }),
        said('problem.err.missingFix'),
      );
    return p;
  }

  async link(actor: Person, number: number, cases: readonly number[]): Promise<LinkResult> {
    const p = await this.get(number);
    const result: LinkResult = { linked: [], already: [], missing: [], moved: [] };
    const alike = { words: new Set<string>(), places: new Set<string>() };
    for (const n of [...new Set(cases.map(Number))]) {
      const found = await Ticket.findOne({ number: n }, { _id: 1 }).lean<Pick<TicketDoc, '_id'>>();
      if (!found) {
        result.missing.push(n);
        continue;
      }
      // Same lock key as the ticket service: one read-modify-write of a ticket at a time.
      await withKeyLock(`ticket:${String(found._id)}`, () => this.linkOne(actor, p, found._id, result, alike));
    }
    if (result.linked.length) {
      await Problem.updateOne(
        { _id: p._id },
        {
          $set: { updatedAt: this.deps.clock.now() },
          $push: { events: this.event(actor, 'linked', result.linked.join(' ')) },
          // What later reports are compared with when its workaround may be offered (known-errors.ts).
          $addToSet: { matchWords: { $each: [...alike.words] }, matchPlaces: { $each: [...alike.places] } },
        },
      );
      forgetKnownErrors();
    }
    return result;
  }

  private async linkOne(
    actor: Person,
    p: ProblemDoc,
    id: TicketDoc['_id'],
    result: LinkResult,
    alike: { words: Set<string>; places: Set<string> },
  ): Promise<void> {
    const t = await Ticket.findById(id, CASE_ROW_FIELDS).lean<RowSource>();
    if (!t) return;
    wordsOf(t.title).forEach((w) => alike.words.add(w));
    if (t.school) alike.places.add(`${t.category}|${t.school}`);
    if (t.problemKey === p.key) return void result.already.push(t.key);
    const now = this.deps.clock.now();
    const note = `Linked to problem ${p.key}: ${p.title}`;
    // The problem key is in the case's roll-up row (`stats` counts cases not linked to a problem).
    const updated = await withRollup(t, now, () =>
      Ticket.findOneAndUpdate(
        { _id: id, problemKey: t.problemKey ?? { $exists: false } },
        {
          $set: { problemKey: p.key, updatedAt: now },
          $push: { events: { at: now, actorId: actor.id, actorName: actor.name, kind: 'comment', note } },
        },
        { returnDocument: 'after' },
      ).lean<RowSource>(),
    );
    // Changed meanwhile by another process: someone else linked it.
    if (!updated) return void result.already.push(t.key);
    if (t.problemKey) result.moved.push(`${t.key} (was ${t.problemKey})`);
    result.linked.push(t.key);
  }

  /**
   * The reporter's answer to the known error offered on her receipt: fixed resolves and closes the
   * case as solved by the workaround; not fixed links it to the problem and leaves it open.
   */
  async answerOffer(t: TicketDoc, actor: Person, problemKey: string, fixed: boolean): Promise<'solved' | 'linked'> {
    if (fixed) {
      await this.deps.tickets().solveByWorkaround(t, actor, problemKey);
      return 'solved';
    }
    const number = parseProblemKey(problemKey);
    if (number === undefined)
      throw refusal('NOT_FOUND', said('problem.err.notAProblem', { key: problemKey.slice(0, 20) }));
    await this.link(actor, number, [t.number]);
    return 'linked';
  }

  /** Records the known error's workaround. */
  async setWorkaround(actor: Person, number: number, workaround: string): Promise<ProblemDoc> {
    const p = await this.get(number);
    if (p.status === 'fixed') throw refusal('INVALID_STATE', said('problem.err.alreadyFixed', { key: p.key }));
    const updated = await Problem.findOneAndUpdate(
      { _id: p._id, status: { $ne: 'fixed' } },
      {
        $set: { workaround, status: 'known-error', updatedAt: this.deps.clock.now() },
        $push: { events: this.event(actor, 'workaround', workaround) },
      },
      { returnDocument: 'after' },
    ).lean<ProblemDoc>();
    forgetKnownErrors();
    if (!updated) throw refusal('INVALID_STATE', said('problem.err.fixedMeanwhile', { key: p.key }));
    return updated;
  }

  /** Marks the problem fixed (once) and tells the reporters of its linked incidents. */
  async fix(
    actor: Person,
    number: number,
    fix: string,
  ): Promise<{ problem: ProblemDoc; told: number; incidents: number }> {
    const p = await this.get(number);
    const now = this.deps.clock.now();
    // Exactly once, across processes and on FerretDB too: the unique claim decides; the guarded
    // update below is the second line of defence.
    if (p.status === 'fixed' || !(await claimOnceRetried(claims.problemFix(p.key), ownerOfThisCall(actor.id), now))) {
      throw refusal(
        'INVALID_STATE',
        said('problem.err.alreadyFixed', { key: p.key }),
        said('problem.err.seeIt', { key: p.key }),
      );
    }
    const updated = await Problem.findOneAndUpdate(
      { _id: p._id, status: { $ne: 'fixed' } },
      {
        $set: { status: 'fixed', fix, fixedAt: now, updatedAt: now },
        $push: { events: this.event(actor, 'fixed', fix) },
      },
      { returnDocument: 'after' },
    ).lean<ProblemDoc>();
    forgetKnownErrors();
    if (!updated)
      throw refusal(
        'INVALID_STATE',
        said('problem.err.alreadyFixed', { key: p.key }),
        said('problem.err.seeIt', { key: p.key }),
      );
    const linked = await Ticket.find({ problemKey: p.key }).sort({ number: 1 }).lean<TicketDoc[]>();
    const reporters = new Set<string>();
    for (const t of linked) {
      if (t.reporterId === actor.id) continue;
      const open = (OPEN_STATUSES as readonly string[]).includes(t.status);
      await this.deps.tickets().notifier.tellReporter(t, actor, (lang) => problemFixedText(t, fix, open, lang));
      reporters.add(t.reporterId);
    }
    return { problem: updated, told: reporters.size, incidents: linked.length };
  }

  async view(number: number, maxKeys = 10): Promise<ProblemView> {
    const problem = await this.get(number);
    const [total, open, some] = await Promise.all([
      Ticket.countDocuments({ problemKey: problem.key }),
      Ticket.countDocuments({ problemKey: problem.key, status: { $in: [...OPEN_STATUSES] } }),
      Ticket.find({ problemKey: problem.key }, { number: 1 })
        .sort({ number: 1 })
        .limit(maxKeys)
        .lean<Array<{ number: number }>>(),
    ]);
    return { problem, incidents: { total, open, keys: some.map((t) => formatCaseKey(t.number)) } };
  }

  /** Problems not yet fixed, newest first, with their incident counts. */
  async listOpen(limit = 10): Promise<Array<{ problem: ProblemDoc; incidents: number }>> {
    const problems = await Problem.find({ status: { $in: ['open', 'known-error'] } })
      .sort({ number: -1 })
      .limit(limit)
      .lean<ProblemDoc[]>();
    return Promise.all(
      problems.map(async (problem) => ({
        problem,
        incidents: await Ticket.countDocuments({ problemKey: problem.key }),
      })),
    );
  }
}
