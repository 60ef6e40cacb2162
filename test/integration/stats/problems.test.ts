import { ManualClock } from '../../../src/core/clock';
import { Problem } from '../../../src/problems/problem.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

describe('problem records', () => {
  let bot: TestBot;
  const ops = { channel: '#operators' };

  beforeAll(async () => {
    bot = await startTestBot({ clock: new ManualClock('2026-03-10T09:00:00Z') });
    await bot.say('anna', 'the printer in room 12 prints nothing');
    await bot.say('bjorn', 'printer queue stuck again in the library');
    await bot.say('anna', 'cannot log in to my laptop');
  }, 60_000);
  afterAll(() => bot?.stop());

  it('records a problem, links incidents, shows the known error and tells reporters when it is fixed', async () => {
    const [i1, i2, i3] = (await Ticket.find().sort({ number: 1 }).lean()).map((t) => t.key);
    const created = TestBot.text(
      await bot.say('oscar', `/problem new Print queue fills up on the print server --link ${i1}`, ops),
    );
    expect(created).toContain('Recorded PRB-1: Print queue fills up on the print server.');
    expect(created).toContain(`Linked: ${i1}.`);

    const linked = TestBot.text(await bot.say('oscar', `/problem link PRB-1 ${i1} ${i2} INC-999`, ops));
    expect(linked).toBe(`PRB-1: Linked: ${i2}. Already linked: ${i1}. No such case: INC-999.`);
    expect((await Ticket.findOne({ key: i2 }).lean())?.problemKey).toBe('PRB-1');
    expect((await Ticket.findOne({ key: i3 }).lean())?.problemKey).toBeUndefined();

    await bot.say('oscar', '/problem workaround PRB-1 Restart the spooler from the ICT contact menu', ops);
    const [shown] = await bot.say('ingrid', '/problem show PRB-1', ops);
    expect(shown.msg.card?.status).toBe('KNOWN-ERROR');
    expect(shown.msg.text).toContain('Workaround: Restart the spooler from the ICT contact menu');
    expect(shown.msg.text).toContain(`Incidents: 2 linked, 2 open: ${i1}, ${i2}`);

    const before = bot.sent.length;
    const fixed = TestBot.text(
      (await bot.say('oscar', '/problem fix PRB-1 Replaced the print server disk', ops)).filter(
        (s) => s.to?.channel === '#operators',
      ),
    );
    expect(fixed).toBe('PRB-1 is fixed. Told 2 reporters of 2 linked incidents.');
    const told = bot.sent.slice(before).filter((s) => s.to?.channel?.startsWith('dm:'));
    expect(told.map((s) => s.to?.channel).sort()).toEqual(['dm:anna', 'dm:bjorn']);
    expect(TestBot.text(told)).toContain(
      `The problem behind ${i1} (the printer in room 12 prints nothing) is fixed: Replaced the print server disk`,
    );
    expect((await Problem.findOne({ key: 'PRB-1' }).lean())?.status).toBe('fixed');

    const again = TestBot.text(await bot.say('oscar', '/problem fix PRB-1 again', ops));
    expect(again).toContain('PRB-1 is already fixed.');
    expect(TestBot.text(await bot.say('oscar', '/problem show', ops))).toContain('No open problem records.');
  }, 60_000);

  it('refuses reporters and bad keys without changing data', async () => {
    expect(TestBot.text(await bot.say('anna', '/problem new my own problem'))).toMatch(/is for: operator, admin/u);
    expect(TestBot.text(await bot.say('oscar', '/problem link PRB-x INC-1', ops))).toContain(
      'expected a problem such as PRB-3',
    );
    expect(TestBot.text(await bot.say('oscar', '/problem show PRB-77', ops))).toContain('PRB-77 does not exist.');
    expect(await Problem.countDocuments()).toBe(1);
  }, 30_000);
});
