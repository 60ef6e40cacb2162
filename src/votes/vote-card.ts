import { reactionToUnicode } from '../chat/emoji';
import type { OutMessage } from '../chat/out-message';
import type { ChangesConfig } from '../config/sections/changes';
import { formatLocalIn, msg, speak } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { en, type MessageKey } from '../i18n/messages-en';
import type { PeopleDirectory } from '../people/people-directory';
import { formatWindow } from '../changes/rfc-fields';
import type { RfcDoc } from '../changes/rfc.model';
import type { BallotDoc } from './ballot.model';
import type { VoteTally } from './vote-tally';

function names(people: PeopleDirectory, ids: readonly string[]): string {
  return ids.length ? ids.map((id) => people.get(id)?.name ?? id).join(', ') : '—';
}

/** A ballot's decision as a name ("approved", "godkjent"); an unknown one as it is. */
export function decisionName(lang: Lang | undefined, decision: string): string {
  const key = `vote.decision.${decision}`;
  return key in en ? msg(lang, key as MessageKey) : decision;
}

/** The card's badge: "VOTING: APPROVAL", "APPROVED (override)". */
function badge(ballot: BallotDoc, lang?: Lang): string {
  if (ballot.open) return msg(lang, 'vote.voting', { kind: msg(lang, `vote.badge.${ballot.kind}`) });
  const key = `vote.badge.${ballot.decision ?? ''}`;
  const decided = key in en ? msg(lang, key as MessageKey) : msg(lang, 'vote.badge.closed');
  return `${decided}${ballot.decidedBy === 'override' ? msg(lang, 'vote.badge.override') : ''}`;
}

/**
 * The CCB card: the change, the live tally, and once closed the decision (with an override's reason).
 * In the organisation's language (`lang`): the card is read by the whole board in its channel.
 */
export function renderVoteCard(
  rfc: RfcDoc,
  ballot: BallotDoc,
  tally: VoteTally,
  opts: { people: PeopleDirectory; timezone: string; changes: ChangesConfig; lang?: Lang },
): OutMessage {
  const { people, timezone, lang } = opts;
  const t = speak(lang);
  const what =
    ballot.kind === 'technical' ? t('vote.what.technical', { board: ballot.board }) : t(`vote.what.${ballot.kind}`);
  const voted = tally.approve.length + tally.reject.length + tally.abstain.length;
  const counts = t('vote.counts', {
    approve: tally.approve.length,
    reject: tally.reject.length,
    abstain: tally.abstain.length,
  });
  const rule = t('vote.rule', {
    voted,
    roster: ballot.roster.length,
    quorum: ballot.quorum,
    percent: Math.round(ballot.threshold * 100),
  });
  const status = badge(ballot, lang);
  const decision = ballot.open
    ? t('vote.closes', { at: formatLocalIn(lang, ballot.deadline, timezone), timezone })
    : t('vote.decided', {
        decision: decisionName(lang, ballot.decision ?? ''),
        why: decisionWhy(ballot, people, lang),
        at: formatLocalIn(lang, ballot.closedAt ?? ballot.deadline, timezone),
      });
  const type =
    rfc.type !== 'emergency'
      ? rfc.type
      : rfc.emergency?.confirmedBy
        ? t('vote.emergencyConfirmed', { name: names(people, [rfc.emergency.confirmedBy]) })
        : t('vote.emergencyUnconfirmed');
  const fields = [
    { label: t('vote.field.type'), value: type },
    { label: t('vote.field.risk'), value: rfc.risk ?? '—' },
    { label: t('vote.field.requester'), value: rfc.requesterName },
    { label: t('vote.field.window'), value: rfc.window ? formatWindow(rfc.window, timezone) : '—' },
    {
      label: t('vote.field.targets'),
      value: rfc.targets.length ? `${rfc.targets.join(', ')}${rfc.targetCount ? ` (${rfc.targetCount})` : ''}` : '—',
    },
  ];
  const downgrade = rfc.downgrade === true ? t('vote.downgrade.suffix') : '';
  if (rfc.package)
    fields.push({ label: t('vote.field.package'), value: `${rfc.package.name} ${rfc.package.version}${downgrade}` });
  if (rfc.completion) fields.push({ label: t('vote.field.completion'), value: rfc.completion });
  const emoji = opts.changes.votes.emoji;
  const how = t('vote.how', {
    approve: reactionToUnicode(emoji.approve[0]),
    reject: reactionToUnicode(emoji.reject[0]),
    abstain: reactionToUnicode(emoji.abstain[0]),
  });
  const sections = [
    { heading: t('vote.h.need'), lines: [rfc.need ?? '—'] },
    {
      heading: t('vote.h.tally', { what }),
      lines: [
        counts,
        t('vote.list.approve', { names: names(people, tally.approve) }),
        t('vote.list.reject', { names: names(people, tally.reject) }),
        t('vote.list.abstain', { names: names(people, tally.abstain) }),
        t('vote.list.notVoted', { names: names(people, tally.notVoted) }),
        rule,
      ],
    },
    { heading: ballot.open ? t('vote.h.open') : t('vote.h.decision'), lines: [decision] },
  ];
  if (ballot.kind === 'release' && rfc.testResults)
    sections.splice(1, 0, { heading: t('vote.h.tests'), lines: [rfc.testResults] });
  if (ballot.note) sections.unshift({ heading: t('vote.h.again'), lines: [ballot.note] });
  const conflicts = (rfc.conflicts ?? []).map((c) => c.text);
  if (conflicts.length)
    sections.splice(1, 0, { heading: t('vote.h.conflicts', { count: conflicts.length }), lines: conflicts });
  const after = ballot.open ? [] : followLines(rfc, timezone, lang);
  if (after.length) sections.push({ heading: t('vote.h.since'), lines: after });
  const title = `${rfc.key} ${rfc.title}`;
  const extra = [
    downgrade && rfc.package ? t('vote.text.downgrade', { pkg: `${rfc.package.name} ${rfc.package.version}` }) : '',
    conflicts.length ? t('vote.text.conflicts', { list: conflicts.join('; ') }) : '',
    after.length ? t('vote.text.now', { lines: after.join(' ') }) : '',
  ].join('');
  return {
    text: `${title} [${status}] ${counts}. ${decision}${extra}`,
    card: {
      kind: 'rfc',
      title,
      status,
      fields,
      sections,
      footer: ballot.open ? how : t('vote.footerAudit', { key: rfc.key }),
    },
  };
}

const FOLLOWED = ['scheduled', 'deploying', 'deployed', 'rolled-back', 'reviewed', 'closed', 'cancelled'] as const;

/** After the decision the card follows the change to its end: its state now, since when, and the review. */
export function followLines(rfc: RfcDoc, timezone: string, lang?: Lang): string[] {
  const state = FOLLOWED.find((s) => s === rfc.state);
  if (!state) return [];
  const t = speak(lang);
  const now = t(`vote.follow.${state}`);
  const lines = [
    rfc.stateAt
      ? t('vote.follow.lineSince', { state: now, at: formatLocalIn(lang, rfc.stateAt, timezone) })
      : t('vote.follow.line', { state: now }),
  ];
  if (rfc.deployedAt && rfc.state !== 'deployed')
    lines.push(t('vote.follow.deployedAt', { at: formatLocalIn(lang, rfc.deployedAt, timezone) }));
  if (rfc.review) {
    const satisfaction = rfc.review.satisfaction
      ? t('vote.follow.satisfaction', { score: rfc.review.satisfaction })
      : '';
    const inTime =
      rfc.review.inTime === undefined ? '' : rfc.review.inTime ? t('vote.follow.inTime') : t('vote.follow.late');
    lines.push(t('vote.follow.review', { note: rfc.review.note, satisfaction, inTime }));
  }
  return lines;
}

/** " by override of NAME: REASON", " (REASON)" or nothing, after a closed ballot's decision. */
function decisionWhy(ballot: BallotDoc, people: PeopleDirectory, lang?: Lang): string {
  if (ballot.decidedBy === 'override')
    return msg(lang, 'vote.byOverride', {
      name: names(people, [ballot.decidedById ?? '']),
      reason: ballot.reason ?? '',
    });
  return ballot.reason ? ` (${ballot.reason})` : '';
}
