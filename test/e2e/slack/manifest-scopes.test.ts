/**
 * The Slack adapter in a workspace where the app was installed with exactly the manifest's scopes
 * (the emulator answers `missing_scope` and withholds events like Slack): everything opsdesk does
 * works, and the one thing the manifest no longer allows, adding a reaction, is refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type AdapterHarness, startAdapterHarness } from './adapter-harness';

const manifest = YAML.parse(
  readFileSync(path.join(__dirname, '..', '..', '..', 'slack-app-manifest.yaml'), 'utf8'),
) as { oauth_config: { scopes: { bot: string[] } } };

describe("Slack adapter with the manifest's scopes", () => {
  let h: AdapterHarness;
  beforeAll(async () => {
    h = await startAdapterHarness({
      mode: 'socket',
      editIntervalMs: 50,
      emulator: { scopes: manifest.oauth_config.scopes.bot, echoBotEvents: false },
    });
    h.slack.addUser({ id: 'U0ANNA', name: 'anna', displayName: 'Anna B', email: 'anna@nordby.example' });
    h.slack.addChannel({ id: 'C0OPS', name: 'operators', members: ['U0ANNA'] });
  });
  afterAll(() => h.stop());

  it('hears DMs, mentions, thread replies and reactions, and does all it answers with', async () => {
    const dm = await h.slack.dm('U0ANNA', 'the printer is broken');
    const mention = await h.slack.say('U0ANNA', 'C0OPS', `<@${h.slack.botUserId}> wifi is down`);
    const ops = { platform: 'slack', channel: 'C0OPS' };
    const card = await h.adapter.post(ops, { text: 'RFC-1', card: { kind: 'rfc', title: 'RFC-1', status: 'VOTING' } });
    await h.adapter.edit(card, { text: 'RFC-1 approved', card: { kind: 'rfc', title: 'RFC-1', status: 'APPROVED' } });
    await h.adapter.edits.flush();
    const reaction = await h.slack.reactionAdded('U0ANNA', 'C0OPS', card.messageId, '+1');
    await h.adapter.notice(ops, 'U0ANNA', { text: 'only you' });
    await h.adapter.post(await h.adapter.openDirect('U0ANNA'), { text: 'Logged as INC-1' });
    await h.adapter.post(ops, {
      text: 'Digest',
      image: { png: Buffer.from('89504e470d0a1a0a', 'hex'), filename: 'digest.png', altText: 'chart' },
    });

    expect([dm.withheld, ...mention.deliveries.map((d) => d.withheld), reaction.withheld]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(h.events.map((e) => e.type)).toEqual(['message', 'message', 'reaction']);
    // users.info answered (the display name came), without the e-mail address nobody reads.
    expect(h.events[0].user).toEqual({
      id: 'U0ANNA',
      displayName: 'Anna B',
      team: 'T0SCHOOL1',
      external: false,
      origin: { id: 'T0SCHOOL1', home: true },
    });
    const refused = h.slack.calls().filter((c) => c.response.ok !== true);
    expect(refused).toEqual([]);
    expect(new Set(h.slack.calls().map((c) => c.method))).toEqual(
      new Set([
        'apps.connections.open',
        'auth.test',
        'users.info',
        'chat.postMessage',
        'chat.update',
        'chat.postEphemeral',
        'conversations.open',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]),
    );
  });

  it('is refused a reaction: reactions:write is not asked for, since nothing in opsdesk reacts', async () => {
    const ref = await h.adapter.post({ platform: 'slack', channel: 'C0OPS' }, { text: 'x' });
    await expect(h.adapter.react(ref, 'eyes')).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'reactions:write' },
    });
  });
});
