import { z } from 'zod';
import { normalizeFingerprint } from '../ssh/host-key';

const word = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]*$/u, 'expected letters, digits, ".", "_" or "-"');

/** One host as an import file gives it (YAML object or CSV row), validated and normalised. */
export const hostRecordSchema = z
  .object({
    name: word,
    address: z
      .string()
      .trim()
      .min(1, 'is missing')
      .regex(/^[A-Za-z0-9.:_-]+$/u, 'expected a host name or IP address'),
    port: z.coerce.number().int().min(1).max(65535).default(22),
    user: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_.-]*$/iu, 'expected a user name such as "root"')
      .optional(),
    school: word.optional(),
    role: word.optional(),
    segment: word.optional(),
    groups: z.array(word).default([]),
    attributes: z
      .record(z.string().regex(/^[A-Za-z][\w.-]*$/u, 'expected an attribute name'), z.coerce.string())
      .default({}),
    hostKey: z
      .string()
      .trim()
      .transform((s, ctx) => {
        const fp = normalizeFingerprint(s);
        if (!fp)
          ctx.addIssue({
            code: 'custom',
            message: 'expected a SHA256 fingerprint such as "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"',
          });
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
