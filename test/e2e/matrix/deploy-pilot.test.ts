/**
 * The pilot gate on Matrix through a real Synapse, the real `!deploy`, the Agenda runner and real
 * sshd targets: four machines, pc-01 and pc-02 the `pilot` group. `!deploy` runs the pilot, pauses
 * and posts the go/no-go card in the operators' room; the release manager answers with an
 * `m.reaction`. Would catch: the card's reactions not routed to the gate on Matrix, an operator's
 * reaction passing it, the rest running before the go or after a no-go, a host run twice.
 */
import { createMatrixAdapter } from '../../../adapters/matrix/matrix-adapter';
import { createLogger } from '../../../src/core/log';
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { scheduledRfc, until, waitForEnd, WORLD_TEMPLATE } from '../../integration/deploy/deploy-fixture';
import { type DeployTargets, startDeployTargets } from '../change-fixture';
import { startSynapse, type SynapseServer, type SynapseUser } from '../../platforms/synapse';
import { startTestBot, testConfig, type TestBot } from '../../support/test-bot';
import { MatrixUser, messagesFrom, type RoomEvent } from './matrix-user';

jest.setTimeout(60_000);

describe('the go/no-go after a pilot on Matrix (Synapse), answered by m.reaction', () => {
  let hs: SynapseServer;
  let botAccount: SynapseUser;
  let rolf: MatrixUser;
  let oscar: MatrixUser;
  let opsRoom: string;
  let bot: TestBot;
  let targets: DeployTargets;

  const fromBot = (events: RoomEvent[]) => messagesFrom(events, botAccount.userId);
  const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;
  const latest = (key: string) =>
    Deployment.findOne({ rfcKey: key, kind: 'deploy' }).sort({ number: -1 }).lean<DeploymentDoc>();

  /** `!deploy KEY` as rolf; the go/no-go card once the pilot is done. */
  async function pilotThenCard(key: string): Promise<RoomEvent> {
    await rolf.say(opsRoom, `!deploy ${key}`);
    return rolf.waitFor(
      opsRoom,
      (ev) =>
        fromBot(ev).find((e) => String(e.content.body).includes(`Go/no-go`) && String(e.content.body).includes(key)),
      30_000,
    );
  }

  beforeAll(async () => {
    [hs, targets] = await Promise.all([startSynapse(), startDeployTargets(4, { pilot: 2 })]);
    botAccount = await hs.register('opsdesk', { displayName: 'Opsdesk' });
    rolf = new MatrixUser(hs, await hs.register('rolf', { displayName: 'rolf' }));
    oscar = new MatrixUser(hs, await hs.register('oscar', { displayName: 'oscar' }));
    opsRoom = await rolf.createRoom({ public: true, name: 'operators' });
    await oscar.join(opsRoom);
    const overrides = {
      matrix: { enabled: true, homeserverUrl: hs.url, syncTimeoutMs: 1000, sendRetryMs: 60_000 },
      channels: { operators: { matrix: opsRoom } },
      changes: { templates: [WORLD_TEMPLATE] },
      deploy: { ...targets.deploy, canary: 0, completionRatio: 1, pilot: { group: 'pilot' } },
    };
    const adapter = createMatrixAdapter(
      testConfig(overrides),
      { MATRIX_ACCESS_TOKEN: botAccount.accessToken },
      createLogger({ level: 'warn', destination: { write: () => true } as never }),
    );
    bot = await startTestBot({ config: overrides, adapters: [adapter], jobs: true });
    await targets.prepare(bot.services);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await hs?.stop();
    await targets?.stop();
  });

  it("the release manager's go reaction runs the rest and the RFC is deployed; an operator's changes nothing", async () => {
    const key = await scheduledRfc(bot.services, { targets: ['all'] });
    const card = await pilotThenCard(key);
    const body = String(card.content.body);
    expect(body).toContain('Pilot pilot (2: pc-01, pc-02): 2/2 done, 2 succeeded.');
    expect(body).toContain('2 host(s) wait for the go.');
    expect(body).toContain('a release manager: react');
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1 });
    expect((await latest(key))?.state).toBe('paused');

    // Oscar is an operator, not a release manager: told privately (a DM), his 👍 does not pass the gate.
    await oscar.react(opsRoom, card.event_id, '👍');
    const dm = await oscar.acceptInviteFrom(botAccount.userId);
    const told = await oscar.waitFor(dm, (ev) =>
      fromBot(ev).find((e) => String(e.content.body).includes('Only a release manager answers the go/no-go')),
    );
    expect(String(told.content.body)).toContain(`of ${key} (deploy.pilot.decidedBy)`);
    expect((await latest(key))?.pilot?.state).toBe('waiting');
    expect((await latest(key))?.state).toBe('paused');
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1 });

    await rolf.react(opsRoom, card.event_id, '👍🏽');
    // (Paused is not running: wait for the answer to arrive before waiting for the end.)
    await until('the go', async () => (await latest(key))?.pilot?.state === 'go', 15_000);
    const done = await waitForEnd(key, 'deploy', 30_000);
    expect(done.state).toBe('done');
    expect(done.pilot).toMatchObject({ state: 'go', by: 'Rolf Eide' });
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1, 'pc-03': 1, 'pc-04': 1 });
    await until('deployed', async () => (await state(key)) === 'deployed', 15_000);
  });

  it("the release manager's no-go reaction stops it after the pilot: the rest never runs", async () => {
    const before = targets.runs();
    const key = await scheduledRfc(bot.services, { targets: ['all'] });
    const card = await pilotThenCard(key);
    expect(targets.runs()).toEqual({ ...before, 'pc-01': 2, 'pc-02': 2 });
    await rolf.react(opsRoom, card.event_id, '❌');
    await until('the no-go', async () => (await latest(key))?.pilot?.state === 'no-go', 15_000);
    const d = await waitForEnd(key, 'deploy', 30_000);
    expect(d.state).toBe('cancelled');
    expect(d.pilot).toMatchObject({ state: 'no-go', by: 'Rolf Eide' });
    const note = await rolf.waitFor(opsRoom, (ev) =>
      fromBot(ev).find((e) => String(e.content.body).includes('No-go from Rolf Eide: nothing more runs.')),
    );
    expect(String(note.content.body)).toContain(
      `rollback ${key} undoes the 2 pilot host(s) that received it (pc-01, pc-02).`,
    );
    expect(targets.runs()).toEqual({ ...before, 'pc-01': 2, 'pc-02': 2 });
    expect(await state(key)).toBe('deploying');
  });
});
