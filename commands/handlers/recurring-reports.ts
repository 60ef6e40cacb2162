import type { Services } from '../services';
import { claimOnce } from '../../src/db/claim-once';
import { claims } from '../../src/db/claims';
import { recurringRun } from '../../src/problems/known-errors';
import { recurringAlertText } from '../../src/problems/render-problem';
import type { TicketDoc } from '../../src/tickets/ticket.model';

/**
 * After a new report: when it makes `tickets.recurring.count` similar reports at its school within
 * `days` (none linked to a problem yet), the operators get one alert proposing a problem record,
 * whatever the category counts in `stats`. Once per run of reports (claimed by its first case).
 */
export async function alertIfRecurring(services: Services, t: TicketDoc): Promise<boolean> {
  const { count, days, alertTo } = services.config.tickets.recurring;
  const run = await recurringRun(t, count, days);
  if (!run) return false;
  if (!(await claimOnce(claims.recurringAlert(run.school, run.cases[0].key), String(process.pid)))) return false;
  // Posted in the operators' channel: the organisation's language.
  const text = recurringAlertText(run, days, services.config.organisation.language);
  const to = services.outbound.channel(alertTo);
  if (!to.length) services.log.warn({ channel: alertTo }, 'recurring reports: no channel configured for the alert');
  for (const where of to) await services.outbound.post(where, text);
  services.log.info({ school: run.school, cases: run.cases.map((c) => c.key) }, 'recurring reports alert');
  return true;
}
