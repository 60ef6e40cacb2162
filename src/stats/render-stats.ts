import type { CardSection, OutMessage } from '../chat/out-message';
import { formatBusinessDuration } from '../sla/format-duration';
import type { IncidentStats, KeyCount } from './incident-stats';
import { msg, msgName, speak } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../i18n/languages';
import { schoolSaid } from '../tickets/render-ticket';

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

function top(items: readonly KeyCount[], n: number, lang?: Lang): string {
  const shown = items.slice(0, n).map((i) => `${i.key} ${i.count}`);
  if (items.length > n) shown.push(msg(lang, 'stats.more', { count: items.length - n }));
  return shown.join(' · ') || msg(lang, 'stats.none');
}

/** The schools as the reader says them: the cases without a school under the catalog's name. */
function schoolsSaid(items: readonly KeyCount[], lang?: Lang): KeyCount[] {
  return items.map((i) => ({ ...i, key: schoolSaid(i.key, lang) }));
}

const hours = (ms?: number, lang?: Lang) => (ms === undefined ? '–' : formatBusinessDuration(ms, lang));

/** One recurring category: its count, the trend, where most are, how many are not linked to a problem. */
function recurringLine(r: IncidentStats['recurring'][number], lang?: Lang): string {
  const t = speak(lang);
  const trend =
    r.count > r.previous
      ? t('stats.trend.up', { n: r.previous })
      : r.count < r.previous
        ? t('stats.trend.down', { n: r.previous })
        : t('stats.trend.same');
  const school = r.topSchool ? t('stats.mostAt', { school: r.topSchool.key, count: r.topSchool.count }) : '';
  return t('stats.recurringLine', {
    category: msgName(lang, 'category', r.category),
    count: r.count,
    trend,
    school,
    unlinked: r.unlinked,
  });
}

/** The Redbook change measurements. */
function changeLines(changes: ChangeMeasures, lang?: Lang): string[] {
  const t = speak(lang);
  const share = (n: number, of: number) => ({ n, of, pct: pct(n, of) });
  return [
    t('stats.inTimeFrame', share(changes.inTimeFrame, changes.finished)),
    ...(changes.onTarget ? [t('stats.onTarget', share(changes.onTarget.onTime, changes.onTarget.due))] : []),
    t('stats.sentBack', share(changes.sentBack, changes.submitted)),
    changes.satisfaction
      ? t('stats.satisfaction', {
          mean: changes.satisfaction.mean.toLocaleString(LOCALES[lang ?? DEFAULT_LANGUAGE], {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }),
          count: changes.satisfaction.ratings,
        })
      : t('stats.noSatisfaction'),
  ];
}

/** `stats` as a 'stats' card: counts, medians, reopen rate, recurring categories, change measures. */
export function renderStats(s: IncidentStats, changes?: ChangeMeasures, topN = 6, lang?: Lang): OutMessage {
  const t = speak(lang);
  const sections: CardSection[] = [
    {
      heading: t('stats.h.incidents'),
      lines: [
        t('stats.byCategory', {
          list: top(
            s.byCategory.map((c) => ({ ...c, key: msgName(lang, 'category', c.key) })),
            topN,
            lang,
          ),
        }),
        t('stats.bySchool', { list: top(schoolsSaid(s.bySchool, lang), topN, lang) }),
        t('stats.byPriority', { list: top(s.byPriority, 4, lang) }),
      ],
    },
    {
      heading: t('stats.h.times'),
      lines: [
        t('stats.firstResponse', { median: hours(s.firstResponse.median, lang), count: s.firstResponse.cases }),
        t('stats.resolution', { median: hours(s.resolution.median, lang), count: s.resolution.cases }),
        t('stats.reopened', {
          reopened: s.reopen.reopened,
          resolved: s.reopen.resolved,
          pct: pct(s.reopen.reopened, s.reopen.resolved),
        }),
        t('stats.deflected', { count: s.deflected, pct: pct(s.deflected, s.total) }),
      ],
    },
  ];
  if (s.recurring.length) {
    sections.push({
      heading: t('stats.h.recurring'),
      lines: [...s.recurring.slice(0, topN).map((r) => recurringLine(r, lang)), t('stats.raise')],
    });
  }
  if (changes) sections.push({ heading: t('stats.h.changes'), lines: changeLines(changes, lang) });
  const title = t('stats.title', { period: s.period.label });
  const text = [
    `*${title}* — ${t('stats.total', { count: s.total })}`,
    ...sections.map((sec) => `${sec.heading}: ${sec.lines.join('; ')}`),
  ].join('\n');
  return {
    text,
    card: {
      kind: 'stats',
      title,
      status: t('stats.status', { count: s.total }),
      fields: [
        { label: t('stats.f.incidents'), value: String(s.total) },
        { label: t('stats.f.firstResponse'), value: hours(s.firstResponse.median, lang) },
        { label: t('stats.f.resolution'), value: hours(s.resolution.median, lang) },
        { label: t('stats.f.reopen'), value: pct(s.reopen.reopened, s.reopen.resolved) },
      ],
      sections,
      footer: t('stats.footer'),
    },
  };
}
