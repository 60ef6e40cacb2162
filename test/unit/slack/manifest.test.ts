/**
 * slack-app-manifest.yaml against what the adapter does: every event it translates is
 * subscribed, every Web API method it calls is covered by a scope, the commands exist.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { slackSection } from '../../../src/config/sections/slack';

interface Manifest {
  features: { slash_commands: { command: string; should_escape?: boolean }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; socket_mode_enabled: boolean };
}

const manifest = YAML.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'slack-app-manifest.yaml'), 'utf8')) as Manifest;

describe('slack-app-manifest.yaml', () => {
  it('subscribes to the events the adapter translates, with Socket Mode on', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['message.im', 'app_mention', 'message.channels', 'reaction_added', 'reaction_removed']),
    );
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for a scope for every Web API method the adapter calls', () => {
    const scopeFor: Record<string, string> = {
      'chat.postMessage': 'chat:write',
      'chat.update': 'chat:write',
      'chat.postEphemeral': 'chat:write',
      'conversations.open': 'im:write',
      'users.info': 'users:read',
      'reactions.add': 'reactions:write',
      'files.uploadV2': 'files:write',
      'message.im': 'im:history',
      'message.channels': 'channels:history',
      app_mention: 'app_mentions:read',
      reaction_added: 'reactions:read',
      'slash commands': 'commands',
    };
    const adapterSource = readFileSync(path.join(__dirname, '..', '..', '..', 'adapters', 'slack', 'slack-adapter.ts'), 'utf8');
    for (const method of ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.open', 'reactions.add', 'filesUploadV2']) {
      expect(adapterSource).toContain(method);
    }
    for (const scope of Object.values(scopeFor)) expect(manifest.oauth_config.scopes.bot).toContain(scope);
    expect(manifest.oauth_config.scopes.bot).toContain('users:read.email');
  });

  it('declares the slash commands, escaped so mentions arrive as user ids', () => {
    const commands = manifest.features.slash_commands.map((c) => c.command);
    const help = `/${slackSection.parse({}).helpCommand}`;
    expect(commands).toEqual(expect.arrayContaining(['/ticket', '/rfc', '/deploy', '/digest', help]));
    expect(manifest.features.slash_commands.every((c) => c.should_escape === true)).toBe(true);
  });
});
