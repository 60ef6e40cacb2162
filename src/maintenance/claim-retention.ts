/**
 * Which claims (`claims`, src/db/claim-once.ts) housekeeping may delete, by key prefix.
 *
 * A claim is a unique insert that decides "once" while two processes race; it is never updated.
 * These kinds are only ever raced for minutes, so after the retention nothing reads them again:
 *  - `job:<name>:<id>:due:…|after:…` (src/db/job-run-claim.ts): one per Agenda job run, raced only
 *    within the run's lock lifetime; the next run has another due time. The bulk (sla-check every 5 min).
 *  - `takeover:<platform>|<event>|<owner>|<claimedAt>` (src/bot/event-claim.ts): names one 'handling'
 *    claim by its owner and time; after a takeover the receipt carries a new owner and time (and
 *    no platform redelivers an event weeks later, which is the only time the key is tried again).
 *  - `sla-takeover:…:<claimedAt>`, `digest-takeover:<day>:<claimedAt>` (sla-service, digest-service):
 *    the same, for a stale SLA alert or digest claim.
 *  - `report:<platform>|<event>` (ticket-service): arbitrates which process logs a delivery's case;
 *    once the case exists, `Ticket.findOne({ source })` (a unique index) answers every repeat, so
 *    the claim need not outlive its inbound receipt: both go with the same cutoff.
 *  - `deploy:<deploymentId>:…` (src/deploy/): lease epochs, cancel, ended and per-host attempts, only
 *    once the deployment ended (`deployClaimDeployment`). An ended deployment is never leased,
 *    cancelled or ended again (acquireLease and cancel check `state`); the chase (done deployments)
 *    claims attempt `attempts + 1`, never an older one, so old attempt claims are dead too.
 *
 * Kept for good (one per thing, they record permanent facts, growth is tiny):
 *  - `seq:<name>:<n>` (src/db/counter.ts): the claims, not the counter mark, decide a number; the
 *    mark is written by a `$max` that FerretDB performs as read-then-write and can lag, so deleting
 *    old number claims could hand a case, RFC or deployment number out twice.
 *  - `rfc-state:<rfcId>:<seq>` (and `…:takeover`): one per RFC transition.
 *  - `ballot-decision:<id>` (and `…:takeover`), `ballot-reminder:<id>`: one per ballot.
 *  - `problem-fix:<key>`: one per problem.
 *  - `deploy:<id>:completed`: a manual chase round (`chase RFC now`) on a done deployment checks
 *    the completion criterion again, at any age; this claim is what keeps it from announcing the
 *    completion twice.
 *  - any prefix not listed here: a new kind of claim is kept until someone decides otherwise.
 */
export const TIME_BOUNDED_CLAIM_PREFIXES = ['job:', 'takeover:', 'sla-takeover:', 'digest-takeover:', 'report:'] as const;

export type TimeBoundedClaimPrefix = (typeof TIME_BOUNDED_CLAIM_PREFIXES)[number];

/** Every deploy claim starts with this, then the deployment's ObjectId and a colon. */
export const DEPLOY_CLAIM_PREFIX = 'deploy:';

const DEPLOY_CLAIM = /^deploy:([0-9a-f]{24}):(.+)$/u;

/**
 * The deployment a deploy claim belongs to, if the claim may go once that deployment has ended;
 * undefined for `deploy:<id>:completed` and for keys this code did not write.
 */
export function deployClaimDeployment(key: string): string | undefined {
  const m = DEPLOY_CLAIM.exec(key);
  if (!m || m[2] === 'completed') return undefined;
  return m[1];
}
