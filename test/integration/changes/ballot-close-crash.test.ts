/**
 * A ballot's end interrupted half-way, as by a crash between two writes (the process's write fails
 * here, where a dying process would stop): the change moved, its decision not yet on the record. The
 * ballot closes only after both, so it stays open, and the next closer (the deadline, a reaction),
 * once the dead closer's claim is stale, takes the step over: the decision is recorded once, the
 * ballot closes, the change moved once, and the decision it was moved by stands even if the next
 * closer would decide otherwise. What would break: a ballot closed first and then taken for
 * "already decided" by every later closer, leaving an approved change with no signed decision (or,
 * had it died before the move, a change stuck in its vote for good); a takeover recording the
 * decision a second time, or a recorded decision that contradicts the move already made.
 */
import { ManualClock } from '../../../src/core/clock';
import { STALE_STEP_MS } from '../../../src/db/claim-step';
import { ChangeAudit } from '../../../src/changes/change-audit.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { submittedRfc } from '../../support/submitted-rfc';
import { startTestBot, TestBot } from '../../support/test-bot';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock, config: { changes: { votes: { normal: { closeEarly: false } } } } });
});
afterAll(() => bot?.stop());

async function submitted(title: string): Promise<string> {
  const key = await submittedRfc(bot, title);
  const ballot = (await Ballot.findOne({ rfcKey: key }).lean())!;
  for (const member of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(member, ballot.cards[0], '+1');
  return key;
}

const decisions = async (key: string) =>
  (await ChangeAudit.find({ rfcKey: key }).lean()).filter((e) => e.kind === 'decision');
const by = { how: 'deadline' as const, actorId: 'opsdesk', reason: 'the deadline passed' };

test('died after the move, before the record: the next closer records the decision once and closes', async () => {
  const key = await submitted('Crash before the record');
  const ballot = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!;
  const changes = bot.services.changes;
  const record = changes.record.bind(changes);
  const spy = jest.spyOn(changes, 'record').mockImplementation(async (entry) => {
    if (entry.kind === 'decision') throw new Error('the process died here');
    return record(entry);
  });
  try {
    await expect(bot.services.votes.close(ballot._id, 'approved', by)).rejects.toThrow('the process died here');
  } finally {
    spy.mockRestore();
  }
  expect((await Rfc.findOne({ key }).lean())!.state).toBe('approved');
  expect((await Ballot.findById(ballot._id).lean())!.open).toBe(true);
  expect(await decisions(key)).toHaveLength(0);
  // Before the claim is stale, nobody takes over; after, one closer does.
  expect(await bot.services.votes.close(ballot._id, 'approved', by)).toBe(false);
  clock.advance(STALE_STEP_MS + 1000);
  // Votes changed meanwhile and the next closer would decide otherwise: the move already made stands.
  expect(await bot.services.votes.close(ballot._id, 'rejected', by)).toBe(true);
  expect((await Ballot.findById(ballot._id).lean())!).toMatchObject({ open: false, decision: 'approved' });
  expect((await decisions(key)).map((e) => e.to)).toEqual(['approved']);
  expect((await Rfc.findOne({ key }).lean())!.state).toBe('approved');
  expect((await bot.services.changes.auditRecord(key)).check.ok).toBe(true);
});

test('died after the record, before the ballot closed: the takeover does not record it twice', async () => {
  const key = await submitted('Crash before the close');
  const ballot = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!;
  const spy = jest.spyOn(Ballot, 'updateOne').mockImplementationOnce(() => {
    throw new Error('the process died here');
  });
  try {
    await expect(bot.services.votes.close(ballot._id, 'approved', by)).rejects.toThrow('the process died here');
  } finally {
    spy.mockRestore();
  }
  expect(await decisions(key)).toHaveLength(1);
  clock.advance(STALE_STEP_MS + 1000);
  expect(await bot.services.votes.close(ballot._id, 'approved', by)).toBe(true);
  expect((await Ballot.findById(ballot._id).lean())!.open).toBe(false);
  expect(await decisions(key)).toHaveLength(1);
});
