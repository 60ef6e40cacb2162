/**
 * Two live opsdesk processes (the real CLI, console on a pipe) on one database are asked to deploy
 * the same change at the same moment, and a third starts while the deployment runs (its start-up
 * resumes "orphaned" deployments). One deployment exists; one runner holds it from start to end
 * (no live runner is taken over); every target runs the script once.
 */
import { Deployment, type DeploymentDoc } from '../../src/deploy/deployment.model';
import { liveTargets } from '../../src/deploy/target-fold';
import { CliProcess } from '../support/cli-process';
import {
  addSlowPackage,
  runsPerHost,
  scheduledRfc,
  startDeployWorld,
  until,
  waitForEnd,
  writeCliConfig,
  type DeployWorld,
} from '../integration/deploy/deploy-fixture';

const TARGETS = 20;
const LEASE_MS = 3000;

let w: DeployWorld;
let configFile: string;
const clis: CliProcess[] = [];

/** The results of every deploy-run job, in every process. */
function runResults(): string[] {
  return clis.flatMap((cli) =>
    cli.stderr
      .split('\n')
      .filter((l) => l.includes('"deploy run"'))
      .map((l) => (JSON.parse(l) as { result: string }).result),
  );
}

function startCli(): CliProcess {
  const cli = CliProcess.start({
    args: ['start', '--config', configFile, '--as', 'rolf'],
    env: { ...process.env, MONGODB_URI: w.bot.mongoUri, LOG_LEVEL: 'info' },
  });
  clis.push(cli);
  return cli;
}

beforeAll(async () => {
  w = await startDeployWorld({ ports: TARGETS }, {}, { jobs: false });
  // 4 s a target: the third process must be up (a node start, under load several seconds) while the
  // deployment still runs; since /deploy starts its run at once, 2 s a target ended it first under load.
  await addSlowPackage(w, 4);
  // The lease is shorter than the deployment (20 targets × 4 s at ×4): the holder must keep renewing it.
  configFile = writeCliConfig(w, { leaseMs: LEASE_MS });
}, 90_000);

afterAll(async () => {
  for (const cli of clis) cli.kill('SIGKILL');
  await Promise.all(clis.map((c) => c.waitExit(10_000).catch(() => undefined)));
  await w?.stop();
}, 30_000);

test(
  'the same /deploy typed into two live processes at once, a third started meanwhile: one deployment, one ' +
    'runner, each target once',
  async () => {
    const rfc = await scheduledRfc(w.bot.services, { package: { name: 'slow', version: '1.0' } });
    const [a, b] = [startCli(), startCli()];
    await Promise.all([a, b].map((cli) => cli.expect(/you are rolf/u, 30_000)));
    await Promise.all([a, b].map((cli) => cli.expect(/\n/u))); // past the banner line
    for (const cli of [a, b]) cli.type(':in #operators', `/deploy ${rfc} to all --parallel 4`);

    const d = await until(
      'the deployment to start',
      async () => Deployment.findOne({ rfcKey: rfc }).lean<DeploymentDoc>(),
      60_000,
    );
    await until(
      '4 targets to succeed',
      async () => (await liveTargets(d._id)).filter((t) => t.state === 'succeeded').length >= 4,
      60_000,
    );
    // A third process starts mid-deployment; at start-up it looks for deployments left running.
    const c = startCli();
    await c.expect(/you are rolf/u, 30_000);
    expect((await Deployment.findById(d._id).lean<DeploymentDoc>())?.state).toBe('running');

    const done = await waitForEnd(rfc, 'deploy', 120_000);
    // The job its start-up scheduled (and the /deploy's own job) found the run going: in another process the lease
    // held ("busy"), in the runner's own process its run ("joined", logged when it ends); never a second runner.
    await until(
      'the deployment jobs to find the run going',
      async () => runResults().filter((r) => r === 'busy' || r === 'joined').length >= 2,
      30_000,
    );
    expect(done.state).toBe('done');
    expect(await Deployment.countDocuments({ rfcKey: rfc })).toBe(1);

    // One process started it (its console shows the new progress message); the other was refused,
    // saying why. (Console message ids are per process, so the runner's edits of "its" message can
    // show in whichever console runs it: only the new message counts here.)
    const outputs = [a.stdout, b.stdout];
    const started = outputs.filter((o) =>
      new RegExp(
        `\\[b\\d+\\] #operators: Deployment D-1 of ${rfc}: slow 1\\.0 {2}\\[DEPLOYING 0/${TARGETS}\\]`,
        'u',
      ).test(o),
    );
    const refused = outputs.filter((o) =>
      new RegExp(`${rfc} is already deploying|${rfc} changed at the same moment; nothing was changed`, 'u').test(o),
    );
    expect({ started: started.length, refused: refused.length, same: started[0] === refused[0] }).toEqual({
      started: 1,
      refused: 1,
      same: false,
    });

    // One lease, never taken over: the first runner renewed it to the end while the others waited.
    expect(done.leaseEpoch).toBe(1);
    // The runner logs its result after the deployment's end is stored.
    await until('the runner to log its result', async () => runResults().includes('ran'), 15_000);
    expect(runResults().filter((r) => r === 'ran')).toHaveLength(1);
    const targets = await liveTargets(d._id);
    expect(targets.filter((t) => t.state === 'succeeded')).toHaveLength(TARGETS);
    expect(new Set(targets.map((t) => t.runnerId)).size).toBe(1);
    const runs = runsPerHost(w.marks, 'ran');
    expect(Object.keys(runs)).toHaveLength(TARGETS);
    for (const t of targets) expect({ host: t.host, runs: runs[t.host] }).toEqual({ host: t.host, runs: 1 });
  },
  240_000,
);
