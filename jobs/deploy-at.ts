import type { JobDefinition } from './job';
import { DEPLOY_AT_JOB } from '../src/core/job-names';
import { fireScheduledStart } from '../commands/use-cases/scheduled-start';

/**
 * A deployment start scheduled for later (`/deploy RFC at window`) comes due: every precondition is checked again,
 * then it starts or is refused with a message in the channel. Stored by Agenda, so it survives a restart; a start
 * fires once (cancelled or fired, decided by a claim).
 */
export const deployAtJob: JobDefinition<{ startId: string }> = {
  name: DEPLOY_AT_JOB,
  async run({ data, services, log }) {
    const outcome = await fireScheduledStart(services, String(data.startId));
    log.info({ start: data.startId, outcome }, 'scheduled deployment start');
  },
};
