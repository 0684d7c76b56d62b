/** Real files of a temporary project as the project pass takes them, and modules that reach each other. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileJob } from '../../src/analysis/analyze.js';
import { languageOf } from '../../src/analysis/engine.js';

/** Every file of `dir` the engine has a language for, in path order, as `runCheck` would hand them to the project pass. */
export function projectJobs(dir: string): FileJob[] {
  const out: FileJob[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) visit(abs);
      else {
        const language = languageOf(abs);
        const rel = path.relative(dir, abs).split(path.sep).join('/');
        if (language) out.push({ rel, text: readFileSync(abs, 'utf8'), language, relToConfig: rel });
      }
    }
  };
  visit(dir);
  return out;
}

/** A TypeScript helper that runs its argument in a shell. */
export const SHELL_HELPER = "import { execSync } from 'node:child_process';\nexport function runCmd(cmd: string) {\n  return execSync(cmd).toString();\n}\n";

/** A TypeScript tool handing its input to `runCmd`, which `load` (a line of code) brings in. */
export function shellToolLoading(load: string): string {
  return [
    "import { tool } from 'ai';",
    "import { z } from 'zod';",
    load,
    'export const shell = tool({',
    '  inputSchema: z.object({ cmd: z.string() }),',
    '  execute: async ({ cmd }) => runCmd(cmd),',
    '});',
    '',
  ].join('\n');
}
