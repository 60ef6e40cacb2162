import type { Services } from '../services';
import type { Person } from '../../src/people/person';
import type { DeploymentDoc } from '../../src/deploy/deployment.model';

/**
 * When a chase policy ends: one incident for a host still failing, reported in the requester's
 * name in the deployment's conversation; once per deployment and host (the ticket source is unique).
 */
export async function openChaseIncident(
  services: Pick<Services, 'tickets' | 'people'>,
  d: DeploymentDoc,
  host: string,
  text: string,
): Promise<string> {
  const person: Person = services.people.get(d.requestedBy) ?? {
    id: d.requestedBy,
    name: d.requestedByName,
    roles: ['operator'],
    identities: {},
    known: false,
  };
  const t = await services.tickets.report({
    person,
    text,
    conversation: d.conversation,
    messageId: `chase-${String(d._id)}-${host}`,
    source: `deploy-chase|${String(d._id)}|${host}`,
  });
  return t.key;
}
