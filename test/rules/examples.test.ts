/**
 * Every rule's annotated examples: a line after `expect: <id>` must be reported by
 * that rule, a line after `ok: <id>` must not, and the rule reports nothing else.
 * Adding a rule means adding its YAML and examples; this file finds them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { AVAILABLE_LANGUAGES, factsFor, runRules } from '../../src/analysis/engine.js';
import { loadConfigFile } from '../../src/config/load.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { annotations } from '../helpers/annotations.js';

const rulesDir = defaultRulesDir();
const rules = loadRules(rulesDir, CHECK_NAMES);
const config = loadConfigFile(path.join(rulesDir, 'agentos.config.yaml'));

describe('rule examples', () => {
  it('every rule has an example for each of its languages', () => {
    for (const rule of rules) {
      expect(rule.examples.map((e) => e.language).sort(), rule.id).toEqual([...rule.languages].sort());
    }
  });

  for (const rule of rules) {
    for (const example of rule.examples) {
      // examples of a language without a front end in this build are listed as skipped
      it.skipIf(!AVAILABLE_LANGUAGES.has(example.language as never))(`${rule.id} (${example.language})`, async () => {
        const rel = path.relative(path.dirname(rulesDir), example.file).split(path.sep).join('/');
        const language = example.language === 'typescript' ? 'typescript' : example.language;
        const facts = await factsFor(rel, example.source, language as never);
        const findings = runRules(facts, example.source, [{ rule, severity: rule.severity, severityOverridden: false }], config);
        const reported = new Set(findings.map((f) => f.line));
        const notes = annotations(example.source).filter((a) => a.ruleId === rule.id);
        expect(notes.some((n) => n.kind === 'expect'), 'at least one expect annotation').toBe(true);
        expect(notes.some((n) => n.kind === 'ok'), 'at least one ok annotation').toBe(true);
        const problems: string[] = [];
        for (const n of notes) {
          if (n.kind === 'expect' && !reported.has(n.line)) problems.push(`line ${n.line}: expected ${rule.id}, not reported`);
          if (n.kind === 'ok' && reported.has(n.line)) problems.push(`line ${n.line}: reported ${rule.id} but marked ok`);
        }
        const annotated = new Set(notes.map((n) => n.line));
        for (const f of findings) if (!annotated.has(f.line)) problems.push(`line ${f.line}: unexpected ${rule.id}: ${f.message}`);
        expect(problems, `${example.file}\n${findings.map((f) => `  ${f.line}: ${f.message}`).join('\n')}`).toEqual([]);
      });
    }
  }
});
