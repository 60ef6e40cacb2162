import type { z } from 'zod';

interface PersonEntry {
  id: string;
  identities: Record<string, string>;
}

/**
 * Refuses two entries with one person id, and one platform user listed under two people. The
 * directory would otherwise keep the last one silently: whoever edits the config last decides
 * who an operator is. Identities are compared without case (Matrix server names and Slack ids
 * are case-insensitive in practice) and without surrounding blanks.
 */
export function refuseDuplicatePeople(people: readonly PersonEntry[], ctx: z.RefinementCtx): void {
  const ids = new Map<string, number>();
  const identities = new Map<string, { index: number; id: string }>();
  people.forEach((p, i) => {
    const first = ids.get(p.id);
    if (first === undefined) ids.set(p.id, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [i, 'id'],
        message: 'config.personTwice',
        params: { id: p.id, first },
      });
    for (const [platform, userId] of Object.entries(p.identities)) {
      const key = `${platform}\u0000${userId.trim().toLowerCase()}`;
      const other = identities.get(key);
      if (!other) identities.set(key, { index: i, id: p.id });
      else {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'identities', platform],
          message: 'config.identityTwice',
          params: { platform, user: userId, other: other.index, id: other.id },
        });
      }
    }
  });
}
