import { z } from 'zod';

/** Matrix adapter settings (secrets from the environment: MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD). */
export const matrixSection = z
  .object({
    enabled: z.boolean().default(false),
    homeserverUrl: z.string().url().optional(),
  })
  .strict();
