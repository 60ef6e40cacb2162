import type { CommandFamily, Subcommand } from './command';
import { preconditionFailed } from '../src/core/errors';
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
    if (!base) throw preconditionFailed(`${rfc.key} has no deployment to roll back.`);
    // Every host that received it, across the RFC's deployments since its last rollback (a pilot, then the rest).
    let hosts = await services.inventory.byNames(await services.deployments.received(rfc.key));
    const partial = Boolean(ctx.args.query);
    if (ctx.args.query) {
      const sel = selectHosts(hosts, ctx.args.query);
      hosts = sel.hosts;
      if (sel.unknown.length)
        throw preconditionFailed(`${sel.unknown.join(', ')} did not receive ${rfc.key} (or are not in the inventory).`);
    }
    if (!hosts.length)
      throw preconditionFailed(
        `No target of ${rfc.key} received the change${partial ? ` among ${describeQuery(ctx.args.query!)}` : ''}; ` +
          `there is nothing to roll back.`,
      );
    await services.packages.verified(base.package.name, base.package.version);
    if (ctx.args.dryRun) {
      await ctx.reply(
        `Dry run: the backout script of ${base.package.name} ${base.package.version} would run on ${hosts.length} ` +
          `host(s): ${hosts.map((h) => h.name).join(', ')}. Nothing was changed.`,
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
      targetsText: partial
        ? `${describeQuery(ctx.args.query!)} (partial)`
        : `the ${hosts.length} host(s) that received it`,
      options: { canary: 0, parallel: ctx.args.parallel ?? services.config.deploy.parallel, abortFailureRatio: 1 },
    });
    // A rollback stops the chase of what it undoes.
    await services.deployments.stopChase(rfc.key, `rolled back by ${ctx.person.name}`);
  },
};

export const rollbackCommands: CommandFamily = {
  name: 'rollback',
  summary: 'Undo a deployment: the backout script on the targets that received it.',
  subcommands: [run],
  defaultSubcommand: 'run',
};
