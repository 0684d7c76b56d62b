/**
 * The package as users get it: `npm pack`, install the tarball into a new, empty
 * project, and run `npx agentos check` there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

describe('packaged install', () => {
  it('installs from the packed tarball and runs `npx agentos check` in an empty project', () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'agentos-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = path.join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(
      path.join(project, 'agent.js'),
      "import Database from 'better-sqlite3';\nconst db = new Database('x.db');\ndb.exec('DROP TABLE users');\n",
    );
    // dependencies come from the local npm cache when it has them
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball!)], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });

    // Python and shell need the tree-sitter grammars: natively, and as WebAssembly
    writeFileSync(path.join(project, 'tool.py'), 'import os\n\ndef run(cmd):\n    os.system("rm -rf /tmp/cache")\n');
    writeFileSync(path.join(project, 'setup.sh'), '#!/bin/sh\nsudo apt-get install -y jq\n');
    for (const backend of ['native', 'wasm']) {
      const r = spawnSync('npx', ['--no-install', 'agentos', 'check', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, AGENTOS_TREE_SITTER: backend } });
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.status).toBe(1);
      const out = JSON.parse(r.stdout);
      expect(out.errors, backend).toEqual([]);
      expect(out.findings.map((f: { ruleId: string; file: string }) => `${f.file} ${f.ruleId}`), backend).toEqual(['agent.js sql-destructive', 'setup.sh shell-sudo', 'tool.py subprocess-shell']);
    }

    const lib = spawnSync(process.execPath, ['--input-type=module', '-e', "import('agentos').then(m => console.log(typeof m.runCheck, typeof m.KernelSpace, typeof m.classifySql))"], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(lib.stdout.trim()).toBe('function function function');
  }, 300_000);
});
