/**
 * adapters/index.ts builds the Slack adapter when `slack.enabled` and its tokens are set, and
 * otherwise skips it with a log line that says what is missing.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { buildAdapters } from '../../../adapters';
import { SlackAdapter } from '../../../adapters/slack/slack-adapter';
import { parseConfig } from '../../../src/config/load-config';

function capture() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, lines };
}

describe('Slack adapter registration', () => {
  it('is built when enabled with its tokens, in either mode', async () => {
    const { log } = capture();
    for (const mode of ['socket', 'http'] as const) {
      const config = parseConfig({ slack: { enabled: true, mode } });
      const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' };
      const adapters = await buildAdapters({ config, env, log });
      expect(adapters.filter((a) => a instanceof SlackAdapter).map((a) => a.platform)).toEqual(['slack']);
    }
  });

  it('is skipped, saying which token is missing and where to find it, never echoing secrets', async () => {
    const { log, lines } = capture();
    const config = parseConfig({ slack: { enabled: true, mode: 'socket' } });
    const adapters = await buildAdapters({ config, env: { SLACK_BOT_TOKEN: 'xoxb-secret-value' }, log });
    expect(adapters.some((a) => a.platform === 'slack')).toBe(false);
    const text = lines.join('\n');
    expect(text).toContain('SLACK_APP_TOKEN is not set');
    expect(text).toContain('connections:write');
    expect(text).not.toContain('xoxb-secret-value');
    lines.length = 0;
    await buildAdapters({ config, env: { SLACK_BOT_TOKEN: 'xapp-wrong-kind', SLACK_APP_TOKEN: 'xapp-1' }, log });
    expect(lines.join('\n')).toContain('not a bot token');
  });

  it('is not built when disabled', async () => {
    const { log } = capture();
    const adapters = await buildAdapters({
      config: parseConfig({}),
      env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
      log,
    });
    expect(adapters.some((a) => a.platform === 'slack')).toBe(false);
  });
});
