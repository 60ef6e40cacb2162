import type { JobScheduler } from '../core/job-scheduler';
import type { BusinessCalendar } from '../calendar/business-calendar';
import { calendarFromConfig } from '../calendar/calendar-from-config';
import type { OutboundPort } from '../chat/outbound-port';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import type { PeopleDirectory } from '../people/people-directory';
import { ProblemService } from '../problems/problem-service';
import { SlaService } from '../sla/sla-service';
import { StatsService } from '../stats/stats-service';
import type { TicketService } from '../tickets/ticket-service';
import type { Logger } from 'pino';
import { DigestService } from './digest-service';
import { ccbVotesSource } from './sources/ccb-votes';
import { deploymentsSource } from './sources/deployments';
import { changeOrdersSource } from './sources/change-orders';

export interface DigestServices {
  calendar: BusinessCalendar;
  sla: SlaService;
  digest: DigestService;
  stats: StatsService;
  problems: ProblemService;
}

export interface DigestServiceBase {
  config: Config;
  log: Logger;
  clock: Clock;
  outbound: OutboundPort;
  jobs: JobScheduler;
  people: PeopleDirectory;
}

/**
 * The calendar, SLA, digest, statistics and problem services. `tickets` is read lazily: it is
 * built beside these in `buildServices`.
 */
export function buildDigestServices(base: DigestServiceBase, tickets: () => TicketService): DigestServices {
  const calendar = calendarFromConfig(base.config);
  const sla = new SlaService({ ...base, calendar, tickets });
  const digest = new DigestService({ ...base, calendar, sla });
  digest.addSource(ccbVotesSource(calendar, base.config.digest.topItems, base.config.organisation.language));
  digest.addSource(deploymentsSource(calendar, base.config.digest.topItems, base.config.organisation.language));
  digest.addSource(
    changeOrdersSource(
      base.config.digest.topItems,
      base.config.organisation.timezone,
      base.config.organisation.language,
    ),
  );
  return {
    calendar,
    sla,
    digest,
    stats: new StatsService({ ...base, calendar }),
    problems: new ProblemService({ ...base, tickets }),
  };
}
