import type { BusinessCalendar } from '../calendar/business-calendar';
import type { OutMessage } from '../chat/out-message';
import type { Config } from '../config/schema';
import type { Clock } from '../core/clock';
import { type IncidentStats, incidentStats } from './incident-stats';
import { rollupsBuilt } from '../tickets/rollup-build';
import { parsePeriod, type StatsPeriod } from './period';
import { type ChangeMeasures, renderStats } from './render-stats';

/** Provides the Redbook change measurements for a period, when change records exist. */
export type ChangeMeasuresSource = (period: StatsPeriod) => Promise<ChangeMeasures | undefined>;

export interface StatsServiceDeps {
  config: Config;
  clock: Clock;
  calendar: BusinessCalendar;
}

/** `stats [period]`: incident counts, medians, reopen rate, recurring categories, change measures. */
export class StatsService {
  private changeSource?: ChangeMeasuresSource;

  constructor(private readonly deps: StatsServiceDeps) {}

  /** Set by the change-management feature when it lands. */
  setChangeMeasures(source: ChangeMeasuresSource): void {
    this.changeSource = source;
  }

  period(typed?: string): StatsPeriod {
    return parsePeriod(typed || this.deps.config.digest.stats.defaultPeriod, this.deps.clock.now(), this.deps.calendar);
  }

  /** From the roll-ups once they are built (`from` 'tickets': the full aggregation, the baseline). */
  async incidents(period: StatsPeriod, from?: 'rollups' | 'tickets'): Promise<IncidentStats> {
    const source = from ?? ((await rollupsBuilt()) ? 'rollups' : 'tickets');
    return incidentStats(period, this.deps.calendar, this.deps.config.digest.stats.recurringMin, source);
  }

  async report(typed?: string): Promise<OutMessage> {
    const period = this.period(typed);
    const [stats, changes] = await Promise.all([this.incidents(period), this.changeSource?.(period)]);
    return renderStats(stats, changes);
  }
}
