import { z } from 'zod';

/** How the bot takes in chat events (src/bot/intake.ts). */
export const intakeSection = () =>
  z
    .object({
      /**
       * Longest the bot waits for one inbound message or reaction to be handled. One that takes longer
       * is logged, answered ("I could not process that message…") and recorded as handled, so the
       * platform's redelivery (Slack retries, Matrix re-sync after a restart) is a duplicate and the
       * next events are not held up behind it. It bounds slow asynchronous work (a slow database,
       * homeserver or SSH host); it cannot stop a CPU-bound loop, which is why input is read in linear
       * time everywhere.
       */
      budgetMs: z.number().int().min(100).max(600_000).default(10_000),
    })
    .strict();

export type IntakeConfig = z.infer<ReturnType<typeof intakeSection>>;
