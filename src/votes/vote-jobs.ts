/** Agenda job names of the vote deadline and the half-time reminder (jobs/vote-deadline.ts, jobs/vote-reminder.ts). */
export const VOTE_DEADLINE_JOB = 'vote-deadline';
export const VOTE_REMINDER_JOB = 'vote-reminder';

export interface BallotJobData {
  ballotId: string;
  uniqueKey?: string;
}
