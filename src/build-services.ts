import type { Logger } from 'pino';
import type { OutboundPort } from './chat/outbound-port';
import type { Config } from './config/schema';
import type { Clock } from './core/clock';
import { PeopleDirectory } from './people/people-directory';
import { TicketService } from './tickets/ticket-service';
import type { JobScheduler } from './core/job-scheduler';
import type { Services } from '../commands/services';
import { ChangeService } from './changes/change-service';
import { PLANNED_STATES } from './changes/change-conflicts';
import { changeMeasures } from './changes/change-measures';
import { VoteService } from './votes/vote-service';
import { buildDigestServices } from './digest/build-digest-services';
import { InventoryService } from './inventory/inventory-service';
import { PackageService } from './packages/package-service';
import { botKeyFingerprints } from './signing/bot-key';
import { DeploymentService } from './deploy/deployment-service';
import { openChaseIncident } from '../commands/use-cases/chase-incident';
import { HousekeepingService } from './maintenance/housekeeping-service';

export interface ServiceDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  outbound: OutboundPort;
  jobs: JobScheduler;
}

/** Builds every domain service once. Features add their line here. */
export function buildServices(deps: ServiceDeps): Services {
  const people = new PeopleDirectory(deps.config.people, deps.config.organisation.language);
  const base = { ...deps, people };
  const inventory = new InventoryService(base);
  const packages = new PackageService({
    clock: deps.clock,
    trustedKeyFiles: deps.config.deploy.trustedKeys,
    botKeyFingerprints: () => botKeyFingerprints(deps.config.changes.signing, process.env),
  });
  const services: Services = {
    ...base,
    tickets: new TicketService(base),
    ...buildDigestServices(base, () => services.tickets),
    inventory,
    packages,
    deployments: new DeploymentService({
      ...base,
      inventory,
      packages,
      changes: () => services.changes,
      openIncident: (d, host, text) => openChaseIncident(services, d, host, text),
    }),
    changes: new ChangeService({
      ...base,
      planning: { hosts: () => inventory.all(), freezes: (now) => services.deployments.freezes.active(now, true) },
    }),
    votes: new VoteService(base, () => services.changes),
    housekeeping: new HousekeepingService(base),
  };
  services.stats.setChangeMeasures(changeMeasures);
  // The CCB card follows the change after the vote: deploying, deployed, rolled back, reviewed, closed.
  services.changes.onTransition(async (rfc, from) => {
    if (FOLLOWED_STATES.includes(rfc.state) || (rfc.state === 'scheduled' && from === 'deploying'))
      await services.votes.follow.refresh([rfc.key]);
    // A change that leaves the plan (withdrawn, rejected, cancelled, postponed, deployed) no longer holds its hosts.
    if (PLANNED_STATES.includes(from) && !PLANNED_STATES.includes(rfc.state))
      await services.votes.syncConflicts(rfc.key, 'opsdesk');
  });
  return services;
}

const FOLLOWED_STATES: readonly string[] = ['deploying', 'deployed', 'rolled-back', 'reviewed', 'closed', 'cancelled'];
