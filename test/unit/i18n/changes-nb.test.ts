/**
 * The change process's Norwegian sentences (rfc and order answers, the field dialogue, the change policy's refusals,
 * conflicts, the change and vote services' refusals): each is a translation, not the English text left in place, and
 * shows no English word once commands (`…`), placeholders and the names typed in commands are taken out. Would catch
 * a key added to nb/changes.ts, nb/change-policy.ts, nb/rfc-fields.ts, nb/audit.ts or nb/packages.ts with its English
 * text copied.
 */
import { en } from '../../../src/i18n/messages-en';
import { nb } from '../../../src/i18n/messages-nb';
import { msg } from '../../../src/i18n/catalog';
import { sayIn } from '../../../src/i18n/refusal';
import * as say from '../../../src/changes/render-policy';

const AREAS = /^(rfc|order|conflict|policy|vote\.err|audit|pkg)\./u;

/** Layout and names: the same in both languages. */
const SAME = new Set([
  'policy.list',
  'policy.problems',
  'policy.life.withWaysOut',
  'rfc.line',
  'rfc.lineAt',
  'rfc.parse.item',
  'rfc.field.type',
  'rfc.card.type',
  'audit.parts',
  'pkg.problems',
  'pkg.list',
  'pkg.error',
]);

/** English words that have no business in a Norwegian sentence. */
const ENGLISH =
  /\b(the|is|are|was|has|have|you|your|it|its|only|not|no|yet|missing|needs?|must|change|changes|vote|approved|approval|window|targets?|template|before|after|with|without|which|what|when|who|and|or|of|to)\b/iu;

/** Commands, placeholders, config settings, typed values and state names: the same in every language. */
const strip = (s: string) =>
  s
    .replace(/`[^`]*`/gu, '')
    .replace(/\{[a-zA-Z]+\}/gu, '')
    .replace(/\bchanges\.[\w.]+|--[\w-]+|\b[A-Z]{3,}\b/gu, '')
    .replace(
      /\b(draft|proposed|approved|built|release-vote|scheduled|deploying|deployed|reviewed|closed|withdrawn|rolled-back|cancelled|postponed|rejected|normal|emergency|standard|low|medium|high|all|met|approve|reject|go\/no-go|ccb)\b/gu,
      '',
    );

const keys = Object.keys(en).filter((k) => AREAS.test(k)) as Array<keyof typeof en>;

test('the change process has Norwegian sentences of its own', () => {
  expect(keys.length).toBeGreaterThan(250);
  const copied = keys.filter((k) => !SAME.has(k) && nb[k] === en[k]);
  expect(copied).toEqual([]);
  const english = keys.filter((k) => ENGLISH.test(strip(nb[k]))).map((k) => `${k}: ${nb[k]}`);
  expect(english).toEqual([]);
});

test('a policy refusal is said whole in each language, with its joining words translated', () => {
  const refusal = say.notOwner('RFC-7', 'Rolf Eide', 'built', ['release-manager', 'change-manager', 'admin']);
  expect(sayIn('en', refusal)).toBe(
    "Only RFC-7's requester (Rolf Eide) or a release-manager or change-manager or admin may mark it as built.",
  );
  expect(sayIn('nb', refusal)).toBe(
    'Bare den som bestilte RFC-7 (Rolf Eide), eller en release-manager eller change-manager eller admin kan ' +
      'melde den som bygget.',
  );
  const hosts = Array.from({ length: 10 }, (_, i) => `pc-${i}`);
  expect(sayIn('nb', say.outOfScope('RFC-7', hosts, []))).toBe(
    'pc-0, pc-1, pc-2, pc-3, pc-4, pc-5, pc-6, pc-7 og 2 til er utenfor det som ble godkjent for RFC-7 (mål: ingen).',
  );
  expect(msg('nb', 'policy.windowFix')).toMatch(/^Rull ut innenfor tidsvinduet/u);
});
