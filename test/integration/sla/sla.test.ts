import { slaCheckJob } from '../../../jobs/sla-check';
import type { JobRun } from '../../../jobs/job';
import { ManualClock } from '../../../src/core/clock';
import { SlaAlert } from '../../../src/sla/sla-alert.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

/**
 * SLA timers through the whole bot, on a controlled clock (Oslo, school hours 08:00-16:00,
 * P3 targets: response 4 h, resolution 24 h, warning at 75 %). Week of Mon 30 March 2026 (CEST).
 */
const at = (local: string) => new Date(`${local}+02:00`);

describe('SLA warnings and breaches', () => {
  let bot: TestBot;
  const clock = new ManualClock(at('2026-03-30T08:00:00'));
  let a: string;
  let b: string;

  beforeAll(async () => {
    bot = await startTestBot({ clock });
    await bot.say('anna', 'the printer in room 12 prints nothing');
    await bot.say('bjorn', 'the projector in room 3 shows no picture');
    const [ta, tb] = await Ticket.find().sort({ number: 1 }).lean();
    a = ta.key;
    b = tb.key;
    expect([ta.priority, tb.priority]).toEqual(['P3', 'P3']);
    await bot.say('oscar', `/ticket assign ${b} petra`, { channel: '#operators' });
  }, 60_000);
  afterAll(() => bot?.stop());

  const check = async (local: string) => {
    clock.set(at(local));
    const before = bot.sent.length;
    await slaCheckJob.run({
      id: 't',
      data: {},
      touch: async () => {},
      log: bot.services.log,
      services: bot.services,
    } as JobRun<Record<string, never>>);
    return bot.sent.slice(before);
  };
  const texts = (sent: Awaited<ReturnType<typeof check>>) =>
    sent.map((s) => `${s.to?.channel}: ${s.msg.text.split('\n')[0]}`);

  it('warns at 75 % of the response target and escalates the breach to operators, once each', async () => {
    expect(texts(await check('2026-03-30T10:59:00'))).toEqual([]);
    expect(texts(await check('2026-03-30T11:00:00'))).toEqual([
      `#operators: ⏰ SLA warning: ${a} (P3, printing, nordby): the printer in room 12 prints nothing`,
    ]);
    expect(texts(await check('2026-03-30T11:30:00'))).toEqual([]);
    // Two checkers at once (two bot processes): the unique (case, threshold) claim lets one send.
    clock.set(at('2026-03-30T12:00:00'));
    const before = bot.sent.length;
    const run = () => bot.services.sla.check();
    const results = await Promise.all([run(), run()]);
    expect(results.flatMap((r) => r.sent)).toEqual([{ ticket: a, threshold: 'response-breach' }]);
    const breach = bot.sent.slice(before);
    expect(breach).toHaveLength(1);
    expect(breach[0].to?.channel).toBe('#operators');
    expect(breach[0].msg.text).toContain(`🚨 SLA breach: ${a}`);
    expect(breach[0].msg.text).toContain('The 4 h first response target was missed. Nobody is assigned');
    // It means to notify nobody in particular (Matrix: `m.mentions: {}`, whatever the title says).
    expect(breach[0].msg.notify ?? []).toEqual([]);
    expect(texts(await check('2026-03-30T13:00:00'))).toEqual([]);
    expect(await SlaAlert.countDocuments({ ticketNumber: Number(a.slice(4)) })).toBe(2);
    await bot.say('oscar', `/ticket resolve ${a} paper tray refilled`, { channel: '#operators' });
  }, 60_000);

  it('pauses the resolution clock while waiting on the reporter', async () => {
    // B: assigned at Mon 08:00 (answered at once). Runs Mon 8 h + Tue 08-12 4 h = 12 h, then waits
    // on the reporter until Wed 12:00. 18 h (75 %) is reached Thu 10:00, not Wed 10:00.
    clock.set(at('2026-03-31T12:00:00'));
    await bot.say('petra', `/ticket status ${b} waiting-on-reporter which room exactly?`, { channel: '#operators' });
    expect(texts(await check('2026-03-31T15:00:00'))).toEqual([]);
    expect(texts(await check('2026-04-01T10:00:00'))).toEqual([]); // would be 75 % without the pause
    clock.set(at('2026-04-01T12:00:00'));
    await bot.say('petra', `/ticket status ${b} in-progress`, { channel: '#operators' });
    expect(texts(await check('2026-04-02T09:59:00'))).toEqual([]);
    const warned = await check('2026-04-02T10:00:00');
    expect(texts(warned)).toEqual([
      `dm:petra: ⏰ SLA warning: ${b} (P3, hardware, sandvik): the projector in room 3 shows no picture`,
    ]);
    expect(warned[0].msg.text).toContain(
      '75% of the 24 h resolution target is used; 6 h of school time left (due Thu 2 Apr 16:00).',
    );
    expect(warned[0].msg.notify ?? []).toEqual([]); // a DM reaches its reader without a mention
    expect(texts(await check('2026-04-02T15:59:00'))).toEqual([]);
    const breached = await check('2026-04-02T16:00:00');
    expect(texts(breached)).toEqual([
      `#operators: 🚨 SLA breach: ${b} (P3, hardware, sandvik): the projector in room 3 shows no picture`,
    ]);
    // The breach names the assignee: it notifies her, on every platform she has, and nobody else
    // (with the name it calls her by, which Matrix makes a pill).
    expect(breached[0].msg.notify).toEqual(
      ['test', 'console', 'slack', 'matrix'].map((platform) => ({
        platform,
        userId: platform === 'slack' ? 'UPETRA' : platform === 'matrix' ? '@petra:localhost' : 'petra',
        name: 'Petra Holm',
      })),
    );
    expect(texts(await check('2026-04-03T09:00:00'))).toEqual([]);
  }, 60_000);

  it('records the warning without sending it when the breach is due at the same check', async () => {
    // A P1 case reported Fri 3 April 15:50; the next check is Mon 6 April 13:00: 5 h 10 min, past both the 30 min and
    // the 4 h target.
    clock.set(at('2026-04-03T15:50:00'));
    await bot.say('anna', 'urgent: exam today, the whole school cannot log in');
    const p1 = await Ticket.findOne({ priority: 'P1' }).lean();
    expect(p1).not.toBeNull();
    const sent = await check('2026-04-06T13:00:00');
    const mine = sent.filter((s) => s.msg.text.includes(p1!.key));
    expect(mine.map((s) => s.msg.text.split(':')[0])).toEqual(['🚨 SLA breach', '🚨 SLA breach']); // response and resolution
    const alerts = await SlaAlert.find({ ticketNumber: p1!.number }).sort({ threshold: 1 }).lean();
    expect(alerts.map((x) => [x.threshold, Boolean(x.superseded)])).toEqual([
      ['resolution-breach', false],
      ['resolution-warning', true],
      ['response-breach', false],
      ['response-warning', true],
    ]);
  }, 60_000);
});
