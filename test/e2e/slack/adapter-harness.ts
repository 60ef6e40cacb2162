/**
 * The Slack adapter wired to the emulator and a recording EventSink (no database): for tests
 * of the adapter's own behaviour. Whole-bot flows use `slack-bot.ts`.
 */
import pino from 'pino';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack-adapter';
import type { DeferredIntake } from '../../../src/chat/chat-adapter';
import type { ChatEvent } from '../../../src/chat/chat-event';
import { parseConfig } from '../../../src/config/load-config';
import { SlackEmulator, type SlackEmulatorOptions } from '../../platforms/slack/slack-emulator';

export interface AdapterHarness {
  slack: SlackEmulator;
  adapter: SlackAdapter;
  events: ChatEvent[];
  /** Replaces the sink's behaviour (default: record and return). */
  onEvent: (fn: (e: ChatEvent) => Promise<void>) => void;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'socket' | 'http';
  editIntervalMs?: number;
  emulator?: SlackEmulatorOptions;
  /** Give the sink receipts (as the bot's intake has): events are then stored, acknowledged, handled. */
  deferred?: DeferredIntake;
}

export function quietLog() {
  return pino({ level: process.env.OPSDESK_TEST_LOG ?? 'silent' });
}

export async function startAdapterHarness(opts: HarnessOptions = {}): Promise<AdapterHarness> {
  const mode = opts.mode ?? 'socket';
  const slack = await new SlackEmulator(opts.emulator).start();
  const config = parseConfig({
    slack: {
      enabled: true,
      mode,
      apiUrl: slack.apiUrl,
      editIntervalMs: opts.editIntervalMs ?? 300,
      socketPingTimeoutMs: 500,
      http: { host: '127.0.0.1', port: 0, path: '/slack/events' },
    },
  });
  const env = {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
  };
  const adapter = createSlackAdapter(config, env, quietLog());
  const events: ChatEvent[] = [];
  let behaviour: (e: ChatEvent) => Promise<void> = async () => undefined;
  const sink = async (e: ChatEvent) => {
    events.push(e);
    await behaviour(e);
  };
  await adapter.start(opts.deferred ? Object.assign(sink, { deferred: opts.deferred }) : sink);
  if (mode === 'http') slack.useHttp(adapter.endpointUrl()!);
  return {
    slack,
    adapter,
    events,
    onEvent: (fn) => (behaviour = fn),
    async stop() {
      await adapter.stop();
      await slack.stop();
    },
  };
}

export { setTimeout as sleep } from 'node:timers/promises';
