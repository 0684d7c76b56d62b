/**
 * Loading the native tree-sitter: every grammar's binary is loaded at once (a missing one makes
 * the whole back end fall back), but a parser is set to its grammar only when that grammar is
 * first parsed: setting the language builds a class per node type in the binding, half of
 * loading tree-sitter, which a run with shell scripts and Python parsed by the default parser
 * does not need for Python.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSource, resetTreeSitter, treeSitterBackend } from '../../src/analysis/treesitter.js';
import { onBackend } from '../helpers/tree-sitter.js';

const require = createRequire(import.meta.url);

describe('the native tree-sitter back end', () => {
  afterEach(() => resetTreeSitter());

  it('sets a parser to a grammar only when that grammar is parsed, once', async () => {
    const Parser = require('tree-sitter') as { prototype: { setLanguage(l: unknown): void } };
    const bash = require('tree-sitter-bash') as unknown;
    const python = require('tree-sitter-python') as unknown;
    const original = Parser.prototype.setLanguage;
    const set: unknown[] = [];
    Parser.prototype.setLanguage = function (this: unknown, l: unknown) {
      set.push(l);
      return original.call(this, l);
    };
    try {
      await onBackend('native', async () => {
        expect(await treeSitterBackend()).toBe('native');
        expect(set).toEqual([]);
        const sh = await parseSource('bash', 'echo hi\nls -la\n');
        expect(sh.root.type).toBe('program');
        await parseSource('bash', 'rm -rf "$1"\n');
        expect(set).toEqual([bash]);
        const py = await parseSource('python', 'import os\nos.system(x)\n');
        expect(py.root.type).toBe('module');
        expect(set).toEqual([bash, python]);
      });
    } finally {
      Parser.prototype.setLanguage = original;
    }
  });
});
