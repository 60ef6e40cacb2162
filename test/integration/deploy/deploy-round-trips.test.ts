/**
 * A deployment's database round trips do not grow by an update per target, nor with the deployments kept: counted
 * with the MongoDB driver's command monitoring around two whole `/deploy`s on real sshd targets, one to 5 hosts and
 * one to 24. It would catch the runner writing a target's state (or its start) with an update again — on FerretDB
 * 1.x every update scans the whole collection, which keeps every past deployment — or anything reading target
 * states by a field other than `_id` (the runner, the completion, the chase list): no update of a `deploy_`
 * collection at all, no find of `deploy_targets`, every find of the target book (`deploy_target_states`) by `_id`,
 * its versions a handful per deployment (one per wave), and each further target costs at most 3 round trips (its
 * claim, and its share
 * of the batched outcome and installed-version inserts; the change policy's facts, read again every 2 s, not
 * counted). Then: the hosts ran the script once each, and
 * `deploy show` still finds a host's output (read from its outcome by `_id`).
 */
import type { CommandStartedEvent } from 'mongodb';
import { commandsDuring, describeCommand, monitoredDbUri } from '../../support/command-monitor';
import { dropTestDb } from '../../support/db';
import { TestBot } from '../../support/test-bot';
import { runsPerHost, scheduledRfc, startDeployWorld, waitForEnd, type DeployWorld } from './deploy-fixture';

let w: DeployWorld;
let uri: string;

beforeAll(async () => {
  uri = monitoredDbUri();
  // No progress flushes or lease renewals on a timer during these short runs: only what each target costs.
  w = await startDeployWorld({ ports: 24 }, { progressEditMs: 60_000, leaseMs: 120_000 }, { mongoUri: uri });
}, 90_000);
afterAll(async () => {
  await w?.stop();
  await dropTestDb(uri);
});

/** The commands of one whole `/deploy` to `group`, but the time-driven ones (job polling, heartbeats). */
async function deployCommands(group: string): Promise<CommandStartedEvent[]> {
  const rfc = await scheduledRfc(w.bot.services, { targets: [group] });
  let id = '';
  const seen = await commandsDuring(async () => {
    const said = TestBot.text(
      await w.bot.say('rolf', `/deploy ${rfc} to ${group} --parallel 4`, { channel: '#operators' }),
    );
    expect(said).toContain('D-');
    const d = await waitForEnd(rfc);
    expect(d.state).toBe('done');
    id = String(d._id);
  }, ['agenda_jobs', 'heartbeats']);
  // Not the test's own polling for the end, nor the end of the deployment before (its completion may still run).
  const other = (e: CommandStartedEvent) => {
    const c = String(e.command[e.commandName]);
    const filter = e.command.filter ?? (e.command.updates as { q?: unknown }[] | undefined)?.[0]?.q;
    // Only what names another deployment: an update of one target by its `_id` is counted, whichever it is.
    const of = (filter as { deploymentId?: unknown } | undefined)?.deploymentId;
    return c.startsWith('deploy_') && of !== undefined && !JSON.stringify(of).includes(id);
  };
  return seen.filter((e) => !(e.commandName === 'find' && e.command.find === 'deployments') && !other(e));
}

const on = (events: CommandStartedEvent[], name: string, collection: string) =>
  events.filter((e) => e.commandName === name && e.command[name] === collection);

test('round trips per target: no update per target, at most 3 more round trips for each further target', async () => {
  const small = await deployCommands('pilot');
  const large = await deployCommands('all');
  const summary = (events: CommandStartedEvent[]) => {
    const counts = new Map<string, number>();
    for (const e of events) counts.set(describeCommand(e), (counts.get(describeCommand(e)) ?? 0) + 1);
    return [...counts.entries()].map(([k, n]) => `${n} × ${k}`).join('\n  ');
  };
  console.log(
    `/deploy to 5 hosts (${small.length}):\n  ${summary(small)}\n/deploy to 24 (${large.length}):\n  ${summary(large)}`,
  );
  for (const events of [small, large]) {
    expect(events.filter((e) => e.commandName === 'update' && String(e.command.update).startsWith('deploy_'))).toEqual(
      [],
    );
    expect(on(events, 'find', 'deploy_targets')).toEqual([]);
    const bookReads = on(events, 'find', 'deploy_target_states');
    for (const f of bookReads) expect(typeof (f.command.filter as { _id?: unknown })._id).toBe('string');
    // The plan, then one version per wave (canary and the rest); none per progress flush.
    expect(on(events, 'insert', 'deploy_target_states').length).toBeLessThanOrEqual(3);
  }
  // The writes, and the reads of the deployment's own records (the change policy's facts are read again every
  // 2 s, so their count follows the run's duration, not its targets).
  const perTarget = (events: CommandStartedEvent[]) =>
    events.filter((e) => e.commandName !== 'find' || String(e.command.find).startsWith('deploy_')).length;
  expect(perTarget(large) - perTarget(small)).toBeLessThanOrEqual(3 * (24 - 5));
  // Each host ran the script once per deployment that reached it (the 5 pilot hosts twice).
  const runs = runsPerHost(w.marks, 'ran');
  expect(Object.values(runs).sort()).toEqual([...Array(19).fill(1), ...Array(5).fill(2)]);
});

test('deploy show still finds a host and its output', async () => {
  // D-2: the deployment to all 24.
  const out = TestBot.text(await w.bot.say('rolf', '/deploy show D-2 pc-07', { channel: '#operators' }));
  expect(out).toContain('pc-07: succeeded');
  expect(out).toContain('installed on pc-07');
});
