/**
 * A deployment left running with nobody running it — its runner failed (a database outage longer
 * than the runner retries its records) and its lease expired — is picked up by the `deploy-resume`
 * job and finished: the targets already done stay done, the rest run once.
 */
import { nextSequence } from '../../../src/db/counter';
import { Deployment, DeployTarget, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { DEPLOY_RESUME_JOB, DEPLOY_RUN_JOB } from '../../../src/core/job-names';
import { runsPerHost, scheduledRfc, startDeployWorld, targetsOf, until, type DeployWorld } from './deploy-fixture';

const LEASE_MS = 3000;
let w: DeployWorld;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 6 }, { leaseMs: LEASE_MS, canary: 0, parallel: 2 });
}, 60_000);
afterAll(() => w?.stop());

/**
 * What a runner that failed mid-way leaves: running, its lease `expiredMsAgo` in the past, the first
 * two of `hosts` done, no job. Its RFC is a scheduled standard change, moved to deploying as `/deploy` does.
 */
async function stalledDeployment(
  hosts: string[],
  expiredMsAgo: number,
  runner = 'failed-runner',
): Promise<DeploymentDoc> {
  const now = Date.now();
  const s = w.bot.services;
  const rfc = await s.changes.transition(await scheduledRfc(s), 'deploying', { personId: 'rolf' }, 'deploy (stalled)');
  const progressRef = await w.bot.services.outbound.post(
    { platform: 'test', channel: '#operators' },
    'Deployment (stalled)',
  );
  const d = await Deployment.create({
    progressRef,
    number: await nextSequence('deployment'),
    kind: 'deploy',
    rfcKey: rfc.key,
    rfcId: rfc._id,
    approvalDigest: rfc.approval!.digest,
    package: { name: 'demo', version: '1.0' },
    script: 'install',
    emergency: false,
    requestedBy: 'rolf',
    requestedByName: 'Rolf Eide',
    conversation: { platform: 'test', channel: '#operators' },
    targetsText: 'all',
    total: hosts.length,
    waves: 1,
    options: { canary: 0, parallel: 2, waveSize: 50, abortFailureRatio: 0.3 },
    state: 'running',
    cancelRequested: false,
    leaseEpoch: 1,
    leaseUntil: new Date(now - expiredMsAgo),
    runnerId: runner,
    completed: false,
    chase: { everyMs: 3600_000, forMs: 0, active: false, expiredReported: false },
    createdAt: new Date(now - 60_000),
    startedAt: new Date(now - 60_000),
  });
  await DeployTarget.insertMany(
    hosts.map((host, i) => ({
      deploymentId: d._id,
      host,
      wave: 0,
      state: i < 2 ? 'succeeded' : 'pending',
      attempts: i < 2 ? 1 : 0,
      dropped: false,
      chased: false,
    })),
  );
  return d.toObject() as DeploymentDoc;
}

test(
  'picks only deployments whose lease expired a lease ago, and schedules one watchdog run each however often it ' +
    'checks',
  async () => {
    const stalled = await stalledDeployment(w.hosts.slice(0, 3), 2 * LEASE_MS);
    const live = await stalledDeployment([], -LEASE_MS, 'live-runner'); // lease still valid
    const justExpired = await stalledDeployment([], LEASE_MS / 3, 'slow-runner'); // within the grace of one lease
    const picked = await w.bot.services.deployments.resumeStalled();
    await w.bot.services.deployments.resumeStalled();
    // The two with a runner that may still be alive are left alone (and ended here, so no later check picks them).
    await Deployment.updateMany({ _id: { $in: [live._id, justExpired._id] } }, { $set: { state: 'cancelled' } });
    expect(picked).toContain(String(stalled._id));
    expect(picked).not.toContain(String(live._id));
    expect(picked).not.toContain(String(justExpired._id));
    const jobs = Deployment.db.collection('agenda_jobs');
    expect(await jobs.countDocuments({ name: DEPLOY_RUN_JOB, 'data.deploymentId': String(stalled._id) })).toBe(1);
    const ended = await until('the picked deployment to end', async () => {
      const now = await Deployment.findById(stalled._id).lean<DeploymentDoc>();
      return now?.state !== 'running' ? now : undefined;
    });
    expect(ended.state).toBe('done');
    expect(runsPerHost(w.marks, 'ran')).toEqual({ [w.hosts[2]]: 1 });
  },
  60_000,
);

test(
  'the deploy-resume job finishes a stalled deployment by itself: done targets stay done, the rest run ' + 'once',
  async () => {
    const d = await stalledDeployment(w.hosts.slice(3, 6), 2 * LEASE_MS);
    await w.bot.services.jobs.every(
      DEPLOY_RESUME_JOB,
      '2 seconds',
      {},
      { timezone: 'Europe/Oslo', uniqueKey: DEPLOY_RESUME_JOB },
    );
    const ended = await until(
      'the stalled deployment to end',
      async () => {
        const now = await Deployment.findById(d._id).lean<DeploymentDoc>();
        return now?.state !== 'running' ? now : undefined;
      },
      45_000,
    );
    expect(ended.state).toBe('done');
    expect((await targetsOf(d)).map((t) => t.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Of this deployment's hosts the two done before the failure did not run again; the one left ran once.
    const runs = runsPerHost(w.marks, 'ran');
    expect(w.hosts.slice(3, 6).map((h) => runs[h] ?? 0)).toEqual([0, 0, 1]);
    expect(w.bot.logLines.some((l) => l.includes('"stalled deployments resumed"') && l.includes(String(d._id)))).toBe(
      true,
    );
  },
  60_000,
);
