/**
 * The pilot's go/no-go card and notes, the chase list and a chase round, and a scheduled start, rendered
 * in Norwegian Bokmål: exact text where a reader would notice a slip (the card, the list), and no English
 * word from a stop-list in the rest. Would catch a sentence of these modules that bypasses the catalog,
 * a Norwegian key left with its English text, or a host list that ends in "… and N more"; and a target
 * pattern's refusal (over its length or star cap) said in English to a Norwegian reader.
 * English stays what it was: the integration tests (deploy-pilot, deploy-chase, deploy-at) assert it.
 */
import type { DeploymentDoc } from '../../../src/deploy/deployment.model';
import { countStates } from '../../../src/deploy/progress';
import { goNote, noGoNote, noGoReason, pilotCard } from '../../../src/deploy/render-pilot';
import { chaseListReply, chaseRoundReply, retriedReply } from '../../../src/deploy/render-chase';
import {
  scheduledCancelledNote,
  scheduledLine,
  scheduledNote,
  scheduledRefusedNote,
  scheduledStartedNote,
} from '../../../src/deploy/render-scheduled';
import { renderProgress } from '../../../src/deploy/render-deployment';
import { FIELD_SPECS } from '../../../src/changes/rfc-fields';
import type { OpsdeskError } from '../../../src/core/errors';
import { userTextIn } from '../../../src/i18n/refusal';
import { checkGlob } from '../../../src/inventory/glob';

const lang = 'nb' as const;

/** English words that have no business in a Norwegian message (commands in backticks aside). */
const ENGLISH =
  /\b(the|is|are|was|has|have|of|and|not|wait|waiting|host|hosts|succeeded|failed|retried|left|list|chase|more|undoes|received|nothing|runs|run|from|scheduled|starts|every|cancelled|refused|until|paused)\b/iu;
const words = (s: string) => s.replace(/`[^`]*`/gu, '').replace(/\b(RFC|D|INC)-\d+\b/gu, '');

const pilot = {
  number: 7,
  rfcKey: 'RFC-3',
  kind: 'deploy',
  package: { name: 'demo', version: '1.0' },
  total: 40,
  state: 'paused',
  pausedReason: 'The pilot is done: waiting for the go/no-go.',
  pilot: { group: 'pilot', hosts: ['pc-1', 'pc-2', 'pc-3', 'pc-4', 'pc-5', 'pc-6'], state: 'waiting' },
} as unknown as DeploymentDoc;

test('the go/no-go card after the pilot, in Norwegian', () => {
  const c = countStates(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed']);
  const card = pilotCard(pilot, c, 'release-manager', { go: 'white_check_mark', noGo: 'x' }, lang);
  const lines = [
    'Pilot pilot (6: pc-1, pc-2, pc-3, pc-4, pc-5 … og 1 til): 6/6 ferdig, 5 vellykket, 1 feilet.',
    '34 maskin(er) venter på go.',
    'en utgivelsesansvarlig: reager med :white_check_mark: for go eller :x: for no-go, eller skriv ' +
      '`deploy go RFC-3` / `deploy no-go RFC-3`.',
  ];
  expect(card.text).toBe(`Go/no-go for Utrulling D-7 av RFC-3 (demo 1.0): ${lines.join(' ')}`);
  expect(card.card).toEqual({
    kind: 'deploy',
    title: 'Go/no-go: Utrulling D-7 av RFC-3',
    status: 'VENTER PÅ GO/NO-GO',
    sections: [{ lines }],
  });
  expect(pilotCard(pilot, c, 'ccb', { go: 'white_check_mark', noGo: 'x' }, lang).text).toContain(
    'et CCB-medlem: reager med',
  );
  // The progress card of the paused deployment shows the stored reason in the reader's language.
  const progress = renderProgress(pilot, countStates(['succeeded', 'pending']), { lang });
  expect(progress.text).toContain('På pause: Piloten er ferdig: venter på go/no-go.');
  const notes = [
    goNote('Rolf Eide', 34, lang),
    noGoReason('Rolf Eide', lang),
    noGoNote('RFC-3', 'Rolf Eide', ['pc-1', 'pc-2'], lang),
    noGoNote('RFC-3', 'Rolf Eide', [], lang),
  ];
  expect(notes[2]).toBe(
    'No-go fra Rolf Eide: ingenting mer kjøres. `rollback RFC-3` ruller tilbake de 2 pilotmaskinene som fikk den ' +
      '(pc-1, pc-2).',
  );
  expect(notes.map((n) => words(n.replace(/Rolf Eide/gu, ''))).filter((w) => ENGLISH.test(w))).toEqual([]);
});

test('the chase list, a chase round and a retry, in Norwegian', () => {
  const d = { number: 7, chase: { active: true, everyMs: 600_000, forMs: 0, expiredReported: false } } as never;
  const list = chaseListReply(
    'RFC-3',
    d,
    [
      { host: 'pc-1', state: 'failed', error: 'disk full' },
      { host: 'pc-2', state: 'unreachable' },
      { host: 'pc-3', state: 'unknown' },
    ],
    '01.12.2026 07:30',
    lang,
  );
  expect(list).toBe(
    'Oppfølgingsliste for RFC-3 (3, prøves igjen hvert 10 min til 01.12.2026 07:30):\n' +
      'pc-1: feilet (disk full)\n' +
      'pc-2: utilgjengelig\n' +
      'pc-3: ukjent (avbrutt underveis, kan allerede ha kjørt; prøves ikke igjen før ' +
      '`chase RFC-3 retry pc-3 --yes`)',
  );
  const idle = { number: 7, chase: { active: false, paused: 'en frys gjelder' } } as never;
  expect(chaseListReply('RFC-3', idle, [{ host: 'pc-2', state: 'unreachable' }], undefined, lang)).toBe(
    'Oppfølgingsliste for RFC-3 (1, prøves ikke igjen (på pause: en frys gjelder)):\npc-2: utilgjengelig',
  );
  expect(chaseListReply('RFC-3', d, [], undefined, lang)).toBe('Oppfølgingslisten for RFC-3 er tom.');
  const round = chaseRoundReply(
    'RFC-3',
    { number: 7 },
    { retried: 3, recovered: ['pc-1'], left: ['pc-2', 'pc-3'], held: ['pc-3'], running: ['pc-4'] },
    lang,
  );
  expect(round).toBe(
    'Oppfølging av RFC-3: prøvde 3 på nytt, 1 vellykket (pc-1; `deploy show D-7 succeeded`), 2 igjen. ' +
      'Ikke prøvd igjen (avbrutt underveis, kan allerede ha kjørt): pc-3; `chase RFC-3 retry HOST --yes` kjører ' +
      'én på nytt. Kjører fortsatt fra en tidligere runde, ikke kjørt på nytt: pc-4.',
  );
  const all = [
    list,
    round,
    retriedReply('RFC-3', { host: 'pc-1', state: 'succeeded' }, 'Rolf Eide', lang),
    retriedReply('RFC-3', { host: 'pc-2', state: 'failed', error: 'exit 3' }, 'Rolf Eide', lang),
  ];
  expect(all[3]).toBe(
    'pc-2 ble kjørt på nytt etter ønske fra Rolf Eide: feilet (exit 3). Den blir stående på oppfølgingslisten ' +
      'for RFC-3.',
  );
  const text = all.map((s) => words(s.replace(/Rolf Eide|disk full|exit 3/gu, '')));
  expect(text.filter((w) => ENGLISH.test(w))).toEqual([]);
});

test('a start scheduled for later, in Norwegian, dates the Norwegian way', () => {
  const s = { rfcKey: 'RFC-3', at: new Date('2026-12-01T06:30:00Z'), when: 'window', byName: 'Rolf Eide' } as const;
  const tz = 'Europe/Oslo';
  expect(scheduledLine(s, tz, lang)).toBe(
    'Planlagt start: 01.12.2026 07:30 (når det godkjente vinduet åpner), av Rolf Eide; `deploy cancel RFC-3` ' +
      'avlyser den.',
  );
  const all = [
    scheduledNote(s, tz, lang),
    scheduledStartedNote(s, tz, lang),
    scheduledRefusedNote(s, tz, 'vinduet er stengt', 'Vent.', lang),
    scheduledCancelledNote(s, tz, 'Rolf Eide', lang),
  ];
  expect(all.map((t) => words(t.replace(/Rolf Eide/gu, ''))).filter((w) => ENGLISH.test(w))).toEqual([]);
});

test("a target pattern over its cap is refused in the reader's language, on its own and in an RFC field", () => {
  const pattern = 'a*'.repeat(12);
  const thrown = (f: () => unknown): OpsdeskError => {
    try {
      f();
    } catch (err) {
      return err as OpsdeskError;
    }
    throw new Error('not refused');
  };
  const own = thrown(() => checkGlob(pattern));
  expect(userTextIn(own, lang)).toBe(`Mønsteret "${pattern}" har 12 stjerner (*); et mønster kan ha høyst 8.`);
  expect(userTextIn(own, 'en')).toBe(`The target pattern "${pattern}" has 12 stars (*); a pattern may have at most 8.`);
  const field = thrown(() => FIELD_SPECS.targets.parse(`pilot, name=${pattern}`, 'Europe/Oslo'));
  expect(userTextIn(field, lang)).toContain(`: mønsteret "${pattern}" har 12 stjerner (*)`);
});
