/**
 * A tap that arrives between the question's post and its record (src/tickets/fix-questions.ts). A
 * question's `_id` is its message's, known only once the message is posted; Slack shows the buttons
 * at once, so a quick tap can reach the bot before the record is written. What would break: the tap
 * taken for a tap on a message that asks nothing, and dropped without an answer (CI saw "Yes, fixed"
 * go unanswered in the Slack one-tap test once).
 */
import { Types } from 'mongoose';
import type { MessageRef } from '../../../src/chat/conversation-ref';
import { asking, questionOf, recordQuestion } from '../../../src/tickets/fix-questions';
import { withTestMongoose } from '../../support/db';

withTestMongoose('taprecord');

const ticket = { _id: new Types.ObjectId(), key: 'INC-7', reporterId: 'anna' };
const at = new Date('2026-03-02T08:30:00Z');

test('a tap while its question is being recorded finds the question', async () => {
  const ref: MessageRef = { platform: 'slack', channel: 'D1', messageId: '1700000000.000100' };
  let posted!: () => void;
  const wasPosted = new Promise<void>((resolve) => (posted = resolve));
  let release!: () => void;
  const recordMayGo = new Promise<void>((resolve) => (release = resolve));
  const asked = asking(async () => {
    posted(); // the message is out: the person sees the buttons
    await recordMayGo;
    await recordQuestion('confirm', ticket, ref, at, { asked: { text: 'Fixed?' } });
  });
  await wasPosted;
  const tapped = questionOf(ref); // the tap, before the record
  setTimeout(release, 200);
  const q = await tapped;
  await asked;
  expect(q).toMatchObject({ caseKey: 'INC-7', personId: 'anna', kind: 'confirm' });
});

test('a tap on a message that asks nothing is answered at once, questions in flight or not', async () => {
  const other: MessageRef = { platform: 'slack', channel: 'D1', messageId: '1700000000.000200' };
  expect(await questionOf(other)).toBeNull();
  const started = Date.now();
  const slowAsk = asking(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await questionOf(other)).toBeNull(); // waited for the question in flight, no longer
  expect(Date.now() - started).toBeLessThan(5_000);
  await slowAsk;
});
