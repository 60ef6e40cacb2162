import type { Logger } from 'pino';
import type { OutboundPort } from '../src/chat/outbound-port';
import type { Config } from '../src/config/schema';
import type { Clock } from '../src/core/clock';
import type { PeopleDirectory } from '../src/people/people-directory';
import type { TicketService } from '../src/tickets/ticket-service';
import type { JobScheduler } from '../src/core/job-scheduler';
import type { ChangeService } from '../src/changes/change-service';
import type { VoteService } from '../src/votes/vote-service';
import type { BusinessCalendar } from '../src/calendar/business-calendar';
import type { DigestService } from '../src/digest/digest-service';
import type { ProblemService } from '../src/problems/problem-service';
import type { SlaService } from '../src/sla/sla-service';
import type { StatsService } from '../src/stats/stats-service';
import type { InventoryService } from '../src/inventory/inventory-service';
import type { PackageService } from '../src/packages/package-service';
import type { DeploymentService } from '../src/deploy/deployment-service';
import type { HousekeepingService } from '../src/maintenance/housekeeping-service';

/**
 * The domain services every handler and job can reach through its context. Each feature adds its
 * service here (one line) and builds it in `src/build-services.ts`.
 */
export interface Services {
  config: Config;
  log: Logger;
  clock: Clock;
  outbound: OutboundPort;
  people: PeopleDirectory;
  jobs: JobScheduler;
  tickets: TicketService;
  calendar: BusinessCalendar;
  sla: SlaService;
  digest: DigestService;
  stats: StatsService;
  problems: ProblemService;
  inventory: InventoryService;
  packages: PackageService;
  deployments: DeploymentService;
  changes: ChangeService;
  votes: VoteService;
  housekeeping: HousekeepingService;
}
