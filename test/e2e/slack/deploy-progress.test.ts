/**
 * `/deploy` in Slack through the real command, the Agenda runner and real sshd targets: a
 * pre-approved standard change is created and scheduled with `/rfc`, `/deploy RFC-n to pilot` is
 * acknowledged within Slack's 3 seconds, and its one progress message is edited by `chat.update`
 * as the targets finish (never reposted); notable events go to its thread.
 */
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment } from '../../../src/deploy/deployment.model';
import { DEMO_TEMPLATE, type DeployTargets, openWindow, startDeployTargets } from '../change-fixture';
import { type SlackBot, startSlackBot } from './slack-bot';

jest.setTimeout(60_000);

describe('Slack: /deploy progress as one message edited in place', () => {
  let s: SlackBot;
  let targets: DeployTargets;
  beforeAll(async () => {
    targets = await startDeployTargets(4);
    s = await startSlackBot({
      mode: 'socket',
      jobs: true,
      config: { deploy: targets.deploy, changes: { templates: [DEMO_TEMPLATE] } },
    });
    await targets.prepare(s.bot.services);
    targets.failOn('pc-04');
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await targets?.stop();
  });

  /**
   * Types a slash command in #operators, acknowledged within 3 s; waits for a top-level answer matching `expectText`.
   */
  async function slash(command: string, text: string, expectText: RegExp) {
    const before = s.slack.botMessages('COPS').length;
    const r = await s.slack.slash('UROLF', 'COPS', command, text);
    expect(r.ackMs).toBeLessThan(3000);
    return s.slack.waitFor(
      () =>
        s.slack
          .botMessages('COPS')
          .slice(before)
          .find((m) => !m.threadTs && expectText.test(m.text)),
      15_000,
      `an answer matching ${expectText}`,
    );
  }

  it(
    'acknowledges /deploy at once and edits its progress message until the summary, without reposting ' + 'it',
    async () => {
      // Complete on creation (the template plus the window), a standard change is scheduled at once.
      const created = await slash(
        '/rfc',
        `new --template demo-package ${openWindow(s.bot.services.config.organisation.timezone)}`,
        /Created RFC-\d+[\s\S]*pre-approved standard change: \*scheduled\*/u,
      );
      const key = /RFC-\d+/u.exec(created.text)![0];
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');

      const topLevelPosts = () =>
        s.slack.calls('chat.postMessage').filter((c) => c.args.channel === 'COPS' && !c.args.thread_ts).length;
      const postsBefore = topLevelPosts();
      const progress = await slash(
        '/deploy',
        `${key} to pilot`,
        new RegExp(`^Deployment D-\\d+ of ${key}: demo 1\\.0`, 'u'),
      );
      expect(progress.blocks?.[0]).toMatchObject({
        type: 'header',
        text: { text: expect.stringMatching(/^Deployment D-\d+ of RFC-\d+: demo 1\.0$/u) },
      });

      await s.slack.waitFor(
        () => progress.text.includes('done: 4/4 done'),
        30_000,
        'the deployment summary in the progress message',
      );
      expect(progress.text).toContain('done: 4/4 done, 3 succeeded, 1 failed');
      expect(progress.text).toContain('Chase list (1): pc-04 (failed)');
      expect(progress.blocks?.[1]).toMatchObject({ text: { text: expect.stringContaining('DONE') } });

      // One top-level post; every later state arrived as a chat.update of it, some of them mid-way.
      expect(topLevelPosts() - postsBefore).toBe(1);
      const updates = s.slack
        .calls('chat.update')
        .filter((c) => c.args.ts === progress.ts)
        .map((c) => String(c.args.text));
      expect(updates.length).toBeGreaterThanOrEqual(2);
      expect(updates.some((t) => /— [0-3]\/4 done/u.test(t))).toBe(true);
      expect(updates.at(-1)).toContain('done: 4/4 done');
      // Notable events go to the progress message's thread, not the channel.
      const thread = s.slack
        .botMessages('COPS')
        .filter((m) => m.threadTs === progress.ts)
        .map((m) => m.text);
      expect(thread.some((t) => t.startsWith('Wave 1 of 2 (canary) done'))).toBe(true);
      expect(thread.some((t) => t.startsWith('Finished.'))).toBe(true);
    },
  );

  it(
    'refuses, privately and with the reason, a /deploy wider than what was approved; nothing is ' + 'deployed',
    async () => {
      const created = await slash(
        '/rfc',
        `new --template demo-package ${openWindow(s.bot.services.config.organisation.timezone)}`,
        /pre-approved standard change: \*scheduled\*/u,
      );
      const key = /RFC-\d+/u.exec(created.text)![0];
      // A machine outside the pilot group the template (and so the approval) names.
      await s.bot.services.inventory.import([
        { name: 'pc-99', address: '127.0.0.1', port: 9, school: 'nordby', role: 'office', groups: [], attributes: {} },
      ]);
      const before = s.slack.ephemerals('COPS').length;
      const r = await s.slack.slash('UROLF', 'COPS', '/deploy', `${key} to all`);
      expect(r.ackMs).toBeLessThan(3000);
      const refusal = await s.slack.waitFor(
        () =>
          s.slack
            .ephemerals('COPS')
            .slice(before)
            .find((m) => m.user === 'UROLF'),
        10_000,
        'the refusal',
      );
      expect(refusal.text).toContain(`pc-99 is outside what was approved for ${key} (targets pilot).`);
      expect(refusal.text).toContain(`rfc edit ${key} targets=`);
      expect(await Deployment.countDocuments({ rfcKey: key })).toBe(0);
      expect((await Rfc.findOne({ key }).lean())?.state).toBe('scheduled');
    },
  );
});
