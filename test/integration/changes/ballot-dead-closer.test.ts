/**
 * A process killed while closing a vote: its claim on the close stays, with a heartbeat that is still fresh when
 * the next process's reactions settle the vote (they are redelivered within seconds of the restart). Those closes
 * are refused, and no reaction comes later; the vote must still close once the dead process's heartbeat is stale.
 * Would catch a vote left open with a settled tally until its deadline (the SIGKILL fault test failed so under load).
 */
import { claims } from '../../../src/db/claims';
import { Claim } from '../../../src/db/claim-once';
import { Heartbeat, OWNER_STALE_MS } from '../../../src/db/owner-heartbeat';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { submittedRfc } from '../../support/submitted-rfc';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

test('a settled vote whose closer died holding the close is closed once that closer is seen dead', async () => {
  const key = await submittedRfc(bot, 'Closer killed mid-close');
  const ballot = (await Ballot.findOne({ rfcKey: key, open: true }).lean())!;
  // The killed process: it claimed the close and beat its heart a moment before it died.
  await Claim.create({ _id: claims.ballotDecision(ballot._id), owner: 'killed-1', at: new Date() });
  await Heartbeat.create({ _id: 'killed-1', seenAt: new Date(Date.now() - OWNER_STALE_MS + 2000) });
  for (const member of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(member, ballot.cards[0], '+1');
  // Settled, but the close is held by a process that still looks alive: refused for now.
  expect((await Ballot.findById(ballot._id).lean())!.open).toBe(true);
  const deadline = Date.now() + OWNER_STALE_MS + 10_000;
  while ((await Ballot.findById(ballot._id).lean())!.open) {
    if (Date.now() > deadline) throw new Error('the settled vote was never closed');
    await new Promise((r) => setTimeout(r, 250));
  }
  expect((await Ballot.findById(ballot._id).lean())!).toMatchObject({ open: false, decision: 'approved' });
  expect((await Rfc.findOne({ key }).lean())!.state).toBe('approved');
}, 40_000);
