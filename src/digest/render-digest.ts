import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Card, CardField, CardSection, OutMessage } from '../chat/out-message';
import { PRIORITIES } from '../tickets/ticket-status';
import { schoolSaid } from '../tickets/render-ticket';
import { msg, msgCount, speak } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, LOCALES, type Lang } from '../i18n/languages';
import type { CaseLine, Counted, DigestFigures, SlaLine } from './digest-figures';

export interface RenderOptions {
  calendar: BusinessCalendar;
  organisation?: string;
  /** The digest chart, when rendered (attached where the platform shows images). */
  chartPng?: Buffer;
  /** How many schools the "by school" line names before "+N more". */
  topSchools?: number;
  /** The organisation's language (the digest is posted in a channel). */
  lang?: Lang;
}

function caseLine(c: CaseLine, lang?: Lang): string {
  const age = msgCount(lang, 'digest.schoolDays', c.ageSchoolDays);
  return `${c.key} ${c.priority}${c.school ? ` ${c.school}` : ''} · ${age} · ${c.title}`;
}

function slaLine(c: SlaLine): string {
  return `${c.key} ${c.priority}${c.school ? ` ${c.school}` : ''} · ${c.detail} · ${c.title}`;
}

/** Top items plus "…and N more". */
function listed<T>(heading: string, group: Counted<T>, fmt: (t: T) => string, lang?: Lang): CardSection | undefined {
  if (group.count === 0) return undefined;
  const lines = group.top.map(fmt);
  if (group.count > group.top.length)
    lines.push(msg(lang, 'digest.andMore', { count: group.count - group.top.length }));
  return { heading: `${heading} (${group.count})`, lines };
}

/**
 * The digest as one neutral message: a card of kind 'digest' (fields with the headline numbers,
 * sections with top items plus counts) that adapters render natively (Block Kit, Matrix HTML,
 * console text), a short plain-text fallback, and the chart image. Little open: a short message.
 * In `o.lang`, the organisation's language: the digest is posted in a channel.
 */
export function renderDigest(f: DigestFigures, o: RenderOptions): OutMessage {
  const t = speak(o.lang);
  const locale = LOCALES[o.lang ?? DEFAULT_LANGUAGE];
  const when = o.calendar.local(f.at).setLocale(locale);
  const sinceText = o.calendar.local(f.since).setLocale(locale).toFormat(t('digest.fmt.since'));
  const title = `${o.organisation ? `${o.organisation}: ` : ''}${t('digest.title', {
    date: when.toFormat(t('digest.fmt.day')),
  })}`;
  const fields: CardField[] = [
    { label: t('digest.f.open'), value: String(f.open.total) },
    { label: t('digest.f.newSince', { since: sinceText }), value: String(f.newSince) },
    { label: t('digest.f.resolvedSince', { since: sinceText }), value: String(f.resolvedSince) },
    { label: t('digest.f.breached'), value: String(f.breached.count) },
    { label: t('digest.f.unassigned'), value: String(f.unassigned.count) },
  ];
  const sections: CardSection[] = [];
  if (f.open.total > 0) {
    const topSchools = o.topSchools ?? 6;
    const schools = f.open.bySchool.slice(0, topSchools).map((s) => `${schoolSaid(s.school, o.lang)} ${s.count}`);
    if (f.open.bySchool.length > topSchools)
      schools.push(t('digest.moreSchools', { count: f.open.bySchool.length - topSchools }));
    sections.push({
      heading: t('digest.h.open'),
      lines: [
        t('digest.byPriority', { list: PRIORITIES.map((p) => `${p} ${f.open.byPriority[p]}`).join(' · ') }),
        t('digest.bySchool', { list: schools.join(' · ') }),
      ],
    });
  }
  const add = (s: CardSection | undefined) => s && sections.push(s);
  const cases = (c: CaseLine) => caseLine(c, o.lang);
  add(listed(t('digest.h.breached'), f.breached, slaLine, o.lang));
  add(listed(t('digest.h.near'), f.nearBreach, slaLine, o.lang));
  if (f.open.total > 0) add(listed(t('digest.h.oldest'), { count: f.open.total, top: f.oldest }, cases, o.lang));
  add(listed(t('digest.h.unassigned'), f.unassigned, cases, o.lang));
  for (const e of f.extras) add(listed(e.heading, { count: e.count, top: e.lines }, (l) => l, o.lang));

  const quiet = f.open.total === 0;
  const headline = quiet
    ? t('digest.quiet', { new: f.newSince, resolved: f.resolvedSince, since: sinceText })
    : t('digest.headline', {
        open: f.open.total,
        byPriority: PRIORITIES.filter((p) => f.open.byPriority[p])
          .map((p) => `${p} ${f.open.byPriority[p]}`)
          .join(', '),
        new: f.newSince,
        resolved: f.resolvedSince,
        since: sinceText,
        breached: f.breached.count,
        near: f.nearBreach.count,
        unassigned: f.unassigned.count,
      });
  const card: Card = {
    kind: 'digest',
    title,
    status: quiet ? t('digest.status.quiet') : t('digest.status.open', { count: f.open.total }),
    fields,
    sections,
    footer: t('digest.footer'),
  };
  // The card carries the lists; the text is the short fallback (notifications, screen readers).
  const text = `*${title}*\n${headline}`;
  return {
    text,
    card,
    ...(o.chartPng
      ? {
          image: {
            png: o.chartPng,
            filename: `digest-${when.toISODate()}.png`,
            altText: t('digest.chartAlt', {
              days: f.chart.length,
              first: f.chart[0]?.open ?? 0,
              last: f.chart.at(-1)?.open ?? 0,
            }),
          },
        }
      : {}),
  };
}
