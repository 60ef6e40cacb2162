/**
 * Which text written to the bot is a stray command (answered "not a command", never a case), and
 * the cap on a case's entries. They would catch `/2fa reset` or `/ ticket list` reaching the
 * service desk again, a refusal that echoes kilobytes, and a cap that lets a case outgrow 16 MB.
 */
import { defaultCatalog } from '../../../commands';
import { strayCommand } from '../../../src/bot/run-command';
import { caseEventCap } from '../../../src/tickets/case-size';
import { testConfig } from '../../support/test-bot';

describe('stray commands', () => {
  const catalog = defaultCatalog();
  it.each([
    ['/', '`/` is not a command — type /help.'],
    ['!', '`!` is not a command — type !help.'],
    ['/?', '`/?` is not a command — type /help.'],
    ['  /2fa reset', '`/2fa` is not a command — type /help.'],
    ['/ ticket list', '`/` is not a command — type /help. Did you mean `/ticket` (no blank after the /)?'],
    ['! help', '`!` is not a command — type !help. Did you mean `!help` (no blank after the !)?'],
    [`/9${'x'.repeat(500)}`, `\`/9${'x'.repeat(19)}…\` is not a command — type /help.`],
  ])('%j is answered, not logged', (text, message) => {
    const err = strayCommand(catalog, text);
    expect(err?.code).toBe('UNKNOWN_COMMAND');
    expect(err?.message).toBe(message);
  });

  it.each(['/ticket list', '!help', 'the printer is broken', 'INC-4 still broken', ''])(
    '%j is not a stray command',
    (text) => {
      expect(strayCommand(catalog, text)).toBeUndefined();
    },
  );
});

test("a case's cap of entries: the configured one, lowered where that many long entries could not fit in 16 MB", () => {
  expect(caseEventCap(testConfig())).toBe(500);
  expect(caseEventCap(testConfig({ tickets: { maxEvents: 40 } }))).toBe(40);
  const huge = caseEventCap(testConfig({ tickets: { maxTextLength: 100_000, maxEvents: 5000 } }));
  expect(huge).toBeLessThan(60);
  expect(huge * (3 * 100_000 + 20_000)).toBeLessThan(16 * 1024 * 1024);
});
