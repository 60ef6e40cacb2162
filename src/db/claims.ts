/**
 * Every kind of claim (`claims`, src/db/claim-once.ts): how its key is built and how long it is kept.
 *
 * A claim is a unique insert that decides "once" while two processes race; it is never updated.
 * Keys are only ever built here, by `claims`, and every kind has a row in `CLAIM_KINDS` saying how
 * long it is kept and why; the nightly housekeeping (src/maintenance/housekeeping-service.ts)
 * deletes by that table and keeps any claim it does not recognise. Keys are stored data: a
 * builder's output must never change, or a claim made before an upgrade stops counting.
 */

/**
 * How long a claim is kept:
 *  - `kept`: for good; it records a permanent fact, one per thing, so growth is tiny;
 *  - `time-bounded`: deleted once older than `housekeeping.keepDays`; only raced for minutes;
 *  - `with-deployment`: deleted once older than `keepDays` and its deployment ended before then;
 *  - `with-question`: deleted with its one-tap question (src/maintenance/prune-case-links.ts).
 */
export type ClaimRetention = 'kept' | 'time-bounded' | 'with-deployment' | 'with-question';

export interface ClaimKind {
  /** Every key of this kind starts with this; housekeeping deletes time-bounded kinds by it. */
  readonly prefix: string;
  /** Where several kinds share a prefix: the whole key of this kind matches this. */
  readonly pattern?: RegExp;
  /** The key, for people. */
  readonly shape: string;
  readonly retention: ClaimRetention;
  /** Why it is kept that long. */
  readonly why: string;
}

const DEPLOYMENT_ID = '[0-9a-f]{24}';

export const CLAIM_KINDS = {
  job: {
    prefix: 'job:',
    shape: 'job:<name>:<jobId>|key=<uniqueKey>:due:<iso>|after:<iso>',
    retention: 'time-bounded',
    why:
      "One per Agenda job run, raced only within the run's lock lifetime; the next run has another due time. The " +
      'bulk (sla-check every 5 min).',
  },
  eventTakeover: {
    prefix: 'takeover:',
    shape: 'takeover:<platform>|<event>|<owner>|<claimedAt>[|<n>]',
    retention: 'time-bounded',
    why:
      "Names one 'handling' receipt by its owner and time; after a takeover the receipt carries a new owner and " +
      'time, and no platform redelivers an event weeks later (the only time the key is tried again).',
  },
  slaTakeover: {
    prefix: 'sla-takeover:',
    shape: 'sla-takeover:<ticketNumber>:<threshold>:<claimedAtMs>[:takeover[:<n>]]',
    retention: 'time-bounded',
    why: 'Names one stale SLA alert claim by its time; once taken over the alert carries a new claim time.',
  },
  digestTakeover: {
    prefix: 'digest-takeover:',
    shape: 'digest-takeover:<day>:<claimedAtMs>[:takeover[:<n>]]',
    retention: 'time-bounded',
    why: "Names one stale digest claim by its time; once taken over the day's run carries a new claim time.",
  },
  report: {
    prefix: 'report:',
    shape: 'report:<platform>|<event>',
    retention: 'time-bounded',
    why:
      "No longer written (the delivery's receipt claim and the case's unique `source` decide); older ones go with " +
      'their inbound receipt (same cutoff).',
  },
  eventDone: {
    prefix: 'done:',
    shape: 'done:<platform>|<event>',
    retention: 'time-bounded',
    why:
      'That an inbound delivery was handled (an insert, not an update of its receipt: FerretDB scans the collection ' +
      'on every update); it goes with its receipt, which housekeeping deletes at the same cutoff.',
  },
  deploy: {
    prefix: 'deploy:',
    pattern: new RegExp(`^deploy:${DEPLOYMENT_ID}:(?!completed$).+$`, 'u'),
    shape: 'deploy:<deploymentId>:lease:<epoch>|cancel|ended|start|next|pilot|exceptions|<host>:attempt:<n>',
    retention: 'with-deployment',
    why:
      'Lease epochs, cancel, ended, start and per-host attempts. An ended deployment is never leased, cancelled, ' +
      'started or ended again (acquireLease, cancel and start check `state`); the chase claims attempt `attempts + ' +
      '1`, never an older one. `next`: the one deployment started after it while its RFC stays deploying; ' +
      '`pilot`: the go/no-go after its pilot; `exceptions`: its RFC completed with exceptions.',
  },
  deployCompleted: {
    prefix: 'deploy:',
    pattern: new RegExp(`^deploy:${DEPLOYMENT_ID}:completed$`, 'u'),
    shape: 'deploy:<deploymentId>:completed',
    retention: 'kept',
    why:
      'A manual chase round (`chase RFC now`) on a done deployment checks the completion criterion again, at any ' +
      'age; this claim keeps it from announcing the completion twice.',
  },
  seq: {
    prefix: 'seq:',
    shape: 'seq:<name>:<n>',
    retention: 'kept',
    why:
      'The claims, not the counter mark, decide a number; the mark is written by a `$max` that FerretDB performs ' +
      'as read-then-write and can lag, so deleting old number claims could hand a case, RFC or deployment number ' +
      'out twice.',
  },
  deployAt: {
    prefix: 'deploy-at:',
    shape: 'deploy-at:<scheduledStartId>',
    retention: 'kept',
    why: 'What became of a scheduled deployment start, decided once: fired by its job or cancelled, never both.',
  },
  rfcState: {
    prefix: 'rfc-state:',
    shape: 'rfc-state:<rfcId>:<seq>[:takeover[:<n>]]',
    retention: 'kept',
    why: 'One per RFC transition.',
  },
  rfcRevision: {
    prefix: 'rfc-revision:',
    shape: 'rfc-revision:<rfcKey>[:takeover[:<n>]]',
    retention: 'kept',
    why: 'A rejected RFC is revised once (its revision is a new RFC that links it).',
  },
  ballotDecision: {
    prefix: 'ballot-decision:',
    shape: 'ballot-decision:<ballotId>[:takeover[:<n>]]',
    retention: 'kept',
    why: 'One per ballot.',
  },
  ballotReminder: {
    prefix: 'ballot-reminder:',
    shape: 'ballot-reminder:<ballotId>',
    retention: 'kept',
    why: 'One per ballot.',
  },
  problemFix: {
    prefix: 'problem-fix:',
    shape: 'problem-fix:<problemKey>',
    retention: 'kept',
    why: 'One per problem.',
  },
  fixAnswer: {
    prefix: 'fix-answer:',
    shape: 'fix-answer:<platform>|<channel>|<messageId>',
    retention: 'with-question',
    why:
      'The one answer to a one-tap question (fixed? / workaround? / new case?); a later tap is told it was ' +
      'answered. Deleted with the question, once its case is closed and keepDays have passed.',
  },
  recurringAlert: {
    prefix: 'recurring:',
    shape: 'recurring:<school>:<firstCaseKey>',
    retention: 'kept',
    why: 'One alert per run of similar reports at a school, named by its first case.',
  },
  auditSeal: {
    prefix: 'audit-seal:',
    shape: 'audit-seal:change_audit',
    retention: 'kept',
    why:
      'Once per database: the seal of the change audit rows written before the hash chain; sealing twice would ' +
      'record a second, different seal.',
  },
  rateToken: {
    prefix: 'rate:',
    shape: 'rate:<bucket>:<slotMs>:<slot>',
    retention: 'time-bounded',
    why:
      'One token of a rate limit (src/db/rate-tokens.ts), raced only while its slot is inside the bucket window: ' +
      'minutes to hours.',
  },
  limitNotice: {
    prefix: 'limit-notice:',
    shape: 'limit-notice:<bucket>:<slotMs>:<slot>:<personId>',
    retention: 'time-bounded',
    why:
      'The one notice a person gets while a rate limit holds them; the key names the slot whose token frees ' +
      "them, so it is never tried again once that slot's window has passed.",
  },
  rollupBuild: {
    prefix: 'rollup-build:',
    shape: 'rollup-build:<generation>[:takeover[:<n>]]',
    retention: 'kept',
    why:
      "Once per database and generation of the roll-ups (src/tickets/rollup-build.ts): the build of the cases' " +
      'roll-ups when the bot first starts on cases that have none; two processes starting together build once.',
  },
  foldNotice: {
    prefix: 'fold-notice:',
    shape: 'fold-notice:<ticketId>',
    retention: 'time-bounded',
    why:
      'The one "added to your case" notice of a burst folded into a case; folding into a case happens only ' +
      'within minutes of its report.',
  },
} as const satisfies Record<string, ClaimKind>;

export type ClaimKindName = keyof typeof CLAIM_KINDS;

/** A job run's identity in its claim key: when it was due, or which run it follows (a recovered one-off). */
export const jobRunIdentity = {
  due: (at: Date) => `due:${new Date(at).toISOString()}`,
  after: (lastRunAt: Date | null | undefined) => `after:${lastRunAt ? new Date(lastRunAt).toISOString() : 'never'}`,
  /** A run not locked through the watched repository (should not happen): unique to this process. */
  unwatched: (owner: string, ms: number) => `unwatched:${owner}:${ms}`,
};

/** The key builders, one per kind of claim (CLAIM_KINDS). */
export const claims = {
  /** One Agenda job run (src/db/job-run-claim.ts); `identity` from `jobRunIdentity`. */
  jobRun: (name: string, jobId: unknown, identity: string) => `job:${name}:${String(jobId)}:${identity}`,
  /** The one-time seal of the audit rows from before the hash chain (src/changes/audit-log.ts). */
  auditSeal: () => 'audit-seal:change_audit',
  /** The n-th takeover (from 1) of an abandoned inbound delivery (src/bot/event-claim.ts). */
  eventTakeover: (platform: string, eventId: string, heldBy: string, heldAt: Date, n = 1) => {
    const base = `takeover:${platform}|${eventId}|${heldBy}|${heldAt.toISOString()}`;
    return n === 1 ? base : `${base}|${n}`;
  },
  /** The takeover of a stale SLA alert claim (sla-service). */
  slaTakeover: (ticketNumber: number, threshold: string, staleClaimAt: Date) =>
    `sla-takeover:${ticketNumber}:${threshold}:${new Date(staleClaimAt).getTime()}`,
  /** The takeover of a stale digest claim (digest-service). */
  digestTakeover: (day: string, staleClaimAt: Date) => `digest-takeover:${day}:${staleClaimAt.getTime()}`,
  /** An inbound delivery was handled (src/bot/event-claim.ts); same `<platform>|<event>` as its receipt's _id. */
  eventDone: (platform: string, eventId: string) => `done:${platform}|${eventId}`,
  /** Lease epoch `epoch` of a deployment (src/deploy/runner.ts). */
  deployLease: (deploymentId: unknown, epoch: number) => `deploy:${String(deploymentId)}:lease:${epoch}`,
  /**
   * A cancel request is a claim, not only a flag in the deployment document: on FerretDB the runner's
   * lease renewal (a read, then a write of the whole document) could overwrite a flag set meanwhile.
   */
  deployCancel: (deploymentId: unknown) => `deploy:${String(deploymentId)}:cancel`,
  /**
   * How a deployment's start ends, decided once: running (`/deploy` told the user it started) or
   * failed (it could not, or the reconcile job found it never did).
   */
  deployStart: (deploymentId: unknown) => `deploy:${String(deploymentId)}:start`,
  /** The one end report of a deployment. */
  deployEnded: (deploymentId: unknown) => `deploy:${String(deploymentId)}:ended`,
  /** The one `/deploy` that follows a deployment while its RFC stays deploying (of two at once, one wins). */
  deployNext: (deploymentId: unknown) => `deploy:${String(deploymentId)}:next`,
  /** The one go/no-go answer after a deployment's pilot. */
  deployPilot: (deploymentId: unknown) => `deploy:${String(deploymentId)}:pilot`,
  /** The one completion with exceptions of the RFC of a deployment (its latest). */
  deployExceptions: (deploymentId: unknown) => `deploy:${String(deploymentId)}:exceptions`,
  /** The one completion announcement of a deployment. */
  deployCompleted: (deploymentId: unknown) => `deploy:${String(deploymentId)}:completed`,
  /** Attempt `attempt` (from 1) on one host of a deployment. */
  deployAttempt: (deploymentId: unknown, host: string, attempt: number) =>
    `deploy:${String(deploymentId)}:${host}:attempt:${attempt}`,
  /** The one fate of a scheduled deployment start (src/deploy/scheduled-starts.ts): fired or cancelled. */
  deployAt: (startId: unknown) => `deploy-at:${String(startId)}`,
  /** Number `n` of a sequence (src/db/counter.ts). */
  seq: (name: string, n: number) => `seq:${name}:${n}`,
  /** Transition `seq` of an RFC (change-service). */
  rfcState: (rfcId: unknown, seq: number) => `rfc-state:${String(rfcId)}:${seq}`,
  /** The one revision of a rejected RFC (rfc revise). */
  rfcRevision: (rfcKey: string) => `rfc-revision:${rfcKey}`,
  /** The decision of a ballot (vote-service). */
  ballotDecision: (ballotId: unknown) => `ballot-decision:${String(ballotId)}`,
  /** The half-time reminder of a ballot (vote-service). */
  ballotReminder: (ballotId: unknown) => `ballot-reminder:${String(ballotId)}`,
  /** The fix of a problem (problem-service). */
  problemFix: (problemKey: string) => `problem-fix:${problemKey}`,
  /** The answer to one one-tap question (src/tickets/fix-question.model.ts), by its id. */
  fixAnswer: (questionId: string) => `fix-answer:${questionId}`,
  /** The alert about similar reports at a school, named by the first of them. */
  recurringAlert: (school: string, firstCaseKey: string) => `recurring:${school}:${firstCaseKey}`,
  /** Token `slot` of a rate-limit bucket whose slots are `slotMs` long (src/db/rate-tokens.ts). */
  rateToken: (bucket: string, slotMs: number, slot: number) => `rate:${bucket}:${slotMs}:${slot}`,
  /** The notice to `personId` that bucket `bucket` holds them until slot `slot` (src/tickets/flood-guard.ts). */
  limitNotice: (bucket: string, slotMs: number, slot: number, personId: string) =>
    `limit-notice:${bucket}:${slotMs}:${slot}:${personId}`,
  /** The build of the roll-ups of the cases (src/tickets/rollup-build.ts), once per generation. */
  rollupBuild: (generation: number) => `rollup-build:${generation}`,
  /** The notice that a burst is folded into a case (src/tickets/flood-guard.ts). */
  foldNotice: (ticketId: unknown) => `fold-notice:${String(ticketId)}`,
  /**
   * The n-th takeover (from 1) of a stale step claimed with `claimStep` (src/db/claim-step.ts); same kind as the step.
   */
  stepTakeover: (step: string, n: number) => (n === 1 ? `${step}:takeover` : `${step}:takeover:${n}`),
};

/** The kind of a claim key, or undefined for a key this code did not write (kept for good). */
export function claimKindOf(key: string): ClaimKindName | undefined {
  const names = Object.keys(CLAIM_KINDS) as ClaimKindName[];
  return names.find((name) => {
    const kind: ClaimKind = CLAIM_KINDS[name];
    return key.startsWith(kind.prefix) && (!kind.pattern || kind.pattern.test(key));
  });
}

const DEPLOY_CLAIM = new RegExp(`^deploy:(${DEPLOYMENT_ID}):`, 'u');

/**
 * The deployment a claim belongs to, if the claim may go once that deployment has ended
 * (retention `with-deployment`); undefined for `deploy:<id>:completed` and for any other key.
 */
export function claimDeployment(key: string): string | undefined {
  const m = DEPLOY_CLAIM.exec(key);
  if (!m) return undefined;
  const kind = claimKindOf(key);
  return kind && CLAIM_KINDS[kind].retention === 'with-deployment' ? m[1] : undefined;
}

/** The kinds kept that long. */
export function claimKindsWith(retention: ClaimRetention): ClaimKindName[] {
  return (Object.keys(CLAIM_KINDS) as ClaimKindName[]).filter((name) => CLAIM_KINDS[name].retention === retention);
}
