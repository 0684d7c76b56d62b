/**
 * Whether cosmiconfig's search for a configuration would find nothing, told with one directory
 * listing per directory it would look in: most runs have no configuration file, and loading
 * cosmiconfig (with the packages it reads package.json with) was a tenth of a pre-commit
 * check. Anything this cannot rule out (a candidate file, a package.json that does not parse,
 * a cosmiconfig meta configuration) answers false, and cosmiconfig searches as before.
 *
 * What is mirrored, from cosmiconfig 9 with `searchStrategy: 'project'`: the directories from
 * `startDir` up to the first one holding a package.json or package.yaml (else to the root),
 * each checked for every search place (package.json only with the module's key); and its meta
 * configuration, read from the process's working directory (package.json's `cosmiconfig` key,
 * package.yaml, `.config/config.*`), which can add search places.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

function names(dir: string): Set<string> | undefined {
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

export function nothingToDiscover(startDir: string, searchPlaces: readonly string[], moduleName: string, processCwd: string = process.cwd()): boolean {
  const here = names(processCwd);
  if (!here || here.has('package.yaml') || here.has('.config') || (here.has('package.json') && packageHas(processCwd, 'cosmiconfig') !== false)) return false;
  for (let dir = path.resolve(startDir); ; ) {
    const entries = names(dir);
    if (!entries) return false;
    for (const place of searchPlaces) {
      const first = place.split('/')[0]!;
      if (!entries.has(first)) continue;
      if (place !== 'package.json' || packageHas(dir, moduleName) !== false) return false;
    }
    if (entries.has('package.json') || entries.has('package.yaml')) return true;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}
