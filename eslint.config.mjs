import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import * as regexp from 'eslint-plugin-regexp';
import graph from './test/architecture/import-graph.js';

const { DOMAIN, BASE } = graph;

/** Files matching `files` may not import, by a relative path, a folder (or file) named in `names`. */
const layerRule = (files, names, message) => ({
  files: [files],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: String.raw`^(\.\./)+(src/)?(${names.join('|')})(/|$)`, message }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-console': 'off',
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Prettier formats at 120 columns; what it cannot break (long strings and comments) is broken by hand.
  { files: ['{src,commands,jobs,adapters}/**/*.ts'], rules: { 'max-len': ['error', { code: 120 }] } },
  // Tests keep a long expected sentence or pattern on one line, where it reads as the user sees it.
  {
    files: ['test/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreTrailingComments: true,
        },
      ],
    },
  },
  // Chat text, Matrix HTML, RFC fields and deploy targets are typed by anyone: no regular expression
  // that can backtrack super-linearly may run on them (one crafted message held the event loop ~28 s).
  {
    files: ['{src,adapters,commands,jobs}/**/*.ts'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' },
  },
  // Imports point one way: adapters → src/bot → commands/, jobs/ → src/<domain> → src/db, src/core,
  // src/chat, src/config, src/people. test/architecture/import-graph.js checks the whole graph too.
  layerRule(
    `src/{${DOMAIN.join(',')}}/**/*.ts`,
    ['bot', 'commands', 'adapters', 'jobs', 'start-bot', 'build-services', 'cli'],
    'the domain may not import the bot runtime, commands, jobs or adapters: pass what it needs in, or move the code up',
  ),
  layerRule(
    `src/{${BASE.join(',')}}/**/*.ts`,
    ['bot', 'commands', 'adapters', 'jobs', 'start-bot', 'build-services', 'cli', ...DOMAIN],
    'src/db, core, chat, config and people are the base: they import nothing above them',
  ),
  layerRule(
    '{commands,jobs}/**/*.ts',
    ['bot', 'adapters', 'start-bot', 'build-services', 'cli'],
    'commands and jobs may not import the runtime or adapters above them',
  ),
  layerRule(
    'src/bot/**/*.ts',
    ['adapters'],
    'the runtime gets its adapters from the composition root (src/start-bot.ts)',
  ),
  {
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: String.raw`^(\.\./)+(commands|jobs|src/(?!(chat|config|core|i18n)/))`,
              message:
                'adapters import only src/chat, src/config, src/core and src/i18n (the catalog, for their own lines)',
            },
          ],
        },
      ],
    },
  },
);
