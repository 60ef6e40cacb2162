/**
 * The two SLA clocks of a case (first response, resolution) as the SLA warnings show them: due
 * times in school hours across evenings, weekends, the March DST change and Easter; breaches;
 * pauses while waiting on the reporter; stops when answered or resolved.
 *
 * Oslo, school hours Mon-Fri 08:00-16:00, Easter 2026 off (Thu 2, Fri 3 and Mon 6 April);
 * the default targets: P1 0.5 h / 4 h, P2 1 h / 8 h, P3 4 h / 24 h, P4 8 h / 80 h.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { calendarFromConfig } from '../../../src/calendar/calendar-from-config';
import { parseConfig } from '../../../src/config/load-config';
import { assessSla, type SlaClock, type SlaTicket } from '../../../src/sla/sla-clock';

const config = parseConfig({
  digest: { calendar: { holidays: ['2026-04-02..2026-04-03', { from: '2026-04-06', name: 'Easter Monday' }] } },
});
const calendar = calendarFromConfig(config);
const targets = config.digest.sla.targets;
const MIN = 60_000;
const H = 60 * MIN;

/** A wall-clock time in Oslo ("2026-03-30T09:00"), whatever the UTC offset that day. */
const oslo = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Oslo' }).toJSDate();
/** As the SLA warning prints a due time. */
const shown = (d: Date | undefined) => (d ? calendar.local(d).toFormat('ccc d LLL HH:mm') : undefined);
const status = (local: string, to: string) => ({ kind: 'status', at: oslo(local), to });
const assess = (t: SlaTicket, now: Date) => assessSla(t, targets, now, calendar);
const newCase = (priority: string, created: string): SlaTicket => ({
  priority,
  status: 'new',
  createdAt: oslo(created),
});
/** The fields a user reads off a clock. */
const summary = (c: SlaClock) => ({
  state: c.state,
  breached: c.breached,
  elapsed: c.elapsedMs / MIN,
  due: shown(c.dueAt),
});

describe('due times of a new case', () => {
  it('counts school hours from the report: a P3 on Monday 09:00 is due 13:00, resolved after Easter', () => {
    const t = newCase('P3', '2026-03-30T09:00');
    const sla = assess(t, t.createdAt);
    expect(sla.response).toMatchObject({
      kind: 'response',
      targetMs: 4 * H,
      elapsedMs: 0,
      share: 0,
      state: 'running',
      breached: false,
    });
    expect(shown(sla.response.dueAt)).toBe('Mon 30 Mar 13:00');
    // 24 h: Mon 7 h, Tue 8 h, Wed 8 h; Thu, Fri, the weekend and Monday are off; Tue 7 April 1 h.
    expect(sla.resolution).toMatchObject({ kind: 'resolution', targetMs: 24 * H, state: 'running', breached: false });
    expect(shown(sla.resolution.dueAt)).toBe('Tue 7 Apr 09:00');
  });

  it('carries a Friday afternoon report over the weekend and the change to summer time', () => {
    // Fri 15:00 CET + 4 h: 1 h on Friday, 3 h on Monday (CEST).
    const sla = assess(newCase('P3', '2026-03-27T15:00'), oslo('2026-03-27T15:00'));
    expect(shown(sla.response.dueAt)).toBe('Mon 30 Mar 11:00');
    expect(sla.response.dueAt).toEqual(new Date('2026-03-30T09:00:00Z'));
  });

  it('starts the clocks of a weekend report on Monday morning', () => {
    const t = newCase('P2', '2026-03-28T10:00');
    const sla = assess(t, oslo('2026-03-29T20:00'));
    expect(summary(sla.response)).toEqual({ state: 'running', breached: false, elapsed: 0, due: 'Mon 30 Mar 09:00' });
    expect(summary(sla.resolution)).toEqual({ state: 'running', breached: false, elapsed: 0, due: 'Mon 30 Mar 16:00' });
  });

  it('starts an evening report at the next opening, and skips a holiday', () => {
    const evening = assess(newCase('P1', '2026-03-31T18:00'), oslo('2026-03-31T18:00'));
    expect([shown(evening.response.dueAt), shown(evening.resolution.dueAt)]).toEqual([
      'Wed 1 Apr 08:30',
      'Wed 1 Apr 12:00',
    ]);
    const beforeEaster = assess(newCase('P1', '2026-04-01T15:00'), oslo('2026-04-01T15:00'));
    expect([shown(beforeEaster.response.dueAt), shown(beforeEaster.resolution.dueAt)]).toEqual([
      'Wed 1 Apr 15:30',
      'Tue 7 Apr 11:00',
    ]);
  });

  it('uses the P3 targets for a priority it does not know', () => {
    const sla = assess(newCase('P7', '2026-03-30T09:00'), oslo('2026-03-30T09:00'));
    expect([sla.response.targetMs, sla.resolution.targetMs]).toEqual([4 * H, 24 * H]);
  });
});

describe('breaches', () => {
  const t = newCase('P1', '2026-03-30T08:00');

  it('is breached when the target is reached, not a minute later', () => {
    expect(summary(assess(t, oslo('2026-03-30T08:29')).response)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 29,
      due: 'Mon 30 Mar 08:30',
    });
    expect(summary(assess(t, oslo('2026-03-30T08:30')).response)).toEqual({
      state: 'running',
      breached: true,
      elapsed: 30,
      due: undefined,
    });
  });

  it('reports how far past the target an unanswered case is', () => {
    const sla = assess(t, oslo('2026-03-30T08:45'));
    expect(sla.response.share).toBe(1.5);
    expect(sla.response.breached).toBe(true);
    expect(sla.resolution).toMatchObject({ breached: false, share: 45 / 240 });
    expect(shown(sla.resolution.dueAt)).toBe('Mon 30 Mar 12:00');
  });
});

describe('the response clock', () => {
  const created = '2026-03-30T08:00';

  it('stops at the first response', () => {
    const t: SlaTicket = {
      ...newCase('P1', created),
      status: 'assigned',
      firstResponseAt: oslo('2026-03-30T08:10'),
      events: [status('2026-03-30T08:10', 'assigned')],
    };
    const sla = assess(t, oslo('2026-03-30T11:00'));
    expect(summary(sla.response)).toEqual({ state: 'stopped', breached: false, elapsed: 10, due: undefined });
    expect(summary(sla.resolution)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 180,
      due: 'Mon 30 Mar 12:00',
    });
  });

  it('stays breached when the answer came late', () => {
    const t: SlaTicket = { ...newCase('P1', created), status: 'assigned', firstResponseAt: oslo('2026-03-30T08:45') };
    expect(summary(assess(t, oslo('2026-03-30T11:00')).response)).toEqual({
      state: 'stopped',
      breached: true,
      elapsed: 45,
      due: undefined,
    });
  });

  it('still runs when assessed at a moment before the first response', () => {
    const t: SlaTicket = { ...newCase('P1', created), status: 'assigned', firstResponseAt: oslo('2026-03-30T08:10') };
    expect(summary(assess(t, oslo('2026-03-30T08:05')).response)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 5,
      due: 'Mon 30 Mar 08:30',
    });
  });
});

describe('the resolution clock', () => {
  const created = '2026-03-30T08:00';
  const waiting = [status(created, 'assigned'), status('2026-03-31T12:00', 'waiting-on-reporter')];

  it('pauses while the case waits on the reporter', () => {
    const t: SlaTicket = {
      ...newCase('P3', created),
      status: 'waiting-on-reporter',
      firstResponseAt: oslo(created),
      events: waiting,
    };
    const sla = assess(t, oslo('2026-03-31T15:00'));
    // Mon 8 h + Tue 08:00-12:00.
    expect(summary(sla.resolution)).toEqual({ state: 'paused', breached: false, elapsed: 12 * 60, due: undefined });
    expect(sla.resolution.share).toBe(0.5);
  });

  it('runs again from the answer, due later by the time it waited', () => {
    const events = [...waiting, status('2026-04-01T12:00', 'in-progress')];
    const t: SlaTicket = { ...newCase('P3', created), status: 'in-progress', firstResponseAt: oslo(created), events };
    // 8 h + 4 h + Wed 12:00-14:00; 10 h left: Wed 2 h, then Tue 7 April after Easter.
    expect(summary(assess(t, oslo('2026-04-01T14:00')).resolution)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 14 * 60,
      due: 'Tue 7 Apr 16:00',
    });
  });

  it('stops when the case is resolved or closed, and runs again when it is reopened', () => {
    const worked = [status('2026-03-30T08:15', 'in-progress'), status('2026-03-30T10:00', 'resolved')];
    const base = { ...newCase('P2', created), firstResponseAt: oslo('2026-03-30T08:15') };
    const resolved = assess({ ...base, status: 'resolved', events: worked }, oslo('2026-04-10T12:00'));
    expect(summary(resolved.resolution)).toEqual({ state: 'stopped', breached: false, elapsed: 120, due: undefined });
    const closed = assess(
      { ...base, status: 'closed', events: [...worked, status('2026-03-30T11:00', 'closed')] },
      oslo('2026-04-10T12:00'),
    );
    expect(summary(closed.resolution)).toEqual({ state: 'stopped', breached: false, elapsed: 120, due: undefined });
    const reopened = assess(
      { ...base, status: 'in-progress', events: [...worked, status('2026-03-31T10:00', 'in-progress')] },
      oslo('2026-03-31T12:00'),
    );
    expect(summary(reopened.resolution)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 240,
      due: 'Tue 31 Mar 16:00',
    });
  });

  it('keeps running while the case is escalated', () => {
    const events = [status(created, 'assigned'), status('2026-03-30T09:00', 'escalated')];
    const t: SlaTicket = { ...newCase('P2', created), status: 'escalated', firstResponseAt: oslo(created), events };
    expect(summary(assess(t, oslo('2026-03-30T10:00')).resolution)).toEqual({
      state: 'running',
      breached: false,
      elapsed: 120,
      due: 'Mon 30 Mar 16:00',
    });
  });

  it('is not stopped by events that are not status changes', () => {
    const events = [
      { kind: 'assign', at: oslo('2026-03-30T09:00'), to: 'petra' },
      { kind: 'note', at: oslo('2026-03-30T09:30') },
    ];
    const t: SlaTicket = { ...newCase('P3', created), status: 'new', events };
    expect(summary(assess(t, oslo('2026-03-30T12:00')).resolution)).toMatchObject({ state: 'running', elapsed: 240 });
  });
});

describe('due times (properties)', () => {
  /** Any instant in 2026 and 2027, to the minute. */
  const instant = fc
    .integer({ min: Date.UTC(2026, 0, 1) / MIN, max: Date.UTC(2027, 11, 31) / MIN })
    .map((m) => new Date(m * MIN));
  const priority = fc.constantFrom('P1', 'P2', 'P3', 'P4');
  const dueAtReport = (p: string, at: Date, kind: 'response' | 'resolution') =>
    assess({ priority: p, status: 'new', createdAt: at }, at)[kind].dueAt as Date;

  it('a later report is never due earlier, and is due exactly its target in school time after it', () => {
    fc.assert(
      fc.property(
        priority,
        instant,
        instant,
        fc.constantFrom('response' as const, 'resolution' as const),
        (p, a, b, kind) => {
          const [early, late] = a <= b ? [a, b] : [b, a];
          const dueEarly = dueAtReport(p, early, kind);
          const dueLate = dueAtReport(p, late, kind);
          expect(+dueEarly).toBeLessThanOrEqual(+dueLate);
          expect(calendar.businessMsBetween(late, dueLate)).toBe(targets[p as 'P1'][kind] * H);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the due time of a running case does not move as time passes', () => {
    fc.assert(
      fc.property(priority, instant, fc.integer({ min: 0, max: 14 * 24 * 60 }), (p, created, minutesLater) => {
        const now = new Date(+created + minutesLater * MIN);
        const clock = assess({ priority: p, status: 'new', createdAt: created }, now).resolution;
        if (!clock.breached) expect(clock.dueAt).toEqual(dueAtReport(p, created, 'resolution'));
        else expect(clock.dueAt).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
