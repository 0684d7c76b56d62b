/**
 * `check --jobs 2`: the worker threads take the parsed program models from the same YAML cache
 * as the main thread (the cache sits beside the code cache, AGENTOS_CODE_CACHE_FILE). A model
 * planted in the cache that differs from the rule file shows which one a thread used: every
 * file of the run must be judged by the same model, whichever thread checks it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempProject } from '../helpers/cli.js';

/** A call `git -c core.pager=less`: the git model's configuration keys make it a finding. */
const pagerCall = (n: number) =>
  `import subprocess\n\n\ndef pager_${n}():\n${'    x = 1\n'.repeat(n * 20)}    return subprocess.run(["git", "-c", "core.pager=less", "log"]).stdout\n`;

describe('check --jobs 2 and the parsed YAML cache', () => {
  it('judges every file by the cached program model, on the main thread and on the workers', () => {
    // files of different sizes: the largest goes to the main thread, the next ones to the worker
    const dir = tempProject(Object.fromEntries([1, 2, 3, 4].map((n) => [`p${n}.py`, pagerCall(n)])));
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'agentos-pool-yaml-'));
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const env = { AGENTOS_CODE_CACHE_FILE: path.join(cacheDir, 'cjs.bin') };
    const run = (jobs: string) => runCli(['check', '--no-cache', '--format', 'json', '--jobs', jobs], { cwd: dir, env });
    const ids = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => `${f.file} ${f.ruleId}`).sort();

    // the rule file's model, parsed and cached by a first run: four findings
    const first = run('1');
    expect(ids(first.stdout)).toEqual(['p1.py', 'p2.py', 'p3.py', 'p4.py'].map((f) => `${f} subprocess-shell`));
    expect(ids(run('2').stdout)).toEqual(ids(first.stdout));

    // a git model in the cache without configuration keys: no finding, on either thread
    const cacheFile = path.join(cacheDir, 'yaml.json');
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, Record<string, unknown>> };
    const gitText = readFileSync(path.join(repoRoot, 'rules', 'programs', 'git.yaml'), 'utf8');
    const key = createHash('sha256').update(gitText).digest('base64url');
    expect(cache.entries[key]?.['config-keys']).toBeDefined();
    cache.entries[key]!['config-keys'] = [];
    writeFileSync(cacheFile, JSON.stringify(cache), { mode: 0o600 });
    const one = run('1');
    expect(ids(one.stdout)).toEqual([]);
    const two = run('2');
    expect(two.stdout).toBe(one.stdout);
  });
});
