/**
 * What `check --staged` checks: the index version of the staged files, the configuration,
 * `.agentosignore` and baseline as they will be committed. Reads git; the CLI decides.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from '../analysis/file-index.js';
import { IGNORE_FILE } from '../analysis/run.js';
import { loadConfig, loadConfigText, SEARCH_PLACES, type RuleIdCheck } from '../config/load.js';
import { ConfigError, type ResolvedConfig } from '../config/types.js';
import { readBlobs, repoLocation, stagedFiles, unstagedChanges, type StagedFile } from '../git/index.js';

export interface StagedInput {
  /** staged text by path relative to the working directory */
  contents: Map<string, string>;
  /** checked files whose work tree version differs from the staged one (relative to the working directory) */
  differsInWorkTree: string[];
  config: ResolvedConfig;
  /** where the configuration was read from */
  configSource: 'staged' | 'work tree' | 'defaults';
  /** the staged `.agentosignore` beside the configuration, when that is staged */
  ignoreFileText?: string;
  /** a staged file's text by absolute path, or undefined when it is not staged (for the baseline) */
  stagedText(absolutePath: string): Promise<string | undefined>;
}

export async function readStagedInput(cwd: string, pathspecs: readonly string[], configPath: string | undefined, knownRule: RuleIdCheck): Promise<StagedInput> {
  // the independent git questions run at once; the repository's own error (not a repository) comes first
  const asked = await Promise.allSettled([repoLocation(cwd), stagedFiles(cwd), pathspecs.length ? stagedFiles(cwd, pathspecs) : undefined]);
  for (const a of asked) if (a.status === 'rejected') throw a.reason;
  const [loc, staged, inPathspecs] = asked.map((a) => (a as PromiseFulfilledResult<unknown>).value) as [Awaited<ReturnType<typeof repoLocation>>, StagedFile[], StagedFile[] | undefined];
  const all = staged.filter((f) => f.mode !== '120000');
  const targets = inPathspecs ? new Set(inPathspecs.map((f) => f.path)) : undefined;
  const byPath = new Map(all.map((f) => [f.path, f]));
  // git names the top level by its real path; the working directory may be reached through a symlink
  const cwdReal = realpathSync(cwd);
  const real = (abs: string) => (abs === cwd || abs.startsWith(cwd + path.sep) ? cwdReal + abs.slice(cwd.length) : abs);
  const topRel = (abs: string) => path.relative(loc.root, real(abs)).split(path.sep).join('/');
  const fromTop = (p: string) => path.join(loc.root, p);
  const cwdTop = path.resolve(loc.root, loc.prefix);
  const toCwd = (p: string) => path.relative(cwdTop, fromTop(p)).split(path.sep).join('/');

  // every blob needed is read in one batch, including the staged configuration candidates
  const configCandidates = stagedConfigCandidates(all, loc.prefix, configPath !== undefined ? topRel(path.resolve(cwd, configPath)) : undefined);
  const wanted: StagedFile[] = [...all.filter((f) => !targets || targets.has(f.path))];
  for (const c of configCandidates) if (!wanted.includes(c)) wanted.push(c);
  const checked = wanted.filter((f) => !targets || targets.has(f.path));
  // which checked files differ in the work tree: asked now, answered while the blobs are read
  const differing = unstagedChanges(cwd, checked.map((f) => f.path));
  differing.catch(() => undefined); // awaited below; not an unhandled rejection if reading the blobs fails first
  const blobs = await readBlobs(cwd, wanted.map((f) => f.blob));
  const text = new Map(wanted.map((f, i) => [f.path, decodeText(blobs[i]!)]));

  let config: ResolvedConfig | undefined;
  let configSource: StagedInput['configSource'] = 'staged';
  for (const c of configCandidates) {
    const abs = fromTop(c.path);
    const staged = text.get(c.path)!;
    if (path.basename(c.path) === 'package.json' && !hasAgentosKey(staged)) continue;
    if (/\.(c|m)?(j|t)s$/.test(c.path)) {
      // a JavaScript configuration runs from the work tree: accepted only when that is what is staged
      if (readWorkTree(abs) !== staged)
        throw new ConfigError(abs, '(file)', 'is staged with changes that are not; a JavaScript configuration is loaded from the work tree, so stage all of it (or stash the rest) before checking the staged files');
      config = await loadConfig({ cwd, configPath: abs, knownRule });
    } else config = loadConfigText(staged, abs, { knownRule });
    break;
  }
  if (!config) {
    config = await loadConfig({ cwd, configPath, knownRule });
    configSource = config.file ? 'work tree' : 'defaults';
  }

  const contents = new Map<string, string>();
  for (const f of checked) contents.set(toCwd(f.path), text.get(f.path)!);
  const stagedText = async (abs: string): Promise<string | undefined> => {
    const f = byPath.get(topRel(abs));
    if (!f) return undefined;
    return text.get(f.path) ?? decodeText((await readBlobs(cwd, [f.blob]))[0]!);
  };
  const ignoreFileText = await stagedText(path.join(config.baseDir, IGNORE_FILE));
  const differs = await differing;

  const result: StagedInput = {
    contents,
    differsInWorkTree: [...differs].map(toCwd).sort(),
    config,
    configSource,
    stagedText,
  };
  if (ignoreFileText !== undefined) result.ignoreFileText = ignoreFileText;
  return result;
}

function hasAgentosKey(pkg: string): boolean {
  try {
    const v = JSON.parse(pkg) as Record<string, unknown>;
    return v !== null && typeof v === 'object' && 'agentos' in v;
  } catch {
    return false;
  }
}

function readWorkTree(abs: string): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Staged files that configuration discovery could pick, nearest first: the `--config` file when
 * it is staged, else the search places in the working directory and each directory above it.
 */
function stagedConfigCandidates(all: readonly StagedFile[], prefix: string, explicit: string | undefined): StagedFile[] {
  const byPath = new Map(all.map((f) => [f.path, f]));
  if (explicit !== undefined) {
    const f = byPath.get(explicit);
    return f ? [f] : [];
  }
  const out: StagedFile[] = [];
  const dirs: string[] = [];
  let dir = prefix.replace(/\/$/, '');
  for (;;) {
    dirs.push(dir);
    if (!dir) break;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
  for (const d of dirs) {
    for (const place of SEARCH_PLACES) {
      const f = byPath.get(d ? `${d}/${place}` : place);
      if (f) out.push(f);
    }
  }
  return out;
}
