/** `agentos init`: look at the project, write its configuration, and optionally a hook, CI and a baseline. */
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { SEARCH_PLACES } from '../config/load.js';
import { HookError } from '../git/hooks.js';
import { NotAGitRepository } from '../git/repo.js';
import { agentosProgram, DEFAULT_BASELINE_FILE, writeBaseline } from '../init/baseline.js';
import { detectProject, type ProjectProfile } from '../init/detect.js';
import { ciCommand, renderConfig, renderGithubWorkflow, renderGitlabJob } from '../init/render.js';
import { installHooks, ownBin } from './hooks.js';
import { CliExit, fail } from './io.js';
import { packageVersion } from './version.js';

export interface InitOptions {
  yes?: boolean;
  force?: boolean;
  hooks?: boolean;
  ci?: 'github' | 'gitlab';
  baseline?: boolean;
}

export const CONFIG_FILE = 'agentos.config.yaml';
export const GITHUB_WORKFLOW = '.github/workflows/agentos.yml';
export const GITLAB_JOB = '.gitlab/agentos.gitlab-ci.yml';

function template(name: string): Promise<string> {
  return readFile(new URL(`../../templates/${name}`, import.meta.url), 'utf8');
}

/** A free `<file>.bak`, `<file>.bak.1`, ... */
function backupName(file: string): string {
  let candidate = `${file}.bak`;
  for (let i = 1; existsSync(candidate); i++) candidate = `${file}.bak.${i}`;
  return candidate;
}

type WriteOutcome = { status: 'written' | 'unchanged' } | { status: 'replaced'; backup: string } | { status: 'kept' };

/** Write a project file; an existing different file is replaced only with `force`, after a backup. */
async function writeProjectFile(root: string, rel: string, content: string, force: boolean): Promise<WriteOutcome> {
  const file = path.join(root, rel);
  if (existsSync(file)) {
    if (readFileSync(file, 'utf8') === content) return { status: 'unchanged' };
    if (!force) return { status: 'kept' };
    const backup = backupName(file);
    await copyFile(file, backup);
    await writeFile(file, content);
    return { status: 'replaced', backup: path.relative(root, backup) };
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return { status: 'written' };
}

function describeWrite(rel: string, o: WriteOutcome): string {
  switch (o.status) {
    case 'written':
      return `wrote ${rel}`;
    case 'unchanged':
      return `${rel} is already as init would write it`;
    case 'replaced':
      return `replaced ${rel} (the previous one is in ${o.backup})`;
    case 'kept':
      return `${rel} exists and was left as it is (--force replaces it, keeping a backup)`;
  }
}

/** A configuration file cosmiconfig would find in the project root before or instead of ours. */
function existingConfig(root: string): string | undefined {
  for (const name of SEARCH_PLACES) {
    const file = path.join(root, name);
    if (!existsSync(file)) continue;
    if (name !== 'package.json') return name;
    try {
      if ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).agentos !== undefined) return 'package.json ("agentos" key)';
    } catch {
      // not init's business
    }
  }
  return undefined;
}

function profileLines(p: ProjectProfile): string[] {
  const names: Record<string, string> = { python: 'Python', javascript: 'JavaScript', typescript: 'TypeScript', shell: 'shell', sql: 'SQL' };
  const lines = [`languages: ${p.languages.map((l) => `${names[l.language] ?? l.language} (${l.files})`).join(', ') || 'none found'}`];
  lines.push(`package managers: ${p.packageManagers.map((m) => m.name).join(', ') || 'none found'}`);
  lines.push(`agent frameworks: ${p.frameworks.map((f) => f.name).join(', ') || 'none found'}`);
  const dirs = Object.entries(p.directories).filter(([, d]) => d.length);
  if (dirs.length) lines.push(`not production code: ${dirs.map(([k, d]) => `${k} (${d.slice(0, 3).join(', ')}${d.length > 3 ? ', …' : ''})`).join('; ')}`);
  lines.push(`programs started: ${p.programs.map((x) => x.value).join(', ') || 'none'}; hosts reached: ${p.hosts.map((x) => x.value).join(', ') || 'none'}`);
  return lines;
}

const yes = (answer: string) => answer === 'y' || answer === 'yes';

export async function initCommand(opts: InitOptions): Promise<void> {
  const root = process.cwd();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const failures: string[] = [];
  const profile = await detectProject(root);
  out('agentos init: found');
  for (const line of profileLines(profile)) out(`  ${line}`);

  // questions only for a person at a terminal
  const interactive = !opts.yes && !!process.stdin.isTTY && !!process.stdout.isTTY;
  let allowPrograms = false;
  let allowHosts = false;
  let hooks = !!opts.hooks;
  let ci = opts.ci;
  if (interactive) {
    // one reader for all questions: answers typed ahead are not lost between them
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (question: string) => {
      process.stdout.write(question);
      const next = await lines.next();
      if (next.done) {
        // end of input (Ctrl+D) before all answers
        fail('init cancelled; nothing was written');
        throw new CliExit(130);
      }
      return String(next.value).trim().toLowerCase();
    };
    try {
      if (profile.programs.length) allowPrograms = yes(await ask(`Allow the ${profile.programs.length} program(s) seen (commands.allow)? [y/N] `));
      if (profile.hosts.length) allowHosts = yes(await ask(`Allow the ${profile.hosts.length} host(s) seen (network.allow)? [y/N] `));
      if (!opts.hooks) hooks = yes(await ask('Install the pre-commit hook? [y/N] '));
      if (!opts.ci) {
        const answer = await ask('Write a CI job: github, gitlab or none? [none] ');
        if (answer === 'github' || answer === 'gitlab') ci = answer;
      }
    } finally {
      rl.close();
    }
  }

  // 1. the configuration
  const other = existingConfig(root);
  if (other && other !== CONFIG_FILE) {
    out(`  ${other} already configures agentos; ${CONFIG_FILE} was not written (it would not be read)`);
  } else {
    const text = renderConfig(await template('agentos.config.yaml'), profile, { allowPrograms, allowHosts });
    out(`  ${describeWrite(CONFIG_FILE, await writeProjectFile(root, CONFIG_FILE, text, !!opts.force))}`);
  }

  // 2. the baseline, after the configuration it is taken under
  if (opts.baseline) {
    const r = writeBaseline(agentosProgram(ownBin()), root, DEFAULT_BASELINE_FILE);
    if (r.ok) out(`  wrote ${r.file}${r.summary ? `: ${r.summary}` : ''}`);
    else failures.push(r.message);
  }

  // 3. the hook
  let hookInstalled = false;
  if (hooks) {
    try {
      for (const line of await installHooks(root, {})) out(`  ${line.replace(/^agentos: /, '')}`);
      hookInstalled = true;
    } catch (err) {
      if (!(err instanceof HookError) && !(err instanceof NotAGitRepository)) throw err;
      failures.push(`the pre-commit hook was not installed: ${err.message}`);
    }
  }

  // 4. CI
  if (ci) {
    const cmd = ciCommand(profile, packageVersion());
    if (ci === 'github') {
      const text = renderGithubWorkflow(await template('ci/github-workflow.yml'), cmd);
      out(`  ${describeWrite(GITHUB_WORKFLOW, await writeProjectFile(root, GITHUB_WORKFLOW, text, !!opts.force))}`);
    } else {
      const text = renderGitlabJob(await template('ci/gitlab-ci.yml'), cmd);
      out(`  ${describeWrite(GITLAB_JOB, await writeProjectFile(root, GITLAB_JOB, text, !!opts.force))}`);
      const main = path.join(root, '.gitlab-ci.yml');
      const include = `include:\n  - local: ${GITLAB_JOB}\n`;
      if (!existsSync(main)) {
        await writeFile(main, include);
        out('  wrote .gitlab-ci.yml (it includes the agentos job)');
      } else if (!readFileSync(main, 'utf8').includes(GITLAB_JOB)) {
        out(`  add to .gitlab-ci.yml:  include: [{ local: ${GITLAB_JOB} }]`);
      }
    }
  }

  const staged = [CONFIG_FILE, ...(opts.baseline ? [DEFAULT_BASELINE_FILE] : []), ...(ci === 'github' ? [GITHUB_WORKFLOW] : ci === 'gitlab' ? [GITLAB_JOB] : [])];
  out('');
  out(`1. npx agentos check${opts.baseline ? '   (reports only what is not in the baseline)' : '   (review what it finds today; `agentos init --baseline` accepts it)'}`);
  out(`2. git add ${staged.join(' ')} && git commit${hookInstalled ? '   (the hook checks what you stage)' : '   (`agentos install-hooks` checks each commit)'}`);
  out(ci ? '3. push and open a pull request: the agentos job fails on new findings' : '3. `agentos init --ci github` (or gitlab) gates pull requests on new findings');

  for (const f of failures) fail(f);
  throw new CliExit(failures.length ? 2 : 0);
}
