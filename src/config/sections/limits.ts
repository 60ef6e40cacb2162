import { z } from 'zod';

/** `count` per `minutes`, as a bucket of `count` that refills evenly; `count: 0` turns the limit off. */
const rate = (count: number, minutes: number) =>
  z
    .object({
      count: z.number().int().min(0).max(100_000).default(count),
      minutes: z
        .number()
        .positive()
        .max(24 * 60)
        .default(minutes),
    })
    .strict()
    .prefault({});

/**
 * How much one sender, one Matrix server or one Slack team can make opsdesk do
 * (src/tickets/flood-guard.ts). The buckets live in the database (`claims`), so several bot
 * processes share them.
 */
export const limitsSection = () =>
  z
    .object({
      /**
       * New cases one person may open: a bucket of `count` that gains one every `minutes / count`.
       * Over it, the person is told once when they can report again, and their messages until then
       * are not logged (nor answered).
       */
      reportsPerPerson: rate(5, 10),
      /**
       * New cases from all people of one Matrix server, or one Slack team, other than the bot's own
       * (federated servers, Slack Connect guests). People listed in `people` are not counted here.
       */
      reportsPerOrigin: rate(20, 10),
      /** Matrix server names or Slack team ids (`T…`) counted like the bot's own: no per-origin limit. */
      trustedOrigins: z.array(z.string().min(1)).default([]),
      /**
       * A message sent less than this many seconds after the sender's previous one to their latest
       * case (its report, or a message added to it this way) is added to that case as a comment,
       * instead of opening another; the sender is told once. 0 turns folding off.
       */
      foldSeconds: z.number().int().min(0).max(3600).default(120),
      /** Most messages folded into one case; the next one opens a new case (within reportsPerPerson). */
      foldMax: z.number().int().min(1).max(1000).default(10),
      /** Most people one comment may @mention (each gets it in a DM); a comment with more is refused. 0: no cap. */
      mentionsPerComment: z.number().int().min(0).max(1000).default(5),
      /**
       * Most notifications about comments on cases (to people mentioned, the reporter, the assignee)
       * one person gets per minute; past it they are told once that more are held back, and the rest
       * of that minute is only on the cases. 0: no cap.
       */
      dmsPerPersonPerMinute: z.number().int().min(0).max(10_000).default(6),
    })
    .strict();

export type LimitsConfig = z.infer<ReturnType<typeof limitsSection>>;
