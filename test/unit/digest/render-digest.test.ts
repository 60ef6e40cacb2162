import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import type { DigestFigures } from '../../../src/digest/digest-figures';
import { renderDigest } from '../../../src/digest/render-digest';

const calendar = new BusinessCalendar({
  timezone: 'Europe/Oslo',
  hours: { mon: '08:00-16:00', tue: '08:00-16:00' },
  holidays: [],
});
const line = (n: number) => ({
  key: `INC-${n}`,
  title: `case ${n}`,
  priority: 'P3',
  school: 'nordby',
  ageSchoolDays: n,
});

function figures(over: Partial<DigestFigures> = {}): DigestFigures {
  return {
    at: new Date('2026-03-10T06:30:00Z'),
    since: new Date('2026-03-09T06:30:00Z'),
    open: { total: 0, byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 }, bySchool: [] },
    newSince: 3,
    resolvedSince: 4,
    oldest: [],
    unassigned: { count: 0, top: [] },
    breached: { count: 0, top: [] },
    nearBreach: { count: 0, top: [] },
    extras: [],
    chart: [],
    ...over,
  };
}

describe('renderDigest', () => {
  it('is short when nothing is open', () => {
    const msg = renderDigest(figures(), { calendar });
    expect(msg.card?.status).toBe('ALL QUIET');
    expect(msg.card?.sections).toEqual([]);
    expect(msg.text).toBe(
      '*digest Tuesday 10 March*\nAll quiet: no open incidents. 3 new and 4 resolved since Mon 07:30.',
    );
    expect(msg.image).toBeUndefined();
  });

  it('shows top items plus counts, never the whole list', () => {
    const many = Array.from({ length: 5 }, (_, i) => line(i + 1));
    const msg = renderDigest(
      figures({
        open: {
          total: 40,
          byPriority: { P1: 0, P2: 0, P3: 40, P4: 0 },
          bySchool: Array.from({ length: 8 }, (_, i) => ({ school: `s${i}`, count: 5 })),
        },
        oldest: many,
        unassigned: { count: 17, top: many },
        extras: [{ heading: 'CCB votes waiting', count: 3, lines: ['RFC-1 a', 'RFC-2 b'] }],
      }),
      { calendar },
    );
    const sections = msg.card?.sections ?? [];
    expect(sections.map((s) => s.heading)).toEqual([
      'Open incidents',
      'Oldest open (40)',
      'Unassigned (17)',
      'CCB votes waiting (3)',
    ]);
    expect(sections[0].lines[1]).toBe('By school: s0 5 · s1 5 · s2 5 · s3 5 · s4 5 · s5 5 · +2 more');
    expect(sections[1].lines).toHaveLength(6);
    expect(sections[1].lines[5]).toBe('…and 35 more');
    expect(sections[2].lines[5]).toBe('…and 12 more');
    expect(sections[3].lines).toEqual(['RFC-1 a', 'RFC-2 b', '…and 1 more']);
    expect(sections[1].lines[0]).toBe('INC-1 P3 nordby · 1 school day · case 1');
  });
});
