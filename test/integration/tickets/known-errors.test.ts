/**
 * Known fixes offered at once, and similar reports noticed, through the whole bot. A known error
 * (a problem with a workaround) exists; a new report like it gets the workaround on its receipt
 * with the one-tap answers; *fixed* closes the case as solved by the workaround (and `stats`
 * counts it deflected), *no* links it to the problem and leaves it open. Three similar reports at
 * one school raise one alert to the operators, a fourth none. What would break: the offer missing
 * (or offered for an unrelated report), an answer doing the wrong thing, an alert per report.
 */
import { Ticket } from '../../../src/tickets/ticket.model';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

const text = TestBot.text;

async function report(who: string, what: string) {
  const out = await bot.say(who, what);
  const receipt = out.find((s) => /Logged as/u.test(s.msg.text))!;
  return { key: /INC-\d+/u.exec(receipt.msg.text)![0], receipt };
}

test('a report like a known error is offered its workaround; fixed closes it, no links it; stats counts it', async () => {
  const first = await report('anna', 'the projector in room 4 shows no picture');
  const made = text(
    await bot.say(
      'oscar',
      `/problem new projector in room 4 loses its input --workaround "switch the input to HDMI 2 on the remote" ` +
        `--link ${first.key}`,
    ),
  );
  const prb = /PRB-\d+/u.exec(made)![0];

  const second = await report('bjorn', 'no picture from the projector in room 4 again');
  expect(second.receipt.msg.text).toContain(
    `This looks like ${prb} (known error): switch the input to HDMI 2 on the remote`,
  );
  expect(second.receipt.msg.text).toMatch(/\*Did that fix it\?\*/u);
  expect(second.receipt.msg.actions!.map((a) => a.label)).toEqual(['Yes, fixed', 'No']);
  const fixed = await bot.react('bjorn', second.receipt.ref, '✅');
  expect(text(fixed)).toContain(`Good! ${second.key} is closed as solved by the workaround of ${prb}.`);
  expect(await Ticket.findOne({ key: second.key }).lean()).toMatchObject({
    status: 'closed',
    deflectedBy: prb,
    problemKey: prb,
  });

  const third = await report('anna', 'projector room 4: picture gone');
  expect(third.receipt.msg.text).toContain(`This looks like ${prb}`);
  const no = await bot.react('anna', third.receipt.ref, '❌');
  expect(text(no)).toContain(`${third.key} stays open and is linked to ${prb}`);
  expect(await Ticket.findOne({ key: third.key }).lean()).toMatchObject({ status: 'new', problemKey: prb });

  // An unrelated report gets no offer.
  const other = await report('anna', 'the wifi in the gym is slow');
  expect(other.receipt.msg.text).not.toContain('This looks like');
  expect(other.receipt.msg.actions).toBeUndefined();

  const stats = text(await bot.say('oscar', '/stats 7d'));
  expect(stats).toMatch(/Solved by a known error's workaround at once: 1 \(/u);
});

test('three similar reports at one school raise one alert to the operators; a fourth does not', async () => {
  const alerts = () => bot.inChannel('#operators').filter((s) => /similar reports at/u.test(s.msg.text));
  const keys = [];
  keys.push((await report('anna', 'the smartboard in room 9 is dead')).key);
  keys.push((await report('ingrid', 'smartboard in room 9 dead again')).key);
  // Another school's identical report is not counted with nordby's.
  await report('bjorn', 'the smartboard in room 9 is dead');
  expect(alerts()).toHaveLength(0);
  keys.push((await report('anna', 'smartboard room 9 is dead, no power light')).key);
  expect(alerts()).toHaveLength(1);
  const alert = alerts()[0].msg.text;
  expect(alert).toContain(`*3 similar reports at nordby* within 7 days: ${keys.join(', ')}`);
  expect(alert).toContain(`problem new the smartboard in room 9 is dead --link ${keys.join(',')}`);
  await report('ingrid', 'the smartboard in room 9 is still dead');
  expect(alerts()).toHaveLength(1);
});
