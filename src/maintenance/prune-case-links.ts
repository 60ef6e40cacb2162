/**
 * Case links that grow with use and matter only while a chat action can still change their case:
 *
 *  - **Comment sources** (`comment_sources`, src/tickets/comment-source.model.ts): which comment a
 *    chat message became, so that deleting or editing the message changes the comment. Kept while
 *    the case is not closed, and `housekeeping.commentSourceDays` (default 365, a school year)
 *    after the comment even when it is: a teacher who deletes a message holding a password months
 *    later still has it removed from the case. Past that a deletion no longer reaches the case.
 *  - **One-tap questions** (`fix_questions`, src/tickets/fix-question.model.ts) and their answer
 *    claims (`fix-answer:`): a tap counts while its case can still change by it ("fixed?" while
 *    resolved, a workaround while open). Kept while the case is not closed, and `keepDays` after
 *    the question was asked; a tap on a pruned question then does nothing (before: "outdated").
 *
 * Links of a case that no longer exists go at the same age. Both kinds are inserted once and never
 * updated, so deleting by filter on FerretDB cannot remove one that changed in between; read in
 * pages of `_id`s, each page's cases looked up at once.
 */
import type { Model, Types } from 'mongoose';
import { Claim } from '../db/claim-once';
import { claims } from '../db/claims';
import { CommentSource } from '../tickets/comment-source.model';
import { FixQuestion } from '../tickets/fix-question.model';
import { Ticket } from '../tickets/ticket.model';

const PAGE = 1000;

interface CaseLink {
  _id: string;
  ticketId: Types.ObjectId;
}

/** Comment sources of comments made before `cutoff` on closed (or deleted) cases. */
export function pruneCommentSources(cutoff: Date, onProgress: () => Promise<void>): Promise<number> {
  return deleteLinksOfClosedCases(CommentSource as never, { at: { $lt: cutoff } }, onProgress);
}

/** One-tap questions asked before `cutoff` on closed (or deleted) cases, their answer claims first. */
export function pruneFixQuestions(cutoff: Date, onProgress: () => Promise<void>): Promise<number> {
  return deleteLinksOfClosedCases(FixQuestion as never, { askedAt: { $lt: cutoff } }, onProgress, async (ids) => {
    // Claims first: a crash in between leaves a question without its claim, never a claim for good.
    await Claim.deleteMany({ _id: { $in: ids.map((id) => claims.fixAnswer(id)) } });
  });
}

async function deleteLinksOfClosedCases(
  model: Model<CaseLink>,
  old: Record<string, unknown>,
  onProgress: () => Promise<void>,
  before?: (ids: string[]) => Promise<void>,
): Promise<number> {
  let after = '';
  let deleted = 0;
  for (;;) {
    const page = await model
      .find({ ...old, _id: { $gt: after } }, { _id: 1, ticketId: 1 })
      .sort({ _id: 1 })
      .limit(PAGE)
      .lean<CaseLink[]>();
    if (!page.length) return deleted;
    after = page[page.length - 1]._id;
    const cases = [...new Set(page.map((l) => String(l.ticketId)))];
    const open = await Ticket.find({ _id: { $in: cases }, status: { $ne: 'closed' } }, { _id: 1 }).lean();
    const keep = new Set(open.map((t) => String(t._id)));
    const ids = page.filter((l) => !keep.has(String(l.ticketId))).map((l) => l._id);
    if (ids.length) {
      await before?.(ids);
      deleted += (await model.deleteMany({ _id: { $in: ids } })).deletedCount;
    }
    await onProgress();
    if (page.length < PAGE) return deleted;
  }
}
