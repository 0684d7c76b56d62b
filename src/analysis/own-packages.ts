/**
 * The names a project publishes itself under: `name` of the package.json (and of its workspaces' packages) and of pyproject.toml's
 * `[project]` (or `[tool.poetry]`) table in the project's directory and one or two folders down (a repository of several
 * Python packages). An MCP configuration a project
 * ships for its own server (`npx -y @acme/mcp-server@latest` in the repository of
 * `@acme/mcp-server`) runs code of the same publisher as the configuration: not a package of
 * someone else that may change under it.
 *
 * Read once per directory and process; the names are part of the cache's run key (cache.ts), so
 * a renamed package does not reuse results judged under the old name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const memo = new Map<string, readonly string[]>();

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `name = "…"` of the first of the given TOML tables that has one. */
function tomlName(text: string, tables: readonly string[]): string | undefined {
  let table = '';
  const found = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]\[]+)\]\s*(?:#.*)?$/.exec(line);
    if (header) {
      table = header[1]!.trim();
      continue;
    }
    const m = /^\s*name\s*=\s*(?:"([^"]+)"|'([^']+)')/.exec(line);
    if (m && tables.includes(table) && !found.has(table)) found.set(table, (m[1] ?? m[2])!);
  }
  for (const t of tables) if (found.has(t)) return found.get(t);
  return undefined;
}

/** The `packages:` list of a pnpm-workspace.yaml (`  - "packages/*"`). */
function pnpmWorkspaces(text: string | undefined): string[] {
  if (text === undefined) return [];
  const out: string[] = [];
  let inList = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inList = true;
    else if (/^\S/.test(line)) inList = false;
    else if (inList) {
      const m = /^\s*-\s*(?:"([^"]+)"|'([^']+)'|([^\s#]+))/.exec(line);
      if (m) out.push((m[1] ?? m[2] ?? m[3])!);
    }
  }
  return out;
}

/** At most this many workspace packages are read (a monorepo's own packages; the bound keeps a start-up read small). */
const MAX_WORKSPACE_PACKAGES = 200;

/** The names in the package.json of each workspace directory: `dir/sub` as written, or each folder of `dir/*` (no deeper globs, no exclusions). */
function workspaceNames(root: string, patterns: readonly unknown[]): string[] {
  const dirs: string[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string' || p.startsWith('!') || p.includes('..')) continue;
    const star = /^(.*?)\/?\*$/.exec(p);
    if (star) {
      try {
        for (const e of readdirSync(path.join(root, star[1]!), { withFileTypes: true })) if (e.isDirectory()) dirs.push(path.join(star[1]!, e.name));
      } catch {
        // (a folder the pattern names that is not there)
      }
    } else if (!p.includes('*')) dirs.push(p);
  }
  const names: string[] = [];
  for (const d of dirs.slice(0, MAX_WORKSPACE_PACKAGES)) {
    const text = readText(path.join(root, d, 'package.json'));
    if (text === undefined) continue;
    try {
      const name = (JSON.parse(text) as { name?: unknown }).name;
      if (typeof name === 'string' && name !== '') names.push(name);
    } catch {
      // (a workspace package.json that does not parse names nothing)
    }
  }
  return names;
}

/** Package names compare as their registries do: npm's as written, Python's normalized (PEP 503). */
export function normalizedPackageName(name: string, python: boolean): string {
  return python ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** The project's own package names in `dir` (npm names as written, Python names normalized). */
export function ownPackageNames(dir: string): readonly string[] {
  const known = memo.get(dir);
  if (known) return known;
  const names: string[] = [];
  const doc = rootPackage(dir);
  if (doc) {
    if (typeof doc.name === 'string' && doc.name !== '') names.push(doc.name);
    // the packages of its workspaces (npm and yarn `workspaces`, pnpm's pnpm-workspace.yaml) are published from here too
    const listed = Array.isArray(doc.workspaces) ? doc.workspaces : (doc.workspaces as { packages?: unknown } | undefined)?.packages;
    const patterns = [...(Array.isArray(listed) ? listed : []), ...pnpmWorkspaces(readText(path.join(dir, 'pnpm-workspace.yaml')))];
    for (const name of workspaceNames(dir, patterns)) if (!names.includes(name)) names.push(name);
  }
  const pyproject = readText(path.join(dir, 'pyproject.toml'));
  const py = pyproject === undefined ? undefined : tomlName(pyproject, ['project', 'tool.poetry']);
  if (py) names.push(normalizedPackageName(py, true));
  for (const name of nestedPythonNames(dir)) if (!names.includes(name)) names.push(name);
  memo.set(dir, names);
  return names;
}

const rootMemo = new Map<string, Record<string, unknown> | null>();

/** The project's root package.json, read and parsed once per directory and process for both lists below (null when there is none or it is no JSON object). */
function rootPackage(dir: string): Record<string, unknown> | null {
  if (rootMemo.has(dir)) return rootMemo.get(dir)!;
  let doc: Record<string, unknown> | null = null;
  const text = readText(path.join(dir, 'package.json'));
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') doc = parsed as Record<string, unknown>;
    } catch {
      // not JSON: no package
    }
  }
  rootMemo.set(dir, doc);
  return doc;
}

const installedMemo = new Map<string, readonly string[]>();
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/**
 * The npm packages the project at `dir` installs at versions its lockfile fixes: the root package.json's dependencies,
 * devDependencies and optionalDependencies, when a lockfile is beside it (`npx nx` there runs that installed `nx`).
 */
export function lockedNpmPackages(dir: string): readonly string[] {
  const known = installedMemo.get(dir);
  if (known) return known;
  const names: string[] = [];
  const doc = rootPackage(dir);
  if (doc && LOCKFILES.some((f) => existsSync(path.join(dir, f)))) {
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const deps = doc[field];
      if (deps && typeof deps === 'object' && !Array.isArray(deps)) names.push(...Object.keys(deps));
    }
  }
  installedMemo.set(dir, names);
  return names;
}

/**
 * Folders that hold someone else's code, an environment, or code that shows or tests the project rather than a package
 * it publishes (as a folder outside npm's workspaces is not one of them).
 */
const NOT_OWN_FOLDER = /^(?:\..*|node_modules|vendor|vendored|third_party|thirdparty|external|site-packages|venv|env|__pycache__|dist|build|examples?|samples?|demos?|tests?|docs?|cookbook)$/i;

/**
 * The Python packages of a repository that holds several (`servers/mcp-neo4j-cypher/pyproject.toml`, a uv workspace's
 * members): the names of the pyproject.toml files one and two folders down, at most MAX_WORKSPACE_PACKAGES folders read.
 */
function nestedPythonNames(dir: string): string[] {
  const names: string[] = [];
  let budget = MAX_WORKSPACE_PACKAGES;
  const folders = (d: string): string[] => {
    try {
      return readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory() && !NOT_OWN_FOLDER.test(e.name)).map((e) => path.join(d, e.name));
    } catch {
      return [];
    }
  };
  const read = (d: string) => {
    const text = readText(path.join(d, 'pyproject.toml'));
    const name = text === undefined ? undefined : tomlName(text, ['project', 'tool.poetry']);
    if (name) names.push(normalizedPackageName(name, true));
  };
  for (const one of folders(dir)) {
    if (budget-- <= 0) break;
    read(one);
    for (const two of folders(one)) {
      if (budget-- <= 0) break;
      read(two);
    }
  }
  return names;
}
