import {
  CHANGE_STATES,
  CHANGE_TRANSITIONS,
  FINAL_STATES,
  transitionRefusal,
} from '../../../src/changes/change-lifecycle';
import { parseWindow } from '../../../src/changes/rfc-fields';
import { sayIn } from '../../../src/i18n/refusal';

test('the main path of DESIGN.md is allowed step by step', () => {
  const path = [
    'draft',
    'proposed',
    'approved',
    'built',
    'release-vote',
    'scheduled',
    'deploying',
    'deployed',
    'reviewed',
    'closed',
  ] as const;
  for (let i = 0; i + 1 < path.length; i++)
    expect(transitionRefusal('RFC-1', 'normal', path[i], path[i + 1])).toBeUndefined();
});

test('every state is in the table and only listed states follow', () => {
  expect(Object.keys(CHANGE_TRANSITIONS).sort()).toEqual([...CHANGE_STATES].sort());
  for (const next of Object.values(CHANGE_TRANSITIONS)) for (const s of next) expect(CHANGE_STATES).toContain(s);
  expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'closed', 'rejected', 'withdrawn']);
});

test('illegal transitions name the state and the allowed next states', () => {
  const refusal = (...a: Parameters<typeof transitionRefusal>) => {
    const said = transitionRefusal(...a);
    return said && sayIn('en', said);
  };
  expect(refusal('RFC-3', 'normal', 'draft', 'deploying')).toBe(
    'RFC-3 is draft; it cannot become deploying. From draft it can become: proposed, scheduled, withdrawn.',
  );
  expect(refusal('RFC-3', 'normal', 'withdrawn', 'approved')).toMatch(
    /withdrawn; it cannot become approved\. withdrawn is final/,
  );
  expect(refusal('RFC-3', 'normal', 'draft', 'scheduled')).toMatch(/only standard/);
  expect(refusal('RFC-3', 'standard', 'draft', 'scheduled')).toBeUndefined();
  expect(refusal('RFC-3', 'emergency', 'deployed', 'closed')).toMatch(/must be reviewed/);
  expect(refusal('RFC-3', 'normal', 'deployed', 'closed')).toBeUndefined();
  // The same refusal said to a Norwegian reader (the state names are the command's words).
  expect(sayIn('nb', transitionRefusal('RFC-3', 'normal', 'deploying', 'closed')!)).toBe(
    'RFC-3 er deploying; den kan ikke bli closed. Fra deploying kan den bli: deployed, scheduled, rolled-back. ' +
      'Veier ut: `deploy RFC-3` kjører resten, `deploy complete RFC-3 --with-exceptions` godtar den som den er, ' +
      '`rollback RFC-3` ruller den tilbake.',
  );
});

test('windows are read in the organisation time zone', () => {
  const w = parseWindow('2026-12-01 16:00..2026-12-01 20:00', 'Europe/Oslo');
  expect(w.start.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  expect(w.end.toISOString()).toBe('2026-12-01T19:00:00.000Z');
  expect(parseWindow('2026-07-01 16:00..20:30', 'Europe/Oslo').end.toISOString()).toBe('2026-07-01T18:30:00.000Z');
  expect(() => parseWindow('2026-12-01 20:00..2026-12-01 16:00', 'Europe/Oslo')).toThrow(/end must come after/);
  expect(() => parseWindow('tomorrow', 'Europe/Oslo')).toThrow(/start and an end/);
});
