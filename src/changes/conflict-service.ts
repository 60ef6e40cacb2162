import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import type { Selectable } from '../inventory/select-targets';
import { findConflicts, PLANNED_STATES, type Conflict, type FreezeLike, type PlannedChange } from './change-conflicts';
import type { AuditEntry } from './change-audit.model';
import { conflictLine, conflictWith } from './render-conflicts';
import type { Lang } from '../i18n/languages';
import { Rfc, type RfcDoc, type StoredConflict } from './rfc.model';

/** Where the planning facts come from (the inventory and the freezes, wired in src/build-services.ts). */
export interface PlanningPorts {
  hosts(): Promise<Selectable[]>;
  /** Freezes in force now or later. */
  freezes(now: Date): Promise<FreezeLike[]>;
}

type Record = (e: Pick<AuditEntry, 'rfcKey' | 'actorId' | 'kind' | 'reason' | 'data'>) => Promise<unknown>;

const FIELDS = { key: 1, title: 1, state: 1, targets: 1, window: 1, conflicts: 1 };

/**
 * Planning-time conflicts of changes (change-conflicts.ts), stored on each change (`conflicts`) so its CCB card and
 * `rfc show` name them, and kept symmetric: when RFC-2 overlaps RFC-1, both say so. A change in the record when its
 * conflicts change (a `note`).
 */
export class ConflictService {
  constructor(
    private readonly deps: { config: Config; clock: Clock; planning?: PlanningPorts },
    private readonly record: Record,
  ) {}

  /** Whether conflicts refuse submit, schedule and deploy (`changes.policy.blockConflicts`). */
  get blocking(): boolean {
    return this.deps.config.changes.policy.blockConflicts;
  }

  /** The conflicts `subject` would have (its own stored record is not read or written). */
  async find(subject: PlannedChange): Promise<Conflict[]> {
    const p = this.deps.planning;
    if (!p || !subject.window || !subject.targets.length) return [];
    const [others, hosts, freezes] = await Promise.all([
      Rfc.find({ state: { $in: [...PLANNED_STATES] } }, FIELDS).lean<RfcDoc[]>(),
      p.hosts(),
      p.freezes(this.deps.clock.now()),
    ]);
    return findConflicts(subject, others, hosts, freezes);
  }

  /** Lines for people, in `lang` (stored ones: English, the record's language). */
  lines(conflicts: readonly Conflict[], lang?: Lang): string[] {
    return conflicts.map((c) => conflictLine(c, this.deps.config.organisation.timezone, lang));
  }

  /**
   * Recomputes and stores the conflicts of `key` and of every change it meets (or met): returns its conflicts and the
   * keys whose stored conflicts changed (their cards need an edit).
   */
  async sync(key: string, actorId: string): Promise<{ conflicts: Conflict[]; touched: string[] }> {
    const rfc = await Rfc.findOne({ key: String(key) }, FIELDS).lean<RfcDoc>();
    if (!rfc) return { conflicts: [], touched: [] };
    const conflicts = (PLANNED_STATES as readonly string[]).includes(rfc.state) ? await this.find(rfc) : [];
    const touched: string[] = [];
    if (await this.store(rfc, conflicts, actorId)) touched.push(rfc.key);
    const was = await Rfc.find({ 'conflicts.with': rfc.key }, FIELDS).lean<RfcDoc[]>();
    const meets = conflicts.flatMap((c) => (c.kind === 'rfc' ? [c.key] : []));
    const others = new Set([...was.map((r) => r.key), ...meets]);
    for (const k of others) {
      const other = await Rfc.findOne({ key: k }, FIELDS).lean<RfcDoc>();
      if (!other) continue;
      const theirs = (PLANNED_STATES as readonly string[]).includes(other.state) ? await this.find(other) : [];
      if (await this.store(other, theirs, actorId)) touched.push(other.key);
    }
    return { conflicts, touched };
  }

  /** Stores the conflicts when they differ from the stored ones (and records the change); true when stored. */
  private async store(rfc: RfcDoc, conflicts: readonly Conflict[], actorId: string): Promise<boolean> {
    const next: StoredConflict[] = conflicts.map((c) => ({ with: conflictWith(c), text: this.lines([c])[0] }));
    const same =
      JSON.stringify((rfc.conflicts ?? []).map((c) => [c.with, c.text])) ===
      JSON.stringify(next.map((c) => [c.with, c.text]));
    if (same) return false;
    await Rfc.updateOne({ _id: rfc._id }, { $set: { conflicts: next } });
    await this.record({
      rfcKey: rfc.key,
      actorId,
      kind: 'note',
      reason: next.length ? `planning conflicts: ${next.map((c) => c.with).join(', ')}` : 'no planning conflicts left',
      data: { conflicts: next.map((c) => c.with) },
    });
    return true;
  }
}
