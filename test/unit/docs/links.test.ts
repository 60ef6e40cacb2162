import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The documentation points at things that exist: every relative Markdown link in README.md,
 * CONTRIBUTING.md and docs/*.md names a file (or folder) of the repository, every `#anchor` a
 * heading of its target, and every path CONTRIBUTING.md names in backticks is in the tree.
 */

const ROOT = resolve(__dirname, '..', '..', '..');

const checkedFiles = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

interface Line {
  n: number;
  text: string;
  /** Inside a fenced code block (``` or ~~~). */
  fenced: boolean;
}

/** The lines of a Markdown text, each marked as in or out of a fenced code block (fence lines count as in). */
function markdownLines(md: string): Line[] {
  const out: Line[] = [];
  let fence: { char: string; len: number } | undefined;
  md.split('\n').forEach((text, i) => {
    const m = /^ {0,3}(`{3,}|~{3,})/u.exec(text);
    if (!fence && m) {
      fence = { char: m[1][0], len: m[1].length };
      out.push({ n: i + 1, text, fenced: true });
    } else if (fence) {
      if (m && m[1][0] === fence.char && m[1].length >= fence.len && text.trim() === m[1]) fence = undefined;
      out.push({ n: i + 1, text, fenced: true });
    } else {
      out.push({ n: i + 1, text, fenced: false });
    }
  });
  return out;
}

/** A heading's text as GitHub renders it: code spans keep their content, links their text, emphasis goes. */
function renderedText(heading: string): string {
  return heading
    .split(/(`+[^`]*`+)/u)
    .map((part, i) =>
      i % 2 === 1
        ? part.replace(/^`+|`+$/gu, '')
        : part
            .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, '$1')
            .replace(/<[^>]+>/gu, '')
            .replace(/\*+/gu, '')
            .replace(/(^|\W)_+|_+(?=\W|$)/gu, '$1'),
    )
    .join('');
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case; punctuation, symbols and emoji removed
 * (letters, digits, `_`, `-` and spaces stay); each space becomes `-`.
 */
function githubSlug(heading: string): string {
  return renderedText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /gu, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs (repeats get -1, -2, …) and HTML ids. */
function anchorsOf(md: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text, fenced } of markdownLines(md)) {
    if (fenced) continue;
    const h = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/u.exec(text);
    if (h) {
      const base = githubSlug(h[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const a of text.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/giu)) anchors.add(a[1]);
  }
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/** Inline links and images `[text](target)` and reference definitions `[ref]: target`, outside code. */
function linksOf(md: string): Link[] {
  const links: Link[] = [];
  for (const { n, text, fenced } of markdownLines(md)) {
    if (fenced) continue;
    const prose = text.replace(/(`+)[^`]*?\1/gu, '');
    for (const m of prose.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/gu)) {
      links.push({ line: n, target: m[1].replace(/^<|>$/gu, '') });
    }
    const def = /^ {0,3}\[[^\]]+\]:\s*<?([^>\s]+)>?/u.exec(prose);
    if (def) links.push({ line: n, target: def[1] });
  }
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/iu.test(target);

/** What is wrong with the links of one file of the repository, one line per problem. */
function brokenLinks(file: string, root = ROOT): string[] {
  const md = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const { line, target } of linksOf(md)) {
    if (!target || isExternal(target)) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const where = `${file}:${line}: (${target})`;
    const abs =
      pathPart === ''
        ? join(root, file)
        : pathPart.startsWith('/')
          ? join(root, pathPart)
          : resolve(root, dirname(file), pathPart);
    if (abs !== root && !abs.startsWith(root + sep)) {
      problems.push(`${where} points outside the repository`);
      continue;
    }
    if (!existsSync(abs)) {
      problems.push(`${where} names ${relative(root, abs)}, which does not exist`);
      continue;
    }
    if (anchor !== undefined && abs.endsWith('.md') && !anchorsOf(readFileSync(abs, 'utf8')).has(anchor)) {
      problems.push(`${where} has no heading #${anchor} in ${relative(root, abs)}`);
    }
  }
  return problems;
}

/** Top-level folders a path in the prose may start with; a token ending in a file extension is a path too. */
const TOP_LEVEL = ['src', 'commands', 'jobs', 'adapters', 'test', 'docs', 'fixtures', '.ci'];
const FILE_EXTENSION = /\.(?:ts|js|mjs|cjs|json|md|ya?ml|sh|csv)$/u;

/** The token as a repository path, or undefined when it does not look like one (`/ticket`, `ChatEvent`, `a/b`). */
function asPath(token: string): string | undefined {
  const t = token.replace(/^[(`'"]+|[`'",;:.)]+$/gu, '');
  if (!t || /\s/u.test(t) || t.startsWith('/') || t.includes('://')) return undefined;
  if (t.includes('/')) return TOP_LEVEL.includes(t.split('/')[0]) || FILE_EXTENSION.test(t) ? t : undefined;
  return FILE_EXTENSION.test(t) ? t : undefined;
}

/** Paths named in backticks (and, in code blocks, as words) that are not in the repository. */
function missingPaths(file: string, root = ROOT): string[] {
  const tokens: Array<{ line: number; token: string }> = [];
  for (const { n, text, fenced } of markdownLines(readFileSync(join(root, file), 'utf8'))) {
    if (fenced) for (const word of text.split(/\s+/u)) tokens.push({ line: n, token: word });
    else for (const m of text.matchAll(/(`+)([^`]+?)\1/gu)) tokens.push({ line: n, token: m[2].trim() });
  }
  const missing: string[] = [];
  for (const { line, token } of tokens) {
    const path = asPath(token);
    if (!path) continue;
    // `commands/<family>.ts`, `src/<domain>/`: the folder before the placeholder must exist.
    const segments = path.split('/');
    const placeholder = segments.findIndex((s) => /[<>*…{}[\]]/u.test(s));
    const existing = placeholder < 0 ? path : segments.slice(0, placeholder).join('/');
    if (!existsSync(join(root, existing))) missing.push(`${file}:${line}: ${path}`);
  }
  return missing;
}

describe('githubSlug', () => {
  test.each([
    ['Change management: RFCs and CCB votes', 'change-management-rfcs-and-ccb-votes'],
    ['How "once" is decided', 'how-once-is-decided'],
    ['`ticket` (also `tickets`, `case`, `inc`)', 'ticket-also-tickets-case-inc'],
    ['`/deploy RFC [TARGETS] [--canary N] [--dry-run]`', 'deploy-rfc-targets---canary-n---dry-run'],
    ['Restarts, faults and several processes', 'restarts-faults-and-several-processes'],
    ['Set it up (Socket Mode)', 'set-it-up-socket-mode'],
    ['**Bold** and _emphasis_ in `snake_case`', 'bold-and-emphasis-in-snake_case'],
    ['Votes ✅ and 👍', 'votes--and-'],
  ])('%s -> #%s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  test('a repeated heading gets -1, -2', () => {
    expect([...anchorsOf('# A\n## Commands\n## Commands\n```\n## Commands\n```\n## Commands\n')]).toEqual([
      'a',
      'commands',
      'commands-1',
      'commands-2',
    ]);
  });
});

describe('Markdown links', () => {
  test.each(checkedFiles)('%s: every relative link names a file that exists, every #anchor a heading there', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  test('links are found in prose, not in code', () => {
    const md = 'See [a](docs/a.md#x) and `[b](nowhere.md)`.\n```\n[c](nowhere.md)\n```\n[ref]: docs/b.md\n';
    expect(linksOf(md).map((l) => l.target)).toEqual(['docs/a.md#x', 'docs/b.md']);
  });
});

describe('CONTRIBUTING.md', () => {
  test('every path it names (`src/bot/intake.ts`, `adapters/slack/`, …) exists in the repository', () => {
    expect(missingPaths('CONTRIBUTING.md')).toEqual([]);
  });

  test('what counts as a path', () => {
    expect(
      ['src/bot/intake.ts', 'adapters/slack/', 'package.json', '(src/db/claims.ts:', 'commands/index.ts,'].map(asPath),
    ).toEqual(['src/bot/intake.ts', 'adapters/slack/', 'package.json', 'src/db/claims.ts', 'commands/index.ts']);
    expect(
      ['/ticket', 'ChatEvent', 'CommandFamily/Subcommand', 'npm run docs', 'https://example.org/a.md', 'ctx.reply'].map(
        asPath,
      ),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
