import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowRuntimeTuning, LONG_RUN_BYTES, LONG_RUN_INTERRUPT_BUDGET, startBudget, tuneForLongRun, V8_INTERRUPT_BUDGET } from '../../src/analysis/jit.js';

const jit = fileURLToPath(new URL('../../dist/analysis/jit.js', import.meta.url));

/** Run a script in a fresh Node process (V8's flags are the process's). */
function node(script: string, flags: string[] = []): string {
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('tuneForLongRun', () => {
  it('leaves a library caller alone, a short run too, and tunes a long one, once', () => {
    expect(LONG_RUN_INTERRUPT_BUDGET).toBe(8 * 67_584);
    // not allowed (runCheck called as a library): nothing, however long the run
    expect(tuneForLongRun(LONG_RUN_BYTES * 10)).toBe(false);
    allowRuntimeTuning();
    expect(tuneForLongRun(LONG_RUN_BYTES - 1)).toBe(false);
    expect(tuneForLongRun(LONG_RUN_BYTES)).toBe(true);
    // once tuned, a later short run in the same process does not undo it
    expect(tuneForLongRun(10)).toBe(true);
  });

  it("sets V8's interrupt budget: a hot function reaches the optimizing compiler later", () => {
    // how many calls of a small hot function run before V8 optimizes it, with and without the tuning
    const script = (tune: boolean) => `
      import { allowRuntimeTuning, tuneForLongRun } from ${JSON.stringify(jit)};
      allowRuntimeTuning();
      ${tune ? `tuneForLongRun(${LONG_RUN_BYTES});` : ''}
      function hot(a) { let s = 0; for (let i = 0; i < 20; i++) s += a[i % a.length] * i; return s; }
      const a = [1, 2, 3];
      let n = 0;
      // %GetOptimizationStatus: the value 16 is "optimized"
      while (!(%GetOptimizationStatus(hot) & 16) && n < 5_000_000) { hot(a); n++; }
      console.log(n);`;
    const plain = Number(node(script(false), ['--allow-natives-syntax', '--no-concurrent-recompilation']));
    const tuned = Number(node(script(true), ['--allow-natives-syntax', '--no-concurrent-recompilation']));
    expect(plain).toBeGreaterThan(0);
    expect(tuned).toBeGreaterThan(plain * 3);
  });

  it("knows the budget the process started with: V8's own, or the one its arguments or NODE_OPTIONS set", () => {
    const help = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(help).toContain(`default: --interrupt-budget=${V8_INTERRUPT_BUDGET}\n`);
    expect(startBudget([], '')).toBe(V8_INTERRUPT_BUDGET);
    expect(startBudget(['--interrupt-budget=1000'], '')).toBe(1000);
    expect(startBudget(['--interrupt_budget', '2000'], '--max-old-space-size=100 --interrupt-budget=3000')).toBe(2000);
    expect(startBudget([], '--interrupt-budget=3000')).toBe(3000);
  });

  it('reads and makes cached code under the flags the process started with, so that V8 accepts it in the next process', () => {
    // cached data made by one process (as the code cache does at exit), loaded by the next, after the tuning
    const data = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentos-jit-')), 'data.bin');
    const script = (step: 'make' | 'load') => `
      import vm from 'node:vm';
      import { readFileSync, writeFileSync } from 'node:fs';
      import { allowRuntimeTuning, tuneForLongRun, withStartFlags } from ${JSON.stringify(jit)};
      allowRuntimeTuning();
      tuneForLongRun(${LONG_RUN_BYTES});
      const source = 'function f(x) { return x + 1; } f(1);';
      const file = ${JSON.stringify(data)};
      if (${JSON.stringify(step)} === 'make') {
        const s = new vm.Script(source);
        s.runInThisContext();
        writeFileSync(file, withStartFlags(() => s.createCachedData()));
      } else {
        const load = () => new vm.Script(source, { cachedData: readFileSync(file) }).cachedDataRejected;
        console.log(JSON.stringify({ tuned: load(), start: withStartFlags(load) }));
      }`;
    node(script('make'));
    // under the raised budget V8 rejects what was made under the start flags: hence withStartFlags
    expect(JSON.parse(node(script('load')))).toEqual({ tuned: true, start: false });
  });
});

