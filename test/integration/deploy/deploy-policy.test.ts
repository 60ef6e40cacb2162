/**
 * The change policy at the deployment's gate, tried through the real commands, the Agenda runner
 * and real sshd targets: scope, freezes (set right after `/deploy`), resume, chase rounds after a
 * freeze, a rollback and a close, a start whose progress message could not be posted, two
 * `/deploy` at once, the reconcile job, an RFC changed behind opsdesk's back while it deploys, and
 * a standard change whose template no longer allows it. Every refusal says why and runs nothing.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { nextSequence } from '../../../src/db/counter';
import { TestBot } from '../../support/test-bot';
import type { OutMessage } from '../../../src/chat/out-message';
import type { ConversationRef } from '../../../src/chat/conversation-ref';
import {
  addSlowPackage,
  ccbApprovedRfc,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  targetsOf,
  until,
  waitForEnd,
  WORLD_TEMPLATE,
  type DeployWorld,
} from './deploy-fixture';

let w: DeployWorld;
const say = async (who: string, line: string) => TestBot.text(await w.bot.say(who, line, { channel: '#operators' }));
const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;
const ran = () => runsPerHost(w.marks, 'ran');

beforeAll(async () => {
  // pc-01 … pc-05 are the pilot group; pc-06 is not. A chase retries only when a test asks.
  w = await startDeployWorld({ ports: 6 }, { chase: { everyMinutes: 600, forHours: 1 }, completionRatio: 0.5 });
  await addSlowPackage(w, 1);
}, 60_000);
afterAll(() => w?.stop());

beforeEach(() => {
  for (const f of Object.keys(ran())) rmSync(join(w.marks, `ran-${f}`), { force: true });
});

test(
  'scope: approved for pilot, `/deploy RFC to all` is refused naming the host outside and how to allow it; ' +
    'inside the pilot it runs',
  async () => {
    const key = await ccbApprovedRfc(w.bot, { targets: 'pilot' });
    expect(await say('rolf', `/deploy ${key} to all`)).toMatch(
      new RegExp(
        `pc-06 is outside what was approved for ${key} \\(targets pilot\\)\\.\\nDeploy to the approved targets only ` +
          `.*rfc edit ${key} targets=…\`, which reopens the CCB's vote`,
        'u',
      ),
    );
    expect(await say('rolf', `/deploy ${key} to pc-06`)).toMatch(/pc-06 is outside what was approved/u);
    expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
    expect(await state(key)).toBe('scheduled');
    await say('rolf', `/deploy ${key} to pc-01 pc-02`);
    expect((await waitForEnd(key)).state).toBe('done');
    expect(Object.keys(ran()).sort()).toEqual(['pc-01', 'pc-02']);
  },
  90_000,
);

test('a host added to the approved group later is inside; a group that was not approved is not', async () => {
  const key = await ccbApprovedRfc(w.bot, { targets: 'pilot' });
  const pc06 = (await w.bot.services.inventory.get('pc-06'))!;
  await w.bot.services.inventory.import([
    {
      name: 'pc-06',
      address: pc06.address,
      port: pc06.port,
      school: pc06.school,
      role: pc06.role,
      groups: ['pilot'],
      attributes: {},
      hostKey: pc06.hostKey,
    },
  ]);
  try {
    expect(await say('rolf', `/deploy ${key} to all --dry-run`)).toMatch(/on 6 host\(s\)/u);
  } finally {
    await w.bot.services.inventory.import([
      {
        name: 'pc-06',
        address: pc06.address,
        port: pc06.port,
        school: pc06.school,
        role: pc06.role,
        groups: [],
        attributes: {},
        hostKey: pc06.hostKey,
      },
    ]);
  }
  // Filters too resolve inside the approval or not at all: sandvik is pc-02, pc-04 and pc-06.
  expect(await say('rolf', `/deploy ${key} to school=sandvik`)).toMatch(/pc-06 is outside what was approved/u);
  expect(await say('rolf', `/deploy ${key} to school=nordby --dry-run`)).toMatch(/on 3 host\(s\)/u);
}, 90_000);

test(
  'a freeze set right after `/deploy` pauses it before the next target; resume is refused while frozen and goes ' +
    'on once it is lifted',
  async () => {
    const key = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' }, targets: ['pilot'] });
    await say('rolf', `/deploy ${key} --canary 1 --parallel 1`);
    expect(await say('oscar', '/deploy freeze pilot until 2099-01-01 exam week')).toMatch(/Freeze set/u);
    // The freeze is recorded by the time its answer comes (the run started at once and may have begun its first
    // target while the freeze was being written: a moment before this, not a moment before the command).
    const frozenAt = Date.now();
    const d = await until('the deployment to pause', async () => {
      const x = await Deployment.findOne({ rfcKey: key }).lean<DeploymentDoc>();
      return x?.state === 'paused' ? x : undefined;
    });
    expect(d.pausedReason).toMatch(/^Frozen: pilot frozen until 2099-01-01 23:59 by Oscar Nilsen: exam week/u);
    const started = (await targetsOf(d)).filter((t) => t.startedAt);
    expect(started.length).toBeLessThanOrEqual(1); // at most the target already running when the freeze came
    expect(started.every((t) => t.startedAt!.getTime() < frozenAt)).toBe(true);
    const notes = TestBot.text(w.bot.sent.filter((a) => a.to?.thread === d.progressRef?.messageId));
    expect(notes).toMatch(
      new RegExp(`Paused before wave \\d of \\d: Frozen: pilot frozen[\\s\\S]*\`deploy resume ${key}\``, 'u'),
    );
    expect(await state(key)).toBe('deploying');
    // A second /deploy is refused: it is deploying (paused).
    expect(await say('rolf', `/deploy ${key}`)).toMatch(/is already deploying \(Deployment D-\d+/u);
    expect(await say('rolf', `/deploy resume ${key}`)).toMatch(/Frozen: pilot frozen until/u);
    expect((await Deployment.findById(d._id).lean())?.state).toBe('paused');
    const unfrozenAt = Date.now();
    await say('oscar', '/deploy unfreeze pilot');
    expect(await say('rolf', `/deploy resume ${key}`)).toMatch(/resumed; the targets left run now/u);
    const done = await waitForEnd(key);
    expect(done.state).toBe('done');
    const targets = await targetsOf(done);
    expect(targets.every((t) => t.state === 'succeeded')).toBe(true);
    for (const t of targets)
      expect(t.startedAt!.getTime() < frozenAt || t.startedAt!.getTime() >= unfrozenAt).toBe(true);
    expect(Object.values(ran()).every((n) => n === 1)).toBe(true);
  },
  90_000,
);

test(
  'chase rounds: a freeze pauses the chase (resumed when allowed); a rollback stops it; a closed RFC is not ' +
    'chased',
  async () => {
    writeFileSync(join(w.marks, 'fail-pc-03'), '');
    try {
      const key = await scheduledRfc(w.bot.services, { targets: ['pilot'] });
      await say('rolf', `/deploy ${key} --canary 0`);
      const d = await waitForEnd(key);
      await until('its chase to start', async () => (await Deployment.findById(d._id).lean())?.chase.active);
      expect(ran()['pc-03']).toBe(1);
      await say('oscar', '/deploy freeze pc-03 until 2099-01-01 cabling');
      const paused = await w.bot.services.deployments.chaseRun(String(d._id));
      expect(paused).toEqual({ retried: 0, recovered: [], left: ['pc-03'], held: [], running: [] });
      expect((await Deployment.findById(d._id).lean())?.chase).toMatchObject({
        active: false,
        paused: expect.stringMatching(/^Frozen: pc-03 frozen/u),
      });
      expect(ran()['pc-03']).toBe(1);
      expect(await say('oscar', `/chase ${key} now`)).toMatch(/Frozen: pc-03 frozen/u);
      expect(await say('rolf', `/deploy resume ${key}`)).toMatch(/Frozen: pc-03 frozen/u);
      await say('oscar', '/deploy unfreeze pc-03');
      expect(await say('rolf', `/deploy resume ${key}`)).toMatch(/its chase goes on/u);
      expect((await w.bot.services.deployments.chaseRun(String(d._id))).retried).toBe(1);
      expect(ran()['pc-03']).toBe(2);
      // A rollback stops the chase for good.
      await say('rolf', `/rollback ${key}`);
      expect((await waitForEnd(key, 'rollback')).state).toBe('done');
      expect((await Deployment.findById(d._id).lean())?.chase.active).toBe(false);
      expect(TestBot.text(w.bot.sent.filter((a) => a.to?.thread === d.progressRef?.messageId))).toMatch(
        /Chase stopped: rolled back by Rolf Eide/u,
      );
      expect(await w.bot.services.deployments.chaseRun(String(d._id))).toEqual({
        retried: 0,
        recovered: [],
        left: [],
        held: [],
        running: [],
      });
      // By hand too: the deployment is no longer chased (`chase now` reaches the rollback, which has nothing to chase).
      await w.bot.services.deployments.chaseRun(String(d._id), { manual: true }).then(
        () => {
          throw new Error('a manual chase of a rolled-back change ran');
        },
        // Stopped by the rollback itself, or (once the rollback's end has moved it) by the RFC's state.
        (err: Error) =>
          expect(err.message).toMatch(/was rolled back\.|is rolled-back \(not deploying or deployed or reviewed\)/u),
      );
      expect(await say('oscar', `/chase ${key} now`)).toMatch(/retried 0/u);
      expect(ran()['pc-03']).toBe(2);

      // Closing a deployed change ends its chase too.
      const other = await ccbApprovedRfc(w.bot, { targets: 'pilot' });
      await say('rolf', `/deploy ${other}`);
      const d2 = await waitForEnd(other);
      await until('deployed', async () => (await state(other)) === 'deployed');
      expect(TestBot.text(await w.bot.say('rolf', `/rfc close ${other}`, { channel: '#changes' }))).toMatch(
        /is now closed\. Its chase list is no longer retried/u,
      );
      expect(await w.bot.services.deployments.chaseRun(String(d2._id))).toEqual({
        retried: 0,
        recovered: [],
        left: [],
        held: [],
        running: [],
      });
      expect(await say('oscar', `/chase ${other} now`)).toMatch(/is closed/u);
      expect(ran()['pc-03']).toBe(3); // once more by the second deployment; never by a chase after the close
    } finally {
      rmSync(join(w.marks, 'fail-pc-03'), { force: true });
    }
  },
  120_000,
);

test(
  'a `/deploy` whose progress message cannot be posted answers with the error, is recorded failed and never runs ' +
    'later; the next `/deploy` may',
  async () => {
    const key = await scheduledRfc(w.bot.services);
    const adapter = w.bot.adapter;
    const post = adapter.post.bind(adapter);
    adapter.post = async (to: ConversationRef, msg: OutMessage) => {
      if (msg.card?.kind === 'deploy') throw new Error('chat unavailable');
      return post(to, msg);
    };
    let answer: string;
    try {
      answer = await say('rolf', `/deploy ${key}`);
    } finally {
      adapter.post = post;
    }
    expect(answer).toMatch(
      /did not start: I could not post its progress message \(chat unavailable\)\. Nothing ran, and it will not run later/u,
    );
    const failed = (await Deployment.findOne({ rfcKey: key }).lean<DeploymentDoc>())!;
    expect(failed).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/^Never started: the progress message could not be posted/u),
    });
    expect(await state(key)).toBe('scheduled');
    // The resume paths and the reconcile job leave it alone; a runner finds nothing to run.
    await w.bot.services.deployments.resumeOrphans();
    await w.bot.services.deployments.resumeStalled();
    await w.bot.services.deployments.reconcile();
    expect((await w.bot.services.deployments.run(String(failed._id))).kind).toBe('not-running');
    await new Promise((r) => setTimeout(r, 1000));
    expect(ran()).toEqual({});
    expect((await Deployment.findById(failed._id).lean())?.state).toBe('failed');
    await say('rolf', `/deploy ${key}`);
    expect((await waitForEnd(key)).state).toBe('done');
    expect(await Deployment.countDocuments({ rfcKey: key, state: 'done' })).toBe(1);
  },
  90_000,
);

test('two `/deploy` of one RFC at once: one runs, the other is refused', async () => {
  const key = await scheduledRfc(w.bot.services, { targets: ['pilot'] });
  const before = w.bot.sent.length;
  await Promise.all([say('rolf', `/deploy ${key}`), say('oscar', `/deploy ${key}`)]);
  const answers = w.bot.sent.slice(before).filter((a) => a.action === 'post');
  // The second is refused while the first deploys or, on a slow machine, after it already ended (2 pilot hosts).
  const refused = /is already deploying|changed at the same moment|no longer scheduled|is deployed/u;
  expect({
    refused: answers.filter((a) => refused.test(a.msg.text)).length,
    answers: answers.map((a) => a.msg.text),
  }).toEqual({ refused: 1, answers: expect.any(Array) });
  expect(answers.filter((a) => a.msg.card?.kind === 'deploy')).toHaveLength(1);
  expect((await waitForEnd(key)).state).toBe('done');
  expect(await Deployment.countDocuments({ rfcKey: key })).toBe(1);
  expect(Object.values(ran()).every((n) => n === 1)).toBe(true);
}, 90_000);

test(
  'the reconcile job repairs an RFC deploying without a deployment, and a start that never said it started, and ' +
    'says so in the channel',
  async () => {
    const s = w.bot.services;
    const lonely = await scheduledRfc(s);
    await s.changes.transition(lonely, 'deploying', { personId: 'rolf' }, 'the bot died right after this');
    await Rfc.updateOne({ key: lonely }, { $set: { stateAt: new Date(Date.now() - 60_000) } });
    const stuck = await s.changes.transition(await scheduledRfc(s), 'deploying', { personId: 'rolf' }, 'deploy');
    const d = await Deployment.create({
      number: await nextSequence('deployment'),
      kind: 'deploy',
      rfcKey: stuck.key,
      rfcId: stuck._id,
      approvalDigest: stuck.approval!.digest,
      package: { name: 'demo', version: '1.0' },
      script: 'install',
      emergency: false,
      requestedBy: 'rolf',
      requestedByName: 'Rolf Eide',
      conversation: { platform: 'test', channel: '#operators' },
      targetsText: 'all',
      total: 0,
      waves: 0,
      options: { canary: 0, parallel: 1, waveSize: 50, abortFailureRatio: 0.3 },
      state: 'starting',
      cancelRequested: false,
      leaseEpoch: 0,
      completed: false,
      chase: { everyMs: 0, forMs: 0, active: false, expiredReported: false },
      createdAt: new Date(Date.now() - 60_000),
    });
    const repaired = await s.deployments.reconcile();
    expect(repaired).toEqual(expect.arrayContaining([lonely, `Deployment D-${d.number} of ${stuck.key}`]));
    expect(await state(lonely)).toBe('scheduled');
    expect(await state(stuck.key)).toBe('scheduled');
    expect((await Deployment.findById(d._id).lean())?.state).toBe('failed');
    const said = TestBot.text(w.bot.sent);
    expect(said).toContain(`${lonely} said deploying, but no deployment of it exists; it is scheduled again.`);
    expect(said).toContain(`Deployment D-${d.number} of ${stuck.key} never said it started`);
    expect((await s.deployments.run(String(d._id))).kind).toBe('not-running');
    expect(await s.deployments.reconcile()).toEqual([]);
  },
  60_000,
);

test(
  "an RFC changed behind opsdesk's back while it deploys: the runner compares the digest before the next target " +
    'and stops',
  async () => {
    const key = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' }, targets: ['pilot'] });
    await say('rolf', `/deploy ${key} --canary 1 --parallel 1`);
    await Rfc.updateOne({ key }, { $set: { targets: ['all'] } });
    const d = await waitForEnd(key);
    expect(d).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(
        new RegExp(
          `^Stopped by the change policy: ${key} is not what was approved: targets changed since the approval`,
          'u',
        ),
      ),
    });
    expect(Object.keys(ran()).length).toBeLessThanOrEqual(1);
    // The RFC moves back after the deployment's end is recorded (waitForEnd returns at the latter).
    await until('the RFC to be scheduled again', async () => (await state(key)) === 'scheduled');
    expect(await say('rolf', `/deploy ${key}`)).toMatch(/is not what was approved: targets changed/u);
  },
  60_000,
);

test('a standard change is checked against its template again at `/deploy` (the config changed since)', async () => {
  const key = await scheduledRfc(w.bot.services);
  const template = w.bot.services.config.changes.templates.find((t) => t.id === WORLD_TEMPLATE.id)!;
  const allowed = template.allowedPackages;
  template.allowedPackages = [{ name: 'slow', versions: ['1.0'] }];
  try {
    expect(await say('rolf', `/deploy ${key}`)).toMatch(
      new RegExp(
        `${key} is outside what template world-demo allows: package demo 1\\.0 is not one the template allows ` +
          `\\(slow 1\\.0\\)`,
        'u',
      ),
    );
  } finally {
    template.allowedPackages = allowed;
  }
  expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
}, 60_000);

test(
  'time: an unconfirmed emergency outside its window is refused; confirmed by another change manager it may go; ' +
    '--chase-hours stays inside the limit',
  async () => {
    const past = { start: new Date(Date.now() - 5 * 3600_000), end: new Date(Date.now() - 4 * 3600_000) };
    const key = await ccbApprovedRfc(w.bot, { type: 'emergency', targets: 'pilot', window: past });
    expect(await say('rolf', `/deploy ${key}`)).toMatch(new RegExp(`Outside the change window of ${key}`, 'u'));
    expect(
      TestBot.text(await w.bot.say('maria', `/rfc confirm ${key} the exam server is exposed`, { channel: '#ccb' })),
    ).toMatch(/confirmed as an emergency change/u);
    expect(await say('rolf', `/deploy ${key} --chase-hours 48`)).toMatch(
      /--chase-hours 48 goes past the chase limit .*: at most 2\d h now/u,
    );
    await say('rolf', `/deploy ${key} --chase-hours 1`);
    expect((await waitForEnd(key)).state).toBe('done');
  },
  90_000,
);
