import { ManualClock } from '../../../src/core/clock';
import { Problem } from '../../../src/problems/problem.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

/** `problem`: help, usage errors, who may do what, and "fixed" told exactly once under concurrency. */
describe('problem command', () => {
  let bot: TestBot;
  const ops = { channel: '#operators' };
  const say = async (who: string, text: string, where: { channel?: string } = ops) =>
    TestBot.text(await bot.say(who, text, where));
  /** A snapshot of everything the problem commands may change. */
  const stored = async () =>
    JSON.stringify([
      await Problem.find().sort({ number: 1 }).lean(),
      await Ticket.find({}, { key: 1, problemKey: 1, events: 1 }).sort({ number: 1 }).lean(),
    ]);

  beforeAll(async () => {
    bot = await startTestBot({ clock: new ManualClock('2026-03-10T09:00:00Z') });
    await bot.say('anna', 'the printer in room 12 prints nothing');
    await bot.say('bjorn', 'the printer in the library prints nothing');
    expect(await say('oscar', '/problem new Print server spool disk full')).toContain('Recorded PRB-1');
  }, 60_000);
  afterAll(() => bot?.stop());

  it('lists its actions in help, and each action explains itself', async () => {
    const help = await say('oscar', '/help problem');
    for (const word of ['new', 'link', 'workaround', 'fix', 'show']) expect(help).toContain(`problem ${word}`);
    const one = await say('oscar', '/problem link --help');
    expect(one).toContain('problem link PRB-N INC-… [INC-…]');
    expect(one).toContain('problem link PRB-3 INC-1042 INC-1050');
  }, 30_000);

  it('answers bad input with what was wrong and what to type, changing nothing', async () => {
    const before = await stored();
    const cases: Array<[string, RegExp]> = [
      ['/problem', /\/problem link PRB-N INC-… \[INC-…\] — Link incidents to a problem record\./u],
      ['/problem frobnicate PRB-1', /problem commands: new, link, workaround, fix, show/u],
      ['/problem new', /TITLE.*is missing[\s\S]*Usage: \/problem new TITLE/u],
      [`/problem new ${'x'.repeat(201)}`, /longer than 200 characters/u],
      ['/problem link PRB-1', /Name at least one case, e\.g\. `problem link PRB-3 INC-1042`/u],
      ['/problem link', /is missing[\s\S]*Usage: \/problem link PRB-N/u],
      ['/problem link RFC-1 INC-1', /expected a problem such as PRB-3/u],
      ['/problem link PRB-1 printer', /expected a case/iu],
      ['/problem workaround PRB-1', /TEXT.*is missing/u],
      ['/problem fix PRB-1', /WHAT WAS DONE.*is missing/u],
      ['/problem fix PRB-9 rebooted', /PRB-9 does not exist\.[\s\S]*problem show/u],
      ['/problem show PRB-{"$gt":""}', /expected a problem such as PRB-3/u],
    ];
    for (const [input, expected] of cases)
      expect([input, await say('oscar', input)]).toEqual([input, expect.stringMatching(expected)]);
    expect(await stored()).toBe(before);
  }, 60_000);

  it('lets operators and admins change problem records, and ICT contacts and change managers read them', async () => {
    const [i1] = (await Ticket.find().sort({ number: 1 }).lean()).map((t) => t.key);
    const before = await stored();
    const writes = [
      '/problem new Another one',
      `/problem link PRB-1 ${i1}`,
      '/problem workaround PRB-1 restart it',
      '/problem fix PRB-1 replaced disk',
    ];
    for (const who of ['anna', 'ingrid', 'carl', 'maria']) {
      for (const cmd of writes) {
        const where = who === 'anna' ? {} : ops;
        expect([who, cmd, await say(who, cmd, where)]).toEqual([
          who,
          cmd,
          expect.stringMatching(/is for: operator, admin/u),
        ]);
      }
    }
    expect(await stored()).toBe(before);
    for (const who of ['ingrid', 'maria', 'ada', 'oscar'])
      expect(await say(who, '/problem show PRB-1')).toContain('*PRB-1* Print server spool disk full [open]');
    for (const who of ['anna', 'carl'])
      expect(await say(who, '/problem show PRB-1', who === 'anna' ? {} : ops)).toMatch(
        /is for: operator, admin, ict-contact, change-manager/u,
      );
    expect(await say('ada', `/problem link PRB-1 ${i1}`)).toBe(`PRB-1: Linked: ${i1}.`);
  }, 60_000);

  it('marks a problem fixed once when two operators fix it at the same moment', async () => {
    const [, i2] = (await Ticket.find().sort({ number: 1 }).lean()).map((t) => t.key);
    await say('oscar', `/problem link PRB-1 ${i2}`);
    const before = bot.sent.length;
    await Promise.all([
      bot.say('oscar', '/problem fix PRB-1 replaced the disk', ops),
      bot.say('petra', '/problem fix PRB-1 emptied the spool', ops),
    ]);
    const replies = bot.sent
      .slice(before)
      .filter((s) => s.to?.channel === '#operators')
      .map((s) => s.msg.text);
    expect(replies).toHaveLength(2);
    expect(replies.filter((t) => t.includes('is fixed. Told 2 reporters of 2 linked incidents.'))).toHaveLength(1);
    expect(replies.filter((t) => t.startsWith('PRB-1 is already fixed.'))).toHaveLength(1);
    const told = bot.sent.slice(before).filter((s) => s.to?.channel?.startsWith('dm:'));
    expect(told.map((s) => s.to?.channel).sort()).toEqual(['dm:anna', 'dm:bjorn']);
    const p = await Problem.findOne({ key: 'PRB-1' }).lean();
    expect(p?.events.filter((e) => e.kind === 'fixed')).toHaveLength(1);
  }, 60_000);
});
