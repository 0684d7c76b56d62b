import { expect } from 'vitest';
import { resetTreeSitter, treeSitterBackend, type Backend } from '../../src/analysis/treesitter.js';

/**
 * Run a function with AGENTOS_TREE_SITTER set to a back end, restoring the previous one after.
 * Python goes to tree-sitter too (AGENTOS_PY_PARSER=tree-sitter), so that the back end is the
 * one that parses it.
 */
export async function onBackend<T>(backend: Backend | string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.AGENTOS_TREE_SITTER;
  const savedPy = process.env.AGENTOS_PY_PARSER;
  process.env.AGENTOS_TREE_SITTER = backend;
  process.env.AGENTOS_PY_PARSER = 'tree-sitter';
  resetTreeSitter();
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.AGENTOS_TREE_SITTER;
    else process.env.AGENTOS_TREE_SITTER = saved;
    if (savedPy === undefined) delete process.env.AGENTOS_PY_PARSER;
    else process.env.AGENTOS_PY_PARSER = savedPy;
    resetTreeSitter();
  }
}

/** Lower the same source on the native and on the WebAssembly back end (checking each is in use). */
export async function onBothBackends<T>(lower: () => Promise<T>): Promise<{ native: T; wasm: T }> {
  const run = (backend: Backend) =>
    onBackend(backend, async () => {
      expect(await treeSitterBackend()).toBe(backend);
      return lower();
    });
  const wasm = await run('wasm');
  const native = await run('native');
  return { native, wasm };
}
