/**
 * One rule, two enforcement points: for every rule that governs a runtime action, the
 * action each reported example performs (holes filled with hostile values) must be
 * denied by a kernel built from the same configuration the examples are checked with.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { AVAILABLE_LANGUAGES, factsFor, runRules } from '../../src/analysis/engine.js';
import { loadConfigFile } from '../../src/config/load.js';
import { KernelSpace } from '../../src/kernel/index.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';

const rulesDir = defaultRulesDir();
const rules = loadRules(rulesDir, CHECK_NAMES).filter((r) => r.runtime);
const configFile = path.join(rulesDir, 'agentos.config.yaml');
const config = loadConfigFile(configFile);
// strict: every policy the configuration implies is on
const kernel = KernelSpace.fromConfig({ ...config, policy: 'strict' });

describe('static findings and kernel decisions agree', () => {
  for (const rule of rules) {
    for (const example of rule.examples) {
      it.skipIf(!AVAILABLE_LANGUAGES.has(example.language as never))(`${rule.id} (${example.language})`, async () => {
        const rel = path.relative(path.dirname(rulesDir), example.file).split(path.sep).join('/');
        const facts = await factsFor(rel, example.source, example.language as never);
        const findings = runRules(facts, example.source, [{ rule, severity: rule.severity, severityOverridden: false }], config);
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) {
          expect(f.action, `line ${f.line}: a ${rule.id} finding must say which runtime action it performs`).toBeDefined();
          expect(f.action!.kind).toBe(rule.runtime!.action);
          const decision = kernel.check(f.action!);
          expect(decision.allowed, `line ${f.line}: kernel allowed ${JSON.stringify(f.action)}`).toBe(false);
        }
      });
    }
  }
});
