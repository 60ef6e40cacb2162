import type { CommandFamily, Subcommand } from './command';
import { msg } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';
import { deploymentLabel } from '../src/deploy/deployment.model';
import { policyError } from '../src/changes/change-policy';
import { rollbackDecision } from '../src/changes/change-policy-deploy';
import { requireRfc } from './use-cases/deploy-preconditions';
import { describeQuery, selectHosts, type TargetQuery } from '../src/inventory/select-targets';
import { parseTargetsAndFlags } from './deploy';
import { DEPLOYERS } from '../src/people/role';

interface Args {
  key: string;
  query?: TargetQuery;
  parallel?: number;
  dryRun: boolean;
}

const run: Subcommand<Args> = {
  name: 'run',
  summary: 'Run the backout script on the targets that received the change (all, or those named).',
  usage: 'rollback RFC [GROUP|HOST … key=value …] [--parallel P] [--dry-run]',
  examples: ['rollback RFC-17', 'rollback RFC-17 pc-nordby-03'],
  roles: DEPLOYERS,
  flagsWithValue: ['parallel', 'canary'],
  parse: parseTargetsAndFlags,
  async run(ctx) {
    const { services } = ctx;
    const rfc = await requireRfc(services, ctx.args.key);
    const base = await services.deployments.latest(rfc.key, 'deploy');
    const previous = await services.deployments.latest(rfc.key, 'rollback');
    const allowed = rollbackDecision(
      rfc,
      { state: base?.state ?? 'none', label: base ? deploymentLabel(base) : rfc.key },
      previous ? { state: previous.state, label: deploymentLabel(previous) } : undefined,
    );
    if (!allowed.ok) throw policyError(allowed);
    if (!base) throw refusal('PRECONDITION', said('deploy.cmd.noDeployment', { key: rfc.key }));
    // Every host that received it, across the RFC's deployments since its last rollback (a pilot, then the rest).
    let hosts = await services.inventory.byNames(await services.deployments.received(rfc.key));
    const partial = Boolean(ctx.args.query);
    if (ctx.args.query) {
      const sel = selectHosts(hosts, ctx.args.query);
      hosts = sel.hosts;
      if (sel.unknown.length)
        throw refusal('PRECONDITION', said('deploy.cmd.notReceived', { hosts: sel.unknown.join(', '), key: rfc.key }));
    }
    if (!hosts.length)
      throw refusal(
        'PRECONDITION',
        said('deploy.cmd.nothingToRollBack', {
          key: rfc.key,
          among: partial ? said('deploy.cmd.among', { query: describeQuery(ctx.args.query!) }) : '',
        }),
      );
    await services.packages.verified(base.package.name, base.package.version);
    if (ctx.args.dryRun) {
      await ctx.reply(
        msg(ctx.person.language, 'deploy.cmd.rollbackDryRun', {
          package: `${base.package.name} ${base.package.version}`,
          count: hosts.length,
          hosts: hosts.map((h) => h.name).join(', '),
        }),
      );
      return;
    }
    await services.deployments.start({
      kind: 'rollback',
      rfcKey: rfc.key,
      rfcId: rfc._id,
      rollbackOf: base._id,
      package: base.package,
      emergency: true,
      person: ctx.person,
      conversation: ctx.conversation,
      hosts,
      targetsText: storedTargetsText(partial ? describeQuery(ctx.args.query!) : undefined, hosts.length),
      options: { canary: 0, parallel: ctx.args.parallel ?? services.config.deploy.parallel, abortFailureRatio: 1 },
    });
    // A rollback stops the chase of what it undoes.
    await services.deployments.stopChase(rfc.key, storedStopReason(ctx.person.name));
  },
};

/** The rollback's targets as stored on the deployment record (a record, written once in English). */
function storedTargetsText(query: string | undefined, count: number): string {
  return query !== undefined ? `${query} (partial)` : `the ${count} host(s) that received it`;
}

/** Why the chase stopped, as stored on the record. */
function storedStopReason(name: string): string {
  return `rolled back by ${name}`;
}

export const rollbackCommands: CommandFamily = {
  name: 'rollback',
  summary: 'Undo a deployment: the backout script on the targets that received it.',
  subcommands: [run],
  defaultSubcommand: 'run',
};
