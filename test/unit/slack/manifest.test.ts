/**
 * slack-app-manifest.yaml against what opsdesk does: every event it translates is subscribed,
 * the commands exist, and it asks for exactly the scopes it uses: every Web API method the
 * adapter calls on a path opsdesk takes is covered, and no scope is asked for without a use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { slackSection } from '../../../src/config/sections/slack';
import { METHOD_SCOPES } from '../../platforms/slack/web-api';

interface Manifest {
  features: { slash_commands: { command: string; should_escape?: boolean }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; socket_mode_enabled: boolean };
}

const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = YAML.parse(readFileSync(path.join(ROOT, 'slack-app-manifest.yaml'), 'utf8')) as Manifest;

/** Every .ts file under `dir`, read. */
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(ROOT, dir, f), 'utf8'));
}

/** The scope Slack needs for each event subscription. */
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.im': 'im:history',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  reaction_added: 'reactions:read',
  reaction_removed: 'reactions:read',
};

describe('slack-app-manifest.yaml', () => {
  it('subscribes to the events the adapter translates, with Socket Mode on', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['message.im', 'app_mention', 'message.channels', 'reaction_added', 'reaction_removed']),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for exactly the scopes opsdesk uses', () => {
    const adapter = sources('adapters/slack').join('\n');
    // Web API methods the adapter calls (`client.chat.update(`, `client.filesUploadV2(`).
    const called = new Set([...adapter.matchAll(/client\.([a-z]+)\.([A-Za-z]+)\(/gu)].map((m) => `${m[1]}.${m[2]}`));
    if (adapter.includes('client.filesUploadV2('))
      called.add('files.getUploadURLExternal').add('files.completeUploadExternal');
    expect([...called]).toEqual(
      expect.arrayContaining([
        'chat.postMessage',
        'chat.update',
        'chat.postEphemeral',
        'conversations.open',
        'users.info',
        'files.completeUploadExternal',
      ]),
    );
    // reactions.add backs ChatAdapter.react, which nothing in opsdesk calls: no reactions:write.
    const core = [...sources('src'), ...sources('commands'), ...sources('jobs')].join('\n');
    const reacts = /outbound\.react\(/u.test(core);
    if (!reacts) called.delete('reactions.add');
    const needed = new Set<string>(['commands']);
    for (const method of called) if (METHOD_SCOPES[method]) needed.add(METHOD_SCOPES[method]);
    for (const event of manifest.settings.event_subscriptions.bot_events) needed.add(EVENT_SCOPES[event]);
    // users:read.email only if something past the adapter reads the e-mail address it fills in.
    if (/user\.email\b/u.test(core)) needed.add('users:read.email');
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('declares the slash commands, escaped so mentions arrive as user ids', () => {
    const commands = manifest.features.slash_commands.map((c) => c.command);
    const help = `/${slackSection().parse({}).helpCommand}`;
    expect(commands).toEqual(expect.arrayContaining(['/ticket', '/rfc', '/deploy', '/digest', help]));
    expect(manifest.features.slash_commands.every((c) => c.should_escape === true)).toBe(true);
  });
});
