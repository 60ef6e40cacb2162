/**
 * Dates inside the change policy's refusals are written where they are said, the reader's way: `01.12.2026 16:00`
 * in Norwegian, `2026-12-01 16:00` in English (the log keeps the English). A refusal that halts a running deployment
 * or a manual chase keeps them by key on its way to the person (haltError). Would catch a date formatted once for
 * every reader (render-policy.ts), or a halt thrown with only its English text (deployment-chase.ts).
 */
import { refuse } from '../../../src/changes/change-policy-core';
import * as say from '../../../src/changes/render-policy';
import { haltError } from '../../../src/deploy/deploy-gate';
import { sayIn, userTextIn } from '../../../src/i18n/refusal';

const TZ = 'Europe/Oslo';
const freeze = say.frozen([
  say.frozenPart(
    { group: 'all', until: new Date('2026-12-01T15:00:00Z'), setBy: 'Rolf Eide', reason: 'eksamen', hosts: ['a', 'b'] },
    TZ,
  ),
]);

test('a freeze and a window: the dates the Norwegian way in nb, as before in en', () => {
  expect(sayIn('nb', freeze)).toBe(
    'Frosset: all er frosset til 01.12.2026 16:00 av Rolf Eide: eksamen (gjelder 2 av målene).',
  );
  expect(sayIn('en', freeze)).toBe(
    'Frozen: all frozen until 2026-12-01 16:00 by Rolf Eide: eksamen (covers 2 of the targets).',
  );
  const window = { start: new Date('2026-12-01T15:00:00Z'), end: new Date('2026-12-01T19:00:00Z') };
  expect(sayIn('nb', say.outsideWindow('RFC-7', window, new Date('2026-11-30T08:05:00Z'), TZ))).toBe(
    'Utenfor tidsvinduet til RFC-7: det er 01.12.2026 16:00 – 01.12.2026 20:00 (Europe/Oslo); nå er klokka ' +
      '30.11.2026 09:05.',
  );
});

test('a halt is said in the language of the person who asked; its English stays for the log', () => {
  const err = haltError({ ...refuse('PRECONDITION', 'freeze', freeze, say.FREEZE_FIX), outcome: 'pause' });
  expect(err.code).toBe('PRECONDITION');
  expect(err.message).toBe(
    'Frozen: all frozen until 2026-12-01 16:00 by Rolf Eide: eksamen (covers 2 of the targets).',
  );
  expect(userTextIn(err, 'nb')).toBe(
    'Frosset: all er frosset til 01.12.2026 16:00 av Rolf Eide: eksamen (gjelder 2 av målene).\n' +
      'Vent til frysen er over, eller be om en hasteendring (bekreftet av en annen endringsansvarlig enn bestilleren).',
  );
  expect(
    haltError({ ...refuse('INVALID_STATE', 'state', say.rolledBack('D-3'), undefined), outcome: 'stop' }).code,
  ).toBe('INVALID_STATE');
});
