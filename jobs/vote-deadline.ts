import type { JobDefinition } from './job';
import type { BallotJobData } from '../src/votes/vote-jobs';
import { VOTE_DEADLINE_JOB } from '../src/core/job-names';

/** Closes a CCB vote at its deadline (no quorum: postponed). Harmless when run again: a closed ballot stays closed. */
export const voteDeadlineJob: JobDefinition<BallotJobData> = {
  name: VOTE_DEADLINE_JOB,
  async run(job) {
    const closed = await job.services.votes.deadline(String(job.data.ballotId));
    job.log.info({ ballot: job.data.ballotId, closed }, 'vote deadline');
  },
};
