import { reactionToUnicode } from '../chat/emoji';
import type { OutMessage } from '../chat/out-message';
import type { ChangesConfig } from '../config/sections/changes';
import { formatLocal } from '../core/format-time';
import type { PeopleDirectory } from '../people/people-directory';
import { formatWindow } from '../changes/rfc-fields';
import type { RfcDoc } from '../changes/rfc.model';
import type { BallotDoc } from './ballot.model';
import type { VoteTally } from './vote-tally';

const DECISION_BADGE: Record<string, string> = {
  approved: 'APPROVED',
  rejected: 'REJECTED',
  postponed: 'POSTPONED',
  withdrawn: 'WITHDRAWN',
};

function names(people: PeopleDirectory, ids: readonly string[]): string {
  return ids.length ? ids.map((id) => people.get(id)?.name ?? id).join(', ') : '—';
}

/** The CCB card: the change, the live tally, and once closed the decision (with an override's reason). */
export function renderVoteCard(
  rfc: RfcDoc,
  ballot: BallotDoc,
  tally: VoteTally,
  opts: { people: PeopleDirectory; timezone: string; changes: ChangesConfig },
): OutMessage {
  const { people, timezone } = opts;
  const what = {
    technical: `technical review by ${ballot.board}, before the CCB vote`,
    approval: 'approval of the proposal',
    release: 'release approval (go/no-go)',
  }[ballot.kind];
  const voted = tally.approve.length + tally.reject.length + tally.abstain.length;
  const counts =
    `✅ ${tally.approve.length} approve · ❌ ${tally.reject.length} reject · 🤷 ${tally.abstain.length} ` + `abstain`;
  const rule =
    `${voted} of ${ballot.roster.length} voted · quorum ${ballot.quorum} · approval needs ` +
    `${Math.round(ballot.threshold * 100)}% of approve+reject`;
  const status = ballot.open
    ? `VOTING: ${{ technical: 'TECHNICAL REVIEW', approval: 'APPROVAL', release: 'RELEASE' }[ballot.kind]}`
    : `${DECISION_BADGE[ballot.decision ?? ''] ?? 'CLOSED'}${ballot.decidedBy === 'override' ? ' (override)' : ''}`;
  const decision = ballot.open
    ? `Closes ${formatLocal(ballot.deadline, timezone)} (${timezone}) or as soon as the outcome cannot change.`
    : `Decision: ${ballot.decision}${decisionWhy(ballot, people)}, ${closedAt(ballot, timezone)}.`;
  const type =
    rfc.type !== 'emergency'
      ? rfc.type
      : rfc.emergency?.confirmedBy
        ? `emergency (confirmed by ${names(people, [rfc.emergency.confirmedBy])})`
        : 'emergency (not confirmed: normal rules apply)';
  const fields = [
    { label: 'Type', value: type },
    { label: 'Risk', value: rfc.risk ?? '—' },
    { label: 'Requester', value: rfc.requesterName },
    { label: 'Window', value: rfc.window ? formatWindow(rfc.window, timezone) : '—' },
    {
      label: 'Targets',
      value: rfc.targets.length ? `${rfc.targets.join(', ')}${rfc.targetCount ? ` (${rfc.targetCount})` : ''}` : '—',
    },
  ];
  const downgrade = rfc.downgrade === true ? ' (declared downgrade: older than some hosts may run)' : '';
  if (rfc.package) fields.push({ label: 'Package', value: `${rfc.package.name} ${rfc.package.version}${downgrade}` });
  if (rfc.completion) fields.push({ label: 'Completion', value: rfc.completion });
  const emoji = opts.changes.votes.emoji;
  const how =
    `React ${reactionToUnicode(emoji.approve[0])} to approve, ${reactionToUnicode(emoji.reject[0])} to ` +
    `reject, ${reactionToUnicode(emoji.abstain[0])} to abstain (CCB members; your latest reaction counts, removing ` +
    `it retracts).`;
  const sections = [
    { heading: 'Need', lines: [rfc.need ?? '—'] },
    {
      heading: `Tally (${what})`,
      lines: [
        counts,
        `Approve: ${names(people, tally.approve)}`,
        `Reject: ${names(people, tally.reject)}`,
        `Abstain: ${names(people, tally.abstain)}`,
        `Not voted: ${names(people, tally.notVoted)}`,
        rule,
      ],
    },
    { heading: ballot.open ? 'Open' : 'Decision', lines: [decision] },
  ];
  if (ballot.kind === 'release' && rfc.testResults)
    sections.splice(1, 0, { heading: 'Test results', lines: [rfc.testResults] });
  if (ballot.note) sections.unshift({ heading: 'Vote again', lines: [ballot.note] });
  const conflicts = (rfc.conflicts ?? []).map((c) => c.text);
  if (conflicts.length) sections.splice(1, 0, { heading: `⚠ Conflicts (${conflicts.length})`, lines: conflicts });
  const after = ballot.open ? [] : followLines(rfc, timezone);
  if (after.length) sections.push({ heading: 'Since the decision', lines: after });
  const title = `${rfc.key} ${rfc.title}`;
  const extra = [
    downgrade && rfc.package ? ` ⚠ ${rfc.package.name} ${rfc.package.version} is a declared downgrade.` : '',
    conflicts.length ? ` ⚠ Conflicts: ${conflicts.join('; ')}.` : '',
    after.length ? ` Now: ${after.join(' ')}` : '',
  ].join('');
  return {
    text: `${title} [${status}] ${counts}. ${decision}${extra}`,
    card: {
      kind: 'rfc',
      title,
      status,
      fields,
      sections,
      footer: ballot.open ? how : `Type \`rfc audit ${rfc.key}\` for the full record.`,
    },
  };
}

const FOLLOWED: Record<string, string> = {
  scheduled: 'scheduled: release approved, waiting for its window',
  deploying: 'DEPLOYING',
  deployed: 'DEPLOYED',
  'rolled-back': 'ROLLED BACK',
  reviewed: 'REVIEWED',
  closed: 'CLOSED',
  cancelled: 'CANCELLED',
};

/** After the decision the card follows the change to its end: its state now, since when, and the review. */
export function followLines(rfc: RfcDoc, timezone: string): string[] {
  const now = FOLLOWED[rfc.state];
  if (!now) return [];
  const lines = [`${now}${rfc.stateAt ? ` since ${formatLocal(rfc.stateAt, timezone)}` : ''}.`];
  if (rfc.deployedAt && rfc.state !== 'deployed') lines.push(`Deployed ${formatLocal(rfc.deployedAt, timezone)}.`);
  if (rfc.review) {
    const sat = rfc.review.satisfaction ? `, satisfaction ${rfc.review.satisfaction}/5` : '';
    const inTime = rfc.review.inTime === undefined ? '' : rfc.review.inTime ? ', in time' : ', late';
    lines.push(`Review: ${rfc.review.note}${sat}${inTime}.`);
  }
  return lines;
}

/** " by override of NAME: REASON", " (REASON)" or nothing, after a closed ballot's decision. */
function decisionWhy(ballot: BallotDoc, people: PeopleDirectory): string {
  if (ballot.decidedBy === 'override')
    return ` by override of ${names(people, [ballot.decidedById ?? ''])}: ${ballot.reason ?? ''}`;
  return ballot.reason ? ` (${ballot.reason})` : '';
}

const closedAt = (ballot: BallotDoc, timezone: string) => formatLocal(ballot.closedAt ?? ballot.deadline, timezone);
