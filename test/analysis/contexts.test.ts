import { describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyContext, classifyContext, defaultContextSettings } from '../../src/analysis/contexts.js';
import { resolveConfigObject } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/types.js';
import { runCli, tempProject } from '../helpers/cli.js';

describe('code contexts: classification by path and content', () => {
  it.each([
    ['src/agent.py', '', 'production'],
    ['crewai_tools/tools/file_read_tool/file_read_tool.py', '', 'production'],
    ['tests/test_agent.py', '', 'test'],
    ['pkg/test_agent.py', '', 'test'],
    ['pkg/agent_test.py', '', 'test'],
    ['conftest.py', '', 'test'],
    ['src/__tests__/agent.ts', '', 'test'],
    // a mock server standing in for an auth provider (aci's `backend/mock/propelauth_mock_server.py`)
    ['backend/mock/propelauth_mock_server.py', '', 'test'],
    // a developer's set-up script at the top of a project (codeinterpreter-api's `dev-setup.sh`)
    ['dev-setup.sh', '', 'script'],
    // and one named for the tool it sets up (arcade-mcp's `uv_setup.sh`, run by `make install`)
    ['uv_setup.sh', '', 'script'],
    ['tools/uv_setup.sh', '', 'production'],
    ['web/src/mocks/handlers.ts', '', 'test'],
    ['src/providers/mock_llm.py', '', 'production'],
    ['src/agent.test.ts', '', 'test'],
    ['src/agent.spec.js', '', 'test'],
    ['libs/langchain/test/unit/x.ts', '', 'test'],
    ['examples/calculator.ts', '', 'example'],
    ['docs/snippets/quickstart.py', '', 'docs'],
    // a documentation website's own code (Continue's `docs-site/lib/docs.ts`)
    ['docs-site/lib/docs.ts', '', 'docs'],
    ['app/migrations/0001_initial.py', '', 'migration'],
    ['alembic/versions/abc_add_users.py', '', 'migration'],
    ['prisma/migrations/20240101_init/migration.sql', '', 'migration'],
    ['db/migrate/20240101_init.js', '', 'migration'],
    // a demonstration configuration beside the real one (MiniMax-MCP's `mcp_server_config_demo.json`)
    ['mcp_server_config_demo.json', '', 'example'],
    ['config/demo.json', '', 'production'],
    // Drizzle Kit's output folder (metamcp): its revisions are migrations, its schema beside them is code
    ['apps/backend/drizzle/0002_dear_night_thrasher.sql', '', 'migration'],
    ['apps/backend/drizzle/schema.ts', '', 'production'],
    ['django/db/migrations/executor.py', '', 'production'],
    ['app/migrations/__init__.py', '', 'production'],
    ['store/rev_1.py', 'from alembic import op\nimport sqlalchemy as sa\n', 'migration'],
    ['store/m1.py', 'from django.db import migrations, models\n', 'migration'],
    ['store/m2.js', 'exports.up = function (knex) {\n  return knex.schema.dropTable("x");\n};\n', 'migration'],
    ['scripts/release.sh', '', 'script'],
    // a repository's own deployment tooling at its top (agentica's README sync), not a deploy command of the program
    ['deploy/sync_readme.js', '', 'script'],
    ['deployment/docker/searxng/settings.yml', '', 'script'],
    ['src/mcp_agent/cli/cloud/commands/deploy/wrangler_wrapper.py', '', 'production'],
    ['installers/oi-linux-installer.sh', '', 'script'],
    ['tools/installer/setup_windows.ps1.py', '', 'script'],
    ['.devcontainer/setup.sh', '', 'script'],
    ['lib/devtools/src/devtools/cli.py', '', 'script'],
    ['containers/app/entrypoint.sh', '', 'script'],
    ['docker/web-entrypoint.sh', '', 'script'],
    ['build_extension.py', '', 'script'],
    ['setup.py', '', 'script'],
    ['bin/setup.sh', '', 'script'],
    ['bin/setup', '', 'script'],
    ['bin/agent.sh', '', 'production'],
    ['pkg/bin/setup.sh', '', 'script'],
    ['bin/tools/setup.sh', '', 'production'],
    ['pkg/build.py', '', 'production'],
    ['src/entrypoint.py', '', 'production'],
    ['evaluation/run_swe_bench.py', '', 'eval'],
    ['benchmarks/latency.py', '', 'eval'],
    ['auto_eval/taskweaver_eval.py', '', 'eval'],
    ['.claude/hooks/claude-code-for-web-setup.sh', '', 'script'],
    ['src/praisonai-train/praisonai_train/setup/setup_conda_env.sh', '', 'script'],
    ['src/praisonai/setup.sh', '', 'script'],
    ['install.sh', '', 'script'],
    ['src/agent/setup_tools.py', '', 'production'],
    ['src/mcp_agent/data/templates/config_claude.yaml', '', 'example'],
    ['templates/project/.env.example', '', 'example'],
    ['src/app/templates/prompts.py', '', 'production'],
    ['libs/agno/migrations/v1_to_v2/migrate_vectordbs_to_v2.py', '', 'migration'],
    ['migrations/0.4-to-0.5/upgrade.py', '', 'migration'],
    ['django/db/migrations/executor.py', '', 'production'],
    ['src/app/v2/handlers.py', '', 'production'],
    ['human-evals/run.py', '', 'eval'],
    // a folder named for a demo or an example of something, or a demo server
    ['demoserver/server.py', '', 'example'],
    ['computer-use-demo/computer_use_demo/loop.py', '', 'example'],
    ['src/rag_examples/ingest.py', '', 'example'],
    ['example_agent/agent.py', '', 'example'],
    ['src/demographics/report.py', '', 'production'],
    ['src/examples_registry.py', '', 'production'],
    ['src/sample_rate/convert.py', '', 'production'],
    ['eval_harness/cases.ts', '', 'eval'],
    ['src/retrieval/search.py', '', 'production'],
    ['src/medieval/castle.py', '', 'production'],
    ['src/evaluator/judge.py', '', 'production'],
    ['proto/agent_pb2.py', '', 'generated'],
    ['src/client.py', '# Generated by the protocol buffer compiler.  DO NOT EDIT!\n', 'generated'],
    ['src/api.ts', '// @generated by openapi-typescript\n', 'generated'],
    ['src/api.ts', 'const s = "@generated"; '.padEnd(2000, ' ') + '\n// @generated\n', 'production'],
    ['open-computer/master/setup/provision.sh', '', 'script'],
    ['open-computer/master/setup/themes/win10/apply-noninteractive.sh', '', 'script'],
    ['deploy/provision-vm.sh', '', 'script'],
    ['entrypoint-skyvernui.sh', '', 'script'],
    ['bin/redeploy.sh', '', 'script'],
    ['deploy/deploy_prod.sh', '', 'script'],
    ['src/deploy.py', '', 'production'],
    ['docker/entrypoint_worker.sh', '', 'script'],
    ['src/app/setup/__init__.py', '', 'production'],
    ['src/app/setup/run.sh.py', '', 'production'],
    ['livekit-plugins/livekit-x/setup.py', 'import os\nfrom setuptools import setup\n', 'script'],
    ['pkg/sub/setup.py', 'def setup(app):\n    app.add_route()\n', 'production'],
    ['libraries/python/.env.example', '', 'example'],
    ['config/example.env', '', 'example'],
    // a configuration file named as an example with `_` or `-` (ottomator-agents' MCP configurations)
    ['pydantic-ai-mcp-agent/mcp_config_example.json', '', 'example'],
    ['thirdbrain-mcp-openai-agent/mcp_config_examples.json', '', 'example'],
    ['deploy/values-sample.yaml', '', 'example'],
    // a sample application of a library's repository (openllmetry's packages/sample-app/sample_app/), an env file's example per purpose
    ['packages/sample-app/sample_app/mcp_dev_assistant_server.py', '', 'example'],
    ['apps/demo_app/main.py', '', 'example'],
    ['.env.test.example', '', 'example'],
    ['.env.test', '', 'production'],
    ['src/example_config.json', '', 'production'],
    ['src/examples_loader.py', '', 'production'],
    ['deploy/prod.env.template', '', 'example'],
    ['src/env.ts', '', 'production'],
    ['XAgentServer/database/sql/create_mysql_table.sql', '', 'migration'],
    ['src/db/create_index.py', '', 'production'],
    ['clients/web/src/components/NetworkEntry/NetworkEntry.stories.tsx', '', 'example'],
    ['src/stories.ts', '', 'production'],
    ['app/supabase/seed.sql', '', 'migration'],
    ['spikes/wasm_pure/src/executor_component.py', '', 'example'],
    // build output committed with the app that serves it: a framework's output folder, hashed bundle names, minified files
    ['packages/app/static/web/_next/static/chunks/5880.26da9676624c2c0f.js', '', 'generated'],
    ['packages/app/static/web/_next/static/css/page.js', '', 'generated'],
    ['src/cli/browser/main-JAAWEV7F.js', '', 'generated'],
    ['frontend/public/workbox-f1770938.js', '', 'generated'],
    // Vite's assets folder (openui's committed web build)
    ['backend/openui/dist/assets/html-B4dTfUY8.js', '', 'generated'],
    ['web/dist/assets/yaml-DWuY8lcX.mjs', '', 'generated'],
    ['src/components/Editor-V2Helper.js', '', 'production'],
    ['src/assets/fetch-UserData.js', '', 'production'],
    ['src/components/file-uploader.js', '', 'production'],
    ['src/lib/utils-v2.js', '', 'production'],
    ['src/lib/sha256-digest.ts', '', 'production'],
    ['vendor/lib/x.js', '', 'vendored'],
    ['third_party/y/z.py', '', 'vendored'],
    ['tests/vendor/x.py', '', 'vendored'],
    // a library's distribution copied into the folder a web app serves (bisheng's vditor with its MathJax); the app's own files there are its own
    ['src/frontend/platform/public/vditor/dist/js/mathjax/sre/sre_browser.js', '', 'vendored'],
    // folders of tutorials and crash courses (awesome-llm-apps' `rag_tutorials/`, `ai_agent_framework_crash_course/`)
    ['rag_tutorials/rag-as-a-service/rag_app.py', '', 'example'],
    ['ai_agent_framework_crash_course/google_adk_crash_course/4_tool_using_agent/tools.py', '', 'example'],
    ['src/courses/api.py', '', 'production'],
    ['web/static/lib/dist/echarts.js', '', 'vendored'],
    ['web/public/js/app.js', '', 'production'],
    ['packages/ui/dist/index.js', '', 'production'],
    // demo apps of a library's integrations (CopilotKit's `showcase/`)
    ['showcase/integrations/mastra/src/mastra/tools/a2ui-generate.ts', '', 'example'],
    // a file that says it is another project's (opengpts' copy of json-refs); code adapted from elsewhere is the project's
    ['frontend/src/utils/json-refs.js', '// Original source: https://github.com/whitlockjc/json-refs/blob/master/dist/json-refs-min.js\n\nexport const JsonRefs = 1;\n', 'vendored'],
    ['lib/retry.py', '# Copied from https://github.com/x/y/blob/main/retry.py\nimport time\n', 'vendored'],
    ['lib/retry.py', '# Adapted from https://github.com/x/y/blob/main/retry.py\nimport time\n', 'production'],
    ['lib/retry.py', 'import time\n# see https://github.com/x/y for the original source\n', 'production'],
  ])('%s is %s', (rel, text, expected) => {
    expect(classifyContext(rel, text)).toBe(expected);
  });

  it("takes a file whose opening docstring or comment calls it a test harness for test code, wherever it is kept (MCP for Unity's tools/local_harness.py)", () => {
    expect(classifyContext('tools/local_harness.py', '#!/usr/bin/env python3\n"""Local headless test harness for MCP for Unity.\n\nBoots an editor.\n"""\nimport subprocess\n')).toBe('test');
    expect(classifyContext('src/harness.ts', '// End-to-end harness for the bridge: starts the server, runs the smoke legs.\nimport { spawn } from "node:child_process";\n')).toBe('test');
    // a harness of another kind, or the words further down the file, say nothing of tests
    expect(classifyContext('agent/harness.py', '"""Agent harness: runs the model\'s tool calls."""\nimport subprocess\n')).toBe('production');
    expect(classifyContext('agent/runner.py', 'import subprocess\n\n\ndef run():\n    """Used by the test harness too."""\n')).toBe('production');
  });

  it("takes a scoped npm package's published build committed with the project for vendored code (Eigent's package/@stackframe/react/dist)", () => {
    expect(classifyContext('package/@stackframe/react/dist/esm/generated/quetzal-translations.js', 'export const a = 1;\n')).toBe('vendored');
    expect(classifyContext('package/@stackframe/react/dist/index.js', 'export const a = 1;\n')).toBe('vendored');
    // the source of a scoped package of the project, and a dist folder right under the scope, are not
    expect(classifyContext('packages/@acme/agent/src/index.js', 'export const a = 1;\n')).toBe('production');
    expect(classifyContext('packages/@acme/dist/index.js', 'export const a = 1;\n')).toBe('production');
  });

  it('takes minified JavaScript for generated code, by its line length, and nothing hand-written', () => {
    const minified = `/*! workbox */\nif(!self.define){${'let e,s={};const n=(n,t)=>(n=new URL(n+".js",t).href,s[n]);'.repeat(200)}}`;
    expect(classifyContext('frontend/public/sw.js', minified)).toBe('generated');
    expect(classifyContext('frontend/public/sw.mjs', minified)).toBe('generated');
    // many short lines, the same length in all
    expect(classifyContext('src/app.js', 'const x = 1;\n'.repeat(2000))).toBe('production');
    // an icon component's path data: long lines in TSX, written or pasted by hand
    expect(classifyContext('src/icons/Logo.tsx', `export const Logo = () => <path d="${'M1 2L3 4'.repeat(2000)}" />;\n`)).toBe('production');
    // short files are never taken for minified, whatever their lines
    expect(classifyContext('src/one-line.js', 'export const a = 1;'.repeat(100))).toBe('production');
  });

  it('takes a bundle with the banner webpack writes where it moved the licences out for generated code, whatever its line lengths (Langchain-Chatchat\'s redoc.standalone.js)', () => {
    const bundle = `/*! For license information please see redoc.standalone.js.LICENSE.txt */\n!function(e,t){module.exports=t()}(this,(()=>{\nreturn new Function("a","return a")\n}));\n`;
    expect(classifyContext('server/api_server/static/redoc.standalone.js', bundle)).toBe('generated');
    // the same comment further down, or in TypeScript source, is not a bundle's banner
    expect(classifyContext('server/static/app.js', `const a = 1;\n${bundle}`)).toBe('production');
    expect(classifyContext('src/app.ts', bundle)).toBe('production');
  });

  it('caps severities by default and never lets non-production code fail the gate', () => {
    const s = defaultContextSettings();
    expect(applyContext(s, 'production', 'sql-injection', 'critical')).toEqual({ severity: 'critical', gating: true });
    expect(applyContext(s, 'test', 'sql-injection', 'critical')).toEqual({ severity: 'low', gating: false });
    expect(applyContext(s, 'migration', 'sql-destructive', 'high')).toEqual({ severity: 'off', gating: false });
    expect(applyContext(s, 'migration', 'sql-injection', 'high')).toEqual({ severity: 'low', gating: false });
    expect(applyContext(s, 'generated', 'code-eval', 'high').severity).toBe('off');
    expect(applyContext(s, 'script', 'subprocess-shell', 'high')).toEqual({ severity: 'high', gating: false });
  });
});

describe('code contexts: the `contexts:` key', () => {
  const known = (id: string) => ['sql-destructive', 'sql-injection'].includes(id);
  it('reads the shape DESIGN.md shows', () => {
    const c = resolveConfigObject(
      { contexts: { test: 'medium', example: 'low', migration: { 'sql-destructive': 'off', default: 'low' }, generated: 'off', paths: { 'tools/dev/**': 'script' } } },
      '/p',
      '/p/agentos.config.yaml',
      { knownRule: known },
    );
    expect(c.contexts!.levels.test.default).toBe('medium');
    expect(c.contexts!.levels.migration).toEqual({ default: 'low', rules: { 'sql-destructive': 'off' } });
    expect(c.contexts!.paths).toEqual([{ glob: 'tools/dev/**', context: 'script' }]);
    // contexts not named keep their defaults
    expect(c.contexts!.levels.docs.default).toBe('low');
  });

  it.each([
    [{ contexts: 'low' }, '`contexts` must be a mapping'],
    [{ contexts: { tests: 'low' } }, '`contexts.tests` is not a known key'],
    [{ contexts: { test: 'loud' } }, '`contexts.test` must be one of critical, high, medium, low, off'],
    [{ contexts: { test: 3 } }, '`contexts.test` must be a severity, off, or a mapping'],
    [{ contexts: { migration: { 'sql-nope': 'off' } } }, '`contexts.migration.sql-nope` is not a known rule id'],
    [{ contexts: { paths: { 'a/**': 'unit' } } }, '`contexts.paths.a/**` must be one of production, test'],
    [{ contexts: { paths: ['a/**'] } }, '`contexts.paths` must be a mapping of glob to context'],
  ])('%j is rejected naming the key', (raw, message) => {
    expect(() => resolveConfigObject(raw, '/p', '/p/agentos.config.yaml', { knownRule: known })).toThrow(ConfigError);
    expect(() => resolveConfigObject(raw, '/p', '/p/agentos.config.yaml', { knownRule: known })).toThrow(message);
  });
});

const SHELL_TOOL = `import subprocess\n\ndef run(cmd):\n    return subprocess.check_output(cmd, shell=True)\n`;

describe('code contexts: agentos check', () => {
  it('reports tests at low under one line, lets them pass the gate, and lists them with --all-contexts', () => {
    const dir = tempProject({ 'tests/test_tool.py': SHELL_TOOL, 'migrations/0002.sql': 'DROP TABLE users;\n', 'vendor/lib.py': SHELL_TOOL }, { git: true });
    const text = runCli(['check'], { cwd: dir });
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  test: 1 finding (1 low) in 1 file');
    expect(text.stdout).not.toContain('4:12');
    const all = runCli(['check', '--all-contexts'], { cwd: dir });
    expect(all.stdout).toContain('4:12  low  subprocess-shell  (tests/test_tool.py:4:12)  [test]');
    const json = JSON.parse(runCli(['check', '--format', 'json'], { cwd: dir }).stdout);
    // the migration's DROP TABLE is off there, the vendored copy is not checked
    expect(json.findings.map((f: { file: string; severity: string; context: string }) => [f.file, f.severity, f.context])).toEqual([['tests/test_tool.py', 'low', 'test']]);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results[0].properties.context).toBe('test');
  });

  it('a production file still fails the gate, and `contexts.paths` re-labels a directory', () => {
    const dir = tempProject({ 'agent.py': SHELL_TOOL, 'agentos.config.yaml': 'contexts:\n  paths: { "agent.py": test }\n' }, { git: true });
    expect(runCli(['check'], { cwd: dir }).code).toBe(0);
    const plain = tempProject({ 'agent.py': SHELL_TOOL }, { git: true });
    const r = runCli(['check', '--format', 'json'], { cwd: plain });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ severity: 'high', context: 'production' });
  });

  it('a bad `contexts:` value is exit 2 with one line naming file and key', () => {
    const dir = tempProject({ 'agent.py': SHELL_TOOL, 'agentos.config.yaml': 'contexts:\n  test: loud\n' });
    const r = runCli(['check'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/agentos\.config\.yaml: `contexts\.test` must be one of/);
  });
});

describe('code contexts: a collection of tutorial projects', () => {
  const README = '# AI Agents Hub\n\nA collection of hands-on tutorials: each folder is a project to learn from.\n';
  /** `n` folders, each a project of its own with a shell tool; no manifest at the top unless `top` names one. */
  function hub(n: number, extra: Record<string, string> = {}, top?: string): string {
    const files: Record<string, string> = { 'README.md': README, 'agentos.config.yaml': 'contexts:\n  test: low\n', ...extra };
    for (let i = 0; i < n; i++) Object.assign(files, { [`project-${i}/requirements.txt`]: 'openai\n', [`project-${i}/agent.py`]: SHELL_TOOL });
    const dir = tempProject(files);
    // (the fixture's own package.json would make the top a project)
    rmSync(path.join(dir, 'package.json'));
    if (top) writeFileSync(path.join(dir, top), top === 'package.json' ? '{"name":"hub"}\n' : '[project]\nname = "hub"\n');
    return dir;
  }
  const contexts = (dir: string, args: string[] = []) => {
    const r = runCli(['check', '--format', 'json', '--no-cache', ...args], { cwd: dir });
    return { code: r.code, found: (JSON.parse(r.stdout).findings as { file: string; context: string }[]).map((f) => `${f.file} ${f.context}`).sort() };
  };

  it('ten project folders, none at the top, and a README about learning: each project is an example (its tests stay tests)', () => {
    const dir = hub(10, { 'project-3/tests/test_agent.py': SHELL_TOOL });
    const r = contexts(dir);
    expect(r.code).toBe(0);
    expect(r.found).toHaveLength(11);
    expect(r.found).toContain('project-0/agent.py example');
    expect(r.found).toContain('project-9/agent.py example');
    expect(r.found).toContain('project-3/tests/test_agent.py test');
  });

  it('is production with nine projects, with a manifest at the top, or with a README that does not speak of learning', () => {
    expect(contexts(hub(9)).found).toContain('project-0/agent.py production');
    expect(contexts(hub(10, {}, 'pyproject.toml')).found).toContain('project-0/agent.py production');
    expect(contexts(hub(10, { 'README.md': '# Platform\n\nThe services of our platform.\n' })).found).toContain('project-0/agent.py production');
    // a `contexts.paths` glob still wins
    expect(contexts(hub(10, { 'agentos.config.yaml': 'contexts:\n  paths: { "project-1/**": production }\n' })).found).toContain('project-1/agent.py production');
  });

  it('a cached result is not reused when the repository stops being a collection', () => {
    const dir = hub(10);
    const cache = ['--cache-location', path.join(dir, '.cache')];
    const first = runCli(['check', '--format', 'json', ...cache], { cwd: dir });
    expect(first.code).toBe(0);
    // (only the README changes: no file checked, no package name)
    writeFileSync(path.join(dir, 'README.md'), '# Platform\n\nThe services of our platform.\n');
    const second = runCli(['check', '--format', 'json', ...cache], { cwd: dir });
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout).findings[0]).toMatchObject({ file: 'project-0/agent.py', context: 'production' });
  });
});
