/**
 * Telling that there is no configuration to find without loading cosmiconfig: whenever
 * `nothingToDiscover` says so, cosmiconfig itself (the same search options loadConfig uses)
 * finds nothing in the same real directories; and it does say so for the plain layouts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { nothingToDiscover } from '../../src/config/discover.js';
import { defaultConfig, loadConfig, MODULE_NAME, SEARCH_PLACES } from '../../src/config/load.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-discover-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function cosmiconfigFinds(start: string): Promise<boolean> {
  const explorer = cosmiconfig(MODULE_NAME, { searchStrategy: 'project', searchPlaces: SEARCH_PLACES });
  try {
    return (await explorer.search(start)) !== null;
  } catch {
    return true; // it found something it could not read
  }
}

const PKG = '{"name":"p","private":true}\n';

const LAYOUTS: { name: string; files: Record<string, string>; start: string; nothing: boolean }[] = [
  { name: 'a package without configuration', files: { 'package.json': PKG, 'src/a.ts': '' }, start: '.', nothing: true },
  { name: 'started in a subdirectory', files: { 'package.json': PKG, 'src/deep/a.ts': '' }, start: 'src/deep', nothing: true },
  { name: 'a configuration above the package root is not searched', files: { 'agentos.config.yaml': 'policy: strict\n', 'proj/package.json': PKG }, start: 'proj', nothing: true },
  { name: 'package.yaml ends the search too', files: { 'agentos.config.yaml': 'policy: strict\n', 'proj/package.yaml': 'name: p\n' }, start: 'proj', nothing: true },
  { name: 'the package.json key', files: { 'package.json': '{"name":"p","agentos":{"policy":"strict"}}\n' }, start: '.', nothing: false },
  { name: 'agentos.config.yaml', files: { 'package.json': PKG, 'agentos.config.yaml': 'policy: strict\n' }, start: '.', nothing: false },
  { name: 'an rc file between the start and the package root', files: { 'package.json': PKG, 'src/.agentosrc.json': '{}\n', 'src/x/a.ts': '' }, start: 'src/x', nothing: false },
  { name: 'a JavaScript configuration', files: { 'package.json': PKG, 'agentos.config.mjs': 'export default {};\n' }, start: '.', nothing: false },
  { name: 'a package.json that does not parse', files: { 'package.json': '{ nope' }, start: '.', nothing: false },
];

describe('telling that there is no configuration file without cosmiconfig', () => {
  for (const layout of LAYOUTS) {
    it(layout.name, async () => {
      const dir = tree(layout.files);
      const start = path.join(dir, layout.start);
      const nothing = nothingToDiscover(start, SEARCH_PLACES, MODULE_NAME);
      expect(nothing).toBe(layout.nothing);
      if (nothing) expect(await cosmiconfigFinds(start)).toBe(false);
      else if (layout.name !== 'a package.json that does not parse') expect(await cosmiconfigFinds(start)).toBe(true);
    });
  }

  it('a cosmiconfig meta configuration in the working directory leaves the search to cosmiconfig', () => {
    const dir = tree({ 'package.json': PKG, '.config/config.json': '{"cosmiconfig":{"searchPlaces":["custom.yaml"]}}\n' });
    expect(nothingToDiscover(dir, SEARCH_PLACES, MODULE_NAME, dir)).toBe(false);
    const other = tree({ 'package.json': '{"name":"p","cosmiconfig":{"searchPlaces":["custom.yaml"]}}\n' });
    expect(nothingToDiscover(other, SEARCH_PLACES, MODULE_NAME, other)).toBe(false);
  });

  it('loadConfig gives the defaults without a file, and the file where there is one', async () => {
    const dir = tree({ 'package.json': PKG });
    expect(await loadConfig({ cwd: dir })).toEqual(defaultConfig(dir));
    const withFile = tree({ 'package.json': PKG, 'agentos.config.yaml': 'policy: strict\n' });
    const config = await loadConfig({ cwd: withFile });
    expect(config.file).toBe(path.join(withFile, 'agentos.config.yaml'));
    expect(config).not.toEqual(defaultConfig(withFile));
  });
});
