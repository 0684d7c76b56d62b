/** `agentos rules` and `agentos rules show <id>`. */
import { CHECK_NAMES } from '../analysis/checks/index.js';
import { loadRules } from '../policy/rules.js';
import type { RuleDefinition } from '../policy/types.js';
import { CliExit, usageError } from './io.js';

function load(): RuleDefinition[] {
  return loadRules(undefined, CHECK_NAMES);
}

export async function listRulesCommand(opts: { format?: string }): Promise<void> {
  const rules = load();
  if (opts.format === 'json') {
    const out = rules.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      severity: r.severity,
      languages: r.languages,
      presets: r.presets,
      runtime: r.runtime?.action ?? null,
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  if (opts.format && opts.format !== 'text') usageError(`--format: expected text or json, got ${JSON.stringify(opts.format)}`);
  const rows = rules.map((r) => [r.id, r.category, r.severity, r.languages.join(',')]);
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'LANGUAGES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + `\n\n${rules.length} rules. \`agentos rules show <id>\` for details.\n`);
}

export async function showRuleCommand(id: string): Promise<void> {
  const rule = load().find((r) => r.id === id);
  if (!rule) usageError(`unknown rule id \`${id}\` (run \`agentos rules\` for the list)`);
  const parts = [
    `${rule.id} — ${rule.title}`,
    `category: ${rule.category}   severity: ${rule.severity}   languages: ${rule.languages.join(', ')}`,
    `presets: ${rule.presets.join(', ')}${rule.runtime ? `   runtime action: ${rule.runtime.action}` : ''}`,
    '',
    rule.description,
    '',
    'What to do:',
    rule.remediation,
  ];
  if (rule.references.length) parts.push('', 'References:', ...rule.references.map((r) => `  - ${r}`));
  for (const ex of rule.examples) {
    parts.push('', `Example (${ex.language}): lines after \`expect\` are reported, lines after \`ok\` are not`, '', ex.source.trimEnd());
  }
  process.stdout.write(parts.join('\n') + '\n');
  throw new CliExit(0);
}
