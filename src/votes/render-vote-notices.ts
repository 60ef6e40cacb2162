import { formatLocal } from '../core/format-time';
import type { PeopleDirectory } from '../people/people-directory';
import type { ClosedOutcome, NotMemberOutcome, RefusedOutcome, RemovedByOtherOutcome } from './reaction-outcome';
import type { BallotKind, Outcome } from './vote-rules';

/** Privately, to someone off the board who reacted on a CCB card. */
export function notMemberNotice(o: NotMemberOutcome, people: PeopleDirectory): string {
  const members = o.roster.map((id) => people.get(id)?.name ?? id).join(', ');
  return (
    `Your reaction on the ${o.rfcKey} card does not count: only members of the ${o.board} board vote ` + `(${members}).`
  );
}

/** Privately, to someone whose reaction the change policy refused (their own change). */
export function refusedVoteNotice(o: RefusedOutcome): string {
  return `Your reaction on the ${o.rfcKey} card does not count. ${o.reason}${o.fix ? ` ${o.fix}` : ''}`;
}

/** Privately, to someone who reacted on the card of a ballot already decided. */
export function closedBallotNotice(o: ClosedOutcome, timezone: string): string {
  const when = o.closedAt ? `, ${formatLocal(o.closedAt, timezone)}` : '';
  return `The ${o.ballotKind} vote on ${o.rfcKey} is closed (${o.decision}${when}); your reaction was not counted.`;
}

/** Privately, to a member whose counted reaction someone else removed (a moderator's redaction). */
export function removedByOtherNotice(o: RemovedByOtherOutcome): string {
  const who = o.removedBy.displayName ?? o.removedBy.userId;
  return (
    `Your ${o.reaction} reaction on the ${o.rfcKey} card was removed by ${who}. That is not your retraction: ` +
    `your vote still counts. To change it, react again on the card.`
  );
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
function nextStep(r: BallotResult): string {
  if (r.decision === 'approved' && r.ballotKind === 'technical') return 'It goes to the CCB vote now.';
  if (r.decision === 'approved' && r.ballotKind === 'approval')
    return `Build and test it, then type \`rfc built ${r.rfcKey}\`.`;
  if (r.decision === 'approved')
    return `It is scheduled for ${r.windowStart ? formatLocal(r.windowStart, r.timezone) : 'its window'}.`;
  if (r.decision === 'postponed')
    return `Submit it again when ready (\`rfc ${r.ballotKind === 'release' ? 'release' : 'submit'} ${r.rfcKey}\`).`;
  if (r.decision === 'rejected') return `Revise it with \`rfc revise ${r.rfcKey} field=value …\` to ask again.`;
  return '';
}

const vote = (kind: BallotKind) => (kind === 'technical' ? 'technical review' : `CCB's ${kind} vote`);

/** The requester's DM once the CCB's vote on their change is closed. */
export function ballotClosedMessage(r: BallotResult): string {
  const override = r.override !== undefined ? ` (override: ${r.override})` : '';
  const { approve, reject, abstain } = r.counts;
  return (
    `The ${vote(r.ballotKind)} on ${r.rfcKey} is closed: *${r.decision}*${override} — ✅ ${approve} ❌ ` +
    `${reject} 🤷 ${abstain}. ${nextStep(r)}`.trim()
  );
}

/** The half-time DM to a member who has not voted yet. */
export function voteReminder(r: { ballotKind: BallotKind; rfcKey: string; deadline: Date; timezone: string }): string {
  return (
    `Reminder: the CCB ${r.ballotKind} vote on ${r.rfcKey} closes ${formatLocal(r.deadline, r.timezone)} and ` +
    `you have not voted yet. React on its card in the CCB channel.`
  );
}
