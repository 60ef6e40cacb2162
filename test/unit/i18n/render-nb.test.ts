/**
 * Every message kind of the render modules moved into the catalog (deployments, CCB votes, a
 * report's edits), rendered in Norwegian Bokmål: no English
 * word from a stop-list may appear (command names, case keys, placeholders and people's own text
 * aside). Would catch a sentence or a label that bypasses the catalog in a render module, or a
 * Norwegian key left with its English text. English stays what it was (the other tests assert it).
 */
import type { DeploymentDoc } from '../../../src/deploy/deployment.model';
import { countStates } from '../../../src/deploy/progress';
import {
  abortedReason,
  belowCriterionNote,
  chaseEndedNote,
  chasePausedNote,
  chaseRecoveredNote,
  chaseStoppedNote,
  completionNote,
  finishedNote,
  nothingRanReason,
  pausedNote,
  renderProgress,
  resumedNote,
  resumingNote,
  rfcWithoutDeploymentNote,
  startAbandonedNote,
  startFailedReason,
  waveDoneNote,
} from '../../../src/deploy/render-deployment';
import type { RfcDoc } from '../../../src/changes/rfc.model';
import type { BallotDoc } from '../../../src/votes/ballot.model';
import { renderVoteCard } from '../../../src/votes/vote-card';
import {
  ballotClosedMessage,
  closedBallotNotice,
  notMemberNotice,
  removedByOtherNotice,
  voteReminder,
} from '../../../src/votes/render-vote-notices';
import { tallyVotes } from '../../../src/votes/vote-tally';
import { PeopleDirectory } from '../../../src/people/people-directory';
import { testConfig } from '../../support/test-bot';
import type { OutMessage } from '../../../src/chat/out-message';
import { slaBreachText, slaWarningText, unassignedWarningText } from '../../../src/sla/render-sla';
import { BusinessCalendar } from '../../../src/calendar/business-calendar';
import {
  commentEditedText,
  commentRemovedText,
  commentRemovedToAssigneeText,
  editedCommandText,
  receiptRemovedText,
  reportEditedText,
  reportEditedToAssigneeText,
  reportRemovedText,
  reportRemovedToAssigneeText,
} from '../../../src/tickets/render-report-changes';

/** English words that have no business in a Norwegian message. */
const ENGLISH =
  /\b(the|is|are|was|has|have|you|your|of|and|not|done|succeeded|failed|unreachable|skipped|wave|took|by|chase|list|deploying|targets?|approve|reject|abstain|voted|quorum|closes|decision|need|tally|requester|window|review|reminder|vote|card|reaction|nothing|ran|never|started|paused|stopped|resumed|finished|completion|criterion|scheduled|approved|rejected|postponed)\b/iu;

/** Everything a reader sees of a message: its text, its card's title, status, fields, sections, footer. */
function seen(m: OutMessage | string): string {
  if (typeof m === 'string') return m;
  const c = m.card;
  return [
    m.text,
    c?.title,
    c?.status,
    ...(c?.fields ?? []).flatMap((f) => [f.label, f.value]),
    ...(c?.sections ?? []).flatMap((s) => [s.heading ?? '', ...s.lines]),
    c?.footer,
  ].join('\n');
}

/** Commands, keys and the given names and text are the same in every language. */
function words(m: OutMessage | string): string {
  return seen(m)
    .replace(/`[^`]*`/gu, '')
    .replace(/\b(RFC|D|INC|PRB)-\d+\b/gu, '')
    .replace(/Rolf Eide|Carl Aas|Maria Vik|demo 1\.0|pc-\S+|firefox-esr|Oppdater nettleseren/gu, '');
}

const config = testConfig();
const people = new PeopleDirectory(config.people);
const at = new Date('2026-11-30T13:05:00Z');
const lang = 'nb' as const;

const d = {
  number: 7,
  kind: 'deploy',
  rfcKey: 'RFC-3',
  package: { name: 'demo', version: '1.0' },
  requestedByName: 'Rolf Eide',
  targetsText: 'all',
  total: 4,
  waves: 2,
  state: 'done',
  reason: undefined,
} as unknown as DeploymentDoc;
const counts = countStates(['succeeded', 'failed', 'unreachable', 'succeeded']);

test('the deployment card, summary and notes in Norwegian', () => {
  const summary = renderProgress(d, counts, {
    lang,
    durationMs: 125_000,
    chase: [
      { host: 'pc-1', state: 'failed', error: 'disk full' },
      { host: 'pc-2', state: 'unreachable' },
    ] as never,
  });
  expect(summary.text).toBe(
    'Utrulling D-7 av RFC-3: demo 1.0 — ferdig: 4/4 ferdig, 2 vellykket, 1 feilet, 1 utilgjengelig\ntok 2 min 5 s\n' +
      'Oppfølgingsliste (2): pc-1 (feilet), pc-2 (utilgjengelig); `deploy show D-7 failed` viser dem etter feil.',
  );
  expect(summary.card?.status).toBe('FERDIG');
  const running = renderProgress({ ...d, state: 'running' } as DeploymentDoc, countStates(['running', 'pending']), {
    lang,
    wave: 0,
  });
  expect(running.card?.status).toBe('RULLER UT 2/4');
  const all = [
    summary,
    running,
    waveDoneNote({ wave: 0, waves: 2, canary: 1, counts, size: 4 }, lang),
    finishedNote(summary, lang),
    completionNote(d, { succeeded: 2, total: 2, pct: 100, deployed: true }, lang),
    belowCriterionNote('RFC-3', { total: 4, succeeded: ['pc-1'], open: [{ host: 'pc-2' }] }, 0.95, lang),
    chaseRecoveredNote(d, ['pc-1'], ['pc-2'], lang),
    chaseRecoveredNote(d, ['pc-1'], [], lang),
    chaseEndedNote(['pc-2'], ['INC-4'], lang),
    chaseStoppedNote('RFC-3 er lukket', lang),
    chasePausedNote('en frys gjelder', 'RFC-3', lang),
    resumingNote(2, { scripts: {}, idempotent: false } as never, lang),
    nothingRanReason('ingen mål', lang),
    abortedReason({ wave: 0, ratio: 0.5, limit: 0.2 }, lang),
    pausedNote({ wave: 1, waves: 2, reason: 'en frys gjelder', fix: 'Vent.', rfcKey: 'RFC-3' }, lang),
    resumedNote('Rolf Eide', lang),
    startFailedReason('chatten svarte ikke', lang),
    startAbandonedNote('D-7 (RFC-3)', 'RFC-3', true, lang),
    rfcWithoutDeploymentNote('RFC-3', undefined, lang),
  ];
  expect(all.map(words).filter((w) => ENGLISH.test(w))).toEqual([]);
});

test('the CCB card, its tally and the vote notices in Norwegian', () => {
  const rfc = {
    key: 'RFC-3',
    title: 'firefox-esr',
    type: 'normal',
    risk: 'low',
    requesterId: 'rolf',
    requesterName: 'Rolf Eide',
    need: 'Oppdater nettleseren',
    targets: ['all'],
    state: 'deployed',
    stateAt: at,
    review: { note: 'gikk fint', satisfaction: 5, inTime: true },
  } as unknown as RfcDoc;
  const open = {
    rfcKey: 'RFC-3',
    kind: 'approval',
    board: 'ccb',
    roster: ['carl', 'maria'],
    quorum: 2,
    threshold: 0.5,
    open: true,
    deadline: at,
  } as unknown as BallotDoc;
  const tally = tallyVotes(open.roster, [{ personId: 'carl', choice: 'approve' }] as never);
  const card = renderVoteCard(rfc, open, tally, { people, timezone: 'Europe/Oslo', changes: config.changes, lang });
  expect(card.card?.status).toBe('AVSTEMNING: GODKJENNING');
  expect(seen(card)).toContain(
    'Avsluttes 30.11.2026 14:05 (Europe/Oslo) eller så snart utfallet ikke lenger kan endres.',
  );
  const closed = {
    ...open,
    open: false,
    decision: 'approved',
    decidedBy: 'override',
    decidedById: 'maria',
    reason: 'haster',
    closedAt: at,
  };
  const decided = renderVoteCard(rfc, closed as BallotDoc, tally, {
    people,
    timezone: 'Europe/Oslo',
    changes: config.changes,
    lang,
  });
  expect(decided.card?.status).toBe('GODKJENT (overstyrt)');
  const notices = [
    card,
    decided,
    ballotClosedMessage(
      {
        rfcKey: 'RFC-3',
        ballotKind: 'release',
        decision: 'approved',
        counts: { approve: 2, reject: 0, abstain: 0 },
        windowStart: at,
        timezone: 'Europe/Oslo',
      },
      lang,
    ),
    ballotClosedMessage(
      {
        rfcKey: 'RFC-3',
        ballotKind: 'technical',
        decision: 'rejected',
        counts: { approve: 0, reject: 2, abstain: 0 },
        timezone: 'Europe/Oslo',
      },
      lang,
    ),
    voteReminder({ ballotKind: 'approval', rfcKey: 'RFC-3', deadline: at, timezone: 'Europe/Oslo' }, lang),
    notMemberNotice({ rfcKey: 'RFC-3', board: 'ccb', roster: ['carl'] } as never, people, lang),
    closedBallotNotice(
      { rfcKey: 'RFC-3', ballotKind: 'approval', decision: 'approved', closedAt: at } as never,
      'Europe/Oslo',
      lang,
    ),
    removedByOtherNotice(
      { rfcKey: 'RFC-3', reaction: '✅', removedBy: { userId: 'U1', displayName: 'Maria Vik' } } as never,
      lang,
    ),
  ];
  expect(notices.map(words).filter((w) => ENGLISH.test(w))).toEqual([]);
});

test("a report or comment the teacher edited or deleted, and a comment's limits, in Norwegian", () => {
  const t = { key: 'INC-5' };
  const all = [
    receiptRemovedText(t, lang),
    reportRemovedText(t, lang),
    reportRemovedToAssigneeText(t, lang),
    reportEditedText(t, lang),
    reportEditedToAssigneeText(t, 'skriveren virker ikke', lang),
    editedCommandText(lang),
    commentRemovedText(t, lang),
    commentRemovedToAssigneeText(t, lang),
    commentEditedText(t, lang),
  ];
  expect(all.map(words).filter((w) => ENGLISH.test(w))).toEqual([]);
  expect(reportEditedText(t, lang)).toBe(
    'Oppdaterte INC-5 med endringen din (historikken beholder den første versjonen).',
  );
});

test('SLA alerts in Norwegian', () => {
  const calendar = new BusinessCalendar({ timezone: 'Europe/Oslo', hours: { mon: '08:00-16:00' }, holidays: [] });
  const t = { key: 'INC-5', priority: 'P2', category: 'printing', school: 'nordby', title: 'skriveren står' };
  const c = { kind: 'response', targetMs: 3_600_000, elapsedMs: 4_500_000, share: 1.25, dueAt: at, breached: true };
  const warning = slaWarningText(t as never, { ...c, elapsedMs: 3_000_000, share: 0.83 } as never, calendar, lang);
  expect(warning).toBe(
    '⏰ SLA-varsel: INC-5 (P2, utskrift, nordby): skriveren står\n83 % av målet på 1 t for første svar er brukt; ' +
      '10 min skoletid igjen (frist man. 30. nov 14:05).',
  );
  const all = [
    warning,
    unassignedWarningText(t as never, warning, lang),
    slaBreachText(t as never, c as never, undefined, lang),
    slaBreachText(t as never, c as never, { name: 'Oscar Nilsen' }, lang),
  ];
  expect(all.map(words).filter((w) => ENGLISH.test(w))).toEqual([]);
});
