import { z } from 'zod';

/**
 * Slack adapter settings. Secrets never live here: they come from the environment
 * (SLACK_BOT_TOKEN always; SLACK_APP_TOKEN in socket mode; SLACK_SIGNING_SECRET in http mode).
 */
export const slackSection = () =>
  z
    .object({
      enabled: z.boolean().default(false),
      /** 'socket': Socket Mode, no public endpoint needed (default). 'http': the Events API posts to us. */
      mode: z.enum(['socket', 'http']).default('socket'),
      /** The Events API endpoint opsdesk listens on in http mode (put a TLS reverse proxy in front). */
      http: z
        .object({
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).default(3000),
          path: z
            .string()
            .regex(/^\/[\w./-]*$/u, 'expected a path such as "/slack/events"')
            .default('/slack/events'),
        })
        .strict()
        .prefault({}),
      /** Web API base URL; change only for a proxy or a test emulator. */
      apiUrl: z.string().url().default('https://slack.com/api/'),
      /** At most one chat.update per message in this window; the latest content wins. */
      editIntervalMs: z.number().int().min(0).max(60_000).default(3000),
      /** How long display names and e-mail addresses from users.info are kept. */
      userCacheTtlMs: z
        .number()
        .int()
        .min(0)
        .default(60 * 60_000),
      /** Socket Mode: ping timeout, also the base of the reconnect back-off. */
      socketPingTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
      /** Slash commands (without '/') that mean help; `/opsdesk ticket list` also runs `/ticket list`. */
      helpCommand: z
        .string()
        .regex(/^[a-z][a-z0-9_-]*$/u)
        .default('opsdesk'),
      /**
       * The Slack teams (workspace ids, `T…`) whose members are this organisation's people; omitted: the
       * team of the bot token. A user of any other team (a Slack Connect guest) is external: shown as
       * unverified and a reporter of their own cases only, even if their member id is in `people`.
       */
      homeTeams: z
        .array(z.string().regex(/^T[A-Z0-9]+$/u, 'expected a Slack team id such as "T04ABCDEF"'))
        .min(1)
        .optional(),
      /**
       * Other apps' bots whose messages opsdesk reads as a person's (bot ids `B…` or their bot user ids
       * `U…`). Messages from any other bot are ignored.
       */
      allowBots: z
        .array(z.string().regex(/^[BUW][A-Z0-9]+$/u, 'expected a bot id (B…) or a bot user id (U…)'))
        .default([]),
    })
    .strict();

export type SlackConfig = z.infer<ReturnType<typeof slackSection>>;
