import { Claim, claimOnce, claimOwner } from '../db/claim-once';
import { claims } from '../db/claims';
import { groupedCreate } from '../db/group-insert';
import { isDuplicateKey } from '../core/duplicate-key';
import { isOwnerAlive, keepAlive } from '../db/owner-heartbeat';
import { OpsdeskError } from '../core/errors';
import { InboundReceipt, receiptId, type InboundReceiptDoc, type StoredDelivery } from '../db/inbound-receipt.model';

/** Deliveries claimed at the same moment share one insert (a group commit). */
const createReceipt = groupedCreate(InboundReceipt);

export type ClaimResult = 'claimed' | 'duplicate';

/** Deliveries this process claimed and has not finished (markEventDone not yet called), with their receipt's _id. */
const inHand = new Map<string, unknown>();
const handKey = (platform: string, eventId: string) => `${platform}|${eventId}`;

/** A 'handling' receipt older than this is taken over even if its owner still beats (see claimEvent). */
const LEASE_MS = 120_000;

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
export async function claimEvent(
  platform: string,
  eventId: string,
  owner: string,
  now: Date,
  leaseMs = LEASE_MS,
  stored?: StoredDelivery,
): Promise<ClaimResult> {
  await keepAlive(owner);
  try {
    const doc = await createReceipt({
      _id: receiptId(platform, eventId),
      platform,
      eventId,
      state: 'handling',
      claimedBy: owner,
      claimedAt: now,
      ...(stored ? { stored } : {}),
    });
    inHand.set(handKey(platform, eventId), doc._id);
    return 'claimed';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const held = await findReceipt(platform, eventId);
  if (!held || (await isDone(held))) return 'duplicate';
  const mine = held.claimedBy === owner;
  const abandoned = mine
    ? !inHand.has(handKey(platform, eventId))
    : held.claimedAt.getTime() < now.getTime() - leaseMs || !(await isOwnerAlive(held.claimedBy));
  if (!abandoned && mine) return 'duplicate';
  // Our own receipt, no longer in hand: it may have been marked done since it was read above.
  if (mine && (await isDone(held))) return 'duplicate';
  if (!abandoned) {
    throw new OpsdeskError(
      'UNAVAILABLE',
      'This event is being handled by another opsdesk process; deliver it again later.',
    );
  }
  await claimTakeover((n) => claims.eventTakeover(platform, eventId, held.claimedBy, held.claimedAt, n), owner, now);
  await InboundReceipt.updateOne(
    { _id: held._id },
    { $set: { claimedBy: owner, claimedAt: now, ...(stored && !held.stored ? { stored } : {}) } },
  );
  inHand.set(handKey(platform, eventId), held._id);
  return 'claimed';
}

/**
 * The claim of a delivery that is acknowledged before it is handled (Slack: the receipt, the ack,
 * then the handling): the event is stored with the receipt until it is done, so that if this
 * process dies another one takes it over (`takeOverStored`); the platform will not deliver it
 * again. While another live process holds it, it is stored already: 'duplicate', not a refusal.
 */
export async function receiveEvent(
  platform: string,
  eventId: string,
  owner: string,
  now: Date,
  stored: StoredDelivery,
): Promise<ClaimResult> {
  try {
    return await claimEvent(platform, eventId, owner, now, LEASE_MS, stored);
  } catch (err) {
    if (err instanceof OpsdeskError && err.code === 'UNAVAILABLE') return 'duplicate';
    throw err;
  }
}

/**
 * Records a delivery as handled: an insert by _id (the claim `claims.eventDone`), never an update of
 * its receipt, so its cost does not grow with the receipts stored.
 */
export async function markEventDone(platform: string, eventId: string, now: Date): Promise<void> {
  const key = handKey(platform, eventId);
  try {
    await claimOnce(claims.eventDone(platform, eventId), 'done', now);
  } finally {
    // Only now: a repeat arriving while the receipt still reads 'handling' must find it in hand
    // (a duplicate), not abandoned by its own owner (taken over and handled a second time).
    inHand.delete(key);
  }
}

/** Whether a delivery was handled (for tests and tools): its done claim, or a receipt from before marked done. */
export async function isEventDone(platform: string, eventId: string): Promise<boolean> {
  const held = await findReceipt(platform, eventId);
  return !!held && (await isDone(held));
}

/** A delivery's receipt: by _id, or (written before receipts had one) by platform and event id. */
async function findReceipt(platform: string, eventId: string): Promise<InboundReceiptDoc | null> {
  return (
    (await InboundReceipt.findById(receiptId(platform, eventId)).lean<InboundReceiptDoc>()) ??
    (await InboundReceipt.findOne({ platform: String(platform), eventId: String(eventId) }).lean<InboundReceiptDoc>())
  );
}

async function isDone(held: Pick<InboundReceiptDoc, 'platform' | 'eventId' | 'state'>): Promise<boolean> {
  if (held.state === 'done') return true;
  return !!(await Claim.exists({ _id: claims.eventDone(held.platform, held.eventId) }));
}

/** A receipt left 'handling' with its event stored, as `storedDeliveries` finds it. */
export type StoredReceipt = Pick<InboundReceiptDoc, 'platform' | 'eventId' | 'claimedBy' | 'claimedAt'> & {
  _id: unknown;
  stored: StoredDelivery;
};

/**
 * Deliveries still 'handling' with their event stored, of `platforms`, held by one of `owners`
 * (all owners when not given). Not a hot path: FerretDB reads the whole collection for it, so
 * it runs when a process starts and when an owner's heartbeat goes stale (src/bot/abandoned-deliveries.ts).
 */
export async function storedDeliveries(platforms: string[], owners?: string[]): Promise<StoredReceipt[]> {
  const filter: Record<string, unknown> = {
    state: 'handling',
    stored: { $exists: true },
    platform: { $in: platforms.map(String) },
  };
  if (owners) filter.claimedBy = { $in: owners.map(String) };
  const docs = (await InboundReceipt.find(filter).lean<InboundReceiptDoc[]>()).filter((d) => !!d.stored?.event);
  const done = new Set(
    (
      await Claim.find({ _id: { $in: docs.map((d) => claims.eventDone(d.platform, d.eventId)) } }, { _id: 1 }).lean<
        Array<{ _id: string }>
      >()
    ).map((c) => c._id),
  );
  return docs.filter((d) => !done.has(claims.eventDone(d.platform, d.eventId))) as StoredReceipt[];
}

/**
 * Takes over one stored delivery whose owner is gone (heartbeat stale), once across processes
 * (the same takeover claim as a redelivery's in claimEvent). False when it is no longer
 * abandoned: done meanwhile, its owner alive, or taken over by someone else.
 */
export async function takeOverStored(receipt: StoredReceipt, owner: string, now: Date): Promise<boolean> {
  if (receipt.claimedBy === owner) return false;
  await keepAlive(owner);
  const held = await InboundReceipt.findById(receipt._id).lean<InboundReceiptDoc>();
  if (
    !held ||
    (await isDone(held)) ||
    held.claimedBy !== receipt.claimedBy ||
    held.claimedAt.getTime() !== receipt.claimedAt.getTime()
  )
    return false;
  if (await isOwnerAlive(held.claimedBy)) return false;
  try {
    await claimTakeover(
      (n) => claims.eventTakeover(held.platform, held.eventId, held.claimedBy, held.claimedAt, n),
      owner,
      now,
    );
  } catch (err) {
    if (err instanceof OpsdeskError && err.code === 'UNAVAILABLE') return false;
    throw err;
  }
  await InboundReceipt.updateOne({ _id: held._id }, { $set: { claimedBy: owner, claimedAt: now } });
  inHand.set(handKey(held.platform, held.eventId), held._id);
  return true;
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
  throw new OpsdeskError(
    'UNAVAILABLE',
    'This event is being taken over by another opsdesk process; deliver it again later.',
  );
}
