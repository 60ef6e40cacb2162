import { DeploymentRunner } from '../../../src/deploy/runner';
import { runsPerHost, scheduledRfc, startDeployWorld, targetsOf, type DeployWorld } from './deploy-fixture';

/** Several runners (as in several bot processes) on one deployment: one takes the lease, each target runs once. */
let w: DeployWorld;

beforeAll(async () => {
  w = await startDeployWorld({ ports: 8 }, {}, { jobs: false });
}, 60_000);
afterAll(() => w?.stop());

test('four runners at once: exactly one runs, the others find the lease taken; every host runs once', async () => {
  const s = w.bot.services;
  const rfc = await s.changes.require(await scheduledRfc(s));
  const d = await s.deployments.start({
    kind: 'deploy',
    rfcKey: rfc.key,
    rfcId: rfc._id,
    approvalDigest: rfc.approval!.digest,
    package: { name: 'demo', version: '1.0' },
    person: { id: 'rolf', name: 'Rolf Eide' },
    conversation: { platform: 'test', channel: '#operators' },
    hosts: w.hosts.map((name) => ({ name })),
    targetsText: 'all',
    options: { canary: 0, parallel: 4 },
  });
  const deps = { ...s, gate: s.deployments.gate };
  // `start` launched a runner in this process at once: with these three, four runners at once.
  const results = (await Promise.all([0, 1, 2].map(() => new DeploymentRunner(deps, d._id).run()))).map((r) => r.kind);
  // The service's run waits for the one it launched: `joined` if that one ran, `busy` if one of the three did;
  // if the launched run has already ended, the job finds the deployment over (`not-running`).
  const launched = (await s.deployments.run(String(d._id))).kind;
  expect(['joined', 'busy', 'not-running']).toContain(launched);
  expect(results.every((r) => r === 'ran' || r === 'busy')).toBe(true);
  const ran = results.filter((r) => r === 'ran').length + (launched === 'joined' ? 1 : 0);
  // Never two runners; exactly one seen unless the launched one ended unseen (then the hosts' marks below
  // show that one runner ran each host once).
  expect(ran).toBeLessThanOrEqual(1);
  if (launched !== 'not-running') expect(ran).toBe(1);
  expect((await targetsOf(d)).every((t) => t.state === 'succeeded' && t.attempts === 1)).toBe(true);
  const runs = runsPerHost(w.marks, 'ran');
  expect(Object.keys(runs).sort()).toEqual([...w.hosts].sort());
  expect(Object.values(runs).every((n) => n === 1)).toBe(true);
  // A runner started after the end finds nothing to run.
  expect((await new DeploymentRunner(deps, d._id).run()).kind).toBe('not-running');
}, 60_000);
