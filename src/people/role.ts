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
