import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { Writable } from 'node:stream';
import YAML from 'yaml';
import { defaultCatalog } from '../../commands';
import { jobDefinitions } from '../../jobs';
import { Runtime } from '../../src/bot/runtime';
import type { Services } from '../../commands/services';
import type { ChatAdapter } from '../../src/chat/chat-adapter';
import type { MessageEvent, PlatformUser, ReactionEvent } from '../../src/chat/chat-event';
import type { IntakeStats } from '../../src/bot/intake';
import type { MessageRef } from '../../src/chat/conversation-ref';
import { parseConfig } from '../../src/config/load-config';
import type { Config } from '../../src/config/schema';
import type { Clock } from '../../src/core/clock';
import { createLogger } from '../../src/core/log';
import { connectDatabase } from '../../src/db/connect';
import { dropTestDb, testDbUri } from './db';
import { RecordingAdapter, type SentAction } from './recording-adapter';

import { FIXTURE_CONFIG } from './fixture-config';

export { FIXTURE_CONFIG };

/** The fixture config, with `overrides` merged on top (objects merged key by key, arrays replaced). */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  const raw = YAML.parse(readFileSync(FIXTURE_CONFIG, 'utf8')) as Record<string, unknown>;
  return parseConfig(deepMerge(raw, overrides), 'test config');
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export interface TestBotOptions {
  /** Merged onto fixtures/test-config.yaml. */
  config?: Record<string, unknown>;
  clock?: Clock;
  /** Process Agenda jobs in this bot (default false: tests call job handlers directly). */
  jobs?: boolean;
  /** Extra adapters (Slack, Matrix…) started beside the recording one. */
  adapters?: ChatAdapter[];
  /** Use this database instead of a fresh one (e.g. to restart a bot on the same data). */
  mongoUri?: string;
  /** Where the runtime reports what it handled (e.g. a `Metrics`). */
  stats?: IntakeStats;
}

export interface SayOptions {
  /** Channel id; default: the DM `dm:<user>`. */
  channel?: string;
  thread?: string;
  /** Default: true when no channel is given. */
  direct?: boolean;
  mentioned?: boolean;
  /** Deliver with this event id (to test de-duplication). */
  eventId?: string;
  messageId?: string;
  /** The display name the platform gives the sender (people not in the config are named by it). */
  displayName?: string;
  /** The sender's origin, as the Matrix and Slack adapters set it (server or team, and whether it is the bot's own). */
  origin?: PlatformUser['origin'];
}

/** The whole bot on a real database, driven like a chat: `say`, `react`, then look at `sent`. */
export class TestBot {
  private seq = 0;

  constructor(
    readonly runtime: Runtime,
    readonly adapter: RecordingAdapter,
    readonly mongoUri: string,
    private readonly ownsDb: boolean,
    /** Every log line the bot wrote (JSON), for assertions such as "no secret is logged". */
    readonly logLines: string[],
  ) {}

  get services(): Services {
    return this.runtime.services;
  }

  get sent(): SentAction[] {
    return this.adapter.sent;
  }

  /** Delivers a message and resolves once it is handled, with what the bot sent meanwhile. */
  async say(userId: string, text: string, opts: SayOptions = {}): Promise<SentAction[]> {
    const direct = opts.direct ?? opts.channel === undefined;
    const n = ++this.seq;
    const event: MessageEvent = {
      type: 'message',
      platform: this.adapter.platform,
      eventId: opts.eventId ?? `ev-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
      user: {
        id: userId,
        ...(opts.displayName ? { displayName: opts.displayName } : {}),
        ...(opts.origin ? { origin: opts.origin } : {}),
      },
      channel: opts.channel ?? `dm:${userId}`,
      direct,
      receivedAt: new Date(),
      messageId: opts.messageId ?? `u${n}`,
      thread: opts.thread,
      text,
      mentioned: opts.mentioned ?? !direct,
    };
    const before = this.adapter.sent.length;
    await this.adapter.deliver(event);
    return this.adapter.sent.slice(before);
  }

  /** Adds or removes a reaction on a message and resolves once it is handled. */
  async react(
    userId: string,
    target: MessageRef,
    reaction: string,
    action: 'added' | 'removed' = 'added',
    eventId?: string,
  ): Promise<SentAction[]> {
    const n = ++this.seq;
    const event: ReactionEvent = {
      type: 'reaction',
      platform: this.adapter.platform,
      eventId: eventId ?? `rx-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
      user: { id: userId },
      channel: target.channel,
      direct: target.channel.startsWith('dm:'),
      receivedAt: new Date(),
      action,
      reaction,
      target,
    };
    const before = this.adapter.sent.length;
    await this.adapter.deliver(event);
    return this.adapter.sent.slice(before);
  }

  /** Posts (not notices) the bot sent into `userId`'s DM. */
  dmsTo(userId: string): SentAction[] {
    return this.sent.filter((s) => s.action === 'post' && s.to?.channel === `dm:${userId}`);
  }

  /** Everything sent into a channel (posts and notices), in order. */
  inChannel(channel: string): SentAction[] {
    return this.sent.filter((s) => s.to?.channel === channel || s.ref.channel === channel);
  }

  /** Text of everything in `actions`, joined, for `toContain` assertions. */
  static text(actions: SentAction[]): string {
    return actions.map((a) => a.msg.text).join('\n');
  }

  async stop(opts: { keepDb?: boolean } = {}): Promise<void> {
    await this.runtime.stop();
    if (this.ownsDb && !opts.keepDb) await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}

/** Starts the real runtime with a recording adapter on a fresh test database. */
export async function startTestBot(opts: TestBotOptions = {}): Promise<TestBot> {
  const config = testConfig(opts.config);
  const mongoUri = opts.mongoUri ?? testDbUri();
  const lines: string[] = [];
  const log = createLogger({
    level: process.env.OPSDESK_TEST_LOG_LEVEL ?? 'info',
    destination: new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  });
  await connectDatabase(mongoUri, log);
  const adapter = new RecordingAdapter();
  const runtime = new Runtime({
    config,
    log,
    mongoUri,
    adapters: [adapter, ...(opts.adapters ?? [])],
    catalog: defaultCatalog(),
    jobDefinitions,
    clock: opts.clock,
    processJobs: opts.jobs ?? false,
    stats: opts.stats,
  });
  await runtime.start();
  return new TestBot(runtime, adapter, mongoUri, !opts.mongoUri, lines);
}

export { dropTestDb };
