/**
 * `agentos init` on small projects made in temporary directories (Python, TypeScript), the files
 * it writes checked by the real configuration loader and GitHub's workflow grammar, and the
 * reusable action.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveConfigObject } from '../../src/config/load.js';
import { buildProgram } from '../../src/cli/main.js';
import { classifyDirectories, pyprojectDependencies, pythonRequirementName } from '../../src/init/detect.js';
import { fillTemplate } from '../../src/init/render.js';
import { repoRoot, runCli, tempProject } from '../helpers/cli.js';
import { workflowGrammar } from '../helpers/workflow-grammar.js';

const PYTHON_PROJECT: Record<string, string> = {
  'package.json': '', // replaced below: no package.json in a Python project
  'pyproject.toml': `[project]
name = "support-agent"
dependencies = ["langgraph>=0.2", "anthropic>=0.40", "requests"]

[project.optional-dependencies]
mcp = ["mcp[cli]>=1.2"]
`,
  'requirements-dev.txt': 'crewai==0.80  # the crew\n-r requirements.txt\n',
  'agent/tools.py': `import subprocess
import requests
from langgraph.graph import StateGraph
from crewai.tools import tool

@tool("status")
def status(name: str) -> str:
    """Repository status."""
    subprocess.run(["git", "status", "--short"], check=True)
    subprocess.run(["/usr/bin/rg", "-n", "TODO"], check=True)
    requests.get("https://api.github.com/repos/" + name, timeout=5)
    requests.post(f"https://{name}.internal/x")
    with open("workspace/" + name) as f:
        return f.read()
`,
  'tests/test_tools.py': 'def test_status():\n    assert True\n',
  'tests/fixtures/bad.py': 'import os\nos.system("rm -rf /")\n',
  'examples/quickstart.py': 'print("hi")\n',
  'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n',
};

const TS_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'ts-agent',
    private: true,
    dependencies: { ai: '^5', '@modelcontextprotocol/sdk': '^1', '@openai/agents': '^0.1', openai: '^6' },
    devDependencies: { agentos: '^0.1.0' },
  }),
  'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  'src/agent.ts': `import { execFile } from 'node:child_process';
import { tool } from 'ai';
import { Agent } from '@openai/agents';

export const list = tool({
  description: 'List files',
  execute: async ({ dir, url }: { dir: string; url: string }) => {
    execFile('ls', ['-la', dir]);
    await fetch('https://api.openai.com/v1/models');
    await fetch(url);
    return 'ok';
  },
});
export const agent = new Agent({ name: 'a' });
`,
  'src/__tests__/agent.test.ts': 'export {};\n',
  'test/fixtures/sample.ts': 'export const x = 1;\n',
};

function project(files: Record<string, string>, opts: { git?: boolean; noPackageJson?: boolean } = {}): string {
  const dir = realpathSync(tempProject(files, { git: opts.git }));
  if (opts.noPackageJson) spawnSync('rm', ['-f', path.join(dir, 'package.json')]);
  return dir;
}

function init(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  return runCli(['init', ...args], { cwd, env: { AGENTOS_BIN: undefined, ...env } });
}

function read(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8');
}

describe('agentos init: detection', () => {
  it('Python project: languages, package managers, frameworks from manifests and imports, directories, programs, hosts', () => {
    const dir = project(PYTHON_PROJECT, { noPackageJson: true });
    const r = init(dir, ['--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/languages: Python \(4\), SQL \(1\)/);
    expect(r.stdout).toMatch(/package managers: pip\b/);
    expect(r.stdout).toMatch(/agent frameworks: LangGraph, CrewAI, MCP, Anthropic SDK\n/);
    expect(r.stdout).toMatch(/tests \(tests\); examples \(examples\); fixtures \(tests\/fixtures\); migrations \(migrations\)/);
    // `rm` is started by a fixture under tests/: not offered
    expect(r.stdout).toMatch(/programs started: git, rg; hosts reached: api\.github\.com\n/);

    const text = read(dir, 'agentos.config.yaml');
    expect(text).toMatch(/LangGraph \(pyproject\.toml, imports\)/);
    expect(text).toMatch(/CrewAI \(requirements-dev\.txt, imports\)/);
    expect(text).toMatch(/MCP \(pyproject\.toml\)/);
    expect(text).toMatch(/^ {2}#   - git +# agent\/tools\.py:9$/m);
    expect(text).toMatch(/^ {2}#   - rg +# agent\/tools\.py:10$/m);
    expect(text).toMatch(/^ {2}#   - api\.github\.com +# agent\/tools\.py:11$/m);
    expect(text).not.toMatch(/internal/); // the host is built from a parameter
    expect(text).toMatch(/^ {4}"?tests\/\*\*"?: test$/m);
    expect(text).toMatch(/^ {4}"?tests\/fixtures\/\*\*"?: test$/m);
    expect(text).toMatch(/^ {4}"?migrations\/\*\*"?: migration$/m);

    // the real loader accepts it; the allowlists stay commented out
    const config = resolveConfigObject(YAML.parse(text), dir, 'agentos.config.yaml');
    expect(config.sandbox.roots).toEqual([path.join(dir, 'workspace')]);
    expect(config.commands.allow).toBeNull();
    expect(config.network.allow).toBeNull();
    const check = runCli(['check', '--format', 'json'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings.length).toBeGreaterThan(0);
  });

  it('TypeScript project: package.json dependencies, pnpm, the programs and hosts of tool code', () => {
    const dir = project(TS_PROJECT);
    const r = init(dir, ['--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/languages: TypeScript \(3\)/);
    expect(r.stdout).toMatch(/package managers: pnpm\n/);
    expect(r.stdout).toMatch(/agent frameworks: OpenAI Agents SDK, MCP, Vercel AI SDK, OpenAI SDK\n/);
    expect(r.stdout).toMatch(/tests \(test, src\/__tests__\); fixtures \(test\/fixtures\)/);
    expect(r.stdout).toMatch(/programs started: ls; hosts reached: api\.openai\.com\n/);
    const text = read(dir, 'agentos.config.yaml');
    expect(text).toMatch(/Vercel AI SDK \(package\.json, imports\)/);
    expect(YAML.parse(text).sandbox.roots).toEqual(['.']);
  });

  it('classifies directories, shallowest first, and reads Python dependency names', () => {
    expect(classifyDirectories(['a/tests/x.py', 'a/tests/unit/y.py', 'Tests/z.py', 'docs/examples/e.py', 'db/migrate/1.sql', 'src/main.py'])).toEqual({
      tests: ['Tests', 'a/tests'],
      examples: ['docs/examples'],
      fixtures: [],
      migrations: ['db/migrate'],
    });
    // only directories holding code; for migrations, holding a revision
    expect(
      classifyDirectories([
        'docs/migration/oss-to-platform.mdx',
        'web/tests/README.md',
        'web/tests/e2e.spec.ts',
        'pkg/migrations/runner.py',
        'pkg/migrations/__init__.py',
        'server/alembic/env.py',
        'server/alembic/versions/4f2a_add_users.py',
        'app/migrations/0001_initial.py',
        'guides/examples/intro.md',
      ]),
    ).toEqual({ tests: ['web/tests'], examples: [], fixtures: [], migrations: ['app/migrations', 'server/alembic'] });
    expect(pythonRequirementName('LangChain_Core[all]>=0.3 ; python_version > "3.9"')).toBe('langchain-core');
    expect(pythonRequirementName('  # comment')).toBeUndefined();
    expect(pythonRequirementName('-e .')).toBeUndefined();
    expect(pyprojectDependencies('[tool.poetry.dependencies]\npython = "^3.11"\nCrewAI = "*"\n[tool.poetry.group.dev.dependencies]\nopenai = "*"\n')).toEqual({ names: ['crewai', 'openai'], poetry: true });
    expect(() => fillTemplate('a: {{MISSING}}\n', {})).toThrow(/MISSING/);
    expect(fillTemplate('x: ${{ github.sha }}\n{{GONE}}\ny: {{Y}}\n', { GONE: '', Y: '1' })).toBe('x: ${{ github.sha }}\ny: 1\n');
  });

  it('chosen allowlists are written as lists the loader reads (the interactive answer, here through the renderer)', async () => {
    const { renderConfig } = await import('../../src/init/render.js');
    const template = readFileSync(path.join(repoRoot, 'templates', 'agentos.config.yaml'), 'utf8');
    const profile = {
      languages: [],
      packageManagers: [],
      frameworks: [],
      directories: { tests: [], examples: [], fixtures: [], migrations: [] },
      programs: [{ value: 'git', at: 'a.py:1' }, { value: 'ls', at: 'a.py:2' }],
      hosts: [{ value: 'api.github.com', at: 'a.py:3' }],
      fileRoots: [{ value: '/var/data', at: 'a.py:4' }],
      agentosInstalled: false,
      hasPackageJson: false,
      analyzedFiles: 1,
    };
    const config = resolveConfigObject(YAML.parse(renderConfig(template, profile, { allowPrograms: true, allowHosts: false })), '/p', 'agentos.config.yaml');
    expect(config.commands.allow).toEqual(['git', 'ls']);
    expect(config.network.allow).toBeNull();
    expect(config.sandbox.roots).toEqual(['/p']);
  });
});

describe('agentos init: never overwrites without --force', () => {
  it('keeps an existing agentos.config.yaml; --force replaces it after a backup', () => {
    const mine = '# mine\npolicy: strict\n';
    const dir = project({ ...TS_PROJECT, 'agentos.config.yaml': mine });
    const r = init(dir, ['--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/agentos\.config\.yaml exists and was left as it is \(--force replaces it, keeping a backup\)/);
    expect(read(dir, 'agentos.config.yaml')).toBe(mine);
    expect(existsSync(path.join(dir, 'agentos.config.yaml.bak'))).toBe(false);

    const forced = init(dir, ['--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replaced agentos\.config\.yaml \(the previous one is in agentos\.config\.yaml\.bak\)/);
    expect(read(dir, 'agentos.config.yaml.bak')).toBe(mine);
    expect(read(dir, 'agentos.config.yaml')).toMatch(/Written by `agentos init`/);
    // a second forced run keeps the first backup and says nothing changed
    expect(init(dir, ['--yes', '--force']).stdout).toMatch(/agentos\.config\.yaml is already as init would write it/);
    expect(read(dir, 'agentos.config.yaml.bak')).toBe(mine);
  });

  it('does not write a second configuration next to another config file', () => {
    const dir = project({ ...TS_PROJECT, '.agentosrc.yaml': 'policy: audit\n' });
    const r = init(dir, ['--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\.agentosrc\.yaml already configures agentos/);
    expect(existsSync(path.join(dir, 'agentos.config.yaml'))).toBe(false);
  });

  it('asks nothing when stdin is not a terminal, even without --yes, and ends with three next steps', () => {
    const dir = project(TS_PROJECT);
    const r = init(dir, []);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\?/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(-3).map((l) => l.slice(0, 3))).toEqual(['1. ', '2. ', '3. ']);
    expect(lines.at(-4)).toBe('');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('agentos init on a terminal', () => {
  // util-linux `script` gives the command a pseudo-terminal; the answers are typed into it
  function onTerminal(cwd: string, answers: string) {
    const cmd = [process.execPath, path.join(repoRoot, 'bin', 'agentos.js'), 'init'].map((a) => `'${a}'`).join(' ');
    return spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd, input: answers, encoding: 'utf8', env: { ...process.env, AGENTOS_BIN: undefined } });
  }

  it.skipIf(!hasScript)('asks, and writes what was answered: programs allowed, hosts not, the hook, the GitHub workflow', () => {
    const dir = project(PYTHON_PROJECT, { noPackageJson: true, git: true });
    const r = onTerminal(dir, 'y\nn\ny\ngithub\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Allow the 2 program\(s\) seen/);
    const config = YAML.parse(read(dir, 'agentos.config.yaml'));
    expect(config.commands.allow).toEqual(['git', 'rg']);
    expect(config.network).toBeNull();
    expect(existsSync(path.join(dir, '.git', 'hooks', 'pre-commit'))).toBe(true);
    expect(existsSync(path.join(dir, '.github', 'workflows', 'agentos.yml'))).toBe(true);
  });

  it.skipIf(!hasScript)('input that ends before the last answer cancels: nothing is written', () => {
    const dir = project(PYTHON_PROJECT, { noPackageJson: true, git: true });
    const r = onTerminal(dir, 'y\n');
    expect(r.status).toBe(130);
    expect(r.stdout).toMatch(/init cancelled; nothing was written/);
    expect(existsSync(path.join(dir, 'agentos.config.yaml'))).toBe(false);
  });

  it.skipIf(!hasScript)('--yes asks nothing, also on a terminal', () => {
    const dir = project(PYTHON_PROJECT, { noPackageJson: true });
    const cmd = [process.execPath, path.join(repoRoot, 'bin', 'agentos.js'), 'init', '--yes'].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, input: '', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\[y\/N\]/);
    expect(YAML.parse(read(dir, 'agentos.config.yaml')).commands).toBeNull();
  });
});

describe('agentos init --hooks / --baseline', () => {
  it('--hooks installs the pre-commit hook', () => {
    const dir = project(TS_PROJECT, { git: true });
    const r = init(dir, ['--yes', '--hooks']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pre-commit hook installed/);
    expect(read(dir, '.git/hooks/pre-commit')).toMatch(/agentos check --staged/);
    expect(lstatSync(path.join(dir, '.git', 'hooks', 'pre-commit')).mode & 0o111).toBe(0o111);
  });

  it('--hooks outside a repository: the configuration is written, the failure named, exit 2', () => {
    const dir = project(TS_PROJECT);
    const r = init(dir, ['--yes', '--hooks']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`agentos: the pre-commit hook was not installed: ${dir}: not a git repository (run \`git init\` first)\n`);
    expect(existsSync(path.join(dir, 'agentos.config.yaml'))).toBe(true);
    expect(r.stdout).toMatch(/`agentos install-hooks` checks each commit/);
  });

  it('--baseline runs `agentos baseline -o .agentos-baseline.json` in the project, after writing the configuration', () => {
    const dir = project(TS_PROJECT);
    const bin = path.join(mkdtempSync(path.join(os.tmpdir(), 'agentos-fake-')), 'agentos');
    writeFileSync(
      bin,
      '#!/bin/sh\necho "$(pwd) $* config:$(test -f agentos.config.yaml && echo yes)" > "$0.log"\necho \'{"version":1,"findings":[]}\' > "$3"\necho "0 findings recorded"\n',
      { mode: 0o755 },
    );
    const r = init(dir, ['--yes', '--baseline'], { AGENTOS_BIN: bin });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(`${bin}.log`, 'utf8').trim()).toBe(`${dir} baseline -o .agentos-baseline.json config:yes`);
    expect(r.stdout).toMatch(/wrote \.agentos-baseline\.json: 0 findings recorded/);
    expect(r.stdout).toMatch(/2\. git add agentos\.config\.yaml \.agentos-baseline\.json/);

    writeFileSync(bin, "#!/bin/sh\necho \"error: unknown command 'baseline'\" >&2\nexit 2\n", { mode: 0o755 });
    const failed = init(dir, ['--yes', '--baseline'], { AGENTOS_BIN: bin });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe("agentos: `agentos baseline -o .agentos-baseline.json` failed: error: unknown command 'baseline'\n");
  });

  it.skipIf(!buildProgram().commands.some((c) => c.name() === 'baseline'))('--baseline with this agentos: the first check passes', () => {
    const dir = project(PYTHON_PROJECT, { noPackageJson: true, git: true });
    expect(runCli(['check'], { cwd: dir }).code).toBe(1);
    const r = init(dir, ['--yes', '--baseline']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(dir, '.agentos-baseline.json')).version).toBe(1);
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
  });
});

describe('agentos init --ci', () => {
  const version = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version;

  function assertWorkflow(workflow: Record<string, any>) {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(JSON.stringify(workflow)).not.toMatch(/pull_request_target/);
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const steps = workflow.jobs.agentos.steps as Record<string, any>[];
    for (const s of steps.filter((s) => s.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w/-]+@v\d+$/);
    expect(steps[0]).toMatchObject({ uses: expect.stringMatching(/^actions\/checkout@/), with: { 'fetch-depth': 0 } });
    const check = steps.find((s) => typeof s.run === 'string' && s.run.includes(' check '))!;
    expect(check.run).toMatch(/check --diff-base "\$BASE_SHA" --format sarif -o agentos\.sarif$/);
    expect(check.env.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    const upload = steps.at(-1)!;
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.with.sarif_file).toBe('agentos.sarif');
    expect(upload.if).toMatch(/always\(\)/);
    return { steps, check };
  }

  it('github: a workflow GitHub\'s grammar accepts, on pull_request, read-only but for security-events, pinned actions', async () => {
    const grammar = await workflowGrammar();
    const dir = project(PYTHON_PROJECT, { noPackageJson: true });
    const r = init(dir, ['--yes', '--ci', 'github']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote \.github\/workflows\/agentos\.yml/);
    const text = read(dir, '.github/workflows/agentos.yml');
    expect(await grammar.workflowErrors('agentos.yml', text)).toEqual([]);
    const { steps, check } = assertWorkflow(YAML.parse(text));
    // no package.json: agentos comes from the registry at this version, nothing else is installed
    expect(check.run).toMatch(new RegExp(`^npx --yes agentos@${version.replace(/\./g, '\\.')} check`));
    expect(steps.some((s) => s.name === 'Install dependencies')).toBe(false);
    expect(init(dir, ['--yes', '--ci', 'github']).stdout).toMatch(/agentos\.yml is already as init would write it/);
  });

  it('github: a project with agentos as a devDependency installs with its package manager and runs its own agentos', async () => {
    const grammar = await workflowGrammar();
    const dir = project(TS_PROJECT);
    expect(init(dir, ['--yes', '--ci', 'github']).code).toBe(0);
    const text = read(dir, '.github/workflows/agentos.yml');
    expect(await grammar.workflowErrors('agentos.yml', text)).toEqual([]);
    const { steps, check } = assertWorkflow(YAML.parse(text));
    expect(steps.find((s) => s.name === 'Install dependencies')!.run).toBe('corepack enable && pnpm install --frozen-lockfile');
    expect(check.run).toMatch(/^npx --no-install agentos check/);
  });

  it('the grammar check can fail: a broken workflow is reported', async () => {
    const grammar = await workflowGrammar();
    const good = readFileSync(path.join(repoRoot, 'templates', 'ci', 'github-workflow.yml'), 'utf8').replace('{{INSTALL_STEP}}\n', '').replace('{{AGENTOS}}', 'npx agentos');
    expect(await grammar.workflowErrors('w.yml', good)).toEqual([]);
    expect((await grammar.workflowErrors('w.yml', good.replace('runs-on:', 'runs_on:'))).join('\n')).toMatch(/runs_on|runs-on/);
    expect((await grammar.workflowErrors('w.yml', good.replace('security-events: write', 'security-events: admin'))).join('\n')).toMatch(/admin/);
  });

  it('gitlab: a merge-request job with the diff gate and the SARIF report as an artifact; .gitlab-ci.yml includes it', () => {
    const dir = project(TS_PROJECT);
    const r = init(dir, ['--yes', '--ci', 'gitlab']);
    expect(r.code).toBe(0);
    const job = YAML.parse(read(dir, '.gitlab/agentos.gitlab-ci.yml')).agentos;
    expect(job.stage).toBe('test');
    expect(job.variables.GIT_DEPTH).toBe('0');
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(job.script).toEqual([
      'corepack enable && pnpm install --frozen-lockfile',
      'npx --no-install agentos check --diff-base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format sarif -o agentos.sarif',
    ]);
    expect(job.artifacts).toEqual({ when: 'always', paths: ['agentos.sarif'] });
    expect(YAML.parse(read(dir, '.gitlab-ci.yml'))).toEqual({ include: [{ local: '.gitlab/agentos.gitlab-ci.yml' }] });
  });

  it('gitlab: an existing .gitlab-ci.yml is not edited; init says what to add', () => {
    const mine = 'stages: [build, test]\nbuild:\n  script: [make]\n';
    const dir = project({ ...TS_PROJECT, '.gitlab-ci.yml': mine });
    const r = init(dir, ['--yes', '--ci', 'gitlab']);
    expect(r.code).toBe(0);
    expect(read(dir, '.gitlab-ci.yml')).toBe(mine);
    expect(r.stdout).toMatch(/add to \.gitlab-ci\.yml: +include: \[\{ local: \.gitlab\/agentos\.gitlab-ci\.yml \}\]/);
  });
});

describe('the reusable GitHub Action (templates/github-action/action.yml)', () => {
  const text = readFileSync(path.join(repoRoot, 'templates', 'github-action', 'action.yml'), 'utf8');
  const action = YAML.parse(text);

  it('is a composite action GitHub\'s grammar accepts', async () => {
    const grammar = await workflowGrammar();
    expect(await grammar.actionErrors('action.yml', text)).toEqual([]);
    expect(action.runs.using).toBe('composite');
    expect((await grammar.actionErrors('action.yml', text.replace(/ {6}shell: bash\n/, ''))).join('\n')).toMatch(/shell/);
  });

  it('sets up node, installs agentos, runs the check with the diff gate, uploads SARIF; actions pinned by version', () => {
    const steps = action.runs.steps as Record<string, any>[];
    expect(steps[0].uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(steps[1].run).toMatch(/npm install --prefix "\$RUNNER_TEMP\/agentos" .*"agentos@\$version"/);
    expect(steps[2].run).toMatch(/args=\(check --format sarif -o "\$SARIF_FILE"\)/);
    expect(steps[2].run).toMatch(/--diff-base "\$DIFF_BASE"/);
    expect(action.inputs['diff-base'].default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(steps[3].uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(steps[3].if).toMatch(/^always\(\)/);
  });

  it('the version it installs by default is the package version of the tag it is used at', () => {
    // the install step reads ../../package.json from the action's directory
    const dir = path.join(repoRoot, 'templates', 'github-action');
    const r = spawnSync(process.execPath, ['-p', "require(process.env.GITHUB_ACTION_PATH + '/../../package.json').version"], { env: { ...process.env, GITHUB_ACTION_PATH: dir }, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('the check step runs in bash as written: arguments with spaces stay whole, and the exit code is reported', () => {
    const steps = action.runs.steps as Record<string, any>[];
    const work = mkdtempSync(path.join(os.tmpdir(), 'agentos-action-'));
    const binDir = path.join(work, 'bin');
    spawnSync('mkdir', ['-p', binDir]);
    writeFileSync(path.join(binDir, 'agentos'), '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done > "$ARGS_LOG"\nexit 1\n', { mode: 0o755 });
    const output = path.join(work, 'out');
    const r = spawnSync('bash', ['-e', '-c', steps[2].run], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, ARGS_LOG: path.join(work, 'args'), GITHUB_OUTPUT: output, DIFF_BASE: 'abc123', FAIL_ON: '', SARIF_FILE: 'my report.sarif', CHECK_PATHS: 'src agent.py' },
    });
    expect(r.status).toBe(1);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    expect(readFileSync(path.join(work, 'args'), 'utf8').trim().split('\n')).toEqual(['[check]', '[--format]', '[sarif]', '[-o]', '[my report.sarif]', '[--diff-base]', '[abc123]', '[src]', '[agent.py]']);
  });
});


