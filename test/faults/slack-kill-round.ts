/**
 * The Slack SIGKILL scenario, shared by test/faults/sigkill-burst.test.ts and the restart bench
 * (test/bench/restart.ts): a burst of reports over the Events API, the process killed with SIGKILL
 * after `killAfterAcks` acknowledgements, restarted, and what Slack had no acknowledgement for
 * delivered again (as Slack retries). Measures restart → `/readyz` and restart → the first
 * redelivered report acknowledged (the first answer after the restart).
 */
import type { SlackEmulator } from '../platforms/slack/slack-emulator';
import { doneEventIds } from '../support/receipts';
import type { BotProcess } from './bot-process';
import {
  acknowledged,
  type Answer,
  burst,
  deliverUntilAcknowledged,
  receiptsByKey,
  REPORTERS,
  reportEvent,
} from './slack-side';

export interface SlackKillRound {
  bodies: ReturnType<typeof reportEvent>[];
  acked: ReturnType<typeof reportEvent>[];
  /** Redelivered after the restart and still not acknowledged (should be none). */
  unacknowledged: unknown[];
  /** Events handled before the kill, and the receipts per case key then. */
  handledBefore: Set<string>;
  receiptsBefore: Map<string, number>;
  restartedAt: number;
  readyMs: number;
  answerMs: number;
}

export async function slackKillRound(
  slack: SlackEmulator,
  bot: BotProcess,
  o: { reports: number; killAfterAcks: number; text: (i: number) => string },
): Promise<SlackKillRound> {
  const bodies = Array.from({ length: o.reports }, (_, i) =>
    reportEvent(slack, REPORTERS[i % REPORTERS.length], o.text(i)),
  );
  let acks = 0;
  let killed: Promise<void> | undefined;
  const first = await burst(slack, bot.eventsUrl, bodies, {
    parallel: 4,
    onAnswer: (a: Answer) => {
      if (acknowledged(a) && ++acks === o.killAfterAcks) killed = bot.kill('SIGKILL');
    },
  });
  await killed;
  const acked = bodies.filter((b) => acknowledged(first.get(b.event_id)!));
  const unacked = bodies.filter((b) => !acknowledged(first.get(b.event_id)!));
  const handledBefore = await doneEventIds('slack');
  const receiptsBefore = receiptsByKey(slack);

  const restartedAt = Date.now();
  await bot.start(60_000);
  const readyMs = Date.now() - restartedAt;
  // Slack delivers again what was not acknowledged, and only that.
  const again = await deliverUntilAcknowledged(slack, bot.eventsUrl, unacked, {
    attempts: 40,
    pauseMs: 500,
    parallel: 4,
  });
  return {
    bodies,
    acked,
    unacknowledged: again.unacknowledged,
    handledBefore,
    receiptsBefore,
    restartedAt,
    readyMs,
    answerMs: (again.firstAckAt ?? Number.POSITIVE_INFINITY) - restartedAt,
  };
}
