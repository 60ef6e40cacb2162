import type { CommandFamily, Subcommand } from './command';
import { usageError } from '../src/core/errors';
import { describeQuery, targetQuery, type TargetQuery } from '../src/inventory/select-targets';
import type { HostDoc } from '../src/inventory/host.model';
import { DEPLOYERS } from '../src/people/role';
import { installedOn } from '../src/inventory/installed';
import { formatLocal } from '../src/core/format-time';

const MAX_LISTED = 40;

function hostLine(h: HostDoc): string {
  const groups = [h.school, h.role, h.segment, ...h.groups].filter(Boolean).join(', ');
  return `${h.name}  ${h.address}:${h.port}${groups ? `  (${groups})` : ''}`;
}

const list: Subcommand<{ query: TargetQuery }> = {
  name: 'list',
  aliases: ['ls'],
  summary: 'List hosts, optionally selected like deploy targets.',
  usage: 'inventory list [GROUP|HOST …] [key=value …]',
  examples: ['inventory list', 'inventory list pilot', 'inventory list school=nordby role=classroom'],
  roles: DEPLOYERS,
  parse: (tokens) => ({ query: targetQuery(tokens.words, tokens.pairs) }),
  async run(ctx) {
    const hosts = await ctx.services.inventory.resolve(ctx.args.query);
    const shown = hosts.slice(0, MAX_LISTED).map(hostLine);
    const more = hosts.length > MAX_LISTED ? `\n… and ${hosts.length - MAX_LISTED} more` : '';
    await ctx.reply({
      text: `${hosts.length} host(s) for ${describeQuery(ctx.args.query)}:\n${shown.join('\n')}${more}`,
      card: {
        kind: 'generic',
        title: `Inventory: ${describeQuery(ctx.args.query)}`,
        status: `${hosts.length} HOSTS`,
        sections: [{ lines: [...shown, ...(more ? [more.trim()] : [])] }],
      },
    });
  },
};

const show: Subcommand<{ name: string }> = {
  name: 'show',
  summary: 'Show one host: address, user, groups, attributes, pinned host key and the package versions it runs.',
  usage: 'inventory show HOST',
  examples: ['inventory show pc-nordby-01'],
  roles: DEPLOYERS,
  parse(tokens) {
    const name = tokens.words[0];
    if (!name) throw usageError('HOST is missing.');
    return { name };
  },
  async run(ctx) {
    const h = await ctx.services.inventory.get(ctx.args.name);
    const fields = [
      { label: 'address', value: `${h.address}:${h.port}` },
      { label: 'user', value: h.user ?? `${ctx.services.config.deploy.ssh.user} (default)` },
      { label: 'school', value: h.school ?? '-' },
      { label: 'role', value: h.role ?? '-' },
      { label: 'segment', value: h.segment ?? '-' },
      { label: 'groups', value: h.groups.join(', ') || '-' },
      { label: 'host key', value: h.hostKey ?? 'not pinned: deployments refuse this host' },
      ...Object.entries(h.attributes).map(([k, v]) => ({ label: k, value: v })),
      ...[...(await installedOn(h.name)).values()].map((p) => ({
        label: `runs ${p.package}`,
        // The runner records the deployment's label ("Deployment D-4 of RFC-17"), which names the RFC already.
        value: `${p.version} (${
          p.deployment && p.rfcKey && p.deployment.includes(p.rfcKey)
            ? p.deployment
            : [p.rfcKey, p.deployment].filter(Boolean).join(' ')
        }, ${formatLocal(p.at, ctx.services.config.organisation.timezone)})`,
      })),
    ];
    await ctx.reply({
      text: [h.name, ...fields.map((f) => `${f.label}: ${f.value}`)].join('\n'),
      card: { kind: 'generic', title: h.name, fields },
    });
  },
};

const groups: Subcommand<Record<string, never>> = {
  name: 'groups',
  summary: 'Group names (groups, schools, roles, segments) with their host counts.',
  usage: 'inventory groups',
  roles: DEPLOYERS,
  parse: () => ({}),
  async run(ctx) {
    const all = await ctx.services.inventory.groups();
    await ctx.reply(
      all.length
        ? all.map((g) => `${g.name}: ${g.hosts}`).join('\n')
        : 'The inventory is empty. Import hosts with `opsdesk inventory import FILE`.',
    );
  },
};

export const inventoryCommands: CommandFamily = {
  name: 'inventory',
  aliases: ['hosts'],
  summary: 'The hosts deployments reach: list, show, groups.',
  subcommands: [list, show, groups],
};
