import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Claim, claimOnce, claimOwner, ownerOfThisCall } from '../db/claim-once';
import { claims } from '../db/claims';
import { Deployment, type DeploymentDoc } from './deployment.model';

/** A process-unique runner id: host, pid and a random part. */
export function newRunnerId(): string {
  return ownerOfThisCall(`${hostname()}:${process.pid}`);
}

/**
 * The lease on a deployment: epoch e+1 is taken by whoever inserts the claim `deploy:<id>:lease:<e+1>`
 * first (a unique insert, atomic on MongoDB and FerretDB alike), and only when the lease of epoch e
 * has expired. The holder renews `leaseUntil`; a runner that finds the epoch moved on stops.
 */
export async function acquireLease(
  id: DeploymentDoc['_id'],
  runnerId: string,
  leaseMs: number,
): Promise<{ ok: true; epoch: number; doc: DeploymentDoc } | { ok: false; doc?: DeploymentDoc }> {
  const doc = await Deployment.findById(id).lean<DeploymentDoc>();
  if (!doc || doc.state !== 'running') return { ok: false, doc: doc ?? undefined };
  const now = Date.now();
  if (doc.leaseUntil && doc.leaseUntil.getTime() > now && doc.runnerId !== runnerId) return { ok: false, doc };
  // A claimant that died between its claim and writing the lease leaves an epoch taken but never
  // written: once that claim is older than a lease, the next epoch is tried (a few at most).
  let epoch = doc.leaseEpoch + 1;
  for (;;) {
    const key = claims.deployLease(id, epoch);
    if (await claimOnce(key, runnerId)) break;
    const taken = await Claim.findById(key).lean<{ at: Date }>();
    if (!taken || now - new Date(taken.at).getTime() < leaseMs || epoch >= doc.leaseEpoch + 5)
      return { ok: false, doc };
    epoch++;
  }
  const leaseUntil = new Date(now + leaseMs);
  await Deployment.updateOne(
    { _id: id },
    { $set: { runnerId, leaseEpoch: epoch, leaseUntil, ...(doc.startedAt ? {} : { startedAt: new Date(now) }) } },
  );
  return { ok: true, epoch, doc: { ...doc, runnerId, leaseEpoch: epoch, leaseUntil } };
}

/**
 * The holder's side of a lease: renewed every third of it; `lost` once the epoch moved on (another runner took
 * over), `cancelled` once a cancel was asked for.
 */
export class LeaseKeeper {
  lost = false;
  cancelled = false;
  private timer?: NodeJS.Timeout;
  private renewing: Promise<void> = Promise.resolve();

  constructor(
    private readonly id: DeploymentDoc['_id'],
    private readonly epoch: number,
    private readonly leaseMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(
      () => {
        this.renewing = this.renew();
      },
      Math.max(200, Math.floor(this.leaseMs / 3)),
    );
  }

  /**
   * Stops renewing and waits for a renewal in flight, before the deployment's state is written (FerretDB writes
   * whole documents).
   */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
  }

  private async renew(): Promise<void> {
    try {
      const doc = await Deployment.findOneAndUpdate(
        { _id: this.id, leaseEpoch: this.epoch },
        { $set: { leaseUntil: new Date(Date.now() + this.leaseMs) } },
        // No projection: FerretDB 1.x's findAndModify does not implement `fields`.
        { returnDocument: 'after' },
      ).lean<Pick<DeploymentDoc, 'cancelRequested'>>();
      if (!doc) this.lost = true;
      else if (doc.cancelRequested || (await claimOwner(claims.deployCancel(this.id))) !== undefined)
        this.cancelled = true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'lease renewal failed');
    }
  }
}
