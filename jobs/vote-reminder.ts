import type { JobDefinition } from './job';
import type { BallotJobData } from '../src/votes/vote-jobs';
import { VOTE_REMINDER_JOB } from '../src/core/job-names';

/** Half-time reminder to CCB members who have not voted; sent once per ballot (a claim), even if the job runs again. */
export const voteReminderJob: JobDefinition<BallotJobData> = {
  name: VOTE_REMINDER_JOB,
  async run(job) {
    const reminded = await job.services.votes.remind(String(job.data.ballotId));
    job.log.info({ ballot: job.data.ballotId, reminded: reminded.length }, 'vote reminder');
  },
};
