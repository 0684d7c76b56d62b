/**
 * The kernel is a layer: the decision core (core.ts) imports none of the governed
 * operations, and no module of src/kernel imports another in a circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/kernel/', import.meta.url));
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const imports = new Map(
  modules.map((m) => {
    const text = readFileSync(path.join(dir, m), 'utf8');
    const deps = [...text.matchAll(/(?:from|import)\s*\(?\s*'\.\/([\w-]+)\.js'/g)].map((x) => `${x[1]}.ts`);
    return [m, [...new Set(deps)]] as const;
  }),
);

describe('kernel layering', () => {
  it('the decision core imports none of the governed operations nor KernelSpace', () => {
    const core = imports.get('core.ts')!;
    for (const op of ['kernel.ts', 'context.ts', 'exec.ts', 'fetch.ts', 'governed-fs.ts', 'wrap-tool.ts']) expect(core, op).not.toContain(op);
  });

  it('the governed operations do not import KernelSpace', () => {
    for (const op of ['context.ts', 'exec.ts', 'fetch.ts', 'governed-fs.ts', 'wrap-tool.ts']) expect(imports.get(op), op).not.toContain('kernel.ts');
  });

  it('no import cycle among the modules of src/kernel (type imports included)', () => {
    const cycles: string[] = [];
    const visit = (m: string, stack: string[]): void => {
      if (stack.includes(m)) {
        cycles.push([...stack.slice(stack.indexOf(m)), m].join(' -> '));
        return;
      }
      for (const d of imports.get(m) ?? []) visit(d, [...stack, m]);
    };
    for (const m of modules) visit(m, []);
    expect([...new Set(cycles)]).toEqual([]);
  });
});
