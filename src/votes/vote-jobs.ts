/** What the vote deadline and half-time reminder jobs get (jobs/vote-deadline.ts, jobs/vote-reminder.ts). */
export interface BallotJobData {
  ballotId: string;
  uniqueKey?: string;
}
