import type { JobDefinition } from './job';
import { digestJob } from './digest';
import { slaCheckJob } from './sla-check';
import { voteDeadlineJob } from './vote-deadline';
import { voteReminderJob } from './vote-reminder';
import { deployReconcileJob, deployResumeJob, deployRunJob } from './deploy-run';
import { deployChaseJob } from './chase';
import { deployAtJob } from './deploy-at';
import { housekeepingJob } from './housekeeping';
import { closeResolvedJob } from './close-resolved';

/** Every Agenda job opsdesk defines. Features add theirs here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobDefinitions: JobDefinition<any>[] = [
  digestJob,
  slaCheckJob,
  voteDeadlineJob,
  voteReminderJob,
  deployRunJob,
  deployResumeJob,
  deployReconcileJob,
  deployChaseJob,
  deployAtJob,
  housekeepingJob,
  closeResolvedJob,
];
