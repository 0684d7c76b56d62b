import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { loadRules } from '../../src/policy/rules.js';
import { renderRulesTable, replaceRulesTable } from '../../src/policy/rules-table.js';
import { repoRoot } from '../helpers/cli.js';

it('README rules table is generated from rules/ (run `npm run rules:readme` when this fails)', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  expect(replaceRulesTable(readme, renderRulesTable(loadRules(undefined, CHECK_NAMES)))).toBe(readme);
});
