/**
 * Receive now, handle after the acknowledgement (the sink's `deferred`, used by Slack): the
 * receipt is stored with the event before anything is handled, a redelivery finds it, and a
 * delivery whose process died before handling it is taken over by a live one, handled once, and
 * its stored event removed. On the real database, through the whole bot (recording adapter).
 */
import { defaultCatalog } from '../../../commands';
import { Intake } from '../../../src/bot/intake';
import type { DeferredIntake } from '../../../src/chat/chat-adapter';
import type { ChatEvent, MessageEvent } from '../../../src/chat/chat-event';
import { isEventDone, storedDeliveries, takeOverStored, type StoredReceipt } from '../../../src/bot/event-claim';
import { Heartbeat } from '../../../src/db/owner-heartbeat';
import { InboundReceipt } from '../../../src/db/inbound-receipt.model';
import { Ticket } from '../../../src/tickets/ticket.model';
import { directMessage } from '../../support/direct-message';
import { startTestBot, TestBot, type TestBot as Bot } from '../../support/test-bot';

let bot: Bot;
let deferred: DeferredIntake;
let seq = 0;
/** Events given back to the "adapter" after a takeover, with their adapter data. */
const resumed: { eventId: string; data?: Readonly<Record<string, string>> }[] = [];

beforeAll(async () => {
  bot = await startTestBot();
  deferred = bot.runtime.intake.sink.deferred!;
  deferred.onAbandoned('test', async (event, data) => {
    resumed.push({ eventId: event.eventId, data });
    await deferred.handle(event);
  });
});
afterAll(() => bot?.stop());

function report(user: string, text: string): MessageEvent {
  return directMessage(user, text, `deferred-${process.pid}-${++seq}`);
}

const receiptOf = (e: ChatEvent) => InboundReceipt.findOne({ platform: e.platform, eventId: e.eventId }).lean();
const logged = (user: string) => TestBot.text(bot.dmsTo(user)).match(/Logged as \*INC-\d+\*/gu) ?? [];
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function heartbeat(owner: string, alive: boolean): Promise<void> {
  await Heartbeat.updateOne({ _id: owner }, { $set: { seenAt: alive ? new Date() : minutesAgo(1) } }, { upsert: true });
}

/** A delivery some process stored and acknowledged, then did not handle. */
async function storedBy(owner: string, event: ChatEvent, data?: Record<string, string>): Promise<StoredReceipt> {
  const doc = await InboundReceipt.create({
    platform: event.platform,
    eventId: event.eventId,
    state: 'handling',
    claimedBy: owner,
    claimedAt: minutesAgo(1),
    stored: { event: event as unknown as Record<string, unknown>, ...(data ? { data } : {}) },
  });
  return doc.toObject() as unknown as StoredReceipt;
}

test(
  'the receipt and the event are stored before any handling; a redelivery is a duplicate; handling answers and ' +
    'leaves nothing to take over',
  async () => {
    const e = report('anna', 'The beamer in room 12 shows no picture');
    expect(await deferred.receive(e)).toBe('stored');
    // Acknowledged now: stored, nothing handled yet.
    const stored = await receiptOf(e);
    expect(stored).toMatchObject({ state: 'handling', stored: { event: { eventId: e.eventId, text: e.text } } });
    expect(logged('anna')).toEqual([]);
    // Slack's retry (3 s later, or at once) finds the receipt.
    expect(await deferred.receive({ ...e })).toBe('duplicate');
    await deferred.handle(e);
    expect(logged('anna')).toHaveLength(1);
    expect(await isEventDone(e.platform, e.eventId)).toBe(true);
    expect((await storedDeliveries([e.platform])).map((d) => d.eventId)).not.toContain(e.eventId);
    expect(await deferred.receive({ ...e })).toBe('duplicate');
    expect(await Ticket.countDocuments({ source: `test|${e.eventId}` })).toBe(1);
  },
);

test(
  "a dead process's stored delivery is taken over, handled once with its adapter data, and its event " + 'cleared',
  async () => {
    await heartbeat('dead-deferred-1', false);
    const e = report('bjorn', 'The printer on floor 2 prints blank pages');
    await storedBy('dead-deferred-1', e, { responseUrl: 'https://hooks.slack.example/commands/1' });
    expect(await bot.runtime.intake.recoverAbandoned()).toBe(1);
    expect(resumed.filter((r) => r.eventId === e.eventId)).toEqual([
      { eventId: e.eventId, data: { responseUrl: 'https://hooks.slack.example/commands/1' } },
    ]);
    expect(logged('bjorn')).toHaveLength(1);
    expect(await isEventDone(e.platform, e.eventId)).toBe(true);
    expect((await storedDeliveries([e.platform])).map((d) => d.eventId)).not.toContain(e.eventId);
    expect((await receiptOf(e))?.claimedBy).not.toBe('dead-deferred-1');
    // Looked at again: nothing left to take over, nothing handled twice.
    await heartbeat('dead-deferred-1', false); // a new stale time: looked at once more
    await bot.runtime.intake.recoverAbandoned();
    expect(logged('bjorn')).toHaveLength(1);
    expect(await Ticket.countDocuments({ source: `test|${e.eventId}` })).toBe(1);
  },
);

test('a stored delivery of a live process is left to it', async () => {
  await heartbeat('live-deferred', true);
  const e = report('ingrid', 'The laptop trolley does not charge');
  await storedBy('live-deferred', e);
  await bot.runtime.intake.recoverAbandoned();
  expect(logged('ingrid')).toEqual([]);
  expect((await receiptOf(e))?.claimedBy).toBe('live-deferred');
  // Its redelivery is a duplicate (stored; that process handles it), not a refusal.
  expect(await deferred.receive({ ...e })).toBe('duplicate');
});

test('two live processes taking over the same stored delivery: exactly one gets it', async () => {
  await heartbeat('dead-deferred-2', false);
  const r = await storedBy('dead-deferred-2', report('anna', 'The smartboard pen is lost'));
  const results = await Promise.all([
    takeOverStored(r, 'taker-a', new Date()),
    takeOverStored(r, 'taker-b', new Date()),
  ]);
  expect(results.filter(Boolean)).toHaveLength(1);
  expect(['taker-a', 'taker-b']).toContain((await InboundReceipt.findById(r._id).lean())?.claimedBy);
});

test('a stopping bot stores nothing new, still handles what it stored, and its stop waits for that', async () => {
  const intake = new Intake(bot.services, defaultCatalog());
  const d = intake.sink.deferred!;
  const e = report('ingrid', 'The staff room kettle tripped the fuse');
  expect(await d.receive(e)).toBe('stored');
  let stopped = false;
  const stopping = intake.stop(10_000).then(() => (stopped = true));
  await expect(d.receive(report('ingrid', 'And the microwave'))).rejects.toThrow(/shutting down/u);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(stopped).toBe(false);
  await d.handle(e);
  await stopping;
  expect(logged('ingrid')).toHaveLength(1);
  expect(await Ticket.countDocuments({ source: `test|${e.eventId}` })).toBe(1);
  expect(await isEventDone(e.platform, e.eventId)).toBe(true);
});
