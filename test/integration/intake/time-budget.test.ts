/**
 * The intake's time budget (`intake.budgetMs`): an event whose handler takes longer is answered
 * ("I could not process that message…"), its inbound receipt is marked done, and the adapter gets
 * control back, so the next events are handled and a redelivery (Slack retry, Matrix re-sync after
 * a restart) is a duplicate instead of a second stall. The slow handler is not cancelled: it
 * finishes later and stop() waits for it.
 */
import { defaultCatalog } from '../../../commands';
import type { CommandCatalog, MessageHandler, ReactionHandler } from '../../../commands/command';
import { Intake } from '../../../src/bot/intake';
import type { MessageEvent, ReactionEvent } from '../../../src/chat/chat-event';
import { parseConfig } from '../../../src/config/load-config';
import { isEventDone } from '../../../src/bot/event-claim';
import { directMessage } from '../../support/direct-message';
import { startTestBot, TestBot, type TestBot as Bot } from '../../support/test-bot';

const BUDGET_MS = 400;
const SLOW_MS = 2500;

let bot: Bot;
let seq = 0;
/** Slow handlers that finished, by the text they were given. */
const finished: string[] = [];

const slowMessages: MessageHandler = {
  name: 'slow-test',
  async handle(ctx) {
    if (!ctx.event.text.startsWith('slow')) return false;
    await new Promise((done) => setTimeout(done, SLOW_MS));
    finished.push(ctx.event.text);
    await ctx.reply(`finished late: ${ctx.event.text}`);
    return true;
  },
};
const slowReactions: ReactionHandler = {
  name: 'slow-test',
  async handle(ctx) {
    await new Promise((done) => setTimeout(done, SLOW_MS));
    finished.push(`:${ctx.event.reaction}:`);
    return true;
  },
};

function catalog(): CommandCatalog {
  const base = defaultCatalog();
  return { ...base, messageHandlers: [slowMessages, ...base.messageHandlers], reactionHandlers: [slowReactions] };
}

/**
 * An intake with the slow handlers and a short budget, on the test bot's services (so its answers
 * reach the recording adapter). The bot's own intake keeps the default budget, so ordinary reports
 * on a loaded machine are not cut short.
 */
function slowIntake(): Intake {
  const config = { ...bot.services.config, intake: { budgetMs: BUDGET_MS } };
  return new Intake({ ...bot.services, config }, catalog());
}

function message(user: string, text: string, eventId = `budget-${process.pid}-${++seq}`): MessageEvent {
  return directMessage(user, text, eventId);
}

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

test('the budget is configurable and 10 s by default', () => {
  expect(parseConfig({}).intake).toEqual({ budgetMs: 10_000 });
  expect(parseConfig({ intake: { budgetMs: 2500 } }).intake).toEqual({ budgetMs: 2500 });
  expect(() => parseConfig({ intake: { budgetMs: 5 } })).toThrow(/intake\.budgetMs/u);
});

test(
  'a message over the budget is answered, its receipt marked done, and its redelivery after a restart is a ' +
    'duplicate',
  async () => {
    const intake = slowIntake();
    const event = message('anna', 'slow report: the printer is on fire');
    const before = bot.sent.length;

    const started = performance.now();
    await intake.sink(event);
    const took = performance.now() - started;
    // Control came back at the budget, long before the handler's 2.5 s.
    expect(took).toBeGreaterThanOrEqual(BUDGET_MS - 50);
    expect(took).toBeLessThan(SLOW_MS - 500);
    expect(finished).not.toContain(event.text);
    const answers = bot.sent.slice(before);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ action: 'post', to: { channel: 'dm:anna' } });
    expect(answers[0].msg.text).toMatch(/^I could not process that message within 0\.4 s/u);
    expect(await isEventDone('test', event.eventId)).toBe(true);
    expect(bot.logLines.join('')).toContain('event not handled within the time budget');

    // Meanwhile another person's report is answered as usual.
    const report = await bot.say('bjorn', 'the projector in room 4 is dead');
    expect(TestBot.text(report)).toMatch(/Logged as \*INC-\d+\*/u);

    // The same event again, to this process and to a new one (a restart): a duplicate, handled at once, not a second
    // stall.
    const restarted = slowIntake();
    for (const again of [intake, restarted]) {
      const t0 = performance.now();
      const n = bot.sent.length;
      await again.sink(event);
      expect(performance.now() - t0).toBeLessThan(BUDGET_MS);
      expect(bot.sent.length).toBe(n);
    }

    // The handler was not cancelled: it finishes later, and stop() waits for it.
    await intake.stop(10_000);
    expect(finished).toContain(event.text);
    expect(TestBot.text(bot.dmsTo('anna'))).toContain('finished late: slow report');
    expect(bot.logLines.join('')).toContain('event over budget finished late');
  },
);

test('a reaction over the budget gets a private notice and is done', async () => {
  const intake = slowIntake();
  const eventId = `budget-rx-${process.pid}`;
  const reaction: ReactionEvent = {
    type: 'reaction',
    platform: 'test',
    eventId,
    user: { id: 'carl' },
    channel: '#ccb',
    direct: false,
    receivedAt: new Date(),
    action: 'added',
    reaction: 'white_check_mark',
    target: { platform: 'test', channel: '#ccb', messageId: 'b-rfc-card' },
  };
  const before = bot.sent.length;
  await intake.sink(reaction);
  const answers = bot.sent.slice(before);
  expect(answers).toEqual([expect.objectContaining({ action: 'notice', userId: 'carl' })]);
  expect(answers[0].msg.text).toMatch(/^I could not process that reaction within 0\.4 s/u);
  expect(await isEventDone('test', eventId)).toBe(true);
  await intake.stop(10_000);
  expect(finished).toContain(':white_check_mark:');
});
