// The import graph of opsdesk's own source (src/, commands/, jobs/, adapters/): circles, and imports
// that run against the layers (adapters → src/bot → commands, jobs → src/<domain> → src/db, src/core,
// src/chat, src/config). Run by `npm run lint`; test/architecture/import-graph.test.ts shows it fails.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..', '..');
const SOURCE_DIRS = ['src', 'commands', 'jobs', 'adapters'];

/** Folders of the domain: they may import each other and the base, never the runtime above them. */
const DOMAIN = [
  'tickets',
  'changes',
  'votes',
  'deploy',
  'digest',
  'problems',
  'sla',
  'stats',
  'inventory',
  'packages',
  'calendar',
  'maintenance',
  'signing',
  'ssh',
];
/** The base every layer stands on (people: identities and roles, which the config declares). */
const BASE = ['db', 'core', 'chat', 'config', 'people', 'i18n'];

/** The layer a file belongs to, from its path relative to the repository root. */
function layerOf(rel) {
  const [top, sub] = rel.split('/');
  if (top === 'adapters') return 'adapters';
  if (top === 'commands' || top === 'jobs') return 'commands';
  if (top !== 'src') return 'other';
  if (sub === 'bot') return 'bot';
  if (DOMAIN.includes(sub)) return 'domain';
  if (BASE.includes(sub)) return 'base';
  return 'root'; // cli.ts, start-bot.ts, build-services.ts, http/, docs/, cli/: the composition root and tools
}

/** Adapters translate: of src/ they see only the neutral chat model, their config, the core and the catalog. */
const ADAPTER_BASE = ['chat', 'config', 'core', 'i18n'];

/** What each layer may not import. */
const FORBIDDEN = {
  base: ['domain', 'commands', 'bot', 'adapters', 'root'],
  domain: ['commands', 'bot', 'adapters', 'root'],
  commands: ['bot', 'adapters', 'root'],
  bot: ['adapters'],
  adapters: ['domain', 'commands', 'bot', 'root'],
};

function listFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (/\.ts$/u.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolve(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Map of file (relative to the root) → the files it imports (relative specifiers only, type imports included). */
function buildGraph(root = ROOT, files) {
  const all =
    files ?? SOURCE_DIRS.flatMap((d) => (fs.existsSync(path.join(root, d)) ? listFiles(path.join(root, d)) : []));
  const graph = new Map();
  for (const file of all) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolve(file, ref.fileName);
      if (target) targets.push(path.relative(root, target).split(path.sep).join('/'));
    }
    graph.set(path.relative(root, file).split(path.sep).join('/'), [...new Set(targets)]);
  }
  return graph;
}

/** Every import circle (Tarjan's strongly connected components of more than one file, or a self-import). */
function findCycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** Imports that point up the layers: `from → to (fromLayer may not import toLayer)`. */
function layerViolations(graph) {
  const out = [];
  for (const [from, targets] of graph) {
    const forbidden = FORBIDDEN[layerOf(from)] ?? [];
    for (const to of targets) {
      if (forbidden.includes(layerOf(to))) out.push(`${from} → ${to} (${layerOf(from)} may not import ${layerOf(to)})`);
      else if (layerOf(from) === 'adapters' && to.startsWith('src/') && !ADAPTER_BASE.includes(to.split('/')[1])) {
        out.push(`${from} → ${to} (adapters import only src/${ADAPTER_BASE.join(', src/')})`);
      }
    }
  }
  return out;
}

module.exports = { buildGraph, findCycles, layerViolations, layerOf, DOMAIN, BASE };

if (require.main === module) {
  const graph = buildGraph();
  const cycles = findCycles(graph);
  const violations = layerViolations(graph);
  for (const c of cycles) console.error(`import circle: ${c.join(' ↔ ')}`);
  for (const v of violations) console.error(`import against the layers: ${v}`);
  if (cycles.length || violations.length) process.exit(1);
  console.log(`imports: ${graph.size} files, no circle, every import points down the layers`);
}
