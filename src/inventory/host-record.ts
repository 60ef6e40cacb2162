import { z } from 'zod';
import { normalizeFingerprint } from '../ssh/host-key';

const word = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]*$/u, 'cli.import.expect.word');

/**
 * One host as an import file gives it (YAML object or CSV row), validated and normalised. Its own
 * messages are catalog keys (src/i18n/en/cli.ts), rendered by parse-inventory.ts.
 */
export const hostRecordSchema = z
  .object({
    name: word,
    address: z
      .string()
      .trim()
      .min(1, 'cli.import.expect.present')
      .regex(/^[A-Za-z0-9.:_-]+$/u, 'cli.import.expect.address'),
    port: z.coerce.number().int().min(1).max(65535).default(22),
    user: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_.-]*$/iu, 'cli.import.expect.user')
      .optional(),
    school: word.optional(),
    role: word.optional(),
    segment: word.optional(),
    groups: z.array(word).default([]),
    attributes: z
      .record(z.string().regex(/^[A-Za-z][\w.-]*$/u, 'cli.import.expect.attribute'), z.coerce.string())
      .default({}),
    hostKey: z
      .string()
      .trim()
      .transform((s, ctx) => {
        const fp = normalizeFingerprint(s);
        if (!fp) ctx.addIssue({ code: 'custom', message: 'cli.import.expect.fingerprint' });
        return fp ?? '';
      })
      .optional(),
  })
  .strict();

export type HostRecord = z.infer<typeof hostRecordSchema>;

/** Attribute keys that name a host field rather than a free attribute. */
export const HOST_FIELDS = [
  'name',
  'address',
  'port',
  'user',
  'school',
  'role',
  'segment',
  'groups',
  'attributes',
  'hostKey',
] as const;
