import mongoose, { Schema } from 'mongoose';

interface HeartbeatDoc {
  _id: string;
  seenAt: Date;
}

const schema = new Schema<HeartbeatDoc>(
  { _id: { type: String, required: true }, seenAt: { type: Date, required: true } },
  { versionKey: false },
);

/** One document per live claim owner (an intake of one process), refreshed every few seconds. */
export const Heartbeat =
  (mongoose.models.Heartbeat as mongoose.Model<HeartbeatDoc> | undefined) ??
  mongoose.model<HeartbeatDoc>('Heartbeat', schema, 'heartbeats');

export const HEARTBEAT_EVERY_MS = 2000;
/** An owner not seen for this long is gone (killed, or cut off from the database). */
export const OWNER_STALE_MS = 10_000;

const beating = new Map<string, { timer: NodeJS.Timeout; first: Promise<void> }>();

async function beat(owner: string): Promise<void> {
  if (mongoose.connection.readyState !== 1) return;
  // Wall-clock time on purpose: liveness is about real seconds, not a test's ManualClock.
  await Heartbeat.updateOne({ _id: owner }, { $set: { seenAt: new Date() } }, { upsert: true });
}

/**
 * Starts refreshing `owner`'s heartbeat (once per owner). Every caller waits for the first beat,
 * so a claim made after this resolves is never mistaken for a dead owner's.
 */
export async function keepAlive(owner: string): Promise<void> {
  let entry = beating.get(owner);
  if (!entry) {
    const timer = setInterval(() => void beat(owner).catch(() => undefined), HEARTBEAT_EVERY_MS);
    timer.unref();
    const current = { timer, first: beat(owner) };
    beating.set(owner, current);
    // A failed first beat is retried by the next caller rather than remembered.
    current.first.catch(() => {
      if (beating.get(owner) !== current) return;
      clearInterval(timer);
      beating.delete(owner);
    });
    entry = current;
  }
  await entry.first;
}

/** Stops every heartbeat of this process (the runtime stops; its claims may then be taken over). */
export function stopHeartbeats(): void {
  for (const { timer } of beating.values()) clearInterval(timer);
  beating.clear();
}

/** False if `owner` has not been seen for `staleMs` (or never): what it held may be taken over. */
export async function isOwnerAlive(owner: string, staleMs = OWNER_STALE_MS): Promise<boolean> {
  const doc = await Heartbeat.findById(String(owner)).lean<HeartbeatDoc>();
  return !!doc && Date.now() - new Date(doc.seenAt).getTime() < staleMs;
}

/** Owners not seen for `staleMs`, with when they were last seen (the heartbeats housekeeping has not yet deleted). */
export async function staleOwners(staleMs = OWNER_STALE_MS): Promise<{ owner: string; seenAt: Date }[]> {
  const docs = await Heartbeat.find({ seenAt: { $lt: new Date(Date.now() - staleMs) } }).lean<HeartbeatDoc[]>();
  return docs.map((d) => ({ owner: d._id, seenAt: new Date(d.seenAt) }));
}
