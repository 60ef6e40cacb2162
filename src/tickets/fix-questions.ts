import type { MessageRef } from '../chat/conversation-ref';
import type { Card, OutMessage } from '../chat/out-message';
import { normalizeReaction } from '../chat/emoji';
import { threadKey } from '../chat/thread-key';
import { claimOnce } from '../db/claim-once';
import { claims } from '../db/claims';
import { isDuplicateKey } from '../core/duplicate-key';
import { FixQuestion, type FixQuestionDoc, type FixQuestionKind } from './fix-question.model';
import type { TicketDoc } from './ticket.model';

/** Remembers that the bot's message `ref` asks the case's reporter a one-tap question. */
export async function recordQuestion(
  kind: FixQuestionKind,
  t: Pick<TicketDoc, '_id' | 'key' | 'reporterId'>,
  ref: MessageRef,
  at: Date,
  extra: Pick<FixQuestionDoc, 'problemKey' | 'text' | 'asked'> = {},
): Promise<void> {
  try {
    await FixQuestion.create({
      _id: threadKey(ref),
      kind,
      ticketId: t._id,
      caseKey: t.key,
      personId: t.reporterId,
      askedAt: at,
      ...extra,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * Questions this process is asking: posted, not yet recorded. A question's `_id` is its message's,
 * known only once the message is posted, so a tap can arrive (Slack shows the buttons at once)
 * before the record exists; `questionOf` then waits for the questions in flight before it decides
 * the message asks nothing. (A tap handled by another process in that moment is not waited for.)
 */
const inFlight = new Set<Promise<unknown>>();

/** How long a tap waits for questions in flight (their post and record), at most. */
const IN_FLIGHT_WAIT_MS = 5_000;

/** Runs `work` (posting a question and recording it) as a question in flight. */
export async function asking<T>(work: () => Promise<T>): Promise<T> {
  const p = work();
  inFlight.add(p);
  try {
    return await p;
  } finally {
    inFlight.delete(p);
  }
}

/** The question the message `target` asks, if it asks one (found by `_id`). */
export async function questionOf(target: MessageRef): Promise<FixQuestionDoc | null> {
  const find = () => FixQuestion.findById(threadKey(target)).lean<FixQuestionDoc>();
  const found = await find();
  if (found || inFlight.size === 0) return found;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, IN_FLIGHT_WAIT_MS);
    timer.unref();
  });
  await Promise.race([Promise.allSettled([...inFlight]), timeout]);
  clearTimeout(timer);
  return find();
}

/** The question's message once answered: as asked, without its buttons, with the answer under it. */
export function answeredMessage(q: Pick<FixQuestionDoc, 'asked'>, answer: string): OutMessage | undefined {
  if (!q.asked) return undefined;
  return { text: `${q.asked.text}\n${answer}`, ...(q.asked.card ? { card: q.asked.card as Card } : {}) };
}

/** Decides the one answer of a question: true for the first tap only, whichever process sees it. */
export function claimAnswer(q: Pick<FixQuestionDoc, '_id'>, by: string): Promise<boolean> {
  return claimOnce(claims.fixAnswer(q._id), by);
}

const YES = new Set(['white_check_mark', 'heavy_check_mark', 'ballot_box_with_check', '+1']);
const NO = new Set(['x', 'heavy_multiplication_x', 'negative_squared_cross_mark', '-1', 'no_entry', 'no_entry_sign']);

/** A reaction as an answer: yes (✅ 👍), no (❌ 👎), or none (any other reaction). */
export function answerOf(reaction: string): 'yes' | 'no' | undefined {
  const r = normalizeReaction(reaction);
  if (YES.has(r)) return 'yes';
  if (NO.has(r)) return 'no';
  return undefined;
}
