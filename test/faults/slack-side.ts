/**
 * Slack's side of the fault tests: the emulator's workspace (fixture people, #operators, #ccb),
 * report events built once and POSTed, signed, to any number of bot processes, as a load
 * balancer with Slack's retries would deliver them.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { EventsHttpClient, type HttpDelivery } from '../platforms/slack/events-http';
import { type EventCallback, eventCallback, messageEvent } from '../platforms/slack/payloads';
import { SlackEmulator } from '../platforms/slack/slack-emulator';
import { FIXTURE_CONFIG } from '../support/test-bot';

interface FixturePerson {
  id: string;
  name: string;
  roles: string[];
  identities: Record<string, string>;
}

/**
 * The emulator with the fixture people under their Slack ids. The bot's posts are not echoed (the bot drops them
 * anyway).
 */
export async function startFixtureSlack(): Promise<SlackEmulator> {
  const slack = await new SlackEmulator({ echoBotEvents: false }).start();
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
  const withRole = (...roles: string[]) =>
    fixture.people.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.identities.slack);
  slack.addChannel({ id: 'COPS', name: 'operators', members: withRole('operator', 'admin') });
  slack.addChannel({ id: 'CCCB', name: 'ccb', members: withRole('ccb', 'change-manager', 'release-manager') });
  return slack;
}

export const REPORTERS = ['UANNA', 'UBJORN', 'UINGRID'];

/**
 * A DM report written in the workspace, as the `event_callback` Slack would send (one event id, whatever the retries).
 */
export function reportEvent(slack: SlackEmulator, userId: string, text: string): EventCallback {
  const im = slack.ws.imWith(userId);
  const m = slack.ws.addMessage({ channel: im.id, user: userId, text, via: 'user' });
  return eventCallback(slack.appContext(), messageEvent(m, slack.ws.teamId, 'im'), slack.ws.newId('Ev'));
}

export type Answer = HttpDelivery | { status: 0; error: string; ms: number };

/** POSTs one signed delivery; a refused connection or a process dying mid-request is status 0. */
export async function post(slack: SlackEmulator, url: string, body: EventCallback, retryNum?: number): Promise<Answer> {
  const started = Date.now();
  try {
    return await new EventsHttpClient(url, slack.signingSecret).postJson(
      body,
      retryNum ? { retryNum, retryReason: 'http_error' } : {},
    );
  } catch (err) {
    return { status: 0, error: (err as Error).message, ms: Date.now() - started };
  }
}

export const acknowledged = (a: Answer) => a.status >= 200 && a.status < 300;

/** The bot's "something went wrong … try again" answers, in every DM. */
export function failureNotices(slack: SlackEmulator): number {
  return REPORTERS.flatMap((u) => slack.botMessages(slack.dmChannel(u))).filter((m) =>
    m.text.includes('something went wrong'),
  ).length;
}

/** The bot's "Logged as INC-n" receipts, in every DM, by case key. */
export function receiptsByKey(slack: SlackEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const userId of REPORTERS) {
    for (const m of slack.botMessages(slack.dmChannel(userId))) {
      const key = /Logged as \*(INC-\d+)\*/u.exec(m.text)?.[1];
      if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Delivers `bodies` to `url`, `parallel` requests at a time, once each; `onAnswer` sees every
 * answer as it comes (e.g. to kill the process after the tenth acknowledgement).
 */
export async function burst(
  slack: SlackEmulator,
  url: string,
  bodies: EventCallback[],
  opts: { parallel: number; retryNum?: number; onAnswer?: (a: Answer, body: EventCallback) => void },
): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const answer = await post(slack, url, body, opts.retryNum);
      answers.set(body.event_id, answer);
      opts.onAnswer?.(answer, body);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel }, worker));
  return answers;
}

/** Delivers each body until it is acknowledged (as Slack retries), at most `attempts` times, `pauseMs` apart. */
export async function deliverUntilAcknowledged(
  slack: SlackEmulator,
  url: string,
  bodies: EventCallback[],
  opts: { attempts: number; pauseMs: number; parallel: number; onAnswer?: (a: Answer, body: EventCallback) => void },
): Promise<{ unacknowledged: string[]; firstAckAt?: number; lastAckAt?: number }> {
  let pending = bodies;
  let firstAckAt: number | undefined;
  let lastAckAt: number | undefined;
  for (let attempt = 1; attempt <= opts.attempts && pending.length; attempt++) {
    const answers = await burst(slack, url, pending, {
      parallel: opts.parallel,
      retryNum: attempt,
      onAnswer: (a, body) => {
        opts.onAnswer?.(a, body);
        if (!acknowledged(a)) return;
        firstAckAt ??= Date.now();
        lastAckAt = Date.now();
      },
    });
    pending = pending.filter((b) => !acknowledged(answers.get(b.event_id)!));
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, opts.pauseMs));
  }
  return { unacknowledged: pending.map((b) => b.event_id), firstAckAt, lastAckAt };
}
