import { z } from 'zod';

/**
 * Matrix adapter settings. Secrets come from the environment only: MATRIX_ACCESS_TOKEN, or
 * MATRIX_PASSWORD with `user` (logs in once per start, on a device id kept in the database).
 * MATRIX_HOMESERVER_URL and MATRIX_USER override `homeserverUrl` and `user`.
 */
export const matrixSection = () =>
  z
    .object({
      enabled: z.boolean().default(false),
      /** Client-server API base, e.g. https://matrix.example.org */
      homeserverUrl: z.string().url().optional(),
      /** The bot's user id (`@opsdesk:example.org`) or localpart, for password login. */
      user: z.string().min(1).optional(),
      /** Rooms (ids `!…` or aliases `#…`) the bot joins at start and accepts invites to, besides
       * `channels.*.matrix`. */
      rooms: z.array(z.string().regex(/^[!#]/u, 'expected a room id (!…) or alias (#…)')).default([]),
      /** Invites to rooms that are neither DMs nor configured: leave (reject), ignore, or join. */
      otherInvites: z.enum(['leave', 'ignore', 'join']).default('leave'),
      /**
       * Homeservers (the part after ':' in a user id, e.g. `school.example`) whose users may invite the
       * bot or write to it in a DM; omitted: the bot's own server. Invites from other servers are
       * declined and their DMs ignored, except from people whose Matrix id is in `people`. Users of
       * any server can still write in the configured rooms (as unverified reporters).
       */
      allowedServers: z
        .array(z.string().regex(/^[A-Za-z0-9.:[\]-]+$/u, 'expected a server name such as "school.example"'))
        .optional(),
      /** Users (bridges, other bots) whose events opsdesk ignores altogether. */
      ignoreUsers: z
        .array(z.string().regex(/^@[^:]+:.+$/u, 'expected a user id such as "@bridge:school.example"'))
        .default([]),
      /**
       * Bots whose notices (`m.notice`, how bots write) opsdesk reads as a person's messages. Notices
       * from anyone else are ignored.
       */
      allowBots: z
        .array(z.string().regex(/^@[^:]+:.+$/u, 'expected a user id such as "@monitor:school.example"'))
        .default([]),
      /** Long-poll timeout of /sync; shorter makes stopping quicker, longer saves requests. */
      syncTimeoutMs: z.number().int().min(100).max(120_000).default(30_000),
      /** How long an outgoing message is retried while the homeserver is unreachable before it fails. */
      sendRetryMs: z
        .number()
        .int()
        .min(0)
        .default(5 * 60_000),
      /** Message type of the bot's messages: `notice` (m.notice, how bots write) or `text` (m.text). */
      messageType: z.enum(['notice', 'text']).default('notice'),
      /**
       * Rooms (ids) that use threads: a receipt for a report written there at top level goes into a
       * thread on the report. Rooms where people have written in a thread count too, once seen.
       */
      threadRooms: z.array(z.string().regex(/^!/u, 'expected a room id (!…)')).default([]),
      /** Display name set on the bot account at start (left as it is when omitted). */
      displayName: z.string().min(1).optional(),
      encryption: z
        .object({
          /** Use end-to-end encryption where the native crypto binding is installed. */
          enabled: z.boolean().default(true),
          /** Folder of the crypto store (device keys); keep it with the database backups. */
          storePath: z.string().default('./data/matrix-crypto'),
        })
        .strict()
        .prefault({}),
    })
    .strict();

export type MatrixSettings = z.infer<ReturnType<typeof matrixSection>>;
