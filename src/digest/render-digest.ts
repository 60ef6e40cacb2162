import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Card, CardField, CardSection, OutMessage } from '../chat/out-message';
import { PRIORITIES } from '../tickets/ticket-status';
import type { CaseLine, Counted, DigestFigures, SlaLine } from './digest-figures';

export interface RenderOptions {
  calendar: BusinessCalendar;
  organisation?: string;
  /** The digest chart, when rendered (attached where the platform shows images). */
  chartPng?: Buffer;
  /** How many schools the "by school" line names before "+N more". */
  topSchools?: number;
}

function caseLine(c: CaseLine): string {
  const age = c.ageSchoolDays === 1 ? '1 school day' : `${c.ageSchoolDays} school days`;
  return `${c.key} ${c.priority}${c.school ? ` ${c.school}` : ''} · ${age} · ${c.title}`;
}

function slaLine(c: SlaLine): string {
  return `${c.key} ${c.priority}${c.school ? ` ${c.school}` : ''} · ${c.detail} · ${c.title}`;
}

/** Top items plus "…and N more". */
function listed<T>(heading: string, group: Counted<T>, fmt: (t: T) => string): CardSection | undefined {
  if (group.count === 0) return undefined;
  const lines = group.top.map(fmt);
  if (group.count > group.top.length) lines.push(`…and ${group.count - group.top.length} more`);
  return { heading: `${heading} (${group.count})`, lines };
}

/**
 * The digest as one neutral message: a card of kind 'digest' (fields with the headline numbers,
 * sections with top items plus counts) that adapters render natively (Block Kit, Matrix HTML,
 * console text), a short plain-text fallback, and the chart image. Little open: a short message.
 */
export function renderDigest(f: DigestFigures, o: RenderOptions): OutMessage {
  const when = o.calendar.local(f.at);
  const sinceText = o.calendar.local(f.since).toFormat('ccc HH:mm');
  const title = `${o.organisation ? `${o.organisation}: ` : ''}digest ${when.toFormat('cccc d LLLL')}`;
  const fields: CardField[] = [
    { label: 'Open', value: String(f.open.total) },
    { label: `New since ${sinceText}`, value: String(f.newSince) },
    { label: `Resolved since ${sinceText}`, value: String(f.resolvedSince) },
    { label: 'SLA breached', value: String(f.breached.count) },
    { label: 'Unassigned', value: String(f.unassigned.count) },
  ];
  const sections: CardSection[] = [];
  if (f.open.total > 0) {
    const topSchools = o.topSchools ?? 6;
    const schools = f.open.bySchool.slice(0, topSchools).map((s) => `${s.school} ${s.count}`);
    if (f.open.bySchool.length > topSchools) schools.push(`+${f.open.bySchool.length - topSchools} more`);
    sections.push({
      heading: 'Open incidents',
      lines: [
        `By priority: ${PRIORITIES.map((p) => `${p} ${f.open.byPriority[p]}`).join(' · ')}`,
        `By school: ${schools.join(' · ')}`,
      ],
    });
  }
  const add = (s: CardSection | undefined) => s && sections.push(s);
  add(listed('SLA breached', f.breached, slaLine));
  add(listed('Close to breach', f.nearBreach, slaLine));
  if (f.open.total > 0) add(listed('Oldest open', { count: f.open.total, top: f.oldest }, caseLine));
  add(listed('Unassigned', f.unassigned, caseLine));
  for (const e of f.extras) add(listed(e.heading, { count: e.count, top: e.lines }, (l) => l));

  const quiet = f.open.total === 0;
  const headline = quiet
    ? `All quiet: no open incidents. ${f.newSince} new and ${f.resolvedSince} resolved since ${sinceText}.`
    : `${f.open.total} open (${PRIORITIES.filter((p) => f.open.byPriority[p])
        .map((p) => `${p} ${f.open.byPriority[p]}`)
        .join(', ')}), ` +
      `${f.newSince} new and ${f.resolvedSince} resolved since ${sinceText}; ${f.breached.count} past SLA, ` +
      `${f.nearBreach.count} close, ${f.unassigned.count} unassigned.`;
  const card: Card = {
    kind: 'digest',
    title,
    status: quiet ? 'ALL QUIET' : `${f.open.total} OPEN`,
    fields,
    sections,
    footer: 'ticket list unassigned · ticket show INC-… · stats · digest now',
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
            altText:
              `Open incidents per day, last ${f.chart.length} days: ${f.chart[0]?.open ?? 0} then ` +
              `${f.chart.at(-1)?.open ?? 0} today.`,
          },
        }
      : {}),
  };
}
