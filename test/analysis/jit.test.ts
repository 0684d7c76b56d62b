import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowRuntimeTuning, DEFAULT_INTERRUPT_BUDGET, LONG_RUN_BYTES, LONG_RUN_INTERRUPT_BUDGET, tuneForLongRun } from '../../src/analysis/jit.js';

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

  it('lets the heap of a long run grow to twice what survived a full collection, not up to four times', () => {
    // a live set of a few tens of MiB and a stream of garbage: the heap's largest size with and without the tuning
    const script = (tune: boolean) => `
      import { allowRuntimeTuning, tuneForLongRun } from ${JSON.stringify(jit)};
      allowRuntimeTuning();
      ${tune ? `tuneForLongRun(${LONG_RUN_BYTES});` : ''}
      const live = [];
      for (let i = 0; i < 200_000; i++) live.push({ a: i, b: 'x' + i, c: [i, i + 1] });
      let max = 0;
      for (let r = 0; r < 60; r++) {
        const garbage = [];
        for (let i = 0; i < 100_000; i++) garbage.push({ a: i, b: 'y' + i, c: [i] });
        if (r % 3 === 0) live.push(garbage.slice(0, 2000));
        max = Math.max(max, process.memoryUsage().heapTotal);
      }
      console.log(max);`;
    const plain = Number(node(script(false)));
    const tuned = Number(node(script(true)));
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThan(plain * 0.85);
  });

  it("knows V8's default interrupt budget, which the code cache is read and made under", () => {
    const help = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(help).toContain(`default: --interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}\n`);
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

