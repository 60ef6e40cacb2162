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
  // The service's run waits for the one it launched: `joined` if that one ran, `busy` if one of the three did.
  const launched = (await s.deployments.run(String(d._id))).kind;
  expect([...results, launched === 'joined' ? 'ran' : launched].sort()).toEqual(['busy', 'busy', 'busy', 'ran']);
  expect((await targetsOf(d)).every((t) => t.state === 'succeeded' && t.attempts === 1)).toBe(true);
  const runs = runsPerHost(w.marks, 'ran');
  expect(Object.keys(runs).sort()).toEqual([...w.hosts].sort());
  expect(Object.values(runs).every((n) => n === 1)).toBe(true);
  // A runner started after the end finds nothing to run.
  expect((await new DeploymentRunner(deps, d._id).run()).kind).toBe('not-running');
}, 60_000);
