/**
 * 10,000+ hostile inputs through the real tokenizer, router, role check, argument parsers and
 * message handlers of the real catalog, in-process. Domain services are stand-ins that record
 * their arguments and stop the handler ("reached the domain"), so this runs without a database;
 * end-to-end.fuzz.test.ts sends a smaller share through the whole bot on a real database.
 *
 * Properties: every input ends in a reply, a refusal the intake turns into a clear answer
 * (an OpsdeskError other than INTERNAL), or a domain call whose arguments carry no object that
 * could act as a MongoDB operator; nothing else is thrown.
 */
import fc from 'fast-check';
import pino from 'pino';
import { defaultCatalog } from '../../commands';
import type { CommandContext } from '../../commands/command';
import { OpsdeskError } from '../../src/core/errors';
import { commandPrefix, runCommand } from '../../src/bot/run-command';
import type { Services } from '../../commands/services';
import type { MessageEvent } from '../../src/chat/chat-event';
import type { OutMessage } from '../../src/chat/out-message';
import { ManualClock } from '../../src/core/clock';
import { PeopleDirectory } from '../../src/people/people-directory';
import { testConfig } from '../support/test-bot';
import { FUZZ_SEED, commandText, plainText, replayHint, user } from './inputs';

const NUM_RUNS = Number(process.env.OPSDESK_FUZZ_RUNS ?? 10_000);
/** A refusal quotes at most this much of what was typed. */
const MAX_REFUSAL = 2_000;

class DomainReached extends Error {
  constructor(
    readonly path: string,
    readonly args: unknown[],
  ) {
    super(path);
  }
}

/**
 * A domain service that records the call and stops the handler there. Any property is another
 * stand-in (`deployments.freezes.active(…)`), and calling one throws DomainReached.
 */
function domainStandIn(path: string): unknown {
  return new Proxy(function standIn() {}, {
    get: (_t, key) => (typeof key === 'string' ? domainStandIn(`${path}.${key}`) : undefined),
    apply: (_t, _this, args: unknown[]) => {
      throw new DomainReached(path, args);
    },
  });
}

/** Paths to keys starting with `$` in plain objects among `value` (what a user could smuggle into a query). */
function operatorKeys(value: unknown, path = 'arg', depth = 0, seen = new Set<unknown>()): string[] {
  if (!value || typeof value !== 'object' || depth > 5 || seen.has(value) || value instanceof Date) return [];
  seen.add(value);
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) out.push(`${path}.${k}`);
    out.push(...operatorKeys(v, `${path}.${k}`, depth + 1, seen));
  }
  return out;
}

const config = testConfig();
const people = new PeopleDirectory(config.people);
const silent = pino({ level: 'silent' });
const real = { config, people, log: silent, clock: new ManualClock('2026-11-23T09:00:00Z') } as const;
const services = new Proxy({} as Services, {
  get: (_t, key: string) => (key in real ? real[key as keyof typeof real] : domainStandIn(key)),
});
const catalog = defaultCatalog();

type Outcome =
  | { kind: 'replied'; replies: OutMessage[] }
  | { kind: 'refused'; error: OpsdeskError }
  | { kind: 'domain'; call: DomainReached };

async function handle(userId: string, text: string, direct: boolean): Promise<Outcome> {
  const event: MessageEvent = {
    type: 'message',
    platform: 'test',
    eventId: 'e',
    user: { id: userId },
    channel: direct ? `dm:${userId}` : '#ops',
    direct,
    receivedAt: new Date(),
    messageId: 'm1',
    text,
    mentioned: !direct,
  };
  const replies: OutMessage[] = [];
  const record = async (msg: string | OutMessage) => void replies.push(typeof msg === 'string' ? { text: msg } : msg);
  const base: Omit<CommandContext<unknown>, 'args'> = {
    event,
    person: people.resolve('test', userId),
    conversation: { platform: 'test', channel: event.channel, direct },
    reply: async (msg) => {
      await record(msg);
      return { platform: 'test', channel: event.channel, messageId: `b${replies.length}` };
    },
    replyPrivately: record,
    log: silent,
    services,
  };
  try {
    const cmd = commandPrefix(text);
    if (cmd) await runCommand(catalog, cmd.body, cmd.prefix, base);
    else for (const h of catalog.messageHandlers) if (await h.handle(base)) break;
    return { kind: 'replied', replies };
  } catch (err) {
    if (err instanceof DomainReached) return { kind: 'domain', call: err };
    if (err instanceof OpsdeskError) return { kind: 'refused', error: err };
    throw err;
  }
}

function check(outcome: Outcome, text: string): void {
  switch (outcome.kind) {
    case 'replied':
      // A command answered without the domain (help, usage): something must have been said. A plain
      // message nobody handled (empty text, or not addressed to the bot) may stay unanswered.
      if (commandPrefix(text)) expect(outcome.replies.length).toBeGreaterThan(0);
      for (const r of outcome.replies) expect(r.text.trim().length).toBeGreaterThan(0);
      return;
    case 'refused':
      expect(outcome.error.code).not.toBe('INTERNAL');
      expect(outcome.error.toUserText().trim().length).toBeGreaterThan(0);
      expect(outcome.error.toUserText().length).toBeLessThanOrEqual(MAX_REFUSAL);
      return;
    case 'domain':
      expect(operatorKeys(outcome.call.args)).toEqual([]);
  }
}

async function assertWithSeed(
  prop: fc.IAsyncPropertyWithHooks<[string, string, boolean]>,
  numRuns: number,
): Promise<void> {
  try {
    await fc.assert(prop, { seed: FUZZ_SEED, numRuns, endOnFailure: false });
  } catch (err) {
    throw new Error(`${replayHint(FUZZ_SEED)}\n${(err as Error).message.slice(0, 4000)}`);
  }
}

const stats: Record<string, number> = {};
const count = (key: string) => void (stats[key] = (stats[key] ?? 0) + 1);

test(
  `commands: ${NUM_RUNS} generated inputs always get a reply or a clear refusal, never an operator into the ` +
    `domain`,
  async () => {
    await assertWithSeed(
      fc.asyncProperty(user, commandText, fc.boolean(), async (who, text, direct) => {
        const outcome = await handle(who, text, direct);
        count(outcome.kind === 'refused' ? `refused:${outcome.error.code}` : outcome.kind);
        check(outcome, text);
      }),
      NUM_RUNS,
    );
    // Not vacuous: the generator reaches every outcome, including handlers that ran to the domain.
    expect(stats.replied).toBeGreaterThan(NUM_RUNS / 100);
    expect(stats.domain).toBeGreaterThan(NUM_RUNS / 100);
    expect(stats['refused:USAGE']).toBeGreaterThan(NUM_RUNS / 100);
    expect(stats['refused:FORBIDDEN']).toBeGreaterThan(NUM_RUNS / 100);
    expect(stats['refused:UNKNOWN_COMMAND']).toBeGreaterThan(NUM_RUNS / 100);
    expect(stats['refused:TOO_LARGE']).toBeGreaterThan(0);
  },
  240_000,
);

test(
  `plain messages: ${NUM_RUNS / 5} generated reports reach the service desk as plain strings or are refused ` +
    `clearly`,
  async () => {
    const before = { ...stats };
    await assertWithSeed(
      fc.asyncProperty(user, plainText, fc.boolean(), async (who, text, direct) => {
        const outcome = await handle(who, text, direct);
        count(`plain:${outcome.kind}`);
        check(outcome, text);
        if (outcome.kind === 'domain' && outcome.call.path === 'tickets.report') {
          const input = outcome.call.args[0] as { text: unknown };
          expect(typeof input.text).toBe('string');
        }
      }),
      NUM_RUNS / 5,
    );
    expect(stats['plain:domain'] ?? 0).toBeGreaterThan(before['plain:domain'] ?? 0);
  },
  120_000,
);
