/**
 * What `agentos init` learns about a project: languages, package managers, agent frameworks
 * (from manifests and from the imports in the code), directories that are not production code,
 * and the programs, hosts and file locations the code uses (from the static engine's facts:
 * the same sink calls `agentos check` judges, kept only where the program, host or path is a
 * constant).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { fillHoles } from '../analysis/checks/common.js';
import { spawnShape } from '../analysis/checks/commands.js';
import type { SinkHit } from '../analysis/checks/types.js';
import { classifyContext } from '../analysis/contexts.js';
import { AVAILABLE_LANGUAGES, factsFor, languageOf, sinkCalls } from '../analysis/engine.js';
import type { FileFacts, Language } from '../analysis/facts.js';
import { discover } from '../analysis/run.js';
import { programName } from '../policy/commands.js';
import { loadRules } from '../policy/rules.js';
import { classifyUrl } from '../policy/urls.js';

export type DirectoryKind = 'tests' | 'examples' | 'fixtures' | 'migrations';

export interface Evidence {
  name: string;
  /** where it was seen: `package.json`, `pyproject.toml`, `requirements.txt`, `imports` */
  from: string[];
}

/** A program, host or path seen in the code, with the first place it was seen. */
export interface SeenValue {
  value: string;
  at: string;
}

export interface ProjectProfile {
  /** source files per language, most first */
  languages: { language: Language; files: number }[];
  packageManagers: Evidence[];
  frameworks: Evidence[];
  directories: Record<DirectoryKind, string[]>;
  programs: SeenValue[];
  hosts: SeenValue[];
  /** constant file locations: relative first segments and absolute directories */
  fileRoots: SeenValue[];
  /** agentos is among package.json's dependencies */
  agentosInstalled: boolean;
  hasPackageJson: boolean;
  /** source files the facts were read from (at most MAX_ANALYZED) */
  analyzedFiles: number;
}

interface FrameworkSpec {
  name: string;
  npm: RegExp[];
  python: RegExp[];
  imports: RegExp[];
}

/** One row per framework; LangGraph before LangChain so that its packages are not taken for LangChain's. */
export const FRAMEWORKS: readonly FrameworkSpec[] = [
  { name: 'LangGraph', npm: [/^@langchain\/langgraph/], python: [/^langgraph/], imports: [/^langgraph(\.|$)/, /^@langchain\/langgraph/] },
  { name: 'LangChain', npm: [/^langchain$/, /^@langchain\/(?!langgraph)/], python: [/^langchain/], imports: [/^langchain/, /^@langchain\/(?!langgraph)/] },
  { name: 'OpenAI Agents SDK', npm: [/^@openai\/agents/], python: [/^openai-agents$/], imports: [/^agents(\.|$)/, /^@openai\/agents/] },
  { name: 'CrewAI', npm: [], python: [/^crewai/], imports: [/^crewai(\.|$)/] },
  { name: 'MCP', npm: [/^@modelcontextprotocol\//], python: [/^mcp$/, /^fastmcp$/], imports: [/^mcp(\.|$)/, /^fastmcp(\.|$)/, /^@modelcontextprotocol\//] },
  { name: 'Vercel AI SDK', npm: [/^ai$/, /^@ai-sdk\//], python: [], imports: [/^ai$/, /^@ai-sdk\//] },
  { name: 'Anthropic SDK', npm: [/^@anthropic-ai\/sdk$/], python: [/^anthropic$/], imports: [/^anthropic(\.|$)/, /^@anthropic-ai\/sdk/] },
  { name: 'OpenAI SDK', npm: [/^openai$/], python: [/^openai$/], imports: [/^openai(\.|$)/] },
];

const DIRECTORY_NAMES: Record<DirectoryKind, ReadonlySet<string>> = {
  tests: new Set(['test', 'tests', '__tests__', 'spec', 'specs', 'e2e', 'testing']),
  examples: new Set(['example', 'examples', 'sample', 'samples', 'demo', 'demos', 'cookbook']),
  fixtures: new Set(['fixture', 'fixtures', '__fixtures__', 'testdata', 'test_data', 'test-data']),
  migrations: new Set(['migration', 'migrations', 'alembic', 'migrate']),
};

/** Lock files and manifests at the top of the project, by package manager. */
const MANAGER_FILES: [string, string][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['Pipfile', 'pipenv'],
  ['pdm.lock', 'pdm'],
];

/** Source files whose facts are read; a larger project is sampled in path order. */
export const MAX_ANALYZED = 3000;
const MAX_FILE_BYTES = 512 * 1024;

/**
 * Directories by kind, shallowest first; a directory inside one already listed is left out.
 * A directory is listed only when it holds code agentos checks (`docs/examples/` of Markdown
 * pages is no example code to mark), and one named for migrations only when it holds a
 * migration as the checks tell one by its path (a numbered or dated revision, Alembic's
 * `versions/`): the configuration `init` writes maps the whole directory, and a `migration/`
 * folder of guides under `docs/`, or a framework's own `migrations` package, is not that.
 */
export function classifyDirectories(relFiles: readonly string[]): Record<DirectoryKind, string[]> {
  const candidates = listDirectories(relFiles);
  const under = (dir: string, test: (rel: string) => boolean) => relFiles.some((f) => f.startsWith(dir + '/') && test(f));
  const isCode = (rel: string) => languageOf(rel) !== undefined;
  const out = {} as Record<DirectoryKind, string[]>;
  for (const kind of Object.keys(candidates) as DirectoryKind[]) {
    out[kind] = candidates[kind].filter((dir) => under(dir, kind === 'migrations' ? (f) => isCode(f) && classifyContext(f) === 'migration' : isCode));
  }
  return out;
}

function listDirectories(relFiles: readonly string[]): Record<DirectoryKind, string[]> {
  const out: Record<DirectoryKind, string[]> = { tests: [], examples: [], fixtures: [], migrations: [] };
  const seen = new Set<string>();
  for (const rel of relFiles) {
    const parts = rel.split('/').slice(0, -1);
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!.toLowerCase();
      for (const kind of Object.keys(DIRECTORY_NAMES) as DirectoryKind[]) {
        if (!DIRECTORY_NAMES[kind].has(name)) continue;
        const dir = parts.slice(0, i + 1).join('/');
        const key = `${kind}:${dir}`;
        if (seen.has(key) || out[kind].some((d) => dir.startsWith(d + '/'))) continue;
        seen.add(key);
        out[kind].push(dir);
      }
    }
  }
  for (const kind of Object.keys(out) as DirectoryKind[]) out[kind].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return out;
}

/** `Django>=4; python_version>"3"` -> `django`; PEP 503 normalization. */
export function pythonRequirementName(line: string): string | undefined {
  const s = line.replace(/#.*/, '').trim();
  if (!s || s.startsWith('-')) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m ? m[1]!.toLowerCase().replace(/[._-]+/g, '-') : undefined;
}

/** Dependency names in a pyproject.toml: PEP 621 (with optional groups), PEP 735 groups, Poetry. */
export function pyprojectDependencies(text: string): { names: string[]; poetry: boolean } {
  const doc = parseToml(text) as Record<string, unknown>;
  const names: string[] = [];
  const take = (list: unknown) => {
    if (Array.isArray(list)) for (const item of list) if (typeof item === 'string') names.push(pythonRequirementName(item) ?? '');
  };
  const project = (doc.project ?? {}) as Record<string, unknown>;
  take(project.dependencies);
  for (const group of Object.values((project['optional-dependencies'] ?? {}) as Record<string, unknown>)) take(group);
  for (const group of Object.values((doc['dependency-groups'] ?? {}) as Record<string, unknown>)) take(group);
  const poetry = ((doc.tool ?? {}) as Record<string, unknown>).poetry as Record<string, unknown> | undefined;
  if (poetry) {
    for (const key of Object.keys((poetry.dependencies ?? {}) as object)) names.push(pythonRequirementName(key) ?? '');
    for (const group of Object.values((poetry.group ?? {}) as Record<string, { dependencies?: object }>))
      for (const key of Object.keys(group.dependencies ?? {})) names.push(pythonRequirementName(key) ?? '');
  }
  return { names: names.filter((n) => n && n !== 'python'), poetry: poetry !== undefined };
}

function npmDependencies(pkg: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'])
    if (pkg[key] && typeof pkg[key] === 'object') names.push(...Object.keys(pkg[key] as object));
  return names;
}

/** Adds `from` to the evidence for `name`. */
function note(list: Evidence[], name: string, from: string): void {
  const e = list.find((x) => x.name === name);
  if (!e) list.push({ name, from: [from] });
  else if (!e.from.includes(from)) e.from.push(from);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A character no program name, host or path can hold: a hole filled with it marks where a value stops being constant. */
const HOLE = '\u0000';

interface Usage {
  programs: Map<string, string>;
  hosts: Map<string, string>;
  fileRoots: Map<string, string>;
}

async function factsOf(root: string, file: string, language: Language): Promise<FileFacts | undefined> {
  const abs = path.join(root, file);
  try {
    if ((await stat(abs)).size > MAX_FILE_BYTES) return undefined;
    return await factsFor(file, await readFile(abs, 'utf8'), language);
  } catch {
    return undefined; // unreadable or unparsable: `agentos check` reports it, init need not
  }
}

/** Records the constant program, host or file location of one sink call. */
function noteUsage(usage: Usage, kind: string, hit: SinkHit, at: string): void {
  if (kind === 'exec') {
    const shape = spawnShape(hit);
    const text = shape.line !== undefined ? fillHoles(shape.line, HOLE)?.trim().split(/\s+/)[0] : fillHoles(shape.program, HOLE);
    if (!text || text.includes(HOLE)) return;
    const name = programName(text);
    if (/^[\w.+-]+$/.test(name) && !usage.programs.has(name)) usage.programs.set(name, at);
  } else if (kind === 'http') {
    const url = fillHoles(hit.value, HOLE);
    if (!url) return;
    // a hole before the end of the authority makes the host unknown
    if (url.includes(HOLE) && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\u0000]+[/?#]/i.test(url.slice(0, url.indexOf(HOLE)))) return;
    const host = classifyUrl(url.split(HOLE).join('x'), null).host;
    if (host && !usage.hosts.has(host)) usage.hosts.set(host, at);
  } else if (kind === 'file') {
    const constant = fillHoles(hit.value, HOLE)?.split(HOLE)[0];
    if (!constant) return;
    const dir = constant.startsWith('/') ? path.posix.dirname(constant) : constant.includes('/') ? constant.split('/')[0]! : '';
    if (!dir || dir === '.' || dir === '..' || dir === '/' || dir.startsWith('~')) return;
    const key = constant.startsWith('/') ? dir : `./${dir}`;
    if (!usage.fileRoots.has(key)) usage.fileRoots.set(key, at);
  }
}

export async function detectProject(root: string): Promise<ProjectProfile> {
  const { files } = await discover(['.'], root);
  const rel = files.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
  const languageCount = new Map<Language, number>();
  const sources: { rel: string; language: Language }[] = [];
  for (const r of rel) {
    const language = languageOf(r);
    if (!language || !AVAILABLE_LANGUAGES.has(language)) continue;
    languageCount.set(language, (languageCount.get(language) ?? 0) + 1);
    sources.push({ rel: r, language });
  }

  const packageManagers: Evidence[] = [];
  const frameworks: Evidence[] = [];
  const relSet = new Set(rel);
  for (const [file, manager] of MANAGER_FILES) if (relSet.has(file)) note(packageManagers, manager, file);

  let agentosInstalled = false;
  const hasPackageJson = relSet.has('package.json');
  for (const manifest of rel.filter((r) => path.posix.basename(r) === 'package.json').slice(0, 50)) {
    const text = await readText(path.join(root, manifest));
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(text ?? '') as Record<string, unknown>;
    } catch {
      continue;
    }
    const deps = npmDependencies(pkg);
    if (manifest === 'package.json') {
      agentosInstalled = deps.includes('agentos');
      if (!packageManagers.some((m) => ['npm', 'yarn', 'pnpm', 'bun'].includes(m.name))) note(packageManagers, 'npm', 'package.json');
    }
    for (const fw of FRAMEWORKS) if (deps.some((d) => fw.npm.some((re) => re.test(d)))) note(frameworks, fw.name, manifest);
  }

  const pythonManifests = rel.filter((r) => /(^|\/)(pyproject\.toml|requirements[^/]*\.txt)$/.test(r)).slice(0, 50);
  for (const manifest of pythonManifests) {
    const text = await readText(path.join(root, manifest));
    if (text === undefined) continue;
    let names: string[];
    if (manifest.endsWith('.toml')) {
      try {
        const deps = pyprojectDependencies(text);
        names = deps.names;
        if (manifest === 'pyproject.toml' && deps.poetry) note(packageManagers, 'poetry', manifest);
      } catch {
        continue; // a broken pyproject.toml is not init's to judge
      }
    } else {
      names = text.split(/\r?\n/).map(pythonRequirementName).filter((n): n is string => !!n);
      if (!manifest.includes('/')) note(packageManagers, 'pip', manifest);
    }
    for (const fw of FRAMEWORKS) if (names.some((d) => fw.python.some((re) => re.test(d)))) note(frameworks, fw.name, manifest);
  }
  if (relSet.has('pyproject.toml') && !packageManagers.some((m) => ['uv', 'poetry', 'pipenv', 'pdm', 'pip'].includes(m.name))) note(packageManagers, 'pip', 'pyproject.toml');

  // the code itself: imports, and the programs, hosts and paths of sink calls outside
  // tests, examples, fixtures and migrations
  const directories = classifyDirectories(rel);
  const nonProduction = Object.values(directories).flat();
  const rules = loadRules().filter((r) => r.runtime && ['exec', 'http', 'file'].includes(r.runtime.action));
  const usage: Usage = { programs: new Map(), hosts: new Map(), fileRoots: new Map() };
  const analyzed = sources.filter((s) => s.language !== 'sql').slice(0, MAX_ANALYZED);
  for (const { rel: file, language } of analyzed) {
    const facts = await factsOf(root, file, language);
    if (!facts) continue;
    for (const imp of facts.imports) for (const fw of FRAMEWORKS) if (fw.imports.some((re) => re.test(imp.module))) note(frameworks, fw.name, 'imports');
    // a script's programs are the developer's, not an agent's; so are those of tests and examples
    if (language === 'shell' || nonProduction.some((d) => file.startsWith(d + '/'))) continue;
    for (const rule of rules) for (const hit of sinkCalls(facts, rule)) noteUsage(usage, rule.runtime!.action, hit, `${file}:${hit.call.range.line}`);
  }

  const seen = (m: Map<string, string>): SeenValue[] => [...m].map(([value, at]) => ({ value, at })).sort((a, b) => a.value.localeCompare(b.value));
  return {
    languages: [...languageCount].map(([language, n]) => ({ language, files: n })).sort((a, b) => b.files - a.files || a.language.localeCompare(b.language)),
    packageManagers,
    frameworks: FRAMEWORKS.map((f) => frameworks.find((e) => e.name === f.name)).filter((e): e is Evidence => !!e),
    directories,
    programs: seen(usage.programs),
    hosts: seen(usage.hosts),
    fileRoots: seen(usage.fileRoots),
    agentosInstalled,
    hasPackageJson,
    analyzedFiles: analyzed.length,
  };
}
