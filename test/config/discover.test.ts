/**
 * Telling which configuration file there is without loading cosmiconfig: whenever
 * `discoverConfig` names a file (or says there is none), cosmiconfig itself (the same search
 * options loadConfig uses) finds that file (or nothing) in the same real directories, and
 * loadConfig's result is the one cosmiconfig's reading of the file gives.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { discoverConfig, nothingToDiscover } from '../../src/config/discover.js';
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
  return (await cosmiconfigFile(start)) !== null;
}

/** The file cosmiconfig's search finds: null for none, '(error)' when it found one it could not read. */
async function cosmiconfigFile(start: string): Promise<string | null> {
  const explorer = cosmiconfig(MODULE_NAME, { searchStrategy: 'project', searchPlaces: SEARCH_PLACES });
  try {
    return (await explorer.search(start))?.filepath ?? null;
  } catch {
    return '(error)';
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

  // what discoverConfig answers: a file it reads itself, null for none, undefined for cosmiconfig to tell
  const FOUND: { name: string; files: Record<string, string>; start: string; found: string | null | undefined; finds?: string; policy?: string }[] = [
    { name: 'none', files: { 'package.json': PKG }, start: '.', found: null },
    { name: 'the package.json key', files: { 'package.json': '{"name":"p","agentos":{"policy":"strict"}}\n', 'agentos.config.yaml': 'policy: permissive\n' }, start: '.', found: 'package.json' },
    { name: 'a YAML file', files: { 'package.json': PKG, 'agentos.config.yaml': 'policy: strict\n' }, start: '.', found: 'agentos.config.yaml' },
    { name: 'the nearer of two', files: { 'package.json': PKG, 'agentos.config.yaml': 'policy: strict\n', 'src/.agentosrc': 'policy: permissive\n' }, start: 'src', found: 'src/.agentosrc' },
    { name: 'an rc file before a YAML file in one directory', files: { 'package.json': PKG, '.agentosrc.json': '{"policy":"strict"}', 'agentos.config.yaml': 'policy: permissive\n' }, start: '.', found: '.agentosrc.json' },
    { name: 'an empty candidate, passed over by cosmiconfig', files: { 'package.json': PKG, '.agentosrc.json': '  \n', 'agentos.config.yaml': 'policy: strict\n' }, start: '.', found: undefined, finds: 'agentos.config.yaml', policy: 'strict' },
    { name: 'a JavaScript configuration first', files: { 'package.json': PKG, '.agentosrc.cjs': 'module.exports = { policy: "strict" };\n', 'agentos.config.yaml': 'policy: permissive\n' }, start: '.', found: undefined, finds: '.agentosrc.cjs' },
    { name: 'a YAML file of comments only (null: cosmiconfig goes on)', files: { 'package.json': PKG, '.agentosrc.yaml': '# later\n', 'agentos.config.yaml': 'policy: strict\n' }, start: '.', found: '.agentosrc.yaml', finds: 'agentos.config.yaml', policy: 'strict' },
    { name: 'a file that $imports another', files: { 'package.json': PKG, 'base.yaml': 'policy: strict\n', 'agentos.config.yaml': '$import: base.yaml\nignore: ["x/**"]\n' }, start: '.', found: 'agentos.config.yaml', policy: 'strict' },
  ];
  for (const layout of FOUND) {
    it(`finds what cosmiconfig finds, and loads what it loads: ${layout.name}`, async () => {
      const dir = tree(layout.files);
      const start = path.join(dir, layout.start);
      const found = discoverConfig(start, SEARCH_PLACES, MODULE_NAME, dir);
      expect(found).toBe(typeof layout.found === 'string' ? path.join(dir, layout.found) : layout.found);
      const expected = layout.finds ?? layout.found;
      expect(await cosmiconfigFile(start)).toBe(typeof expected === 'string' ? path.join(dir, expected) : null);
      // loadConfig's reading against cosmiconfig's own (an explicit --config path goes through it)
      const config = await loadConfig({ cwd: start });
      if (expected === null || expected === undefined) expect(config).toEqual(defaultConfig(start));
      else expect(config).toEqual(await loadConfig({ cwd: start, configPath: path.join(dir, expected) }));
      if (layout.policy) expect(config.policy).toBe(layout.policy);
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
