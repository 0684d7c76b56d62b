/**
 * A repository that is a collection of separate tutorial or example projects (a "hub": dozens of
 * folders at the top, each its own project with its own package.json or requirements.txt, none at
 * the top, and a README that says the repository is for learning). Nothing in the path of one of
 * its files says "example", yet every project in it is one: code to read and copy from, not a
 * program someone runs as it is. Its top-level folders are the `example` context.
 *
 * Read once per directory and process; the folders are part of the cache's run key (cache.ts), so
 * a repository that becomes (or stops being) a collection does not reuse results of the other.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Files that make a folder a project of its own (a package, an app, a service). */
const MANIFESTS = ['package.json', 'pyproject.toml', 'requirements.txt', 'setup.py', 'setup.cfg', 'Pipfile', 'go.mod', 'Cargo.toml', 'pom.xml', 'build.gradle'];
/** At least this many top-level folders must be projects of their own (a repository of a few services is not a collection). */
const MIN_PROJECTS = 10;
/** What a collection's README says of itself, in its first part. */
const LEARNING_WORDS = /\b(?:tutorials?|learn(?:ing)?|educational|courses?|cookbooks?|recipes|hands-on|examples?|collection of|showcase)\b/i;
const README = /^readme(?:\.(?:md|markdown|rst|txt))?$/i;

const memo = new Map<string, readonly string[]>();

function hasManifest(dir: string): boolean {
  return MANIFESTS.some((m) => existsSync(path.join(dir, m)));
}

function readmeHead(dir: string, names: readonly string[]): string {
  const name = names.find((n) => README.test(n));
  if (!name) return '';
  try {
    return readFileSync(path.join(dir, name), 'utf8').slice(0, 4000);
  } catch {
    return '';
  }
}

/**
 * The top-level folders of `dir` (names, sorted) when `dir` is a collection of tutorial or example
 * projects, else none. A collection: no project manifest at the top, at least MIN_PROJECTS folders
 * with one of their own, and a README whose first part speaks of tutorials, learning or examples.
 */
export function collectionFolders(dir: string): readonly string[] {
  const known = memo.get(dir);
  if (known) return known;
  let found: readonly string[] = [];
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    if (!files.some((f) => MANIFESTS.includes(f))) {
      const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name);
      let projects = 0;
      for (const f of folders) if (hasManifest(path.join(dir, f)) && ++projects >= MIN_PROJECTS) break;
      if (projects >= MIN_PROJECTS && LEARNING_WORDS.test(readmeHead(dir, files))) found = folders.sort();
    }
  } catch {
    // (a directory that cannot be read is no collection)
  }
  memo.set(dir, found);
  return found;
}
