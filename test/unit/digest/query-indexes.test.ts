import { digestQuery } from '../../../src/digest/digest-figures';
import { Ticket } from '../../../src/tickets/ticket.model';
import { Problem } from '../../../src/problems/problem.model';
import { DigestRun } from '../../../src/digest/digest-run.model';
import { SlaAlert } from '../../../src/sla/sla-alert.model';
import { Ballot, Vote } from '../../../src/votes/ballot.model';
import { Rfc } from '../../../src/changes/rfc.model';
import { Deployment, DeployTarget } from '../../../src/deploy/deployment.model';
import type { Schema } from 'mongoose';

/**
 * The test database (FerretDB) cannot show index plans, so this checks the other half of "the
 * queries use indexes": every field a digest, SLA, stats or problem query filters or sorts on
 * leads an index declared on its collection (the benchmark explains the plans on MongoDB).
 */
function leadingFields(model: { schema: Schema }): Set<string> {
  const lead = model.schema.indexes().map(([fields]) => Object.keys(fields)[0]);
  const unique = Object.entries(model.schema.paths)
    .filter(([, p]) => (p.options as { unique?: boolean }).unique)
    .map(([name]) => name);
  return new Set(['_id', ...lead, ...unique]);
}

describe('digest, SLA, stats and problem queries have their indexes', () => {
  it('indexes every branch of the digest query', () => {
    const q = digestQuery(new Date('2026-03-30T05:30:00Z'), new Date('2026-03-02T00:00:00Z'));
    const branches = q.$or.map((b) => Object.keys(b)[0]);
    expect(branches).toEqual(['status', 'createdAt', 'resolvedAt', 'closedAt']);
    const indexed = leadingFields(Ticket);
    expect(branches.filter((f) => !indexed.has(f))).toEqual([]);
  });

  it('indexes the fields the other queries filter on', () => {
    const wanted: Array<[string, { schema: Schema }, string[]]> = [
      ['tickets', Ticket, ['status', 'createdAt', 'resolvedAt', 'problemKey', 'number', 'key']], // SLA, stats, problems
      ['problems', Problem, ['number', 'status']],
      ['digest_runs', DigestRun, ['day', 'postedAt']],
      ['sla_alerts', SlaAlert, ['ticketNumber']],
      ['ballots', Ballot, ['open']],
      ['votes', Vote, ['ballotId']],
      ['rfcs', Rfc, ['key']],
      ['deployments', Deployment, ['state', 'chase.active']],
      ['deploy_targets', DeployTarget, ['deploymentId']],
    ];
    const missing = wanted.flatMap(([name, model, fields]) =>
      fields.filter((f) => !leadingFields(model).has(f)).map((f) => `${name}.${f}`),
    );
    expect(missing).toEqual([]);
  });
});
