import type { CommandFamily, Subcommand } from './command';
import { describeQuery, targetQuery, type TargetQuery } from '../src/inventory/select-targets';
import type { HostDoc } from '../src/inventory/host.model';
import { DEPLOYERS } from '../src/people/role';
import { installedOn } from '../src/inventory/installed';
import { formatLocalIn, msg, speak } from '../src/i18n/catalog';
import { refusal, said } from '../src/i18n/refusal';

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
    const t = speak(ctx.person.language);
    const hosts = await ctx.services.inventory.resolve(ctx.args.query);
    const shown = hosts.slice(0, MAX_LISTED).map(hostLine);
    const more = hosts.length > MAX_LISTED ? [t('inventory.more', { count: hosts.length - MAX_LISTED })] : [];
    const query = describeQuery(ctx.args.query, ctx.person.language);
    await ctx.reply({
      text: [t('inventory.listText', { count: hosts.length, query }), ...shown, ...more].join('\n'),
      card: {
        kind: 'generic',
        title: t('inventory.title', { query }),
        status: t('inventory.status', { count: hosts.length }),
        sections: [{ lines: [...shown, ...more] }],
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
    if (!name) throw refusal('USAGE', said('inventory.hostMissing'));
    return { name };
  },
  async run(ctx) {
    const lang = ctx.person.language;
    const t = speak(lang);
    const h = await ctx.services.inventory.get(ctx.args.name);
    const fields = [
      { label: t('inventory.address'), value: `${h.address}:${h.port}` },
      {
        label: t('inventory.user'),
        value: h.user ?? t('inventory.userDefault', { user: ctx.services.config.deploy.ssh.user }),
      },
      { label: t('inventory.school'), value: h.school ?? '-' },
      { label: t('inventory.role'), value: h.role ?? '-' },
      { label: t('inventory.segment'), value: h.segment ?? '-' },
      { label: t('inventory.groups'), value: h.groups.join(', ') || '-' },
      { label: t('inventory.hostKey'), value: h.hostKey ?? t('inventory.notPinned') },
      ...Object.entries(h.attributes).map(([k, v]) => ({ label: k, value: v })),
      ...[...(await installedOn(h.name)).values()].map((p) => ({
        label: t('inventory.runs', { package: p.package }),
        // The runner records the deployment's label ("Deployment D-4 of RFC-17"), which names the RFC already.
        value: `${p.version} (${
          p.deployment && p.rfcKey && p.deployment.includes(p.rfcKey)
            ? p.deployment
            : [p.rfcKey, p.deployment].filter(Boolean).join(' ')
        }, ${formatLocalIn(lang, p.at, ctx.services.config.organisation.timezone)})`,
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
      all.length ? all.map((g) => `${g.name}: ${g.hosts}`).join('\n') : msg(ctx.person.language, 'inventory.empty'),
    );
  },
};

export const inventoryCommands: CommandFamily = {
  name: 'inventory',
  aliases: ['hosts'],
  summary: 'The hosts deployments reach: list, show, groups.',
  subcommands: [list, show, groups],
};
