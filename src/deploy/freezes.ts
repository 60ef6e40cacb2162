import { DateTime } from 'luxon';
import mongoose, { Schema, type Types } from 'mongoose';
import { formatLocalIn, msg } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { refusal, said, saidDate } from '../i18n/refusal';
import type { Config } from '../config/schema';
import { memberships } from '../inventory/host.model';

/** A blackout period set from chat (`deploy freeze GROUP until DATE REASON`). */
export interface FreezeDoc {
  _id: Types.ObjectId;
  group: string;
  from: Date;
  until: Date;
  reason: string;
  setBy: string;
  setAt: Date;
}

const freezeSchema = new Schema<FreezeDoc>(
  {
    group: { type: String, required: true },
    from: { type: Date, required: true },
    until: { type: Date, required: true },
    reason: { type: String, required: true },
    setBy: { type: String, required: true },
    setAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const Freeze =
  (mongoose.models.Freeze as mongoose.Model<FreezeDoc> | undefined) ??
  mongoose.model<FreezeDoc>('Freeze', freezeSchema, 'deploy_freezes');

export interface ActiveFreeze {
  group: string;
  from: Date;
  until: Date;
  reason: string;
  setBy: string;
  source: 'config' | 'chat';
}

/** "2026-06-12" (end of that day when `endOfDay`) or "2026-06-12 08:00", local to the organisation. */
export function parseLocalDate(typed: string, timezone: string, endOfDay = false): Date {
  const t = typed.trim().replace(' ', 'T');
  const dt = DateTime.fromISO(t, { zone: timezone });
  if (!dt.isValid)
    throw refusal('USAGE', said('freeze.notADate', { typed: typed.slice(0, 40) }), said('freeze.notADateFix'));
  return (endOfDay && !t.includes('T') ? dt.endOf('day') : dt).toJSDate();
}

/** Blackout periods from config and chat. */
export class FreezeService {
  constructor(private readonly deps: { config: Config }) {}

  private get tz(): string {
    return this.deps.config.organisation.timezone;
  }

  async add(input: { group: string; until: string; reason: string; setBy: string; now: Date }): Promise<ActiveFreeze> {
    const until = parseLocalDate(input.until, this.tz, true);
    if (until <= input.now) throw refusal('USAGE', said('freeze.past', { time: saidDate(until, this.tz) }));
    const doc = await Freeze.create({
      group: input.group.toLowerCase(),
      from: input.now,
      until,
      reason: input.reason,
      setBy: input.setBy,
      setAt: input.now,
    });
    return { group: doc.group, from: doc.from, until: doc.until, reason: doc.reason, setBy: doc.setBy, source: 'chat' };
  }

  /** Ends the chat freezes of a group (config freezes end only by editing the config). */
  async remove(group: string, now: Date): Promise<number> {
    const filter = { group: String(group).toLowerCase(), until: { $gt: now } };
    // A refusal writes nothing: look first (the freezes are few), then end them.
    const r = (await Freeze.exists(filter)) ? await Freeze.updateMany(filter, { $set: { until: now } }) : undefined;
    if (!r?.modifiedCount) throw refusal('NOT_FOUND', said('freeze.none', { group }), said('freeze.noneFix'));
    return r.modifiedCount;
  }

  /** Freezes in force at `now` (or later, with `upcoming`). */
  async active(now: Date, upcoming = false): Promise<ActiveFreeze[]> {
    const fromConfig: ActiveFreeze[] = this.deps.config.deploy.freezes.map((f) => ({
      group: f.group.toLowerCase(),
      from: f.from ? parseLocalDate(f.from, this.tz) : new Date(0),
      until: parseLocalDate(f.until, this.tz, true),
      reason: f.reason,
      setBy: f.setBy,
      source: 'config',
    }));
    const fromChat = (await Freeze.find({ until: { $gt: now } }).lean<FreezeDoc[]>()).map((f) => ({
      group: f.group,
      from: f.from,
      until: f.until,
      reason: f.reason,
      setBy: f.setBy,
      source: 'chat' as const,
    }));
    return [...fromConfig, ...fromChat].filter((f) => f.until > now && (upcoming || f.from <= now));
  }

  /** The freezes that cover any of the hosts now, with the hosts they cover. */
  async blocking(
    hosts: ReadonlyArray<Parameters<typeof memberships>[0] & { name: string }>,
    now: Date,
  ): Promise<Array<ActiveFreeze & { hosts: string[] }>> {
    const out: Array<ActiveFreeze & { hosts: string[] }> = [];
    for (const f of await this.active(now)) {
      const covered = hosts.filter((h) => memberships(h).includes(f.group) || h.name === f.group).map((h) => h.name);
      if (covered.length) out.push({ ...f, hosts: covered });
    }
    return out;
  }

  describe(f: ActiveFreeze, lang?: Lang): string {
    return msg(lang, 'freeze.describe', {
      group: f.group,
      until: formatLocalIn(lang, f.until, this.tz),
      name: f.setBy,
      reason: f.reason,
    });
  }
}
