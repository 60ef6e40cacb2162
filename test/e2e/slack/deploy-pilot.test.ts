/**
 * The pilot gate in Slack through the real `/deploy`, the Agenda runner, real sshd targets and the
 * emulator's `reaction_added` events: four machines, pc-01 and pc-02 the `pilot` group. `/deploy`
 * runs the pilot, pauses and posts the go/no-go card in #operators; an operator who is not a
 * release manager reacts and nothing moves; the release manager's reaction lets the rest run and
 * the RFC becomes deployed. Would catch: the card's reaction not routed to the gate on Slack, a
 * reaction by anyone passing the gate, the rest running before the go, a host run twice.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, type DeploymentDoc } from '../../../src/deploy/deployment.model';
import { scheduledRfc, until, waitForEnd, WORLD_TEMPLATE } from '../../integration/deploy/deploy-fixture';
import { type DeployTargets, startDeployTargets } from '../change-fixture';
import { type SlackBot, startSlackBot } from './slack-bot';

jest.setTimeout(60_000);

describe('Slack: the go/no-go after a pilot, answered by reaction', () => {
  let s: SlackBot;
  let targets: DeployTargets;
  beforeAll(async () => {
    targets = await startDeployTargets(4, { pilot: 2 });
    s = await startSlackBot({
      mode: 'socket',
      jobs: true,
      config: {
        deploy: { ...targets.deploy, canary: 0, completionRatio: 1, pilot: { group: 'pilot' } },
        changes: { templates: [WORLD_TEMPLATE] },
      },
    });
    await targets.prepare(s.bot.services);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await targets?.stop();
  });

  const state = async (key: string) => (await Rfc.findOne({ key }).lean())?.state;
  const latest = (key: string) =>
    Deployment.findOne({ rfcKey: key, kind: 'deploy' }).sort({ number: -1 }).lean<DeploymentDoc>();

  it('the release manager reacts go: the rest runs, the RFC is deployed; an operator reacting changes nothing', async () => {
    const key = await scheduledRfc(s.bot.services, { targets: ['all'] });
    const r = await s.slack.slash('UROLF', 'COPS', '/deploy', key);
    expect(r.ackMs).toBeLessThan(3000);
    const card = await s.slack.waitFor(
      () => s.slack.botMessages('COPS').find((m) => m.text.startsWith('Go/no-go for ')),
      30_000,
      'the go/no-go card',
    );
    expect(card.text).toContain(`of ${key} (demo 1.0)`);
    expect(card.text).toContain('Pilot pilot (2: pc-01, pc-02): 2/2 done, 2 succeeded.');
    expect(card.text).toContain('2 host(s) wait for the go.');
    expect(card.text).toContain('a release manager: react :');
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1 });
    expect((await latest(key))?.state).toBe('paused');
    expect(await state(key)).toBe('deploying');

    // Oscar is an operator, not a release manager: told privately, his reaction does not pass the gate.
    await s.slack.reactionAdded('UOSCAR', 'COPS', card.ts, '+1');
    await s.adapter.idle();
    const told = await s.slack.waitFor(
      () => s.slack.ephemerals('COPS').find((m) => m.user === 'UOSCAR'),
      10_000,
      'the notice to the operator',
    );
    expect(told.text).toMatch(
      new RegExp(`^Only a release manager answers the go/no-go of Deployment D-\\d+ of ${key} `, 'u'),
    );
    expect((await latest(key))?.state).toBe('paused');
    expect((await latest(key))?.pilot?.state).toBe('waiting');
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1 });

    await s.slack.reactionAdded('UROLF', 'COPS', card.ts, '+1::skin-tone-2');
    await s.adapter.idle();
    // (Paused is not running: wait for the answer before waiting for the end.)
    await until('the go', async () => (await latest(key))?.pilot?.state === 'go', 10_000);
    const done = await waitForEnd(key, 'deploy', 30_000);
    expect(done.state).toBe('done');
    expect(done.pilot).toMatchObject({ state: 'go', by: 'Rolf Eide' });
    expect(targets.runs()).toEqual({ 'pc-01': 1, 'pc-02': 1, 'pc-03': 1, 'pc-04': 1 });
    await until('deployed', async () => (await state(key)) === 'deployed', 15_000);
    await s.slack.waitFor(
      () => s.slack.botMessages('COPS').some((m) => m.text.includes('Go from Rolf Eide: the other 2 host(s) run now.')),
      10_000,
      'the go note',
    );
  });
});
