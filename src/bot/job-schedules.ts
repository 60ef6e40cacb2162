import type { Logger } from 'pino';
import type { Services } from '../../commands/services';
import type { JobDefinition } from '../../jobs/job';

/**
 * At start-up: each job's own start-up work (`atStart`), then its declared repeat, one Agenda job
 * for all processes (unique per name), or its cancellation when the feature is disabled. A job
 * whose scheduling fails is logged and the others still get theirs.
 */
export async function scheduleDeclaredJobs(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definitions: readonly JobDefinition<any>[],
  services: Services,
  log: Logger,
): Promise<void> {
  for (const def of definitions) {
    try {
      await def.atStart?.(services);
      if (!def.repeat) continue;
      const when = def.repeat(services);
      if (when) await services.jobs.every(def.name, when.every, {}, { timezone: when.timezone, uniqueKey: def.name });
      else await services.jobs.cancel(def.name);
    } catch (err) {
      log.error({ job: def.name, err: (err as Error).message }, 'job not scheduled at start-up');
    }
  }
}
