/**
 * Help for the person asking, and the wording slips of issue 17, through the whole bot. `/help`
 * shows a teacher only what she may run (one example each), `/help all` every family with what is
 * not for her marked. What would break: a teacher shown staff commands (or `/deploy` unmarked),
 * `ticket mine` pointing at `ticket find`, "No mine cases.", `/stats 0d` called too long.
 */
import { commandFamilies } from '../../../commands';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

const say = async (who: string, what: string) => TestBot.text(await bot.say(who, what));

test('/help lists what the teacher may run, each with an example; nothing else', async () => {
  const help = await say('anna', '/help');
  const mine = commandFamilies.flatMap((f) =>
    f.subcommands.filter((s) => s.roles === 'anyone').map((s) => ({ usage: s.usage, example: s.examples?.[0] })),
  );
  for (const { usage, example } of mine) {
    expect(help).toContain(`/${usage} — `);
    expect(help).toContain(`E.g. \`/${example ?? usage}\``);
  }
  expect(help).not.toMatch(/\/ticket assign|\/deploy run|\/problem new|\/rfc approve|not for your role/u);
  expect(help).toContain('`/help all` for every command');
});

test('/help all lists every family, marking what is not for her', async () => {
  const all = await say('anna', '/help all');
  for (const f of commandFamilies) expect(all).toContain(`/${f.name} — `);
  expect(all).toMatch(/\/problem — .*\(not for your role\)/u);
  expect(all).toMatch(/\/deploy — .*\(for you: freezes\)/u);
  expect(await say('oscar', '/help')).toContain('/ticket assign CASE PERSON — ');
});

test('the wording slips: ticket mine, an empty ticket list mine, stats 0d, a missing PERSON', async () => {
  expect(await say('anna', '/ticket mine')).toMatch(/Did you mean `\/ticket list mine`\?/u);
  expect(await say('bjorn', '/ticket list mine')).toContain('You have no cases.');
  const zero = await say('oscar', '/stats 0d');
  expect(zero).toContain('"0d" is an empty period');
  expect(zero).not.toContain('too long');
  expect(await say('oscar', '/ticket assign INC-1')).toMatch(/PERSON is missing/u);
  expect(await say('oscar', '/ticket comment INC-1')).toMatch(/TEXT is missing/u);
});
