/**
 * In Slack and Matrix nobody can write into another person's conversation with the bot; the console keeps to that. A
 * teacher who types `^b5 …` or `:react b5 ✅` for a message in the operator's DM is told so, and nothing happens.
 * Catches: a reply in someone else's DM thread logged as a case whose receipt lands in that other person's DM (seen
 * before the fix: anna's "still broken" became INC-2, receipted into oscar's DM).
 */
import { exampleConsole, type ExampleConsole } from '../../support/example-console';

jest.setTimeout(120_000);

let example: ExampleConsole;

beforeAll(async () => {
  example = await exampleConsole('other-dm');
});

afterAll(async () => {
  await example.cleanup();
});

test("a message in another person's DM cannot be answered or reacted to", async () => {
  const bot = example.start();
  try {
    await bot.expect(/you are anna/u);
    bot.type('the printer in room 12 prints nothing', ':as oscar', '/ticket resolve INC-1 toner replaced');
    const [done] = await bot.expectAll([/\[(b\d+)\] DM oscar: INC-1 is resolved\./u]);
    const oscars = done[1];
    bot.type(':as anna', `^${oscars} still broken, it jams`, `:react ${oscars} ❌`, '/ticket list');
    await bot.expect(new RegExp(`${oscars} is in oscar's DM with the bot: only oscar can answer there\\.`, 'u'));
    // Her list shows no open case: INC-1 stays resolved and no INC-2 was logged.
    await bot.expect(/DM anna: No open cases\./u);
    expect(await bot.quit()).toBe(0);
    expect(bot.stdout).not.toMatch(/INC-2/u);
  } finally {
    bot.kill();
  }
});
