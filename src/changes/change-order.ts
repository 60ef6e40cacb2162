import mongoose, { Schema } from 'mongoose';
import { nextSequence } from '../db/counter';
import { withKeyLock } from '../db/keyed-lock';
import { Rfc, type RfcDoc } from './rfc.model';
import { formatLocalIn, msg, msgCount } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { refusal, said } from '../i18n/refusal';
import { joined } from './render-policy';

/** A change order (Redbook 8, table 8-1): several RFCs carried out as one, with its external id and target date. */
export interface ChangeOrderDoc {
  /** `CO-3`. */
  _id: string;
  number: number;
  title: string;
  externalId?: string;
  targetDate?: Date;
  rfcKeys: string[];
  createdBy: string;
  createdAt: Date;
}

const schema = new Schema<ChangeOrderDoc>(
  {
    _id: { type: String, required: true },
    number: { type: Number, required: true },
    title: { type: String, required: true },
    externalId: String,
    targetDate: Date,
    rfcKeys: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ChangeOrder =
  (mongoose.models.ChangeOrder as mongoose.Model<ChangeOrderDoc> | undefined) ??
  mongoose.model<ChangeOrderDoc>('ChangeOrder', schema, 'change_orders');

const DONE = ['deployed', 'reviewed', 'closed'];
const ENDED = [...DONE, 'rejected', 'withdrawn', 'cancelled', 'rolled-back'];

/** `CO-3`, `co-3`, `3` -> `CO-3`, or undefined. */
export function orderKey(typed: string): string | undefined {
  const m = /^(?:CO-?)?(\d{1,9})$/iu.exec(String(typed).trim());
  return m ? `CO-${Number(m[1])}` : undefined;
}

export async function createOrder(input: {
  title: string;
  externalId?: string;
  targetDate?: Date;
  by: string;
  now: Date;
}): Promise<ChangeOrderDoc> {
  const number = await nextSequence('change-order');
  const doc: ChangeOrderDoc = {
    _id: `CO-${number}`,
    number,
    title: input.title,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    ...(input.targetDate ? { targetDate: input.targetDate } : {}),
    rfcKeys: [],
    createdBy: input.by,
    createdAt: input.now,
  };
  await ChangeOrder.create(doc);
  return doc;
}

export async function requireOrder(typed: string): Promise<ChangeOrderDoc> {
  const key = orderKey(typed);
  const o = key ? await ChangeOrder.findById(key).lean<ChangeOrderDoc>() : null;
  if (!o)
    throw refusal(
      'NOT_FOUND',
      said('order.err.unknown', { typed: String(typed).slice(0, 40) }),
      said('order.err.unknownFix'),
    );
  return o;
}

/** Adds RFCs (that exist) to an order; an RFC belongs to one order at most. */
export async function addToOrder(typed: string, rfcKeys: readonly string[]): Promise<ChangeOrderDoc> {
  const o = await requireOrder(typed);
  return withKeyLock(`order:${o._id}`, async () => {
    const found = await Rfc.find({ key: { $in: rfcKeys.map(String) } }, { key: 1 }).lean<Array<{ key: string }>>();
    const missing = rfcKeys.filter((k) => !found.some((f) => f.key === k));
    if (missing.length)
      throw refusal(
        'NOT_FOUND',
        said(missing.length === 1 ? 'order.err.unknownRfc.one' : 'order.err.unknownRfc.other', {
          keys: missing.join(', '),
        }),
      );
    const elsewhere = await ChangeOrder.find({ rfcKeys: { $in: [...rfcKeys] }, _id: { $ne: o._id } }).lean<
      ChangeOrderDoc[]
    >();
    if (elsewhere.length)
      throw refusal(
        'INVALID_STATE',
        said('order.err.elsewhere', {
          list: joined(
            elsewhere.map((e) =>
              said('order.err.inOrder', {
                keys: e.rfcKeys.filter((k) => rfcKeys.includes(k)).join(', '),
                order: e._id,
              }),
            ),
            'policy.problems',
          ),
        }),
      );
    const keys = [...new Set([...o.rfcKeys, ...rfcKeys])];
    await ChangeOrder.updateOne({ _id: o._id }, { $set: { rfcKeys: keys } });
    return { ...o, rfcKeys: keys };
  });
}

export async function orderRfcs(o: ChangeOrderDoc): Promise<RfcDoc[]> {
  const rfcs = await Rfc.find({ key: { $in: o.rfcKeys } }).lean<RfcDoc[]>();
  return o.rfcKeys.map((k) => rfcs.find((r) => r.key === k)).filter((r): r is RfcDoc => r !== undefined);
}

/** "2 changes: 1 deployed, 1 scheduled; target 2026-12-10 00:00, overdue" — the order in one line. */
export function orderSummary(
  o: ChangeOrderDoc,
  rfcs: readonly RfcDoc[],
  now: Date,
  timezone: string,
  lang?: Lang,
): string {
  const by = new Map<string, number>();
  for (const r of rfcs) by.set(r.state, (by.get(r.state) ?? 0) + 1);
  const states = [...by.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
  const open = rfcs.some((r) => !ENDED.includes(r.state));
  const overdue = open && o.targetDate && o.targetDate < now ? msg(lang, 'order.summary.overdue') : '';
  const due = o.targetDate
    ? `${msg(lang, 'order.summary.target', { at: formatLocalIn(lang, o.targetDate, timezone) })}${overdue}`
    : '';
  const done = rfcs.length && rfcs.every((r) => DONE.includes(r.state)) ? msg(lang, 'order.summary.done') : '';
  return `${msgCount(lang, 'order.summary.count', rfcs.length)}${states ? `: ${states}` : ''}${due}${done}`;
}

/** Orders with a change still open (the digest's lines), newest first. */
export async function openOrders(limit: number): Promise<Array<{ order: ChangeOrderDoc; rfcs: RfcDoc[] }>> {
  const all = await ChangeOrder.find({}).sort({ number: -1 }).limit(200).lean<ChangeOrderDoc[]>();
  const out: Array<{ order: ChangeOrderDoc; rfcs: RfcDoc[] }> = [];
  for (const order of all) {
    const rfcs = await orderRfcs(order);
    if (!rfcs.length || rfcs.some((r) => !ENDED.includes(r.state))) out.push({ order, rfcs });
    if (out.length >= limit) break;
  }
  return out;
}

/** The latest change orders, newest first. */
export async function latestOrders(limit: number): Promise<ChangeOrderDoc[]> {
  return ChangeOrder.find({}).sort({ number: -1 }).limit(limit).lean<ChangeOrderDoc[]>();
}

/** What the `order` commands ask of the domain (ChangeService.orders). */
export const changeOrders = {
  create: createOrder,
  require: requireOrder,
  add: addToOrder,
  rfcs: orderRfcs,
  latest: latestOrders,
};
