/**
 * The pre-commit hook that runs `agentos check --staged`: installed into the directory git
 * runs hooks from, chained after a hook that was there before, and removed again leaving
 * that hook exactly as it was (bytes and mode: it is renamed away and renamed back).
 *
 * What can be chained: a regular file that starts with `#!` (a script for any interpreter).
 * It is renamed to `pre-commit.agentos-previous` beside ours, so paths it computes from its
 * own location still work, and run first with the same arguments; its failure stops the
 * commit. Anything else (a compiled program, a symbolic link, a directory) is not chained:
 * we cannot tell what a binary does with its own name, and a link usually belongs to a tool
 * that manages it. Replacing one of those takes `--force`; it is then kept, not run, as
 * `pre-commit.agentos-backup` and put back by uninstall.
 */
import { chmod, lstat, readFile, rename, unlink, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export const HOOK_NAME = 'pre-commit';
/** first-line-after-shebang marker of a hook agentos wrote */
export const HOOK_MARKER = '# agentos-managed-hook';
export const PREVIOUS_SUFFIX = '.agentos-previous';
export const BACKUP_SUFFIX = '.agentos-backup';

const TEMPLATE_URL = new URL('../../templates/hooks/pre-commit', import.meta.url);

/** A hook operation that cannot go ahead; the message says what to do. */
export class HookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookError';
  }
}

/** `'…'` for POSIX sh: safe for any path. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The hook script, with the agentos program recorded at install as the fallback. */
export async function renderHookScript(recordedBin: string): Promise<string> {
  const template = await readFile(TEMPLATE_URL, 'utf8');
  return template.replace('{{RECORDED_BIN}}', shellQuote(recordedBin));
}

export type ExistingHook =
  | { kind: 'none' }
  | { kind: 'ours'; text: string }
  | { kind: 'chainable' }
  | { kind: 'not-chainable'; why: string };

/** What is at a hook path now. */
export async function inspectHook(file: string): Promise<ExistingHook> {
  let st;
  try {
    st = await lstat(file);
  } catch {
    return { kind: 'none' };
  }
  if (st.isSymbolicLink()) return { kind: 'not-chainable', why: 'is a symbolic link' };
  if (st.isDirectory()) return { kind: 'not-chainable', why: 'is a directory' };
  if (!st.isFile()) return { kind: 'not-chainable', why: 'is not a regular file' };
  const bytes = await readFile(file);
  if (bytes[0] !== 0x23 || bytes[1] !== 0x21) return { kind: 'not-chainable', why: 'is not a script (no `#!` line): a compiled program cannot be chained' };
  const text = bytes.toString('utf8');
  if (text.split('\n', 3).some((line) => line.startsWith(HOOK_MARKER))) return { kind: 'ours', text };
  return { kind: 'chainable' };
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

export interface HookPaths {
  hook: string;
  previous: string;
  backup: string;
}

export function hookPaths(hooksDir: string): HookPaths {
  const hook = path.join(hooksDir, HOOK_NAME);
  return { hook, previous: hook + PREVIOUS_SUFFIX, backup: hook + BACKUP_SUFFIX };
}

export interface InstallResult {
  status: 'installed' | 'updated' | 'unchanged';
  hook: string;
  /** the user's hook, kept and run first */
  chained?: string;
  /** the user's hook that --force replaced, kept for uninstall */
  backup?: string;
}

export async function installGitHook(hooksDir: string, options: { recordedBin: string; force?: boolean }): Promise<InstallResult> {
  const p = hookPaths(hooksDir);
  const script = await renderHookScript(options.recordedBin);
  const existing = await inspectHook(p.hook);
  const kept = async (): Promise<Pick<InstallResult, 'chained' | 'backup'>> => ({
    ...((await exists(p.previous)) ? { chained: p.previous } : {}),
    ...((await exists(p.backup)) ? { backup: p.backup } : {}),
  });

  if (existing.kind === 'ours') {
    if (existing.text === script) return { status: 'unchanged', hook: p.hook, ...(await kept()) };
    // an older script or another recorded program: rewrite ours, keep its mode
    const mode = (await lstat(p.hook)).mode & 0o7777;
    await writeFile(p.hook, script);
    await chmod(p.hook, mode | 0o111);
    return { status: 'updated', hook: p.hook, ...(await kept()) };
  }

  await mkdir(hooksDir, { recursive: true });
  let result: InstallResult = { status: 'installed', hook: p.hook };
  if (existing.kind !== 'none') {
    const keepAs = existing.kind === 'chainable' ? p.previous : p.backup;
    if (existing.kind === 'not-chainable' && !options.force)
      throw new HookError(
        `${p.hook} ${existing.why}, and is not an agentos hook; re-run with --force to replace it (it is kept as ${path.basename(p.backup)} and restored by \`agentos uninstall-hooks\`)`,
      );
    if (await exists(keepAs))
      throw new HookError(`${keepAs} already exists; it holds a hook kept by an earlier install: move it away or run \`agentos uninstall-hooks\` first`);
    await rename(p.hook, keepAs);
    result = existing.kind === 'chainable' ? { ...result, chained: keepAs } : { ...result, backup: keepAs };
  }
  await writeFile(p.hook, script, { mode: 0o755 });
  await chmod(p.hook, 0o755);
  return result;
}

export interface UninstallResult {
  status: 'removed' | 'restored' | 'not-installed';
  hook: string;
  /** the hook put back in place */
  restored?: string;
  /** a kept hook left where it is because the hook in place is no longer agentos's */
  orphan?: string;
}

export async function uninstallGitHook(hooksDir: string): Promise<UninstallResult> {
  const p = hookPaths(hooksDir);
  const existing = await inspectHook(p.hook);
  if (existing.kind !== 'ours') {
    for (const kept of [p.previous, p.backup]) if (await exists(kept)) return { status: 'not-installed', hook: p.hook, orphan: kept };
    return { status: 'not-installed', hook: p.hook };
  }
  for (const kept of [p.previous, p.backup]) {
    if (await exists(kept)) {
      // rename keeps the kept hook's bytes, mode and times exactly
      await rename(kept, p.hook);
      return { status: 'restored', hook: p.hook, restored: kept };
    }
  }
  await unlink(p.hook);
  return { status: 'removed', hook: p.hook };
}
