import fc from 'fast-check';
import {
  APPROVED_FIELDS,
  RFC_FIELD_NAMES,
  type ChangeTemplate,
  type RfcFieldName,
} from '../../../src/config/sections/changes';
import { parseConfig } from '../../../src/config/load-config';
import { CHANGE_STATES, type ChangeState } from '../../../src/changes/change-lifecycle';
import { approvalRecord, approvedContent, contentDigest } from '../../../src/changes/approved-content';
import {
  approvalRefusal,
  confirmDecision,
  createDecision,
  editDecision,
  effectiveType,
  overrideDecision,
  policySettings,
  standardDecision,
  stepDecision,
  submitDecision,
  transitionDecision,
  voteDecision,
  type PolicyActor,
  type PolicyRfc,
  type PolicySettings,
} from '../../../src/changes/change-policy';
import type { Role } from '../../../src/people/role';

/** The change policy as pure functions: every rule, and properties over random RFCs and edits. */

const TEMPLATE: ChangeTemplate = {
  id: 'printer-driver',
  title: 'Printer driver',
  risk: 'low',
  priority: 'medium',
  categories: [],
  targets: ['printers'],
  allowedTargets: ['printers', 'print-servers'],
  testPlan: 'print a test page',
  backoutPlan: 'previous driver',
  package: { name: 'driver', version: '3.2' },
  allowedPackages: [{ name: 'driver', versions: ['3.2', '3.3'] }],
};

const S: PolicySettings = { ...policySettings(parseConfig({}).changes), templates: [TEMPLATE] };
const NO_FOUR_EYES: PolicySettings = { ...S, fourEyes: false };
const AT = new Date('2026-12-01T15:00:00Z');
const WINDOW = { start: new Date('2026-12-01T15:00:00Z'), end: new Date('2026-12-01T19:00:00Z') };

const person = (id: string, ...roles: Role[]): PolicyActor => ({ id, roles });
const ingrid = person('ingrid', 'ict-contact');
const maria = person('maria', 'change-manager', 'ccb');
const mette = person('mette', 'change-manager');
const rolf = person('rolf', 'release-manager', 'operator');
const oscar = person('oscar', 'operator');

function rfc(over: Partial<PolicyRfc> = {}): PolicyRfc {
  return {
    key: 'RFC-7',
    type: 'normal',
    state: 'draft',
    requesterId: 'ingrid',
    requesterName: 'Ingrid Lie',
    targets: ['pilot'],
    need: 'exam templates',
    description: 'install 25.8',
    risk: 'medium',
    window: WINDOW,
    testPlan: 'pilot room 12',
    backoutPlan: 'reinstall 24.2',
    ...over,
  };
}

/** `r` approved at `stage` by `approvers` (a vote unless `how` says otherwise). */
function approved(
  r: PolicyRfc,
  stage: 'approval' | 'release' | 'template',
  approvers = ['carl', 'cecilie', 'chris'],
  how: 'vote' | 'override' | 'template' = stage === 'template' ? 'template' : 'vote',
): PolicyRfc {
  const state: ChangeState = stage === 'approval' ? 'approved' : 'scheduled';
  return {
    ...r,
    state: r.state === 'draft' ? state : r.state,
    approval: approvalRecord(r, {
      stage,
      how,
      approvers,
      decidedById: how === 'override' ? approvers[0] : 'opsdesk',
      at: AT,
      template: stage === 'template' ? r.template : undefined,
    }),
  };
}

const released = () =>
  approved(
    rfc({ package: { name: 'libreoffice', version: '25.8.1' }, testResults: 'ok', backoutTest: 'ok' }),
    'release',
  );
const standard = (over: Partial<PolicyRfc> = {}) =>
  rfc({
    type: 'standard',
    template: 'printer-driver',
    targets: ['printers'],
    risk: 'low',
    testPlan: 'print a test page',
    backoutPlan: 'previous driver',
    package: { name: 'driver', version: '3.2' },
    ...over,
  });

describe('who may act', () => {
  test('the requester, or a change manager; later steps also a release manager; nobody else', () => {
    expect(editDecision(rfc(), ingrid, { risk: 'low' }, S).ok).toBe(true);
    expect(editDecision(rfc(), maria, { risk: 'low' }, S).ok).toBe(true);
    expect(editDecision(rfc(), oscar, { risk: 'low' }, S)).toMatchObject({
      ok: false,
      rule: 'role',
      reason: expect.stringMatching(/Only RFC-7's requester \(Ingrid Lie\)/u),
    });
    expect(editDecision(rfc(), rolf, { risk: 'low' }, S)).toMatchObject({ ok: false, rule: 'role' });
    expect(stepDecision(approved(rfc(), 'approval'), rolf, 'built', 'built', S).ok).toBe(true);
    expect(submitDecision(rfc(), oscar)).toMatchObject({ ok: false, rule: 'role' });
  });
});

describe('four eyes', () => {
  test('a requester never votes on, overrides or confirms their own change, whatever roles they hold', () => {
    const own = rfc({ requesterId: 'maria', type: 'emergency' });
    expect(voteDecision(own, 'maria', S)).toMatchObject({ ok: false, rule: 'four-eyes', code: 'FORBIDDEN' });
    expect(overrideDecision(own, maria, 'the board could not meet', S)).toMatchObject({ ok: false, rule: 'four-eyes' });
    expect(confirmDecision(own, maria, 'outbreak', S)).toMatchObject({ ok: false, rule: 'four-eyes' });
    expect(voteDecision(own, 'carl', S).ok).toBe(true);
    expect(overrideDecision(own, mette, 'the board could not meet', S).ok).toBe(true);
    expect(confirmDecision(own, mette, 'outbreak', S).ok).toBe(true);
  });

  test('an override needs a change manager and a reason; an admin or a CCB member is not enough', () => {
    expect(overrideDecision(rfc(), person('ada', 'admin'), 'reason here', S)).toMatchObject({
      ok: false,
      rule: 'role',
    });
    expect(overrideDecision(rfc(), person('carl', 'ccb'), 'reason here', S)).toMatchObject({ ok: false, rule: 'role' });
    expect(overrideDecision(rfc(), maria, ' ', S)).toMatchObject({ ok: false, rule: 'reason' });
  });

  test('an approval given by the requester does not hold (an override by them, or a vote they cast)', () => {
    const byOwnOverride = approved(rfc({ requesterId: 'maria' }), 'release', ['maria'], 'override');
    expect(approvalRefusal(byOwnOverride, ['release'], S)).toMatchObject({ rule: 'four-eyes' });
    const ownVote = approved(rfc({ requesterId: 'carl' }), 'release', ['carl', 'chris']);
    expect(approvalRefusal(ownVote, ['release'], S)).toMatchObject({ rule: 'four-eyes' });
    expect(approvalRefusal(approved(rfc(), 'release', []), ['release'], S)).toMatchObject({ rule: 'no-approval' });
  });

  test('with fourEyes off (a school that opts out) the requester may decide', () => {
    const own = rfc({ requesterId: 'maria' });
    expect(voteDecision(own, 'maria', NO_FOUR_EYES).ok).toBe(true);
    expect(overrideDecision(own, maria, 'reason here', NO_FOUR_EYES).ok).toBe(true);
    expect(approvalRefusal(approved(own, 'release', ['maria'], 'override'), ['release'], NO_FOUR_EYES)).toBeUndefined();
  });
});

describe('change types', () => {
  test('standard only from a template: never typed, never by editing', () => {
    expect(createDecision({ type: 'normal', fields: { type: 'standard' } })).toMatchObject({
      ok: false,
      rule: 'standard-only-from-template',
    });
    for (const state of CHANGE_STATES) {
      expect(editDecision(rfc({ state }), ingrid, { type: 'standard' }, S)).toMatchObject({ ok: false });
    }
    expect(editDecision(rfc(), ingrid, { type: 'standard' }, S)).toMatchObject({ rule: 'standard-only-from-template' });
    expect(standardDecision(rfc(), ingrid, S)).toMatchObject({ ok: false, rule: 'standard-only-from-template' });
  });

  test('typed values never widen a template: targets, package and version, risk and plans', () => {
    const fromTemplate = (fields: Partial<Record<RfcFieldName, unknown>>) =>
      createDecision({ template: TEMPLATE, type: 'normal', fields: { ...standard(), ...fields } });
    expect(fromTemplate({})).toEqual({ ok: true, type: 'standard' });
    expect(fromTemplate({ targets: ['print-servers'] })).toEqual({ ok: true, type: 'standard' });
    expect(fromTemplate({ targets: ['all'] })).toMatchObject({
      ok: false,
      rule: 'template',
      reason: expect.stringContaining('targets all are not among the template'),
    });
    expect(fromTemplate({ package: { name: 'tool', version: '1.0' } })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('package tool 1.0 is not one the template allows (driver 3.2, driver 3.3)'),
    });
    expect(fromTemplate({ package: { name: 'driver', version: '3.3' } }).ok).toBe(true);
    expect(fromTemplate({ risk: 'high' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('risk is fixed'),
    });
    expect(fromTemplate({ backoutPlan: 'none' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('backoutPlan is fixed'),
    });
    expect(fromTemplate({ type: 'emergency' })).toMatchObject({ ok: false, rule: 'type-fixed' });
    // Edits are held to the template too, and it is checked again when it is scheduled.
    expect(editDecision(standard(), ingrid, { targets: ['all'] }, S)).toMatchObject({ ok: false, rule: 'template' });
    expect(editDecision(standard(), ingrid, { type: 'normal' }, S)).toMatchObject({ ok: false, rule: 'type-fixed' });
    expect(standardDecision(standard({ targets: ['all'] }), ingrid, S)).toMatchObject({ ok: false, rule: 'template' });
    expect(standardDecision(standard(), ingrid, S).ok).toBe(true);
    // A template removed from the config approves nothing.
    expect(standardDecision(standard({ template: 'gone' }), ingrid, S)).toMatchObject({
      ok: false,
      rule: 'template',
      reason: expect.stringContaining('not configured'),
    });
  });

  test('a scheduled standard change edited inside its template is approved again by it', () => {
    const s = approved(standard(), 'template');
    expect(
      editDecision(
        s,
        ingrid,
        { window: { start: new Date('2026-12-02T15:00:00Z'), end: new Date('2026-12-02T16:00:00Z') } },
        S,
      ),
    ).toEqual({ ok: true, effect: 'recheck', reopened: [] });
    expect(editDecision(s, ingrid, { targets: ['all'] }, S)).toMatchObject({ ok: false, rule: 'template' });
  });

  test('an emergency takes effect only once a change manager other than the requester confirms it', () => {
    const e = rfc({ type: 'emergency' });
    expect(effectiveType(e, S)).toBe('normal');
    expect(effectiveType({ ...e, emergency: { confirmedBy: 'ingrid', reason: 'x', at: AT } }, S)).toBe('normal');
    expect(effectiveType({ ...e, emergency: { confirmedBy: 'maria', reason: 'x', at: AT } }, S)).toBe('emergency');
    expect(confirmDecision(rfc(), maria, 'outbreak', S)).toMatchObject({ ok: false, rule: 'emergency' });
    expect(
      confirmDecision({ ...e, emergency: { confirmedBy: 'mette', reason: 'x', at: AT } }, maria, 'outbreak', S),
    ).toMatchObject({ ok: false, rule: 'emergency' });
    expect(confirmDecision(e, oscar, 'outbreak', S)).toMatchObject({ ok: false, rule: 'role' });
    // The type is proposed before submission and fixed after it: never raised to emergency later.
    expect(editDecision(rfc(), ingrid, { type: 'emergency' }, S)).toMatchObject({ ok: true, effect: 'set' });
    for (const state of CHANGE_STATES.filter((x) => x !== 'draft' && x !== 'postponed')) {
      expect(editDecision(rfc({ state }), ingrid, { type: 'emergency' }, S)).toMatchObject({ ok: false });
    }
    expect(
      editDecision(approved(rfc({ state: 'postponed' }), 'approval'), ingrid, { type: 'emergency' }, S),
    ).toMatchObject({ ok: false, rule: 'type-fixed' });
  });
});

describe('approved content is frozen', () => {
  test('nothing changes during a vote, nor in a final state', () => {
    for (const state of ['proposed', 'release-vote'] as const)
      expect(editDecision(rfc({ state }), ingrid, { testResults: 'ok' }, S)).toMatchObject({
        ok: false,
        rule: 'during-vote',
      });
    for (const state of ['closed', 'rejected', 'withdrawn', 'cancelled'] as const)
      expect(editDecision(rfc({ state }), ingrid, { incidents: ['INC-1'] }, S)).toMatchObject({
        ok: false,
        rule: 'lifecycle',
      });
  });

  test('after the release approval every change but the post-approval fields reopens the vote', () => {
    const r = released();
    expect(editDecision(r, ingrid, { testResults: 'more results' }, S)).toEqual({
      ok: true,
      effect: 'set',
      reopened: [],
    });
    for (const f of [
      'targets',
      'window',
      'risk',
      'package',
      'testPlan',
      'backoutPlan',
      'description',
      'need',
    ] as const) {
      const value =
        f === 'targets'
          ? ['all']
          : f === 'window'
            ? { start: WINDOW.start, end: new Date('2026-12-01T23:00:00Z') }
            : f === 'package'
              ? { name: 'libreoffice', version: '26.0' }
              : f === 'risk'
                ? 'high'
                : 'changed';
      expect(editDecision(r, ingrid, { [f]: value }, S)).toEqual({ ok: true, effect: 'reopen', reopened: [f] });
    }
    // Typing the value it already has changes nothing.
    expect(editDecision(r, ingrid, { targets: ['pilot'] }, S)).toEqual({ ok: true, effect: 'set', reopened: [] });
  });

  test('after the proposal approval the build fills what was blank; a value the CCB saw reopens', () => {
    const a = approved(rfc(), 'approval');
    expect(
      editDecision({ ...a, state: 'built' }, ingrid, { package: { name: 'libreoffice', version: '25.8.1' } }, S),
    ).toEqual({ ok: true, effect: 'set', reopened: [] });
    expect(editDecision(a, ingrid, { targets: ['all'] }, S)).toEqual({
      ok: true,
      effect: 'reopen',
      reopened: ['targets'],
    });
    const postponedRelease = { ...a, state: 'postponed' as const };
    expect(
      editDecision(
        postponedRelease,
        ingrid,
        { window: { start: WINDOW.start, end: new Date('2026-12-02T00:00:00Z') } },
        S,
      ),
    ).toMatchObject({ effect: 'reopen', reopened: ['window'] });
  });

  test('while deploying and after, only post-approval fields change', () => {
    for (const state of ['deploying', 'deployed', 'reviewed', 'rolled-back'] as const) {
      const r = { ...released(), state };
      expect(editDecision(r, ingrid, { targets: ['all'] }, S)).toMatchObject({ ok: false, rule: 'approved-content' });
      expect(editDecision(r, ingrid, { incidents: ['INC-4'] }, S)).toMatchObject({ ok: true, effect: 'set' });
    }
  });

  test('the postApprovalFields config cannot name approved content', () => {
    expect(() => parseConfig({ changes: { policy: { postApprovalFields: ['testResults', 'window'] } } })).toThrow(
      /window is approved content/u,
    );
  });

  test('property: an edit allowed as a plain set never changes what a release approval covers', () => {
    const field = fc.constantFrom(...RFC_FIELD_NAMES.filter((f) => f !== 'type'));
    const value = (f: RfcFieldName) =>
      f === 'targets' || f === 'categories' || f === 'incidents'
        ? fc.array(fc.constantFrom('pilot', 'all', 'printers', 'INC-1'), { minLength: 1, maxLength: 3 })
        : f === 'window'
          ? fc
              .integer({ min: 0, max: 5 })
              .map((h) => ({ start: WINDOW.start, end: new Date(WINDOW.end.getTime() + h * 3_600_000) }))
          : f === 'package'
            ? fc.constantFrom({ name: 'libreoffice', version: '25.8.1' }, { name: 'libreoffice', version: '26.0' })
            : f === 'targetCount'
              ? fc.integer({ min: 0, max: 50 })
              : f === 'risk'
                ? fc.constantFrom('low', 'medium', 'high')
                : fc.constantFrom('ok', 'changed', 'pilot room 12');
    const edit = field.chain((f) => value(f).map((v) => ({ [f]: v }) as Partial<Record<RfcFieldName, unknown>>));
    const state = fc.constantFrom<ChangeState>('scheduled', 'deploying', 'deployed', 'approved', 'built');
    fc.assert(
      fc.property(
        state,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(ingrid, maria),
        (st, edits, who) => {
          let r: PolicyRfc = { ...released(), state: st };
          const stage = st === 'approved' || st === 'built' ? 'approval' : 'release';
          r = {
            ...r,
            approval: approvalRecord(r, {
              stage,
              how: 'vote',
              approvers: ['carl', 'chris'],
              decidedById: 'opsdesk',
              at: AT,
            }),
          };
          for (const e of edits) {
            const d = editDecision(r, who, e, S);
            if (!d.ok || d.effect !== 'set') continue;
            r = { ...r, ...e } as PolicyRfc;
            // A plain set leaves the approval holding: exactly, after a release; the values seen, after a proposal
            // approval.
            expect(approvalRefusal(r, [stage], S)).toBeUndefined();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('nothing else moves an RFC', () => {
  test('approved, built, release-vote, scheduled and deploying only with an approval of exactly this content', () => {
    const before = rfc({ state: 'release-vote' });
    expect(transitionDecision(before, 'scheduled', { ...before, state: 'scheduled' }, S)).toMatchObject({
      ok: false,
      rule: 'no-approval',
    });
    expect(transitionDecision(before, 'scheduled', approved(before, 'release'), S).ok).toBe(true);
    // The approval of the proposal does not release it.
    expect(transitionDecision(before, 'scheduled', approved(before, 'approval'), S)).toMatchObject({
      ok: false,
      rule: 'no-approval',
    });
    const sched = released();
    expect(transitionDecision(sched, 'deploying', { ...sched, state: 'deploying' }, S).ok).toBe(true);
    const edited = { ...sched, targets: ['all'] };
    expect(transitionDecision(edited, 'deploying', { ...edited, state: 'deploying' }, S)).toMatchObject({
      ok: false,
      rule: 'digest',
      reason: expect.stringContaining('targets changed'),
    });
    // A tampered record: the digest no longer matches its own snapshot.
    const tampered = {
      ...sched,
      approval: { ...sched.approval!, content: { ...sched.approval!.content, targets: ['all'] } },
    };
    expect(transitionDecision(tampered, 'deploying', { ...tampered, state: 'deploying' }, S)).toMatchObject({
      ok: false,
      rule: 'digest',
    });
    // draft -> scheduled is a template's (complete) approval only.
    const d = standard();
    expect(transitionDecision(d, 'scheduled', { ...d, state: 'scheduled' }, S)).toMatchObject({ ok: false });
    expect(transitionDecision(d, 'scheduled', approved(d, 'template'), S).ok).toBe(true);
    expect(transitionDecision(rfc(), 'scheduled', approved(rfc(), 'template'), S)).toMatchObject({
      ok: false,
      rule: 'lifecycle',
    });
    // Back to a vote only without an approval; back from deploying always.
    expect(transitionDecision(sched, 'proposed', sched, S)).toMatchObject({ ok: false });
    expect(transitionDecision(sched, 'proposed', { ...sched, approval: undefined }, S).ok).toBe(true);
    expect(transitionDecision({ ...sched, state: 'deploying' }, 'scheduled', { ...sched }, S).ok).toBe(true);
  });

  test('the digest covers type, targets, package and version, window, risk and the plans, and nothing else', () => {
    const base = released();
    const d0 = contentDigest(approvedContent(base));
    for (const f of APPROVED_FIELDS) {
      const changed =
        f === 'type'
          ? { type: 'emergency' }
          : f === 'targets'
            ? { targets: ['pilot', 'x'] }
            : f === 'package'
              ? { package: { name: 'libreoffice', version: '9' } }
              : f === 'window'
                ? { window: { start: WINDOW.start, end: new Date(0) } }
                : { [f]: 'other' };
      expect([f, contentDigest(approvedContent({ ...base, ...changed } as unknown as PolicyRfc)) === d0]).toEqual([
        f,
        false,
      ]);
    }
    expect(contentDigest(approvedContent({ ...base, testResults: 'x', need: 'y' }))).toBe(d0);
  });
});
