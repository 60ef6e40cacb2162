/**
 * Every Agenda job name, in one place: the domain schedules work by name (`JobScheduler`), and
 * `jobs/` defines what each name runs (`jobs/index.ts` lists the definitions).
 */
export const DIGEST_JOB = 'digest';
export const SLA_CHECK_JOB = 'sla-check';
export const VOTE_DEADLINE_JOB = 'vote-deadline';
export const VOTE_REMINDER_JOB = 'vote-reminder';
export const DEPLOY_RUN_JOB = 'deploy-run';
export const DEPLOY_CHASE_JOB = 'deploy-chase';
export const DEPLOY_RESUME_JOB = 'deploy-resume';
export const DEPLOY_RECONCILE_JOB = 'deploy-reconcile';
export const DEPLOY_AT_JOB = 'deploy-at';
export const HOUSEKEEPING_JOB = 'housekeeping';
export const CLOSE_RESOLVED_JOB = 'close-resolved';
