import { formatLocalIn, msg } from '../i18n/catalog';
import { sayIn } from '../i18n/refusal';
import type { Lang } from '../i18n/languages';
import { decisionName } from './vote-card';
import type { PeopleDirectory } from '../people/people-directory';
import type { ClosedOutcome, NotMemberOutcome, RefusedOutcome, RemovedByOtherOutcome } from './reaction-outcome';
import type { BallotKind, Outcome } from './vote-rules';

/** Privately, to someone off the board who reacted on a CCB card. */
export function notMemberNotice(o: NotMemberOutcome, people: PeopleDirectory, lang?: Lang): string {
  const members = o.roster.map((id) => people.get(id)?.name ?? id).join(', ');
  return msg(lang, 'vote.notMember', { key: o.rfcKey, board: o.board, members });
}

/** Privately, to someone whose reaction the change policy refused (their own change). */
export function refusedVoteNotice(o: RefusedOutcome, lang?: Lang): string {
  const reason = o.said ? sayIn(lang, o.said.message) : o.reason;
  const fix = o.said?.fix ? sayIn(lang, o.said.fix) : o.fix;
  return msg(lang, 'vote.refused', { key: o.rfcKey, reason: `${reason}${fix ? ` ${fix}` : ''}` });
}

/** Privately, to someone who reacted on the card of a ballot already decided. */
export function closedBallotNotice(o: ClosedOutcome, timezone: string, lang?: Lang): string {
  const when = o.closedAt ? `, ${formatLocalIn(lang, o.closedAt, timezone)}` : '';
  return msg(lang, 'vote.closedBallot', {
    kind: msg(lang, `vote.kind.${o.ballotKind}`),
    key: o.rfcKey,
    decision: decisionName(lang, o.decision ?? 'closed'),
    when,
  });
}

/** Privately, to a member whose counted reaction someone else removed (a moderator's redaction). */
export function removedByOtherNotice(o: RemovedByOtherOutcome, lang?: Lang): string {
  const who = o.removedBy.displayName ?? o.removedBy.userId;
  return msg(lang, 'vote.removedByOther', { reaction: o.reaction, key: o.rfcKey, who });
}

/** A CCB decision as the requester hears of it. */
export interface BallotResult {
  rfcKey: string;
  ballotKind: BallotKind;
  decision: Outcome;
  /** The change manager's reason, when the vote was decided by override. */
  override?: string;
  counts: { approve: number; reject: number; abstain: number };
  /** The start of the change's window, if it has one. */
  windowStart?: Date;
  timezone: string;
}

/** What the requester does next ('' after a rejection). */
function nextStep(r: BallotResult, lang?: Lang): string {
  const key = r.rfcKey;
  if (r.decision === 'approved' && r.ballotKind === 'technical') return msg(lang, 'vote.next.technical');
  if (r.decision === 'approved' && r.ballotKind === 'approval') return msg(lang, 'vote.next.approval', { key });
  if (r.decision === 'approved')
    return msg(lang, 'vote.next.release', {
      when: r.windowStart ? formatLocalIn(lang, r.windowStart, r.timezone) : msg(lang, 'vote.next.itsWindow'),
    });
  if (r.decision === 'postponed')
    return msg(lang, 'vote.next.postponed', { key, command: r.ballotKind === 'release' ? 'release' : 'submit' });
  if (r.decision === 'rejected') return msg(lang, 'vote.next.rejected', { key });
  return '';
}

/** The requester's DM once the CCB's vote on their change is closed, in the requester's language. */
export function ballotClosedMessage(r: BallotResult, lang?: Lang): string {
  const override = r.override !== undefined ? msg(lang, 'vote.result.override', { reason: r.override }) : '';
  const { approve, reject, abstain } = r.counts;
  return msg(lang, `vote.result.${r.ballotKind}`, {
    key: r.rfcKey,
    decision: decisionName(lang, r.decision),
    override,
    counts: `✅ ${approve} ❌ ${reject} 🤷 ${abstain}`,
    next: nextStep(r, lang),
  }).trim();
}

/** The half-time DM to a member who has not voted yet, in their language. */
export function voteReminder(
  r: { ballotKind: BallotKind; rfcKey: string; deadline: Date; timezone: string },
  lang?: Lang,
): string {
  return msg(lang, 'vote.reminder', {
    kind: msg(lang, `vote.kind.${r.ballotKind}`),
    key: r.rfcKey,
    at: formatLocalIn(lang, r.deadline, r.timezone),
  });
}
