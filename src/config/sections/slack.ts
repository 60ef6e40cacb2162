import { z } from 'zod';

/** Slack adapter settings (tokens come from the environment: SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET). */
export const slackSection = z
  .object({
    enabled: z.boolean().default(false),
    mode: z.enum(['socket', 'http']).default('socket'),
  })
  .strict();
