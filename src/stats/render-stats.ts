import type { CardSection, OutMessage } from '../chat/out-message';
import { formatBusinessDuration } from '../sla/format-duration';
import type { IncidentStats, KeyCount } from './incident-stats';

/** Redbook 2.2 measurements of changes in the period, where RFC data exists. */
export interface ChangeMeasures {
  /** RFCs finished in the period. */
  finished: number;
  /** Of those, finished inside the requested time frame (change window). */
  inTimeFrame: number;
  /** RFCs sent back to the requester for missing information. */
  sentBack: number;
  /** RFCs submitted in the period (the base of the sent-back share). */
  submitted: number;
  /** Mean requester satisfaction (1-5) from post-deployment reviews, and how many rated. */
  satisfaction?: { mean: number; ratings: number };
  /** Of the finished changes with a target date, how many were deployed by it. */
  onTarget?: { onTime: number; due: number };
}

const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '–');

function top(items: readonly KeyCount[], n: number): string {
  const shown = items.slice(0, n).map((i) => `${i.key} ${i.count}`);
  if (items.length > n) shown.push(`+${items.length - n} more`);
  return shown.join(' · ') || 'none';
}

const hours = (ms?: number) => (ms === undefined ? '–' : formatBusinessDuration(ms));

/** `stats` as a 'stats' card: counts, medians, reopen rate, recurring categories, change measures. */
export function renderStats(s: IncidentStats, changes?: ChangeMeasures, topN = 6): OutMessage {
  const sections: CardSection[] = [
    {
      heading: 'Incidents',
      lines: [
        `By category: ${top(s.byCategory, topN)}`,
        `By school: ${top(s.bySchool, topN)}`,
        `By priority: ${top(s.byPriority, 4)}`,
      ],
    },
    {
      heading: 'Times (school hours)',
      lines: [
        `Median to first response: ${hours(s.firstResponse.median)} (${s.firstResponse.cases} answered)`,
        `Median to resolution: ${hours(s.resolution.median)} (${s.resolution.cases} resolved)`,
        `Reopened: ${s.reopen.reopened} of ${s.reopen.resolved} resolved ` +
          `(${pct(s.reopen.reopened, s.reopen.resolved)})`,
        `Solved by a known error's workaround at once: ${s.deflected} (${pct(s.deflected, s.total)})`,
      ],
    },
  ];
  if (s.recurring.length) {
    sections.push({
      heading: 'Recurring problems',
      lines: [
        ...s.recurring.slice(0, topN).map((r) => {
          const trend =
            r.count > r.previous
              ? `up from ${r.previous}`
              : r.count < r.previous
                ? `down from ${r.previous}`
                : 'same as before';
          const school = r.topSchool ? `, most at ${r.topSchool.key} (${r.topSchool.count})` : '';
          return `${r.category}: ${r.count} cases (${trend})${school}; ${r.unlinked} not linked to a problem`;
        }),
        'Raise one as a problem record: `problem new TITLE`, then `problem link PRB-… INC-…`.',
      ],
    });
  }
  if (changes) {
    sections.push({
      heading: 'Changes (Redbook measurements)',
      lines: [
        `Finished in the requested time frame: ${changes.inTimeFrame} of ${changes.finished} ` +
          `(${pct(changes.inTimeFrame, changes.finished)})`,
        ...(changes.onTarget
          ? [
              `On time against the target date: ${changes.onTarget.onTime} of ${changes.onTarget.due} ` +
                `(${pct(changes.onTarget.onTime, changes.onTarget.due)})`,
            ]
          : []),
        `Sent back for missing information: ${changes.sentBack} of ${changes.submitted} ` +
          `(${pct(changes.sentBack, changes.submitted)})`,
        changes.satisfaction
          ? `Requester satisfaction: ${changes.satisfaction.mean.toFixed(1)} / 5 (${changes.satisfaction.ratings} ` +
            `reviews)`
          : 'Requester satisfaction: no reviews yet',
      ],
    });
  }
  const title = `Statistics: ${s.period.label}`;
  const text = [
    `*${title}* — ${s.total} incidents`,
    ...sections.map((sec) => `${sec.heading}: ${sec.lines.join('; ')}`),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'stats',
      title,
      status: `${s.total} INCIDENTS`,
      fields: [
        { label: 'Incidents', value: String(s.total) },
        { label: 'Median first response', value: hours(s.firstResponse.median) },
        { label: 'Median resolution', value: hours(s.resolution.median) },
        { label: 'Reopen rate', value: pct(s.reopen.reopened, s.reopen.resolved) },
      ],
      sections,
      footer: 'stats 7d · stats month · stats 2026-03 · problem show',
    },
  };
}
