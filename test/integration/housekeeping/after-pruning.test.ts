/**
 * What a person would notice is unchanged by housekeeping: a redelivered report is still a
 * duplicate, and a CCB vote is still decided once, both right after a run and when a run a month
 * and more later has pruned what it may.
 */
import { parseConfig } from '../../../src/config/load-config';
import { ManualClock } from '../../../src/core/clock';
import { InboundReceipt } from '../../../src/db/inbound-receipt.model';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Claim } from '../../../src/db/claim-once';
import { HousekeepingService } from '../../../src/maintenance/housekeeping-service';
import { Ticket } from '../../../src/tickets/ticket.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { submittedRfc } from '../../support/submitted-rfc';
import { startTestBot, TestBot } from '../../support/test-bot';

const DAY = 24 * 3_600_000;
const EVENT = 'Ev-projector-1';
let bot: TestBot;
let caseKey: string;
let ballotId: string;
let rfcKey: string;

beforeAll(async () => {
  bot = await startTestBot();
  const out = await bot.say('anna', 'The projector in room 12 shows nothing', { eventId: EVENT });
  caseKey = /Logged as \*(INC-\d+)\*/u.exec(TestBot.text(out))![1];

  rfcKey = await submittedRfc(bot, 'Projector firmware');
  ballotId = String((await Ballot.findOne({ rfcKey }).lean())!._id);
  expect(await bot.services.votes.close(ballotId, 'approved', { how: 'vote', actorId: 'carl', reason: 'test' })).toBe(
    true,
  );
});
afterAll(async () => {
  await bot?.stop();
});

/** The same delivery again (a platform retry): what the bot answered, and how many cases there are. */
async function redeliver(): Promise<{ answer: string; cases: number }> {
  const out = await bot.say('anna', 'The projector in room 12 shows nothing', { eventId: EVENT });
  return { answer: TestBot.text(out), cases: await Ticket.countDocuments({}) };
}

/** Another closer that read the ballot as still open (FerretDB's non-atomic guarded update) tries to decide it. */
async function racingSecondDecision(): Promise<boolean> {
  await Ballot.updateOne({ _id: ballotId }, { $set: { open: true } });
  try {
    return await bot.services.votes.close(ballotId, 'rejected', { how: 'vote', actorId: 'cecilie', reason: 'late' });
  } finally {
    await Ballot.updateOne({ _id: ballotId }, { $set: { open: false } });
  }
}

async function decisions(): Promise<number> {
  return ChangeAudit.countDocuments({ rfcKey, kind: 'decision' });
}

test('right after a run: a redelivered report is a duplicate and the ballot cannot be decided again', async () => {
  await bot.services.housekeeping.run();
  expect(await redeliver()).toEqual({ answer: '', cases: 1 });
  expect(await racingSecondDecision()).toBe(false);
  expect(await decisions()).toBe(1);
  expect((await Ballot.findById(ballotId).lean())?.decision).toBe('approved');
});

test(
  'a run more than keepDays later prunes the report bookkeeping but keeps the decision, and still one ' + 'case',
  async () => {
    const later = new HousekeepingService({
      config: parseConfig({}),
      clock: new ManualClock(new Date(Date.now() + 31 * DAY)),
    });
    const r = await later.run();
    expect(r.deleted.claims.done).toBeGreaterThanOrEqual(1);
    expect(r.deleted.inboundReceipts).toBeGreaterThanOrEqual(1);
    expect(await InboundReceipt.countDocuments({ eventId: EVENT })).toBe(0);
    expect(await Claim.countDocuments({ _id: `ballot-decision:${ballotId}` })).toBe(1);
    expect(await Claim.countDocuments({ _id: { $regex: '^rfc-state:' } })).toBeGreaterThanOrEqual(1);
    expect(await Claim.countDocuments({ _id: { $regex: '^seq:rfc:' } })).toBe(1);

    // The decision claim is what refuses a racing second closer.
    expect(await racingSecondDecision()).toBe(false);
    expect(await decisions()).toBe(1);
    // A platform never redelivers a month later; if one did, the case's unique source still
    // finds the one case. (The bot's own clock is not a month later here, so the receipt it sent is
    // recent and is not sent a second time; a month later it would answer with the case again.)
    const again = await redeliver();
    expect(again.cases).toBe(1);
    expect(again.answer).toBe('');
    expect(caseKey).toMatch(/^INC-\d+$/u);
  },
);
