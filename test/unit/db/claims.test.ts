/**
 * The claim kinds table: every kind says how long it is kept and why, housekeeping can tell the
 * kinds apart by their keys, and every builder writes the key it always wrote (keys are stored data).
 */
import {
  CLAIM_KINDS,
  claimDeployment,
  claimKindOf,
  claims,
  jobRunIdentity,
  type ClaimKind,
  type ClaimKindName,
} from '../../../src/db/claims';

const kinds = Object.entries(CLAIM_KINDS) as Array<[ClaimKindName, ClaimKind]>;
const ID = '65a1b2c3d4e5f60718293a4b';
const AT = new Date('2026-10-22T08:00:00.000Z');

/** One key of every builder, the kind it must be, and the key as it was written before the table. */
const samples: Array<[string, ClaimKindName, string]> = [
  [claims.jobRun('sla-check', ID, jobRunIdentity.due(AT)), 'job', `job:sla-check:${ID}:due:2026-10-22T08:00:00.000Z`],
  [
    claims.jobRun('deploy-run', ID, jobRunIdentity.after(AT)),
    'job',
    `job:deploy-run:${ID}:after:2026-10-22T08:00:00.000Z`,
  ],
  [claims.jobRun('deploy-run', ID, jobRunIdentity.after(null)), 'job', `job:deploy-run:${ID}:after:never`],
  [claims.jobRun('digest', ID, jobRunIdentity.unwatched('host:1', 5)), 'job', `job:digest:${ID}:unwatched:host:1:5`],
  [
    claims.eventTakeover('slack', 'Ev01', '123-ab', AT),
    'eventTakeover',
    'takeover:slack|Ev01|123-ab|2026-10-22T08:00:00.000Z',
  ],
  [
    claims.eventTakeover('slack', 'Ev01', '123-ab', AT, 2),
    'eventTakeover',
    'takeover:slack|Ev01|123-ab|2026-10-22T08:00:00.000Z|2',
  ],
  [claims.slaTakeover(7, 'response-breach', AT), 'slaTakeover', 'sla-takeover:7:response-breach:1792656000000'],
  [
    claims.stepTakeover(claims.slaTakeover(7, 'response-breach', AT), 1),
    'slaTakeover',
    'sla-takeover:7:response-breach:1792656000000:takeover',
  ],
  [claims.digestTakeover('2026-10-22', AT), 'digestTakeover', 'digest-takeover:2026-10-22:1792656000000'],
  ['report:slack|Ev01', 'report', 'report:slack|Ev01'],
  [claims.eventDone('slack', 'Ev01'), 'eventDone', 'done:slack|Ev01'],
  [claims.deployLease(ID, 3), 'deploy', `deploy:${ID}:lease:3`],
  [claims.deployCancel(ID), 'deploy', `deploy:${ID}:cancel`],
  [claims.deployEnded(ID), 'deploy', `deploy:${ID}:ended`],
  [claims.deployAttempt(ID, 'pc-01', 2), 'deploy', `deploy:${ID}:pc-01:attempt:2`],
  [claims.deployCompleted(ID), 'deployCompleted', `deploy:${ID}:completed`],
  [claims.deployAt(ID), 'deployAt', `deploy-at:${ID}`],
  [claims.seq('incident', 12), 'seq', 'seq:incident:12'],
  [claims.rollupBuild(1), 'rollupBuild', 'rollup-build:1'],
  [claims.stepTakeover(claims.rollupBuild(1), 1), 'rollupBuild', 'rollup-build:1:takeover'],
  [claims.rfcRevision('RFC-7'), 'rfcRevision', 'rfc-revision:RFC-7'],
  [claims.rfcState(ID, 4), 'rfcState', `rfc-state:${ID}:4`],
  [claims.stepTakeover(claims.rfcState(ID, 4), 1), 'rfcState', `rfc-state:${ID}:4:takeover`],
  [claims.stepTakeover(claims.rfcState(ID, 4), 2), 'rfcState', `rfc-state:${ID}:4:takeover:2`],
  [claims.ballotDecision(ID), 'ballotDecision', `ballot-decision:${ID}`],
  [claims.stepTakeover(claims.ballotDecision(ID), 1), 'ballotDecision', `ballot-decision:${ID}:takeover`],
  [claims.ballotReminder(ID), 'ballotReminder', `ballot-reminder:${ID}`],
  [claims.problemFix('PRB-1'), 'problemFix', 'problem-fix:PRB-1'],
  [claims.auditSeal(), 'auditSeal', 'audit-seal:change_audit'],
  [claims.rateToken('reports-person:anna', 120000, 14938800), 'rateToken', 'rate:reports-person:anna:120000:14938800'],
  [
    claims.rateToken('reports-origin:matrix:evil.example', 30000, 59755201),
    'rateToken',
    'rate:reports-origin:matrix:evil.example:30000:59755201',
  ],
  [
    claims.limitNotice('reports-person:matrix:@x:evil.example', 120000, 14938801, 'matrix:@x:evil.example'),
    'limitNotice',
    'limit-notice:reports-person:matrix:@x:evil.example:120000:14938801:matrix:@x:evil.example',
  ],
  [claims.foldNotice(ID), 'foldNotice', `fold-notice:${ID}`],
  [claims.fixAnswer('slack|D1|1.2'), 'fixAnswer', 'fix-answer:slack|D1|1.2'],
  [claims.recurringAlert('nordby', 'INC-4'), 'recurringAlert', 'recurring:nordby:INC-4'],
];

test('every kind has a retention, a reason and a key shape that starts with its prefix', () => {
  for (const [name, kind] of kinds) {
    expect([name, ['kept', 'time-bounded', 'with-deployment', 'with-question'].includes(kind.retention)]).toEqual([
      name,
      true,
    ]);
    expect([name, kind.why.length > 10]).toEqual([name, true]);
    expect([name, kind.prefix.endsWith(':'), kind.shape.startsWith(kind.prefix)]).toEqual([name, true, true]);
  }
});

test('a time-bounded kind owns its prefix: deleting by it cannot reach another kind', () => {
  for (const [name, kind] of kinds.filter(([, k]) => k.retention === 'time-bounded')) {
    expect([name, kind.pattern]).toEqual([name, undefined]);
    for (const [other, o] of kinds) {
      if (other === name) continue;
      expect([name, other, o.prefix.startsWith(kind.prefix) || kind.prefix.startsWith(o.prefix)]).toEqual([
        name,
        other,
        false,
      ]);
    }
  }
});

test('kinds sharing a prefix are told apart by their patterns', () => {
  for (const [name, kind] of kinds) {
    const sharing = kinds.filter(
      ([other, o]) => other !== name && (o.prefix.startsWith(kind.prefix) || kind.prefix.startsWith(o.prefix)),
    );
    if (sharing.length) expect([name, kind.pattern instanceof RegExp]).toEqual([name, true]);
  }
});

test('every builder writes the same key as before, of its own kind and of no other', () => {
  for (const [key, kind, before] of samples) {
    expect(key).toBe(before);
    expect([key, claimKindOf(key)]).toEqual([key, kind]);
    const matching = kinds
      .filter(([, k]) => key.startsWith(k.prefix) && (!k.pattern || k.pattern.test(key)))
      .map(([n]) => n);
    expect([key, matching]).toEqual([key, [kind]]);
  }
  // Every kind has a builder.
  expect(new Set(samples.map(([, kind]) => kind))).toEqual(new Set(kinds.map(([name]) => name)));
});

test('keys this code did not write have no kind, so housekeeping keeps them', () => {
  for (const key of [
    'jobs:something-new',
    'reporter:something-new',
    'deploy:bench-run:lease:1',
    `deploy:${ID}`,
    'takeover',
    '',
  ]) {
    expect([key, claimKindOf(key)]).toEqual([key, undefined]);
  }
});

test('a deploy claim goes with its deployment, except the completion', () => {
  expect(claimDeployment(claims.deployLease(ID, 1))).toBe(ID);
  expect(claimDeployment(claims.deployAttempt(ID, 'completed', 1))).toBe(ID);
  expect(claimDeployment(claims.deployCompleted(ID))).toBeUndefined();
  expect(claimDeployment('deploy:bench-run:lease:1')).toBeUndefined();
  expect(claimDeployment(claims.rfcState(ID, 1))).toBeUndefined();
});
