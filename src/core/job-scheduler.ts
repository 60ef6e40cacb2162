/** The domain's way to schedule work; backed by Agenda. */
export interface JobScheduler {
  /** Run as soon as a worker is free. */
  now<D extends object>(name: string, data: D): Promise<string>;
  /** Run once at `when`. `uniqueKey` makes a second schedule with the same key replace the first. */
  at<D extends object>(name: string, when: Date, data: D, uniqueKey?: string): Promise<string>;
  /** Run on a cron schedule in a time zone (unique per name + key). */
  every<D extends object>(
    name: string,
    cron: string,
    data: D,
    opts: { timezone: string; uniqueKey?: string },
  ): Promise<void>;
  /** Cancel scheduled jobs of `name` whose data matches `dataMatch` (flat equality on data fields). */
  cancel(name: string, dataMatch?: Record<string, string | number | boolean>): Promise<number>;
}
