/**
 * One rule, two enforcement points: for every rule that governs a runtime action, the
 * action each reported example performs (holes filled with hostile values) must be
 * denied by a kernel built from the same configuration the examples are checked with,
 * and the action each `ok` example performs (when its value has text; holes filled with a
 * harmless placeholder) must not be denied by that rule.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES } from '../../src/analysis/checks/index.js';
import { factsFor, runRules, sinkActions } from '../../src/analysis/engine.js';
import { loadConfigFile } from '../../src/config/load.js';
import { KernelSpace } from '../../src/kernel/index.js';
import { defaultRulesDir, loadRules } from '../../src/policy/rules.js';
import { annotations } from '../helpers/annotations.js';

const rulesDir = defaultRulesDir();
const rules = loadRules(rulesDir, CHECK_NAMES).filter((r) => r.runtime);
const configFile = path.join(rulesDir, 'agentos.config.yaml');
const config = loadConfigFile(configFile);
// strict: every policy the configuration implies is on
const kernel = KernelSpace.fromConfig({ ...config, policy: 'strict' });

const okChecked = new Map<string, number>();

describe('static findings and kernel decisions agree', () => {
  for (const rule of rules) {
    for (const example of rule.examples) {
      it(`${rule.id} (${example.language})`, async () => {
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
        const ok = new Set(annotations(example.source).filter((n) => n.kind === 'ok' && n.ruleId === rule.id).map((n) => n.line));
        for (const { line, action } of sinkActions(facts, rule)) {
          if (!ok.has(line)) continue;
          okChecked.set(rule.id, (okChecked.get(rule.id) ?? 0) + 1);
          const decision = kernel.check(action);
          expect(decision.allowed || decision.ruleId !== rule.id, `line ${line} is ok for the static check, but the kernel denies ${JSON.stringify(action)}: ${decision.reason}`).toBe(true);
        }
      });
    }
  }
});

describe('the agreement covers the ok side', () => {
  it('every rule with a runtime action has ok examples whose action the kernel was asked about', () => {
    for (const rule of rules) expect(okChecked.get(rule.id) ?? 0, rule.id).toBeGreaterThan(0);
  });
});
