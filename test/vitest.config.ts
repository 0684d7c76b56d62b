import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test with the default JavaScript/TypeScript parser (oxc-parser), and
 * again with the fallback (`AGENTOS_JS_PARSER=typescript-estree`) the tests whose outcome
 * depends on the parser: the JavaScript front end, every rule example, and the CLI check.
 * The CLI tests hand the variable to the processes they start. (test/analysis/js-parser.test.ts
 * compares the two parsers file by file itself.)
 */
const PARSER_DEPENDENT = [
  'test/analysis/javascript.test.ts',
  'test/analysis/web-input.test.ts',
  'test/analysis/tools-by-reference.test.ts',
  'test/analysis/prompt-injection.test.ts',
  'test/analysis/evasions.test.ts',
  'test/rules/examples.test.ts',
  'test/cli/check.test.ts',
];

export default defineConfig({
  test: {
    // benchmark corpora copied there (git-ignored) carry their own test files
    exclude: ['**/node_modules/**', 'test/bench/.corpus/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'oxc', include: ['test/**/*.test.ts'] } },
      { extends: true, test: { name: 'typescript-estree', include: PARSER_DEPENDENT, env: { AGENTOS_JS_PARSER: 'typescript-estree' } } },
    ],
  },
});
