/**
 * Which configuration file cosmiconfig's search would find, told with one directory listing per
 * directory it would look in: loading cosmiconfig (with the packages it reads package.json with)
 * was a tenth of a pre-commit check. Most runs have no configuration file, and most of the
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
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function listing(dir: string): Set<string> | undefined {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
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
  // (the working directory is usually the first directory searched too: listed once)
  const listed = new Map<string, Set<string> | undefined>();
  const names = (dir: string) => {
    if (!listed.has(dir)) listed.set(dir, listing(dir));
    return listed.get(dir);
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
