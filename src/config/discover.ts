/**
 * Which configuration file cosmiconfig's search would find, told by looking up the names it would
 * look for in each directory (not by listing the directory: a shared /tmp holds thousands of
 * entries; nor by loading cosmiconfig, which with the packages it reads package.json with was a
 * tenth of a pre-commit check). Most runs have no configuration file, and most of the
 * others have a YAML or JSON one, which loadConfig parses itself. Anything this cannot tell for
 * certain (a JavaScript configuration, a package.json that does not parse, an empty or
 * unreadable candidate, a cosmiconfig meta configuration) is left to cosmiconfig.
 *
 * What is mirrored, from cosmiconfig 9 with `searchStrategy: 'project'`: the directories from
 * `startDir` up to the first one holding a package.json or package.yaml (else to the root),
 * each checked for every search place (package.json only with the module's key); and its meta
 * configuration, read from the process's working directory (package.json's `cosmiconfig` key,
 * package.yaml, `.config/config.*`), which can add search places.
 */
import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A name in a directory that could not be looked up (not for want of the entry): only cosmiconfig can tell. */
class CannotTell extends Error {}

/**
 * The entries of a directory as far as the search asks about them: each name looked up once
 * (lstat), not the directory listed. The search asks about some twenty names; a working
 * directory such as a shared /tmp holds thousands. Undefined when `dir` is not a directory.
 */
function entriesOf(dir: string): { has(name: string): boolean } | undefined {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  const known = new Map<string, boolean>();
  return {
    has(name) {
      let found = known.get(name);
      if (found === undefined) {
        try {
          found = lstatSync(path.join(dir, name), { throwIfNoEntry: false }) !== undefined;
        } catch {
          throw new CannotTell();
        }
        known.set(name, found);
      }
      return found;
    },
  };
}

/** Whether package.json in `dir` has `key`: undefined when it cannot be read as a JSON object. */
function packageHas(dir: string, key: string): boolean | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as unknown;
    return typeof pkg === 'object' && pkg !== null && !Array.isArray(pkg) ? Object.hasOwn(pkg, key) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a file holds something besides white space: undefined when it cannot be read as a file. */
function hasContent(file: string): boolean | undefined {
  try {
    return readFileSync(file, 'utf8').trim() !== '';
  } catch {
    return undefined;
  }
}

/** A configuration file loadConfig reads itself: YAML, JSON, an extension-less rc file or package.json (not JavaScript). */
const isDataFile = (place: string) => !/\.(c|m)?(j|t)s$/.test(place);

/**
 * The file cosmiconfig's search from `startDir` would load: null when it would find none, the
 * path of a YAML, JSON or rc file, or package.json holding `moduleName`; undefined when
 * only cosmiconfig can tell (see the module comment).
 */
export function discoverConfig(startDir: string, searchPlaces: readonly string[], moduleName: string, processCwd: string = process.cwd()): string | null | undefined {
  try {
    return search(startDir, searchPlaces, moduleName, processCwd);
  } catch (err) {
    if (err instanceof CannotTell) return undefined;
    throw err;
  }
}

function search(startDir: string, searchPlaces: readonly string[], moduleName: string, processCwd: string): string | null | undefined {
  // (the working directory is usually the first directory searched too: looked into once)
  const looked = new Map<string, ReturnType<typeof entriesOf>>();
  const names = (dir: string) => {
    if (!looked.has(dir)) looked.set(dir, entriesOf(dir));
    return looked.get(dir);
  };
  const here = names(path.resolve(processCwd));
  if (!here || here.has('package.yaml') || here.has('.config') || (here.has('package.json') && packageHas(processCwd, 'cosmiconfig') !== false)) return undefined;
  for (let dir = path.resolve(startDir); ; ) {
    const entries = names(dir);
    if (!entries) return undefined;
    for (const place of searchPlaces) {
      const first = place.split('/')[0]!;
      if (!entries.has(first)) continue;
      const file = path.join(dir, place);
      if (place === 'package.json') {
        const has = packageHas(dir, moduleName);
        if (has === false) continue;
        return has ? file : undefined;
      }
      // (cosmiconfig passes over an empty candidate: left to it)
      return isDataFile(place) && hasContent(file) === true ? file : undefined;
    }
    if (entries.has('package.json') || entries.has('package.yaml')) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Whether cosmiconfig's search would find no configuration file. */
export function nothingToDiscover(startDir: string, searchPlaces: readonly string[], moduleName: string, processCwd: string = process.cwd()): boolean {
  return discoverConfig(startDir, searchPlaces, moduleName, processCwd) === null;
}
