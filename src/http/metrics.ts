import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IntakeStats } from '../bot/intake';

/** opsdesk's Prometheus metrics, on their own registry. */
export class Metrics implements IntakeStats {
  readonly registry = new Registry();
  readonly events = new Counter({ name: 'opsdesk_events_total', help: 'Inbound events handled, by platform, kind and outcome', labelNames: ['platform', 'kind', 'outcome'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'opsdesk_event_seconds',
    help: 'Time from intake to handled, by platform and kind',
    labelNames: ['platform', 'kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'opsdesk_' });
  }

  onHandled(platform: string, kind: string, ms: number, outcome: string): void {
    this.events.inc({ platform, kind, outcome });
    if (outcome !== 'duplicate') this.latency.observe({ platform, kind }, ms / 1000);
  }
}
