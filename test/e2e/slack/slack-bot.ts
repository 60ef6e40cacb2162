/**
 * The whole bot (real runtime, real test database) with the Slack adapter pointed at the
 * emulator. The emulator's workspace holds the fixture people under their Slack ids (UANNA, …)
 * and the named channels COPS (operators) and CCCB (ccb).
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter';
import { FIXTURE_CONFIG, startTestBot, type TestBot, testConfig } from '../../support/test-bot';
import { SlackEmulator, type SlackEmulatorOptions } from '../../platforms/slack/slack-emulator';
import { quietLog } from './adapter-harness';

export interface SlackBot {
  slack: SlackEmulator;
  adapter: SlackAdapter;
  bot: TestBot;
  stop(): Promise<void>;
}

export interface SlackBotOptions {
  mode?: 'socket' | 'http';
  emulator?: SlackEmulatorOptions;
  config?: Record<string, unknown>;
  /** Merged into the `slack` section the harness builds (e.g. `allowBots`, `homeTeams`). */
  slack?: Record<string, unknown>;
  jobs?: boolean;
}

interface FixturePerson {
  id: string;
  name: string;
  roles: string[];
  identities: Record<string, string>;
}

export async function startSlackBot(opts: SlackBotOptions = {}): Promise<SlackBot> {
  const mode = opts.mode ?? 'socket';
  const slack = await new SlackEmulator(opts.emulator).start();
  const fixture = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as { people: FixturePerson[] };
  for (const p of fixture.people) {
    slack.addUser({
      id: p.identities.slack,
      name: p.id,
      realName: p.name,
      displayName: p.name.split(' ')[0],
      email: `${p.id}@school.example`,
    });
  }
  const slackIdsWith = (...roles: string[]) =>
    fixture.people.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.identities.slack);
  slack.addChannel({ id: 'COPS', name: 'operators', members: slackIdsWith('operator', 'admin') });
  slack.addChannel({ id: 'CCCB', name: 'ccb', members: slackIdsWith('ccb', 'change-manager', 'release-manager') });

  const slackSection = {
    enabled: true,
    mode,
    apiUrl: slack.apiUrl,
    editIntervalMs: 500,
    socketPingTimeoutMs: 500,
    http: { host: '127.0.0.1', port: 0, path: '/slack/events' },
    ...(opts.slack ?? {}),
  };
  const config = { ...(opts.config ?? {}), slack: slackSection };
  const env = {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
  };
  const adapter = createSlackAdapter(testConfig(config), env, quietLog());
  const bot = await startTestBot({ adapters: [adapter], config, jobs: opts.jobs });
  if (mode === 'http') slack.useHttp(adapter.endpointUrl()!);
  return {
    slack,
    adapter,
    bot,
    async stop() {
      await bot.stop();
      await slack.stop();
    },
  };
}
