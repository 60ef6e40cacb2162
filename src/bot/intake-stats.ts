/** What the intake reports about each event it handles (src/http/metrics.ts counts them; tests record them). */

export type Outcome = 'ok' | 'refused' | 'failed';

export interface IntakeStats {
  /** `over-budget`: not finished within `intake.budgetMs`; answered, recorded as handled, left running. */
  onHandled?(platform: string, kind: string, ms: number, outcome: Outcome | 'duplicate' | 'over-budget'): void;
  /** One command ran: its family (`unknown` if not in the catalog, `help`), time and outcome. */
  onCommand?(command: string, ms: number, outcome: 'ok' | 'refused' | 'failed'): void;
  /**
   * A limit held something back (`reports-per-person`, `reports-per-origin`, `dms-per-person`,
   * `mentions-per-comment`, `case-entries`), or (`folded`) a message went into the sender's case of
   * a moment ago. Who it was is in the log.
   */
  onFlood?(what: string, platform: string): void;
}
