export const ROLES = [
  'reporter',
  'ict-contact',
  'operator',
  'ccb',
  'change-manager',
  'release-manager',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

// Named groups of roles: a command's `roles`, or `hasRole(person, ...GROUP)`.

/** The service desk: they see and work every case and problem. */
export const STAFF = ['operator', 'admin'] as const satisfies readonly Role[];

/** Who may see the inventory and ship to it (deploy, rollback, chase). */
export const DEPLOYERS = ['operator', 'release-manager', 'admin'] as const satisfies readonly Role[];

/** Who may propose and look after changes. */
export const CHANGE_REQUESTERS = [
  'operator',
  'ict-contact',
  'release-manager',
  'change-manager',
  'admin',
] as const satisfies readonly Role[];

/** Who may see changes: the requesters and the CCB. */
export const CHANGE_VIEWERS = [...CHANGE_REQUESTERS, 'ccb'] as const satisfies readonly Role[];

/** Who may act on any change, not only their own. */
export const CHANGE_MANAGERS = ['change-manager', 'admin'] as const satisfies readonly Role[];

/** Who may read problem records. */
export const PROBLEM_READERS = [
  'operator',
  'admin',
  'ict-contact',
  'change-manager',
] as const satisfies readonly Role[];

/** Who may read the digest. */
export const DIGEST_READERS = [
  'operator',
  'admin',
  'change-manager',
  'release-manager',
] as const satisfies readonly Role[];

/** Who may read the incident statistics. */
export const STATS_READERS = ['operator', 'admin', 'change-manager'] as const satisfies readonly Role[];
