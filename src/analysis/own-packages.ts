/**
 * The names a project publishes itself under: `name` of the package.json and of pyproject.toml's
 * `[project]` (or `[tool.poetry]`) table in the project's directory. An MCP configuration a project
 * ships for its own server (`npx -y @acme/mcp-server@latest` in the repository of
 * `@acme/mcp-server`) runs code of the same publisher as the configuration: not a package of
 * someone else that may change under it.
 *
 * Read once per directory and process; the names are part of the cache's run key (cache.ts), so
 * a renamed package does not reuse results judged under the old name.
 */
import { readFileSync } from 'node:fs';
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

/** Package names compare as their registries do: npm's as written, Python's normalized (PEP 503). */
export function normalizedPackageName(name: string, python: boolean): string {
  return python ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** The project's own package names in `dir` (npm names as written, Python names normalized). */
export function ownPackageNames(dir: string): readonly string[] {
  const known = memo.get(dir);
  if (known) return known;
  const names: string[] = [];
  const pkg = readText(path.join(dir, 'package.json'));
  if (pkg !== undefined) {
    try {
      const doc = JSON.parse(pkg) as { name?: unknown };
      if (typeof doc.name === 'string' && doc.name !== '') names.push(doc.name);
    } catch {
      // not JSON: no name
    }
  }
  const pyproject = readText(path.join(dir, 'pyproject.toml'));
  const py = pyproject === undefined ? undefined : tomlName(pyproject, ['project', 'tool.poetry']);
  if (py) names.push(normalizedPackageName(py, true));
  memo.set(dir, names);
  return names;
}
