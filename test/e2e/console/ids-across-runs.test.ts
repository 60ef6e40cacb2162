/**
 * Console message ids across restarts: the short ids ([b2]) restart in every process while thread
 * links are stored for good. Two console processes, one after the other on one data folder: in
 * each, the teacher's report gets the receipt [b2]; her reply in the second run's [b2] thread must
 * land on the second run's case. Catches ids without a per-run prefix (the reply landed on INC-1).
 */
import { exampleConsole, type ExampleConsole } from '../../support/example-console';
import type { CliProcess } from '../../support/cli-process';

jest.setTimeout(120_000);

let example: ExampleConsole;
const consoleBot = (): CliProcess => example.start();

beforeAll(async () => {
  // Two reports within two minutes would be folded into one case.
  example = await exampleConsole('ids', (yaml) => yaml.replace(/foldSeconds: 120/u, 'foldSeconds: 0'));
});

afterAll(async () => {
  await example.cleanup();
});

/** Reports as anna and returns the short id of the receipt. */
async function report(bot: CliProcess, text: string, ticket: string): Promise<string> {
  bot.type(text);
  const [receipt] = await bot.expectAll([new RegExp(`\\[(b\\d+)\\] DM anna: ${ticket} ${text}`, 'u')]);
  return receipt[1];
}

test('a reply to the second run’s [b2] lands on the second run’s case', async () => {
  const first = consoleBot();
  let firstId: string;
  try {
    await first.expect(/you are anna/u);
    firstId = await report(first, 'the printer in room 12 prints nothing', 'INC-1');
    expect(await first.quit()).toBe(0);
  } finally {
    first.kill();
  }

  const second = consoleBot();
  try {
    await second.expect(/you are anna/u);
    const secondId = await report(second, 'the projector in room 3 has no picture', 'INC-2');
    // The same short id in both runs: the case this test is about.
    expect(secondId).toBe(firstId);

    second.type(`^${secondId} it is the one by the window`);
    await second.expect(new RegExp(`DM anna ↳${secondId}: Added to INC-2[.]`, 'u'));
    second.type(':as oscar', '/ticket show INC-2');
    await second.expect(/DM oscar: INC-2 the projector in room 3 has no picture[\s\S]*it is the one by the window/u);
    second.type('/ticket show INC-1');
    const shown = await second.expect(/DM oscar: INC-1 the printer in room 12 prints nothing[\s\S]*?History:[^[]*/u);
    expect(shown[0]).not.toMatch(/by the window/u);
    expect(await second.quit()).toBe(0);
  } finally {
    second.kill();
  }
});
