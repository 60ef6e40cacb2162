import mongoose from 'mongoose';
import { InboundReceipt } from '../../src/bot/inbound-receipt.model';

/**
 * Collections written whatever the input: the delivery receipts (one per event, the intake's
 * de-duplication) and process heartbeats (written on a timer so other processes see this one alive).
 */
const ALWAYS_WRITTEN = new Set([InboundReceipt.collection.name, 'heartbeats']);

/**
 * Every collection of the connected database but those ALWAYS_WRITTEN, as JSON: equal snapshots
 * before and after an input mean it changed nothing.
 */
export async function dataSnapshot(): Promise<string> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('no database connection');
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => !ALWAYS_WRITTEN.has(n)).sort();
  const parts: string[] = [];
  for (const name of names) parts.push(name, JSON.stringify(await db.collection(name).find().toArray()));
  return parts.join('\n');
}
