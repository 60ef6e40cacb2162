import { z } from 'zod';

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/u;
const localDateTime = z.string().regex(isoDate, 'expected a local date such as "2026-06-12" or "2026-06-12 08:00"');

/** A blackout period: no deployment into `group` from `from` (default: now) until `until`, local time. */
const freezeSchema = z
  .object({
    group: z.string().min(1),
    from: localDateTime.optional(),
    until: localDateTime,
    reason: z.string().min(1),
    setBy: z.string().default('config'),
  })
  .strict();

const ratio = z.number().min(0).max(1);

/**
 * Deployments: trusted release keys, SSH client settings, wave defaults, chase policy, freezes.
 * Secrets never live here: the SSH private key is a file (`ssh.privateKeyFile`, or the
 * OPSDESK_SSH_KEY_FILE environment variable), release keys are public keys.
 */
export const deploySection = () =>
  z
    .object({
      /** Armored OpenPGP public keys (files) whose signatures make a package trusted. */
      trustedKeys: z.array(z.string().min(1)).default([]),
      ssh: z
        .object({
          /** Default remote user when an inventory host names none. */
          user: z.string().min(1).default('root'),
          /** The client's private key (OpenSSH or PEM format); OPSDESK_SSH_KEY_FILE overrides it. */
          privateKeyFile: z.string().optional(),
          /** TCP connect plus SSH handshake and authentication. */
          connectTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
          /** One script run; a package may ask for less (never more). */
          commandTimeoutMs: z
            .number()
            .int()
            .min(100)
            .max(24 * 3600_000)
            .default(10 * 60_000),
          /** SSH keepalive (off by default in ssh2; on here). 0 turns it off. */
          keepaliveIntervalMs: z.number().int().min(0).max(600_000).default(15_000),
          keepaliveCountMax: z.number().int().min(1).max(100).default(3),
          /** Channels opened at once on one connection; keep it below sshd's MaxSessions (default 10). */
          maxSessions: z.number().int().min(1).max(64).default(8),
        })
        .strict()
        .prefault({}),
      /** Hosts in the canary wave (0: none). */
      canary: z.number().int().min(0).max(1000).default(1),
      /** Targets running at once. */
      parallel: z.number().int().min(1).max(256).default(16),
      /** Hosts per wave after the canary. */
      waveSize: z.number().int().min(1).max(100_000).default(50),
      /** Abort when a wave's share of failed scripts (of the targets reached) is above this. */
      abortFailureRatio: ratio.default(0.3),
      /** The RFC is deployed once this share of targets succeeded. */
      completionRatio: ratio.default(0.95),
      /** The progress message is edited at most this often. */
      progressEditMs: z.number().int().min(0).max(600_000).default(3000),
      /** A runner's lease on its deployment; renewed at a third of it while the runner lives. */
      leaseMs: z.number().int().min(1000).max(3600_000).default(30_000),
      /**
       * How often a job looks for running deployments nobody runs (the runner failed, e.g. through a
       * long database outage, and its lease expired a lease ago) and starts a runner for each.
       */
      resumeCheckSeconds: z.number().int().min(5).max(3600).default(60),
      /**
       * A `/deploy` that has not said it started within this long never runs: the reconcile job
       * records it as failed, puts its RFC back to scheduled and says so in the channel.
       */
      startTimeoutSeconds: z.number().int().min(5).max(3600).default(30),
      /** How often the reconcile job looks for such starts, and for RFCs deploying without a deployment. */
      reconcileSeconds: z.number().int().min(5).max(3600).default(20),
      /** Output kept per target (the end of it). */
      outputBytes: z
        .number()
        .int()
        .min(1024)
        .max(1024 * 1024)
        .default(64 * 1024),
      chase: z
        .object({
          /** Retry the chase list this often. */
          everyMinutes: z
            .number()
            .min(0.01)
            .max(7 * 24 * 60)
            .default(60),
          /** … for this long after the deployment ended; then report. */
          forHours: z
            .number()
            .min(0)
            .max(365 * 24)
            .default(72),
          /** When the policy ends, open one incident per host still on the list. */
          openIncidents: z.boolean().default(false),
        })
        .strict()
        .prefault({}),
      /**
       * The pilot gate: a `/deploy` that reaches hosts of `group` and others runs the group first, then
       * pauses for a go/no-go card answered by `decidedBy` (a release manager, or a CCB member), by
       * reaction or `deploy go|no-go RFC`. A template's `pilot` or `/deploy --pilot GROUP` names another.
       */
      pilot: z
        .object({
          group: z.string().min(1).optional(),
          decidedBy: z.enum(['release-manager', 'ccb']).default('release-manager'),
        })
        .strict()
        .prefault({}),
      /** Blackout periods (exam weeks, the first school day). `deploy freeze` adds more from chat. */
      freezes: z.array(freezeSchema).default([]),
    })
    .strict();

export type DeployConfig = z.infer<ReturnType<typeof deploySection>>;
export type FreezeConfig = z.infer<typeof freezeSchema>;
