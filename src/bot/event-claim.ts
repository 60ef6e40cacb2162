import { claimOnce, claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import { isDuplicateKey } from '../db/duplicate-key';
import { isOwnerAlive, keepAlive } from '../db/owner-heartbeat';
import { OpsdeskError } from '../core/errors';
import { InboundReceipt } from '../db/inbound-receipt.model';

export type ClaimResult = 'claimed' | 'duplicate';

/** Deliveries this process claimed and has not finished (markEventDone not yet called). */
const inHand = new Set<string>();
const handKey = (platform: string, eventId: string) => `${platform}|${eventId}`;

/**
 * Claims an inbound delivery for this process. The same event delivered again (Slack retries,
 * Matrix re-sync, another process) gets 'duplicate' once it is done, or while this process has it
 * in hand. While another live process has it in hand this throws (UNAVAILABLE), so the platform
 * is not told "handled" and delivers it again later: if that process dies before finishing, the
 * redelivery is handled here. A claim left 'handling' is taken over, so nothing is lost:
 *  - by anyone once its owner's heartbeat is stale (the process was killed or cut off), or once it
 *    is older than `leaseMs`;
 *  - by its own owner when no attempt is in hand any more (the last one could not record its end,
 *    e.g. during a database outage).
 * The takeover itself is a unique claim, so two processes never both take over one delivery.
 */
export async function claimEvent(platform: string, eventId: string, owner: string, now: Date, leaseMs = 120_000): Promise<ClaimResult> {
  await keepAlive(owner);
  try {
    await InboundReceipt.create({ platform, eventId, state: 'handling', claimedBy: owner, claimedAt: now });
    inHand.add(handKey(platform, eventId));
    return 'claimed';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const held = await InboundReceipt.findOne({ platform: String(platform), eventId: String(eventId) }).lean();
  if (!held || held.state !== 'handling') return 'duplicate';
  const mine = held.claimedBy === owner;
  const abandoned = mine
    ? !inHand.has(handKey(platform, eventId))
    : held.claimedAt.getTime() < now.getTime() - leaseMs || !(await isOwnerAlive(held.claimedBy));
  if (!abandoned && mine) return 'duplicate';
  if (!abandoned) {
    throw new OpsdeskError('UNAVAILABLE', 'This event is being handled by another opsdesk process; deliver it again later.');
  }
  await claimTakeover((n) => claims.eventTakeover(platform, eventId, held.claimedBy, held.claimedAt, n), owner, now);
  await InboundReceipt.updateOne({ _id: held._id }, { $set: { claimedBy: owner, claimedAt: now } });
  inHand.add(handKey(platform, eventId));
  return 'claimed';
}

export async function markEventDone(platform: string, eventId: string, now: Date): Promise<void> {
  inHand.delete(handKey(platform, eventId));
  await InboundReceipt.updateOne({ platform, eventId }, { $set: { state: 'done', doneAt: now } });
}

/** Takeovers of one abandoned claim tried in turn; more means something else is wrong. */
const MAX_TAKEOVERS = 5;

/**
 * Takes over an abandoned claim, once across processes: the first takeover is the unique claim
 * `keyOf(1)`. A taker that died before recording its takeover leaves the receipt as it was, so the
 * next taker finds `keyOf(1)` held by a dead owner and claims `keyOf(2)` (and so on). While a live owner
 * holds the takeover, the delivery is refused (UNAVAILABLE) so the platform delivers it again.
 */
async function claimTakeover(keyOf: (n: number) => string, owner: string, now: Date): Promise<void> {
  for (let n = 1; n <= MAX_TAKEOVERS; n++) {
    const key = keyOf(n);
    if (await claimOnce(key, owner, now)) return;
    const holder = await claimOwner(key);
    if (holder === owner) return; // this owner's own takeover, whose record an earlier attempt could not write
    if (holder !== undefined && (await isOwnerAlive(holder))) break;
  }
  throw new OpsdeskError('UNAVAILABLE', 'This event is being taken over by another opsdesk process; deliver it again later.');
}
