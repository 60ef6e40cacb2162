import fc from 'fast-check';
import type { ChangeTemplate } from '../../../src/config/sections/changes';
import { parseConfig } from '../../../src/config/load-config';
import { approvalRecord } from '../../../src/changes/approved-content';
import { policySettings, type PolicyRfc, type PolicySettings } from '../../../src/changes/change-policy';
import {
  blockingFreezes,
  chaseBound,
  deployDecision,
  rollbackDecision,
  runDecision,
  type PolicyFreeze,
  type PolicyHost,
  type RunInput,
} from '../../../src/changes/change-policy-deploy';

/** The change policy for deployments, pure: `/deploy`, every wave and target, every chase round, rollback. */

const TEMPLATE: ChangeTemplate = {
  id: 'demo',
  title: 'Demo',
  risk: 'low',
  priority: 'medium',
  categories: [],
  targets: ['pilot'],
  testPlan: 't',
  backoutPlan: 'b',
  package: { name: 'demo', version: '1.0' },
};
const S: PolicySettings = { ...policySettings(parseConfig({}).changes), templates: [TEMPLATE] };
const TZ = 'Europe/Oslo';
const WINDOW = { start: new Date('2026-12-01T15:00:00Z'), end: new Date('2026-12-01T19:00:00Z') };
const IN = new Date('2026-12-01T16:00:00Z');
const AFTER = new Date('2026-12-01T19:30:00Z');

const host = (name: string, ...groups: string[]): PolicyHost => ({ name, memberships: ['all', ...groups] });
const HOSTS = [host('pc-01', 'pilot'), host('pc-02', 'pilot'), host('pc-03'), host('pc-04')];
const PILOT = new Set(['pc-01', 'pc-02']);
const ALL = new Set(HOSTS.map((h) => h.name));

function scheduled(over: Partial<PolicyRfc> = {}, approvers = ['carl', 'chris']): PolicyRfc {
  const r: PolicyRfc = {
    key: 'RFC-3',
    type: 'normal',
    state: 'scheduled',
    requesterId: 'ingrid',
    targets: ['pilot'],
    risk: 'low',
    window: WINDOW,
    testPlan: 't',
    backoutPlan: 'b',
    package: { name: 'demo', version: '1.0' },
    ...over,
  };
  const stage = r.type === 'standard' ? 'template' : 'release';
  return {
    ...r,
    approval: approvalRecord(r, {
      stage,
      how: stage === 'template' ? 'template' : 'vote',
      approvers: stage === 'template' ? [] : approvers,
      decidedById: 'opsdesk',
      at: WINDOW.start,
      template: r.template,
    }),
  };
}

const deploy = (
  rfc: PolicyRfc,
  hosts: PolicyHost[],
  now = IN,
  freezes: PolicyFreeze[] = [],
  chaseHours?: number,
  approved = PILOT,
) =>
  deployDecision({
    rfc,
    hosts,
    scope: { approvedHosts: approved, templateHosts: PILOT },
    time: { now, freezes, timezone: TZ },
    settings: S,
    chaseHours,
  });

const freeze = (group: string, from = new Date(0), until = new Date('2099-01-01T00:00:00Z')): PolicyFreeze => ({
  group,
  from,
  until,
  reason: 'exam week',
  setBy: 'Oscar Nilsen',
});

test(
  'an approved change inside its window, scope and outside freezes may deploy; the answer carries the digest and ' +
    'the chase limit',
  () => {
    const r = scheduled();
    const d = deploy(r, HOSTS.slice(0, 2));
    expect(d).toMatchObject({ ok: true, emergency: false, digest: r.approval!.digest });
    expect(d.ok && d.chaseBound.toISOString()).toBe('2026-12-02T19:00:00.000Z'); // window end + 24 h
  },
);

test(
  'scope: the targets must resolve inside what the approved targets resolve to; the refusal names the hosts and ' +
    'what would allow them',
  () => {
    const d = deploy(scheduled(), HOSTS);
    expect(d).toMatchObject({
      ok: false,
      rule: 'scope',
      reason: 'pc-03, pc-04 are outside what was approved for RFC-3 (targets pilot).',
      fix: expect.stringContaining('rfc edit RFC-3 targets='),
    });
    // A host added to the approved group later is inside (the caller resolves the approved targets now).
    expect(deploy(scheduled(), [host('pc-09', 'pilot')], IN, [], undefined, new Set([...PILOT, 'pc-09'])).ok).toBe(
      true,
    );
  },
);

test(
  'time: outside the approved window, or under a freeze, is refused; a confirmed emergency is exempt, an ' +
    'unconfirmed one is not',
  () => {
    expect(deploy(scheduled(), HOSTS.slice(0, 1), AFTER)).toMatchObject({
      ok: false,
      rule: 'window',
      reason: expect.stringContaining(
        'Outside the change window of RFC-3: it is 2026-12-01 16:00 – 2026-12-01 20:00 (Europe/Oslo)',
      ),
    });
    expect(deploy(scheduled(), HOSTS.slice(0, 1), IN, [freeze('pilot')])).toMatchObject({
      ok: false,
      rule: 'freeze',
      reason: expect.stringContaining(
        'pilot frozen until 2099-01-01 01:00 by Oscar Nilsen: exam week (covers 1 of the targets)',
      ),
    });
    expect(deploy(scheduled(), HOSTS.slice(0, 1), IN, [freeze('pilot', new Date('2026-12-01T17:00:00Z'))]).ok).toBe(
      true,
    ); // not yet in force
    const unconfirmed = scheduled({ type: 'emergency' });
    expect(deploy(unconfirmed, HOSTS.slice(0, 1), AFTER)).toMatchObject({ ok: false, rule: 'window' });
    const ownConfirm = scheduled({ type: 'emergency', emergency: { confirmedBy: 'ingrid', reason: 'x', at: IN } });
    expect(deploy(ownConfirm, HOSTS.slice(0, 1), AFTER)).toMatchObject({ ok: false, rule: 'window' });
    const confirmed = scheduled({ type: 'emergency', emergency: { confirmedBy: 'maria', reason: 'x', at: IN } });
    expect(deploy(confirmed, HOSTS.slice(0, 1), AFTER, [freeze('all')])).toMatchObject({ ok: true, emergency: true });
  },
);

test(
  'state and approval: only scheduled, with an approval of exactly this content by others than the ' + 'requester',
  () => {
    // Progress is per RFC: a deploying RFC may be deployed again (another group, the rest after a pilot);
    // that none of its deployments is running is the deployment service's check.
    expect(deploy({ ...scheduled(), state: 'deploying' }, [])).toMatchObject({ ok: true });
    expect(deploy({ ...scheduled(), state: 'approved' }, [])).toMatchObject({
      ok: false,
      rule: 'state',
      reason: expect.stringContaining('is not release-approved: it is approved'),
    });
    expect(deploy({ ...scheduled(), approval: undefined }, [])).toMatchObject({ ok: false, rule: 'no-approval' });
    expect(deploy({ ...scheduled(), targets: ['all'] }, [])).toMatchObject({ ok: false, rule: 'digest' });
    expect(deploy(scheduled({}, ['ingrid']), [])).toMatchObject({ ok: false, rule: 'four-eyes' });
    // A standard change is checked against its template again (the config may have changed since).
    const std = scheduled({ type: 'standard', template: 'demo' });
    expect(deploy(std, HOSTS.slice(0, 2)).ok).toBe(true);
    expect(
      deployDecision({
        rfc: std,
        hosts: [],
        scope: { approvedHosts: PILOT },
        time: { now: IN, freezes: [], timezone: TZ },
        settings: { ...S, templates: [{ ...TEMPLATE, package: { name: 'demo', version: '2.0' } }] },
      }),
    ).toMatchObject({ ok: false, rule: 'template' });
    expect(
      deployDecision({
        rfc: std,
        hosts: HOSTS.slice(0, 2),
        scope: { approvedHosts: ALL, templateHosts: new Set(['pc-01']) },
        time: { now: IN, freezes: [], timezone: TZ },
        settings: S,
      }),
    ).toMatchObject({
      ok: false,
      rule: 'scope',
      reason: expect.stringContaining('pc-02 is outside what template demo may reach'),
    });
  },
);

test('--chase-hours never goes past the end of the window plus the grace', () => {
  expect(deploy(scheduled(), HOSTS.slice(0, 1), IN, [], 27)).toMatchObject({ ok: true });
  expect(deploy(scheduled(), HOSTS.slice(0, 1), IN, [], 28)).toMatchObject({
    ok: false,
    rule: 'chase-bound',
    reason: expect.stringContaining('at most 27 h now'),
  });
  expect(chaseBound(scheduled(), IN, { ...S, chaseGraceHours: 0 })).toEqual(WINDOW.end);
});

function run(over: Partial<RunInput> = {}) {
  const rfc = over.rfc === undefined ? { ...scheduled(), state: 'deploying' as const } : over.rfc;
  return runDecision({
    rfc,
    d: {
      kind: 'deploy',
      rfcKey: 'RFC-3',
      approvalDigest: rfc?.approval?.digest,
      package: { name: 'demo', version: '1.0' },
      createdAt: IN,
      label: 'Deployment D-4 of RFC-3',
    },
    hosts: HOSTS.slice(0, 2),
    scope: { approvedHosts: PILOT },
    time: { now: IN, freezes: [], timezone: TZ },
    settings: S,
    purpose: 'wave',
    ...over,
  });
}

test(
  'before every wave and target: freezes and the window pause (resumable), a change that moved on stops it for ' +
    'good',
  () => {
    expect(run()).toEqual({ ok: true });
    expect(run({ time: { now: IN, freezes: [freeze('pilot')], timezone: TZ } })).toMatchObject({
      ok: false,
      rule: 'freeze',
      outcome: 'pause',
    });
    expect(run({ time: { now: AFTER, freezes: [], timezone: TZ } })).toMatchObject({
      ok: false,
      rule: 'window',
      outcome: 'pause',
    });
    expect(run({ hosts: HOSTS })).toMatchObject({ ok: false, rule: 'scope', outcome: 'pause' });
    expect(run({ rfc: { ...scheduled(), state: 'scheduled' } })).toMatchObject({
      ok: false,
      rule: 'state',
      outcome: 'stop',
    });
    expect(run({ rfc: null })).toMatchObject({
      ok: false,
      outcome: 'stop',
      reason: expect.stringContaining('belongs to no RFC'),
    });
    const other = { ...scheduled(), state: 'deploying' as const };
    expect(
      run({
        rfc: other,
        d: {
          kind: 'deploy',
          rfcKey: 'RFC-3',
          approvalDigest: 'f'.repeat(64),
          package: { name: 'demo', version: '1.0' },
          createdAt: IN,
          label: 'D-4',
        },
      }),
    ).toMatchObject({ rule: 'digest', outcome: 'stop' });
    expect(
      run({
        rfc: other,
        d: {
          kind: 'deploy',
          rfcKey: 'RFC-3',
          approvalDigest: other.approval!.digest,
          package: { name: 'demo', version: '6.6' },
          createdAt: IN,
          label: 'D-4',
        },
      }),
    ).toMatchObject({ rule: 'package', outcome: 'stop' });
  },
);

test(
  'before every chase round: until the chase limit; stopped once the RFC is closed, cancelled or rolled back; ' +
    'paused by a freeze',
  () => {
    const deployed = { ...scheduled(), state: 'deployed' as const };
    const chase = (over: Partial<RunInput>) => run({ rfc: deployed, purpose: 'chase', ...over });
    expect(chase({ time: { now: AFTER, freezes: [], timezone: TZ } })).toEqual({ ok: true }); // after the window, inside the grace
    expect(chase({ time: { now: new Date('2026-12-02T19:00:01Z'), freezes: [], timezone: TZ } })).toMatchObject({
      rule: 'chase-bound',
      outcome: 'expire',
    });
    expect(chase({ time: { now: AFTER, freezes: [freeze('all')], timezone: TZ } })).toMatchObject({
      rule: 'freeze',
      outcome: 'pause',
    });
    for (const state of ['closed', 'cancelled', 'rolled-back', 'scheduled'] as const)
      expect(chase({ rfc: { ...deployed, state } })).toMatchObject({ rule: 'state', outcome: 'stop' });
    expect(chase({ rolledBack: true })).toMatchObject({ outcome: 'stop' });
  },
);

test('rollback: a deploying or deployed change whose deployment no longer runs', () => {
  expect(rollbackDecision({ ...scheduled(), state: 'deployed' }, { state: 'done', label: 'D-4' }).ok).toBe(true);
  expect(rollbackDecision({ ...scheduled(), state: 'deploying' }, { state: 'running', label: 'D-4' })).toMatchObject({
    ok: false,
    reason: 'D-4 is still running.',
  });
  expect(rollbackDecision(scheduled(), { state: 'done', label: 'D-4' })).toMatchObject({
    ok: false,
    reason: expect.stringContaining('only a deploying or deployed change'),
  });
  expect(
    rollbackDecision(
      { ...scheduled(), state: 'deployed' },
      { state: 'done', label: 'D-4' },
      { state: 'running', label: 'Rollback D-5' },
    ),
  ).toMatchObject({ ok: false, reason: 'Rollback D-5 is still running.' });
});

test(
  'property: whatever the freezes and the time, a wave allowed to run is inside the window and covered by no ' +
    'freeze in force',
  () => {
    const minutes = fc.integer({ min: -600, max: 600 });
    const f = fc.record({
      group: fc.constantFrom('all', 'pilot', 'pc-03', 'nordby'),
      from: minutes,
      len: fc.integer({ min: 1, max: 600 }),
    });
    fc.assert(
      fc.property(minutes, fc.array(f, { maxLength: 4 }), fc.subarray(HOSTS, { minLength: 1 }), (at, fs, hosts) => {
        const now = new Date(IN.getTime() + at * 60_000);
        const freezes = fs.map((x) =>
          freeze(x.group, new Date(IN.getTime() + x.from * 60_000), new Date(IN.getTime() + (x.from + x.len) * 60_000)),
        );
        const d = run({ hosts, scope: { approvedHosts: ALL }, time: { now, freezes, timezone: TZ } });
        if (!d.ok) return;
        expect(now >= WINDOW.start && now <= WINDOW.end).toBe(true);
        expect(blockingFreezes(hosts, freezes, now)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  },
);

describe('start condition (Redbook 8: "System p 615 hardware being available")', () => {
  // Would catch: /deploy going ahead before the named role marked the condition met, or on a mark for an older text.
  const cond = 'System p 615 hardware available';
  test('an open start condition refuses /deploy, naming the condition and how to mark it', () => {
    const d = deploy(scheduled({ startCondition: cond, startConditionRole: 'release-manager' }), [HOSTS[0]]);
    expect(d).toMatchObject({ ok: false, rule: 'start-condition', code: 'PRECONDITION' });
    expect(d.ok || d.reason).toMatch(/start condition "System p 615 hardware available" has not been marked met/);
    expect(d.ok || d.fix).toMatch(/rfc condition RFC-3 met/);
  });
  test('marked met for exactly its text, it no longer refuses; a mark for another text does not count', () => {
    const met = { condition: cond, by: 'rolf' };
    expect(deploy(scheduled({ startCondition: cond, startConditionMet: met }), [HOSTS[0]]).ok).toBe(true);
    const stale = { condition: 'the old text', by: 'rolf' };
    expect(deploy(scheduled({ startCondition: cond, startConditionMet: stale }), [HOSTS[0]])).toMatchObject({
      ok: false,
      rule: 'start-condition',
    });
    expect(deploy(scheduled(), [HOSTS[0]]).ok).toBe(true);
  });
});
