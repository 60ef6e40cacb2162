/**
 * The intake's claim on an inbound delivery (src/bot/event-claim.ts) across processes, on the real
 * database: a delivery held by a dead process is taken over once, also when the first taker died
 * too before recording its takeover; a delivery held or being taken over by a live process is
 * refused for now (the platform delivers it again), never acknowledged as a duplicate and lost.
 */
import { Claim } from '../../../src/db/claim-once';
import { Heartbeat } from '../../../src/db/owner-heartbeat';
import { claimEvent, markEventDone } from '../../../src/bot/event-claim';
import { InboundReceipt } from '../../../src/db/inbound-receipt.model';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** A delivery some process claimed and never finished, at `claimedAt`. */
async function abandoned(eventId: string, owner: string, claimedAt = minutesAgo(1)): Promise<void> {
  await InboundReceipt.create({ platform: 'test', eventId, state: 'handling', claimedBy: owner, claimedAt });
}

/** An owner whose heartbeat is fresh (alive) or a minute old (dead). */
async function heartbeat(owner: string, alive: boolean): Promise<void> {
  await Heartbeat.updateOne({ _id: owner }, { $set: { seenAt: alive ? new Date() : minutesAgo(1) } }, { upsert: true });
}

test('a delivery held by a dead process is taken over by exactly one of two live ones', async () => {
  await heartbeat('dead-1', false);
  await abandoned('ev-dead-1', 'dead-1');
  const results = await Promise.allSettled([
    claimEvent('test', 'ev-dead-1', 'live-a', new Date()),
    claimEvent('test', 'ev-dead-1', 'live-b', new Date()),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled' && r.value === 'claimed')).toHaveLength(1);
  // The other is told to come back later (UNAVAILABLE), or already sees the takeover recorded.
  for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/deliver it again later/u);
});

test('when the first taker died before recording its takeover, the next one takes it over', async () => {
  const claimedAt = minutesAgo(1);
  await heartbeat('dead-2', false);
  await heartbeat('dead-taker', false);
  await abandoned('ev-dead-2', 'dead-2', claimedAt);
  // The first taker won the takeover claim, then died: the receipt still names dead-2.
  await Claim.create({
    _id: `takeover:test|ev-dead-2|dead-2|${claimedAt.toISOString()}`,
    owner: 'dead-taker',
    at: new Date(),
  });
  expect(await claimEvent('test', 'ev-dead-2', 'live-c', new Date())).toBe('claimed');
  expect((await InboundReceipt.findOne({ eventId: 'ev-dead-2' }).lean())?.claimedBy).toBe('live-c');
  await markEventDone('test', 'ev-dead-2', new Date());
  expect(await claimEvent('test', 'ev-dead-2', 'live-d', new Date())).toBe('duplicate');
});

test('while a live taker holds the takeover, a redelivery is refused for now, not dropped', async () => {
  const claimedAt = minutesAgo(1);
  await heartbeat('dead-3', false);
  await heartbeat('live-taker', true);
  await abandoned('ev-dead-3', 'dead-3', claimedAt);
  await Claim.create({
    _id: `takeover:test|ev-dead-3|dead-3|${claimedAt.toISOString()}`,
    owner: 'live-taker',
    at: new Date(),
  });
  await expect(claimEvent('test', 'ev-dead-3', 'live-e', new Date())).rejects.toThrow(/deliver it again later/u);
});

test(
  'a repeat arriving while its own process records the delivery done is a duplicate, never taken over by that ' +
    'process',
  async () => {
    const owner = `race-${process.pid}`;
    for (let i = 0; i < 20; i++) {
      const eventId = `ev-race-${process.pid}-${i}`;
      expect(await claimEvent('test', eventId, owner, new Date())).toBe('claimed');
      const done = markEventDone('test', eventId, new Date());
      const again = await claimEvent('test', eventId, owner, new Date());
      await done;
      expect({ i, again }).toEqual({ i, again: 'duplicate' });
    }
  },
);
