import type { Logger } from 'pino';
import type { OutboundPort } from '../chat/outbound-port';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import type { PeopleDirectory } from '../people/people-directory';
import type { TicketService } from '../tickets/ticket-service';
import type { JobScheduler } from './job';
import type { ChangeService } from '../changes/change-service';
import type { VoteService } from '../votes/vote-service';
import type { BusinessCalendar } from '../calendar/business-calendar';
import type { DigestService } from '../digest/digest-service';
import type { ProblemService } from '../problems/problem-service';
import type { SlaService } from '../sla/sla-service';
import type { StatsService } from '../stats/stats-service';
import type { InventoryService } from '../inventory/inventory-service';
import type { PackageService } from '../packages/package-service';
import type { DeploymentService } from '../deploy/deployment-service';
import type { HousekeepingService } from '../maintenance/housekeeping-service';

/**
 * The domain services every handler and job can reach through its context. Each feature adds its
 * service here (one line) and builds it in `src/bot/build-services.ts`.
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
