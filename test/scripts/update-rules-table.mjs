// Regenerates the rules table in README.md from rules/*.yaml (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadRules } from '../../dist/policy/rules.js';
import { renderRulesTable, replaceRulesTable } from '../../dist/policy/rules-table.js';

const readmeUrl = new URL('../../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const next = replaceRulesTable(readme, renderRulesTable(loadRules()));
if (next !== readme) {
  writeFileSync(readmeUrl, next);
  console.log('README.md: rules table updated');
} else {
  console.log('README.md: rules table already up to date');
}
