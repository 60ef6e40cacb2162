import type { Role } from '../../../src/people/role';

/** The roles of the role table: the seven of opsdesk and a person nobody configured. */
export const PERSONAS = [
  'reporter',
  'ict-contact',
  'operator',
  'ccb',
  'change-manager',
  'release-manager',
  'admin',
  'unknown',
] as const;
export type Persona = (typeof PERSONAS)[number];

const STAFF: readonly Role[] = ['operator', 'admin'];
/** Who ships changes (DESIGN.md: "change requester / release manager"; operators run deployments). */
const DEPLOYERS: readonly Role[] = ['operator', 'release-manager', 'admin'];
/** Who may propose and carry a change through its lifecycle; the CCB may also read it. */
const REQUESTERS: readonly Role[] = ['operator', 'ict-contact', 'release-manager', 'change-manager', 'admin'];
const RFC_READERS: readonly Role[] = [...REQUESTERS, 'ccb'];

/**
 * Who may run each sub-command, written down from the service desk's rules (DESIGN.md), not read
 * from the commands: a command whose roles drift from this table, or a new command that is not in
 * it, fails the role test. Add a line here when you add a sub-command.
 */
export const EXPECTED_ROLES: Record<string, readonly Role[] | 'anyone'> = {
  'ticket list': 'anyone',
  'ticket show': 'anyone',
  'ticket assign': STAFF,
  'ticket priority': STAFF,
  'ticket category': STAFF,
  'ticket status': STAFF,
  'ticket escalate': STAFF,
  'ticket comment': 'anyone',
  'ticket note': [...STAFF, 'ict-contact'],
  'ticket resolve': [...STAFF, 'ict-contact'],
  'ticket close': STAFF,
  'ticket confirm': 'anyone',
  'ticket reopen': 'anyone',
  'ticket search': 'anyone',
  'digest now': [...STAFF, 'change-manager', 'release-manager'],
  'digest next': [...STAFF, 'change-manager', 'release-manager'],
  'stats show': [...STAFF, 'change-manager'],
  'problem new': STAFF,
  'problem link': STAFF,
  'problem workaround': STAFF,
  'problem fix': STAFF,
  'problem show': [...STAFF, 'ict-contact', 'change-manager'],
  'inventory list': [...STAFF, 'release-manager'],
  'inventory show': [...STAFF, 'release-manager'],
  'inventory groups': [...STAFF, 'release-manager'],
  'deploy run': DEPLOYERS,
  'deploy cancel': DEPLOYERS,
  'deploy resume': DEPLOYERS,
  'deploy status': DEPLOYERS,
  'deploy freeze': DEPLOYERS,
  'deploy unfreeze': DEPLOYERS,
  'deploy freezes': 'anyone',
  'rollback run': DEPLOYERS,
  'chase run': DEPLOYERS,
  'rfc new': REQUESTERS,
  'rfc show': RFC_READERS,
  'rfc list': RFC_READERS,
  'rfc edit': REQUESTERS,
  'rfc submit': REQUESTERS,
  'rfc withdraw': REQUESTERS,
  'rfc built': REQUESTERS,
  'rfc release': REQUESTERS,
  'rfc schedule': REQUESTERS,
  'rfc review': REQUESTERS,
  'rfc close': REQUESTERS,
  'rfc cancel': REQUESTERS,
  'rfc audit': RFC_READERS,
  // Overriding a CCB decision is the change manager's alone (not even an admin's).
  'rfc override': ['change-manager'],
  // So is confirming an emergency change (and never their own: the change policy's four eyes).
  'rfc confirm': ['change-manager'],
  'rfc export': RFC_READERS,
  // A change names the role that marks its start condition met; the service checks that role, so the
  // command itself is open to every staff role (not to a teacher).
  'rfc condition': ['ict-contact', 'operator', 'ccb', 'change-manager', 'release-manager', 'admin'],
  'rfc revise': REQUESTERS,
  // After a pilot: the release manager (or the CCB, when so configured) says go or no-go.
  'deploy go': [...DEPLOYERS, 'ccb'],
  'deploy no-go': [...DEPLOYERS, 'ccb'],
  // Completing below the criterion "with exceptions" is a change manager's decision.
  'deploy complete': ['change-manager', 'admin'],
  'deploy show': DEPLOYERS,
  'order new': REQUESTERS,
  'order add': REQUESTERS,
  'order show': RFC_READERS,
  'order list': RFC_READERS,
};

/** Whether someone holding `roles` may run `command` ('family sub') by the table. */
export function expectAllowed(command: string, roles: readonly string[]): boolean {
  const who = EXPECTED_ROLES[command];
  if (who === undefined) throw new Error(`no expectation for ${command}`);
  return who === 'anyone' || who.some((r) => roles.includes(r));
}

/** The refusal the role check gives: "`ticket assign` is for: operator, admin. You are: reporter." */
export function isDenial(text: string, command: string): boolean {
  // Matrix shows the plain body, without the backticks around the command.
  const named = text.startsWith(`\`${command}\` is for: `) || text.startsWith(`${command} is for: `);
  return named && /\. You are: [\w, -]+\.\n/u.test(text);
}

/** The user id of a persona on every platform: `as-operator`…; `stranger` is in no config. */
export const personaUser = (p: Persona): string => (p === 'unknown' ? 'stranger' : `as-${p}`);

/** The roles a persona holds (a stranger is treated as a reporter). */
export const personaRoles = (p: Persona): string[] => (p === 'unknown' ? ['reporter'] : [p]);

/** Config people: one person per role holding only that role, known on `platforms`. */
export function personaPeople(platforms: readonly string[]) {
  return PERSONAS.filter((p) => p !== 'unknown').map((role) => ({
    id: personaUser(role),
    name: `Only ${role}`,
    ...(role === 'reporter' || role === 'ict-contact' ? { school: 'nordby' } : {}),
    roles: [role],
    identities: Object.fromEntries(platforms.map((pl) => [pl, personaUser(role)])),
  }));
}
