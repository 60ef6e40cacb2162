/**
 * The CCB card's last edit shows the latest state. Two changes on the same hosts in the same window: when one is
 * approved, the other's card is edited with the new conflict line, from outside that card's vote. Here that edit is
 * slow to reach the platform (held at the adapter) while the other vote closes; it lands after the close.
 * Would catch an edit rendered from what it read before the close and sent after the close's own edit: the card
 * showed an open vote with its tally and no decision (the SIGKILL fault test failed so under load).
 */
import type { MessageRef } from '../../../src/chat/conversation-ref';
import type { OutMessage } from '../../../src/chat/out-message';
import { Rfc } from '../../../src/changes/rfc.model';
import { Ballot } from '../../../src/votes/ballot.model';
import { until } from '../deploy/deploy-fixture';
import { latestCard } from '../../support/ccb-card';
import { submittedRfc } from '../../support/submitted-rfc';
import { startTestBot, type TestBot } from '../../support/test-bot';

let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot?.stop());

/** Holds the next edit of one message until `release()`; it is recorded (lands) only then. */
function holdNextEdit(bot: TestBot, messageId: string) {
  const adapter = bot.adapter;
  const edit = adapter.edit.bind(adapter);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held: OutMessage | undefined;
  adapter.edit = async (ref: MessageRef, msg: OutMessage) => {
    if (ref.messageId !== messageId || held) return edit(ref, msg);
    held = msg;
    await released;
    return edit(ref, msg);
  };
  return { release, held: () => held };
}

test("an edit from another change's close that lands after this vote's close does not undo its decision", async () => {
  const first = await submittedRfc(bot, 'Exam browser on the pilot PCs');
  const second = await submittedRfc(bot, 'Exam browser, second try, same PCs');
  const ballotOf = async (key: string) => (await Ballot.findOne({ rfcKey: key, kind: 'approval' }).lean())!;
  const [a, b] = [await ballotOf(first), await ballotOf(second)];
  expect(latestCard(bot, second).text).toContain(first);
  // Three approvals on the second: one short of settling it.
  for (const member of ['carl', 'cecilie', 'chris']) await bot.react(member, b.cards[0], '+1');
  // The first is approved; its close edits the second's card (the conflict is now with an approved change), slowly.
  const gate = holdNextEdit(bot, b.cards[0].messageId);
  const firstVotes = (async () => {
    for (const member of ['carl', 'cecilie', 'chris', 'camilla']) await bot.react(member, a.cards[0], '+1');
  })();
  await until('the second card edit on its way', async () => gate.held(), 15_000);
  expect(gate.held()!.text).not.toContain('Decision');
  // The fourth approval settles the second vote while that edit is still on its way.
  const lastVote = bot.react('camilla', b.cards[0], '+1');
  await until(
    'the second change approved',
    async () => (await Rfc.findOne({ key: second }).lean())?.state === 'approved',
  );
  // Give the close time to edit its card (it does at once unless it waits for the slow edit).
  await until(
    'the decision on the second card',
    async () => latestCard(bot, second).text.includes('Decision: approved'),
    2_000,
  ).catch(() => undefined);
  gate.release();
  await Promise.all([firstVotes, lastVote]);
  expect((await Ballot.findById(b._id).lean())!).toMatchObject({ open: false, decision: 'approved' });
  const card = latestCard(bot, second).text;
  expect(card).toContain('Decision: approved');
  expect(card).not.toContain('VOTING');
}, 60_000);
