/**
 * The pre-commit hook in real repositories with real commits: where it goes (plain, core.hooksPath,
 * linked worktree, submodule), chaining a user's hook, husky, lefthook, the pre-commit framework,
 * reinstall, uninstall and --force. The hook runs the program named by AGENTOS_BIN, by
 * node_modules/.bin/agentos or by the path recorded at install; these tests give it a small
 * script that logs its arguments and exits with the status the test chooses, so they check what
 * the hook runs and what git does with the answer.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { addHuskyLine, addLefthookEntry, preCommitSnippet, removeHuskyLine, removeLefthookEntry } from '../../src/git/hook-managers.js';
import { shellQuote } from '../../src/git/hooks.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const ID = ['-c', 'user.email=t@e.st', '-c', 'user.name=t'];

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv() });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** git without the caller's hook-related environment */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['AGENTOS_BIN', 'HUSKY', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) if (!(k in extra)) delete env[k];
  return env;
}

function newRepo(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-hooks-')));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(path.join(dir, 'README.md'), 'x\n');
  git(dir, 'add', '-A');
  git(dir, ...ID, 'commit', '-qm', 'first', '--no-verify');
  return dir;
}

/** A stand-in agentos: logs `<cwd> <args>` to `log`, exits with the status in `status` (default 0). */
function fakeAgentos(dir: string): { bin: string; log: string; status: string } {
  mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, 'agentos');
  const log = path.join(dir, 'calls.log');
  const status = path.join(dir, 'status');
  writeFileSync(bin, `#!/bin/sh\necho "$(pwd) $*" >> ${shellQuote(log)}\nexit $(cat ${shellQuote(status)} 2>/dev/null || echo 0)\n`, { mode: 0o755 });
  return { bin, log, status };
}

function calls(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
}

interface Commit {
  ok: boolean;
  stderr: string;
  stdout: string;
}

function commit(cwd: string, file: string, env: Record<string, string> = {}): Commit {
  writeFileSync(path.join(cwd, file), `${file} ${Math.random()}\n`);
  git(cwd, 'add', file);
  const r = spawnSync('git', [...ID, 'commit', '-qm', `add ${file}`], { cwd, encoding: 'utf8', env: gitEnv(env) });
  return { ok: r.status === 0, stderr: r.stderr, stdout: r.stdout };
}

function install(cwd: string, ...args: string[]) {
  return runCli(['install-hooks', ...args], { cwd, env: { AGENTOS_BIN: undefined } });
}

/** Every file of a directory with its bytes, mode and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = lstatSync(p);
    out[name] = `${st.mode.toString(8)} ${st.mtimeMs} ${st.isFile() ? readFileSync(p).toString('base64') : st.isSymbolicLink() ? 'link' : 'dir'}`;
  }
  return out;
}

const USER_HOOK = Buffer.concat([Buffer.from('#!/bin/sh\n# the user\'s own hook  \r\n'), Buffer.from([0xc3, 0xa9, 0x0a]), Buffer.from('echo "user hook $(pwd)" >> "$USER_LOG"\nexit "${USER_STATUS:-0}"\n')]);

describe('install-hooks: where the hook goes', () => {
  it('plain repository: the hook runs `check --staged` from the top of the work tree; exit 1 stops the commit, 0 lets it through', () => {
    const repo = newRepo();
    const fake = fakeAgentos(path.join(repo, '..', path.basename(repo) + '-bin'));
    mkdirSync(path.join(repo, 'src'));
    const r = install(path.join(repo, 'src'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    expect(lstatSync(hook).mode & 0o777).toBe(0o755);

    writeFileSync(fake.status, '1');
    const blocked = commit(repo, 'a.py', { AGENTOS_BIN: fake.bin });
    expect(blocked.ok).toBe(false);
    expect(calls(fake.log)).toEqual([`${repo} check --staged`]);
    expect(blocked.stderr.match(/--no-verify/g)).toHaveLength(1);
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

    writeFileSync(fake.status, '0');
    const passed = commit(repo, 'a.py', { AGENTOS_BIN: fake.bin });
    expect(passed.ok).toBe(true);
    expect(passed.stderr).not.toMatch(/no-verify/);
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('core.hooksPath: installs where git looks, not in .git/hooks', () => {
    const repo = newRepo();
    git(repo, 'config', 'core.hooksPath', 'ci/hooks');
    const fake = fakeAgentos(path.join(repo, 'fake'));
    expect(install(repo).code).toBe(0);
    expect(existsSync(path.join(repo, 'ci', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
    writeFileSync(fake.status, '1');
    expect(commit(repo, 'b.js', { AGENTOS_BIN: fake.bin }).ok).toBe(false);
    expect(calls(fake.log)).toHaveLength(1);
  });

  it('core.hooksPath outside the repository (shared by other repositories): refused without --force', () => {
    const repo = newRepo();
    const shared = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'agentos-shared-hooks-')));
    git(repo, 'config', 'core.hooksPath', shared);
    const r = install(repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`agentos: core.hooksPath points outside this repository (${shared}), so a hook there runs for other repositories too; re-run with --force to install it there anyway\n`);
    expect(readdirSync(shared)).toEqual([]);
    expect(install(repo, '--force').code).toBe(0);
    expect(readdirSync(shared)).toEqual(['pre-commit']);
  });

  it('linked worktree: installs into the common hooks directory and guards commits made in the worktree', () => {
    const repo = newRepo();
    const wt = path.join(path.dirname(repo), path.basename(repo) + '-wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', wt);
    const fake = fakeAgentos(path.join(repo, 'fake'));
    expect(install(wt).code).toBe(0);
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(true);
    writeFileSync(fake.status, '1');
    expect(commit(wt, 'w.py', { AGENTOS_BIN: fake.bin }).ok).toBe(false);
    expect(calls(fake.log)).toEqual([`${wt} check --staged`]);
  });

  it('submodule: installs into the submodule\'s own git directory; the superproject is not affected', () => {
    const lib = newRepo();
    const repo = newRepo();
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'lib');
    git(repo, ...ID, 'commit', '-qm', 'submodule', '--no-verify');
    const sub = path.join(repo, 'lib');
    const fake = fakeAgentos(path.join(path.dirname(repo), path.basename(repo) + '-fake'));
    expect(install(sub).code).toBe(0);
    expect(existsSync(path.join(repo, '.git', 'modules', 'lib', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
    writeFileSync(fake.status, '1');
    expect(commit(sub, 's.py', { AGENTOS_BIN: fake.bin }).ok).toBe(false);
    expect(calls(fake.log)).toEqual([`${sub} check --staged`]);
    expect(commit(repo, 'top.py', { AGENTOS_BIN: fake.bin }).ok).toBe(true);
    expect(calls(fake.log)).toHaveLength(1);
  });

  it('outside a repository: exit 2, "not a git repository"', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-nogit-'));
    const r = install(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a git repository/);
  });
});

describe('install-hooks: which agentos the hook runs', () => {
  it('prefers node_modules/.bin/agentos, else the program recorded at install', () => {
    const repo = newRepo();
    const recorded = fakeAgentos(path.join(repo, '..', path.basename(repo) + '-recorded'));
    expect(install(repo, '--bin', recorded.bin).code).toBe(0);
    expect(readFileSync(path.join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain(`'${recorded.bin}'`);
    expect(commit(repo, 'a.py').ok).toBe(true);
    expect(calls(recorded.log)).toEqual([`${repo} check --staged`]);

    const local = fakeAgentos(path.join(repo, 'node_modules', '.bin'));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    writeFileSync(local.status, '1');
    expect(commit(repo, 'b.py').ok).toBe(false);
    expect(calls(local.log)).toEqual([`${repo} check --staged`]);
    expect(calls(recorded.log)).toHaveLength(1);
  });

  it('fails fast with a clear message when agentos is missing', () => {
    const repo = newRepo();
    expect(install(repo, '--bin', path.join(repo, 'gone', 'agentos')).code).toBe(0);
    const r = commit(repo, 'a.py');
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/agentos program is missing/);
    expect(r.stderr).toContain(path.join(repo, 'gone', 'agentos'));
    expect(r.stderr.match(/--no-verify/g)).toHaveLength(1);
  });

  it('records this installation by default, and the recorded path survives odd characters', () => {
    const repo = newRepo();
    expect(install(repo).code).toBe(0);
    expect(readFileSync(path.join(repo, '.git', 'hooks', 'pre-commit'), 'utf8')).toContain(`agentos_recorded='${path.join(repoRoot, 'bin', 'agentos.js')}'`);
    const odd = fakeAgentos(path.join(repo, "..", `${path.basename(repo)} it's $(here)`));
    expect(install(repo, '--bin', odd.bin).stdout).toMatch(/updated/);
    expect(commit(repo, 'q.py').ok).toBe(true);
    expect(calls(odd.log)).toEqual([`${repo} check --staged`]);
  });
});

describe('install-hooks: an existing hook', () => {
  function withUserHook(mode: number) {
    const repo = newRepo();
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, USER_HOOK);
    chmodSync(hook, mode);
    const fake = fakeAgentos(path.join(path.dirname(repo), path.basename(repo) + '-fake'));
    const userLog = path.join(fake.log + '.user');
    return { repo, hook, fake, userLog };
  }

  it('is chained: it runs first, and its failure stops the commit before agentos runs', () => {
    const { repo, fake, userLog } = withUserHook(0o750);
    const r = install(repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kept as .*pre-commit\.agentos-previous and runs first/);
    expect(commit(repo, 'a.py', { AGENTOS_BIN: fake.bin, USER_LOG: userLog }).ok).toBe(true);
    expect(calls(userLog)).toEqual([`user hook ${repo}`]);
    expect(calls(fake.log)).toEqual([`${repo} check --staged`]);

    expect(commit(repo, 'b.py', { AGENTOS_BIN: fake.bin, USER_LOG: userLog, USER_STATUS: '3' }).ok).toBe(false);
    expect(calls(userLog)).toHaveLength(2);
    expect(calls(fake.log)).toHaveLength(1);
  });

  it('installing twice changes nothing', () => {
    const { repo } = withUserHook(0o755);
    expect(install(repo).code).toBe(0);
    const hooksDir = path.join(repo, '.git', 'hooks');
    const before = snapshot(hooksDir);
    const r = install(repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already installed.*nothing changed/);
    expect(snapshot(hooksDir)).toEqual(before);
  });

  it('uninstall puts the user\'s hook back byte for byte, with its mode, and leaves nothing behind', () => {
    const { repo, hook } = withUserHook(0o710);
    const hooksDir = path.join(repo, '.git', 'hooks');
    const before = snapshot(hooksDir);
    expect(install(repo).code).toBe(0);
    expect(install(repo).code).toBe(0);
    const r = runCli(['uninstall-hooks'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/put back/);
    expect(readFileSync(hook).equals(USER_HOOK)).toBe(true);
    expect(lstatSync(hook).mode & 0o7777).toBe(0o710);
    expect(snapshot(hooksDir)).toEqual(before);
    expect(runCli(['uninstall-hooks'], { cwd: repo }).stdout).toMatch(/no agentos hook/);
  });

  it('uninstall leaves a hook that replaced ours alone, and says where the kept one is', () => {
    const { repo, hook } = withUserHook(0o755);
    expect(install(repo).code).toBe(0);
    writeFileSync(hook, '#!/bin/sh\necho newer\n');
    const r = runCli(['uninstall-hooks'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pre-commit is no longer the agentos hook, so it was left alone; .*pre-commit\.agentos-previous still holds/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho newer\n');
    expect(readFileSync(hook + '.agentos-previous').equals(USER_HOOK)).toBe(true);
  });

  it('uninstall without an earlier hook removes ours', () => {
    const repo = newRepo();
    const before = snapshot(path.join(repo, '.git', 'hooks'));
    install(repo);
    expect(runCli(['uninstall-hooks'], { cwd: repo }).code).toBe(0);
    expect(snapshot(path.join(repo, '.git', 'hooks'))).toEqual(before);
  });

  it('a compiled program or a symbolic link is not chained: refused without --force, kept as a backup with it', () => {
    const repo = newRepo();
    const hooksDir = path.join(repo, '.git', 'hooks');
    const hook = path.join(hooksDir, 'pre-commit');
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]);
    writeFileSync(hook, elf, { mode: 0o755 });
    const before = snapshot(hooksDir);
    const refused = install(repo);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pre-commit is not a script .* --force/);
    expect(snapshot(hooksDir)).toEqual(before);

    const fake = fakeAgentos(path.join(repo, 'fake'));
    writeFileSync(path.join(repo, '.gitignore'), 'fake\n');
    const forced = install(repo, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/kept as .*pre-commit\.agentos-backup \(not run\)/);
    // the binary would fail to execute; the commit goes through because only agentos runs
    expect(commit(repo, 'a.py', { AGENTOS_BIN: fake.bin }).ok).toBe(true);
    expect(calls(fake.log)).toHaveLength(1);
    expect(runCli(['uninstall-hooks'], { cwd: repo }).code).toBe(0);
    expect(snapshot(hooksDir)).toEqual(before);

    const link = newRepo();
    const target = path.join(link, 'shared-hook.sh');
    writeFileSync(target, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    symlinkSync(target, path.join(link, '.git', 'hooks', 'pre-commit'));
    const r = install(link);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(lstatSync(path.join(link, '.git', 'hooks', 'pre-commit')).isSymbolicLink()).toBe(true);
  });
});

describe('install-hooks: hook managers', () => {
  it('husky: adds one line to .husky/pre-commit, which husky runs on commit; uninstall restores the file', () => {
    const repo = newRepo();
    const husky = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'husky', 'bin.js')], { cwd: repo, encoding: 'utf8', env: gitEnv() });
    expect(husky.status).toBe(0);
    expect(git(repo, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    const userFile = path.join(repo, '.husky', 'pre-commit');
    const original = 'echo "lint first" >> "$USER_LOG"'; // no final newline: the edit must add one, uninstall take it away
    writeFileSync(userFile, original, { mode: 0o644 });
    const fake = fakeAgentos(path.join(repo, 'node_modules', '.bin'));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    const userLog = fake.log + '.user';

    const r = install(repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\.husky\/pre-commit/);
    expect(readFileSync(userFile, 'utf8')).toBe(`${original}\nagentos check --staged\n`);
    expect(install(repo).stdout).toMatch(/nothing changed/);
    expect(existsSync(path.join(repo, '.husky', '_', 'pre-commit.agentos-previous'))).toBe(false);

    writeFileSync(fake.status, '1');
    expect(commit(repo, 'a.py', { USER_LOG: userLog }).ok).toBe(false);
    expect(calls(userLog)).toHaveLength(1);
    expect(calls(fake.log)).toEqual([`${repo} check --staged`]);
    writeFileSync(fake.status, '0');
    expect(commit(repo, 'a.py', { USER_LOG: userLog }).ok).toBe(true);

    expect(runCli(['uninstall-hooks'], { cwd: repo }).stdout).toMatch(/restored \.husky\/pre-commit/);
    expect(readFileSync(userFile, 'utf8')).toBe(original);
    expect(lstatSync(userFile).mode & 0o777).toBe(0o644);
  });

  it('husky: a file edited after install keeps the edit; only the agentos line goes', () => {
    expect(addHuskyLine(undefined)).toBe('agentos check --staged\n');
    expect(addHuskyLine('npm test\nagentos check --staged\n')).toBeUndefined();
    expect(removeHuskyLine('npm test\nagentos check --staged\nnpm run lint\n')).toBe('npm test\nnpm run lint\n');
    expect(removeHuskyLine('npm test\n')).toBeUndefined();
  });

  const LEFTHOOK = `# team hooks
pre-commit:
  parallel: true
  commands:
    lint:
      glob: "*.{js,ts}"
      run: npx eslint {staged_files}   # keep this comment
pre-push:
  commands:
    test:
      run: npm test
`;

  it('lefthook: writes the agentos command into lefthook.yml, keeping the rest and its comments; uninstall restores the bytes', () => {
    const repo = newRepo();
    const file = path.join(repo, 'lefthook.yml');
    writeFileSync(file, LEFTHOOK);
    const printed = install(repo, '--print');
    expect(printed.code).toBe(0);
    expect(YAML.parse(printed.stdout.split('\n').slice(2).join('\n'))).toEqual({ 'pre-commit': { commands: { agentos: { run: 'npx --no-install agentos check --staged' } } } });
    expect(readFileSync(file, 'utf8')).toBe(LEFTHOOK);

    expect(install(repo).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const parsed = YAML.parse(text);
    expect(parsed['pre-commit'].commands.agentos).toEqual({ run: 'npx --no-install agentos check --staged' });
    expect(parsed['pre-commit'].commands.lint.run).toBe('npx eslint {staged_files}');
    expect(parsed['pre-push']).toEqual({ commands: { test: { run: 'npm test' } } });
    expect(text).toContain('# keep this comment');
    expect(text).toContain('# team hooks');
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(install(repo).stdout).toMatch(/nothing changed/);

    expect(runCli(['uninstall-hooks'], { cwd: repo }).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(LEFTHOOK);
  });

  it('lefthook: a jobs list gets a job; removing it leaves the rest', () => {
    const jobs = 'pre-commit:\n  jobs:\n    - name: lint\n      run: npm run lint\n';
    const added = addLefthookEntry(jobs)!;
    expect(YAML.parse(added)['pre-commit'].jobs).toEqual([{ name: 'lint', run: 'npm run lint' }, { name: 'agentos', run: 'npx --no-install agentos check --staged' }]);
    expect(addLefthookEntry(added)).toBeUndefined();
    expect(YAML.parse(removeLefthookEntry(added)!)).toEqual(YAML.parse(jobs));
    expect(() => addLefthookEntry('pre-commit: [\n', 'lefthook.yml')).toThrow(/lefthook\.yml: .*\(expected YAML\)/);
  });

  it('lefthook: a broken lefthook.yml is an error naming the file, and is left alone', () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, 'lefthook.yml'), 'pre-commit: [\n');
    const r = install(repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^agentos: lefthook\.yml: .*expected YAML\)\n$/);
    expect(readFileSync(path.join(repo, 'lefthook.yml'), 'utf8')).toBe('pre-commit: [\n');
  });

  it('pre-commit framework: prints the .pre-commit-config.yaml entry and writes nothing', () => {
    const repo = newRepo();
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), 'repos: []\n');
    const r = install(repo);
    expect(r.code).toBe(0);
    const entry = r.stdout.split('\n\n')[1]!;
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    if (pkg.repository) expect(YAML.parse(entry)).toEqual([{ repo: expect.any(String), rev: `v${pkg.version}`, hooks: [{ id: 'agentos' }] }]);
    else {
      // no repository to point at: a local hook running the installed agentos, in the shape the framework reads
      const [local] = YAML.parse(entry) as { repo: string; hooks: Record<string, unknown>[] }[];
      expect(local!.repo).toBe('local');
      expect(local!.hooks).toEqual([{ id: 'agentos', name: 'agentos check (staged)', entry: 'npx --no-install agentos check --staged', language: 'system', pass_filenames: false, always_run: true, require_serial: true }]);
    }
    expect(r.stdout).not.toContain('<owner>');
    // a package that names its repository points at the manifest there
    expect(YAML.parse(preCommitSnippet('https://example.com/agentos.git', '1.2.3'))).toEqual([{ repo: 'https://example.com/agentos.git', rev: 'v1.2.3', hooks: [{ id: 'agentos' }] }]);
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(readFileSync(path.join(repo, '.pre-commit-config.yaml'), 'utf8')).toBe('repos: []\n');
  });
});

const preCommitAvailable = spawnSync('pre-commit', ['--version']).status === 0;

describe('the entry printed for the pre-commit framework, run by pre-commit itself', () => {
  it.skipIf(!preCommitAvailable)('fails a commit with a finding in the staged files and passes it once fixed', () => {
    const repo = newRepo();
    // agentos installed in the project, as `npm install -D agentos` leaves it
    mkdirSync(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(path.join(repoRoot, 'bin', 'agentos.js'), path.join(repo, 'node_modules', '.bin', 'agentos'));
    writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), 'repos: []\n');
    const printed = install(repo);
    expect(printed.code, printed.stderr).toBe(0);
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), `repos:\n${printed.stdout.split('\n\n')[1]}\n`);
    const home = mkdtempSync(path.join(os.tmpdir(), 'agentos-pre-commit-home-'));
    // (no update check from npx: tests reach nothing but loopback)
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), NPM_CONFIG_UPDATE_NOTIFIER: 'false', NO_COLOR: '1' };
    const run = () => spawnSync('pre-commit', ['run'], { cwd: repo, env, encoding: 'utf8' });
    writeFileSync(path.join(repo, 'agent.py'), 'import os\n\ndef run():\n    os.system(input())\n');
    git(repo, 'add', '-A');
    const failed = run();
    expect(failed.status, failed.stdout + failed.stderr).toBe(1);
    expect(failed.stdout).toContain('agent.py');
    expect(failed.stdout).toContain('subprocess-shell');
    writeFileSync(path.join(repo, 'agent.py'), 'import subprocess\n\ndef run():\n    subprocess.run(["git", "status"])\n');
    git(repo, 'add', '-A');
    const passed = run();
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const manifest = YAML.parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8'));
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

  it('declares hook `agentos` in the shape the pre-commit framework reads', () => {
    expect(Array.isArray(manifest)).toBe(true);
    const hook = manifest.find((h: { id: string }) => h.id === 'agentos');
    expect(hook).toBeDefined();
    for (const key of ['id', 'name', 'entry', 'language']) expect(typeof hook[key]).toBe('string');
    // node: pre-commit installs this repository as a package and puts its bin on PATH
    expect(hook.language).toBe('node');
    expect(hook.pass_filenames).toBe(false);
    expect(hook.stages).toEqual(['pre-commit']);
    const known = ['id', 'name', 'entry', 'language', 'files', 'exclude', 'types', 'types_or', 'exclude_types', 'always_run', 'fail_fast', 'verbose', 'pass_filenames', 'require_serial', 'description', 'language_version', 'minimum_pre_commit_version', 'args', 'stages'];
    for (const key of Object.keys(hook)) expect(known).toContain(key);
  });

  it('runs this package\'s program with the check command', () => {
    const hook = manifest.find((h: { id: string }) => h.id === 'agentos');
    const argv = [...hook.entry.split(/\s+/), ...(hook.args ?? [])];
    expect(Object.keys(pkg.bin)).toContain(argv[0]);
    expect(argv.slice(1, 3)).toEqual(['check', '--staged']);
    const check = buildProgram().commands.find((c) => c.name() === 'check')!;
    expect(check).toBeDefined();
  });

  it.skipIf(!buildProgram().commands.find((c) => c.name() === 'check')?.options.some((o) => o.long === '--staged'))('its arguments parse as options of `agentos check`', () => {
    const hook = manifest.find((h: { id: string }) => h.id === 'agentos');
    const check = buildProgram().commands.find((c) => c.name() === 'check')!;
    for (const arg of hook.entry.split(/\s+/).slice(2).filter((a: string) => a.startsWith('-'))) expect(check.options.map((o) => o.long)).toContain(arg);
  });
});
