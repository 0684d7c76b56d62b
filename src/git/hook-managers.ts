/**
 * Hook managers that own the pre-commit hook themselves: husky (a shell file per hook in
 * `.husky/`), lefthook (`lefthook.yml`) and the pre-commit framework
 * (`.pre-commit-config.yaml`). agentos adds its command to their configuration instead of
 * writing a git hook. An edited file's original bytes and mode are kept under the git
 * directory (`<git dir>/agentos/`), so uninstall puts back exactly what was there; when the
 * file changed since, only the agentos entry is taken out.
 */
import { chmod, lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML, { isMap, isSeq } from 'yaml';
import { HookError } from './hooks.js';
import type { GitLayout } from './repo.js';

export type HookManager = 'git' | 'husky' | 'lefthook' | 'pre-commit';

/** The line husky runs (husky puts node_modules/.bin on PATH for hooks). */
export const HUSKY_LINE = 'agentos check --staged';
/** lefthook runs commands with the user's PATH: name the local install through npx. */
export const LEFTHOOK_RUN = 'npx --no-install agentos check --staged';
export const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];
export const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** The first lefthook configuration file present at the top of the work tree. */
export async function findLefthookConfig(topLevel: string): Promise<string | undefined> {
  for (const name of LEFTHOOK_FILES) if (await exists(path.join(topLevel, name))) return path.join(topLevel, name);
  return undefined;
}

/** Which manager owns pre-commit here: husky, then lefthook, then the pre-commit framework, else plain git. */
export async function detectHookManager(layout: GitLayout): Promise<HookManager> {
  if (layout.hooksPath && /(^|[\\/])\.husky([\\/]_)?[\\/]?$/.test(layout.hooksPath)) return 'husky';
  if (await exists(path.join(layout.topLevel, '.husky'))) return 'husky';
  if (await findLefthookConfig(layout.topLevel)) return 'lefthook';
  if (await exists(path.join(layout.topLevel, PRE_COMMIT_CONFIG))) return 'pre-commit';
  return 'git';
}

// ---------------------------------------------------------------------------------------
// a file edited with its original kept

interface EditRecord {
  version: 1;
  file: string;
  existed: boolean;
  mode: number;
  /** base64 of the bytes before the edit */
  original: string;
  /** base64 of the bytes agentos wrote */
  written: string;
}

function recordPath(layout: GitLayout, key: string): string {
  return path.join(layout.gitDir, 'agentos', `${key}.json`);
}

export type EditStatus = 'written' | 'unchanged';

/**
 * Write `next(current)` to `file`, keeping what was there for `revertEdit`. `next` returns
 * undefined when the entry is already present: nothing is written.
 */
async function editWithRecord(layout: GitLayout, key: string, file: string, next: (current: string | undefined) => string | undefined, newMode: number): Promise<EditStatus> {
  const existed = await exists(file);
  const original = existed ? await readFile(file) : Buffer.alloc(0);
  const text = next(existed ? original.toString('utf8') : undefined);
  if (text === undefined) return 'unchanged';
  const mode = existed ? (await lstat(file)).mode & 0o7777 : newMode;
  const rec = recordPath(layout, key);
  // an earlier record still stands for the true original: keep it
  if (!(await exists(rec))) {
    const record: EditRecord = { version: 1, file, existed, mode, original: original.toString('base64'), written: Buffer.from(text).toString('base64') };
    await mkdir(path.dirname(rec), { recursive: true });
    await writeFile(rec, JSON.stringify(record, null, 2) + '\n');
  } else {
    const record = JSON.parse(await readFile(rec, 'utf8')) as EditRecord;
    await writeFile(rec, JSON.stringify({ ...record, written: Buffer.from(text).toString('base64') }, null, 2) + '\n');
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text, { mode });
  await chmod(file, mode);
  return 'written';
}

export type RevertStatus = 'restored' | 'entry-removed' | 'not-installed';

/**
 * Undo `editWithRecord`: when the file is still what agentos wrote, put the original back
 * (or remove a file agentos created); when it changed since, apply `remove` to take out only
 * the agentos entry.
 */
async function revertEdit(layout: GitLayout, key: string, file: string, remove: (current: string) => string | undefined): Promise<RevertStatus> {
  const rec = recordPath(layout, key);
  const current = (await exists(file)) ? await readFile(file) : undefined;
  if (await exists(rec)) {
    const record = JSON.parse(await readFile(rec, 'utf8')) as EditRecord;
    await rm(rec);
    if (current && current.equals(Buffer.from(record.written, 'base64'))) {
      if (!record.existed) await rm(file);
      else {
        await writeFile(file, Buffer.from(record.original, 'base64'));
        await chmod(file, record.mode);
      }
      return 'restored';
    }
  }
  if (current === undefined) return 'not-installed';
  const text = remove(current.toString('utf8'));
  if (text === undefined) return 'not-installed';
  await writeFile(file, text);
  return 'entry-removed';
}

// ---------------------------------------------------------------------------------------
// husky

/** `.husky/pre-commit` with the agentos line added; undefined when it is there already. */
export function addHuskyLine(current: string | undefined): string | undefined {
  if (current === undefined || current === '') return `${HUSKY_LINE}\n`;
  if (current.split(/\r?\n/).some((l) => l.trim() === HUSKY_LINE)) return undefined;
  return `${current}${current.endsWith('\n') ? '' : '\n'}${HUSKY_LINE}\n`;
}

export function removeHuskyLine(current: string): string | undefined {
  const lines = current.split('\n');
  const kept = lines.filter((l) => l.replace(/\r$/, '').trim() !== HUSKY_LINE);
  return kept.length === lines.length ? undefined : kept.join('\n');
}

export function huskyHookFile(layout: GitLayout): string {
  return path.join(layout.topLevel, '.husky', 'pre-commit');
}

export function installHusky(layout: GitLayout): Promise<EditStatus> {
  return editWithRecord(layout, 'husky-pre-commit', huskyHookFile(layout), addHuskyLine, 0o755);
}

export function uninstallHusky(layout: GitLayout): Promise<RevertStatus> {
  return revertEdit(layout, 'husky-pre-commit', huskyHookFile(layout), removeHuskyLine);
}

// ---------------------------------------------------------------------------------------
// lefthook

/** The entry for `lefthook.yml`, as printed by `install-hooks --print`. */
export function lefthookSnippet(): string {
  return `pre-commit:\n  commands:\n    agentos:\n      run: ${LEFTHOOK_RUN}\n`;
}

/**
 * `lefthook.yml` with an `agentos` command under `pre-commit` (a `jobs:` list gets a job
 * named agentos instead); comments and the rest of the file are kept. Undefined when present.
 */
export function addLefthookEntry(current: string | undefined, file = 'lefthook.yml'): string | undefined {
  if (current === undefined || current.trim() === '') return lefthookSnippet();
  const doc = YAML.parseDocument(current);
  if (doc.errors.length) throw new HookError(`${file}: ${doc.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')} (expected YAML)`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new HookError(`${file}: expected a mapping at the top level`);
  const jobs = doc.getIn(['pre-commit', 'jobs']);
  if (isSeq(jobs)) {
    if (jobs.items.some((j) => isMap(j) && j.get('name') === 'agentos')) return undefined;
    jobs.add(doc.createNode({ name: 'agentos', run: LEFTHOOK_RUN }));
  } else {
    if (doc.hasIn(['pre-commit', 'commands', 'agentos'])) return undefined;
    if (doc.contents === null) return lefthookSnippet();
    doc.setIn(['pre-commit', 'commands', 'agentos'], doc.createNode({ run: LEFTHOOK_RUN }));
  }
  return doc.toString();
}

export function removeLefthookEntry(current: string): string | undefined {
  const doc = YAML.parseDocument(current);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const jobs = doc.getIn(['pre-commit', 'jobs']);
  if (isSeq(jobs)) {
    const i = jobs.items.findIndex((j) => isMap(j) && j.get('name') === 'agentos');
    if (i < 0) return undefined;
    jobs.delete(i);
    return doc.toString();
  }
  if (!doc.deleteIn(['pre-commit', 'commands', 'agentos'])) return undefined;
  return doc.toString();
}

export async function installLefthook(layout: GitLayout): Promise<{ status: EditStatus; file: string }> {
  const file = (await findLefthookConfig(layout.topLevel)) ?? path.join(layout.topLevel, 'lefthook.yml');
  const status = await editWithRecord(layout, 'lefthook', file, (cur) => addLefthookEntry(cur, path.relative(layout.topLevel, file)), 0o644);
  return { status, file };
}

export async function uninstallLefthook(layout: GitLayout): Promise<{ status: RevertStatus; file?: string }> {
  const file = await findLefthookConfig(layout.topLevel);
  if (!file) return { status: 'not-installed' };
  return { status: await revertEdit(layout, 'lefthook', file, removeLefthookEntry), file };
}

// ---------------------------------------------------------------------------------------
// pre-commit framework

/**
 * The `.pre-commit-config.yaml` entry: this package's `.pre-commit-hooks.yaml` at its
 * repository when the package names one; otherwise a `local` hook that runs the agentos
 * installed in the project or globally with npm (what `npx --no-install` finds), which works
 * without the repository being published.
 */
export function preCommitSnippet(repoUrl: string | undefined, version: string): string {
  if (repoUrl) return `  - repo: ${repoUrl}\n    rev: v${version}\n    hooks:\n      - id: agentos\n`;
  return [
    '  - repo: local',
    '    hooks:',
    '      - id: agentos',
    '        name: agentos check (staged)',
    '        entry: npx --no-install agentos check --staged',
    '        language: system',
    '        pass_filenames: false',
    '        always_run: true',
    '        require_serial: true',
    '',
  ].join('\n');
}
