/**
 * The seed's printer example, end to end through the real CLI and the console, on the embedded
 * default database (no MONGODB_URI): a teacher reports, the operator asks the school's ICT contact
 * in an internal note, her answer in its thread stays internal (the teacher sees neither), the
 * service desk escalates to the printer technician, who resolves it; the teacher is told each step
 * and confirms with one tap (a ✅ reaction on the "Fixed?" question). Then the bot is restarted on
 * the same data folder: the case, its history and the case numbering survive.
 */
import { exampleConsole, type ExampleConsole } from '../../support/example-console';
import type { CliProcess } from '../../support/cli-process';

jest.setTimeout(120_000);

let example: ExampleConsole;

function consoleBot(): CliProcess {
  return example.start();
}

beforeAll(async () => {
  example = await exampleConsole('printer');
});

afterAll(async () => {
  await example.cleanup();
});

test(
  'the seed printer case: report, assign, ask the ICT contact, her answer in the thread, escalate, resolve, ' +
    'confirm',
  async () => {
    const bot = consoleBot();
    try {
      await bot.expect(/you are anna, in a DM with the bot/u);

      bot.type('the printer in room 12 prints nothing');
      await bot.expect(
        /DM anna: INC-1 the printer in room 12 prints nothing {2}\[NEW\]\n\s+Category: printing · Priority: P3/u,
      );

      // The operator takes the case and asks the school's ICT contact to look at the printer.
      bot.type(':as oscar', '/ticket assign INC-1 me');
      await bot.expectAll([/DM anna: INC-1 is now assigned to Oscar Nilsen\./u, /DM oscar: INC-1 is assigned to you/u]);
      bot.type('/ticket note INC-1 @ingrid could you check the paper tray of the printer in room 12?');
      const [asked] = await bot.expectAll([
        /\[(b\d+)\] DM ingrid: Oscar Nilsen on INC-1 \(the printer in room 12 prints nothing\), \S*internal note\S* \(the reporter does not see it\):\n\s+@ingrid could you check the paper tray/u,
        /DM oscar: Internal note added to INC-1; sent to Ingrid Lie\. The reporter does not see it\./u,
      ]);

      // She answers in the thread of the bot's question: the answer lands on the case.
      bot.type(
        ':as ingrid',
        `^${asked[1]} the paper tray is full and the toner is fine, but the printer shows no jobs at all`,
      );
      await bot.expect(/DM oscar: Ingrid Lie added an internal note to INC-1: the paper tray is full/u);

      bot.type(':as oscar', '/ticket escalate INC-1 petra print queue on the server looks stuck');
      await bot.expectAll([
        /DM petra: .*INC-1/u,
        /DM anna: INC-1 is now escalated to Petra Holm: print queue on the server looks stuck/u,
      ]);

      bot.type(':as petra', '/ticket resolve INC-1 restarted the print spooler and cleared the queue for room 12');
      const [, question] = await bot.expect(
        /\[(b\d+)\] DM anna: INC-1 is now resolved: restarted the print spooler[\s\S]*?\[ ✅ Yes, fixed \] \[ ❌ Still broken \]/u,
      );

      bot.type('/ticket show INC-1');
      const shown = await bot.expect(
        /DM petra: INC-1 the printer in room 12 prints nothing {2}\[RESOLVED\][\s\S]*?History:\n((?: {6}.*\n)+)/u,
      );
      const steps = shown[1]
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\s*\d{4}-\d\d-\d\d \d\d:\d\d {2}/u, ''));
      const expected = [
        /^Anna Berg reported it/u,
        /^Oscar Nilsen assigned it to Oscar Nilsen/u,
        /^Oscar Nilsen: new → assigned/u,
        /^\[internal\] Oscar Nilsen: @ingrid could you check the paper tray/u,
        /^\[internal\] Ingrid Lie: the paper tray is full/u,
        /^Oscar Nilsen escalated it to Petra Holm — print queue on the server looks stuck/u,
        /^Oscar Nilsen: assigned → escalated/u,
        /^Petra Holm: escalated → resolved — restarted the print spooler/u,
      ];
      expect(steps).toHaveLength(expected.length);
      steps.forEach((line, i) => expect(line).toMatch(expected[i]));

      // The teacher answers "Fixed?" with one tap (a reaction on the question).
      bot.type(':as anna', `:react ${question} ✅`);
      await bot.expectAll([
        /DM anna: Thanks! INC-1 is closed\./u,
        /Anna Berg confirmed the fix of INC-1; it is closed\./u,
      ]);

      // Nothing of the internal exchange reached the teacher.
      expect(bot.stdout).not.toMatch(/DM anna: [^\n]*(paper tray|internal note)/u);

      expect(await bot.quit()).toBe(0);
    } finally {
      bot.kill();
    }
  },
);

test('after a restart the case, its history and the numbering are still there', async () => {
  const bot = consoleBot();
  try {
    await bot.expect(/you are anna/u);
    // `:who` ends the case's history with a known line (the next bot message may never come).
    bot.type(':as oscar', '/ticket show INC-1', ':who');
    const shown = await bot.expect(
      /DM oscar: INC-1 the printer in room 12 prints nothing {2}\[CLOSED\][\s\S]*?History:([\s\S]*?)\nYou are oscar/u,
    );
    const history = shown[1];
    expect(history).toMatch(/Anna Berg reported it/u);
    expect(history).toMatch(/Ingrid Lie: the paper tray is full/u);
    expect(history).toMatch(/escalated/u);
    expect(history).toMatch(/resolved/u);
    expect(history).toMatch(/closed/u);

    bot.type(':as anna', 'the projector in room 3 has no picture');
    await bot.expect(/DM anna: INC-2 the projector in room 3 has no picture/u);
    expect(await bot.quit()).toBe(0);
  } finally {
    bot.kill();
  }
});
