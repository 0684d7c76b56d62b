/** `agentos install-hooks` / `agentos uninstall-hooks`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  detectHookManager,
  installHusky,
  installLefthook,
  lefthookSnippet,
  preCommitSnippet,
  uninstallHusky,
  uninstallLefthook,
  type HookManager,
} from '../git/hook-managers.js';
import { HookError, installGitHook, uninstallGitHook } from '../git/hooks.js';
import { gitLayout, hooksDirIsShared, NotAGitRepository, type GitLayout } from '../git/repo.js';
import { CliExit, usageError } from './io.js';

export const HOOK_MANAGERS = ['auto', 'git', 'husky', 'lefthook', 'pre-commit'] as const;

export interface InstallHooksOptions {
  manager?: (typeof HOOK_MANAGERS)[number];
  force?: boolean;
  /** the agentos program the hook falls back to when node_modules/.bin has none */
  bin?: string;
  /** print the entry for lefthook or pre-commit instead of writing it */
  print?: boolean;
}

/** This package's own launcher: what the hook records as its fallback. */
export function ownBin(): string {
  return fileURLToPath(new URL('../../bin/agentos.js', import.meta.url));
}

interface PackageCard {
  version: string;
  repository?: string | { url?: string };
}

function packageCard(): PackageCard {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageCard;
}

/** The package's git repository as pre-commit clones it; undefined when package.json names none. */
function repositoryUrl(card: PackageCard): string | undefined {
  const raw = typeof card.repository === 'string' ? card.repository : card.repository?.url;
  if (!raw) return undefined;
  return raw.replace(/^git\+/, '').replace(/^github:/, 'https://github.com/');
}

async function layoutOf(cwd: string): Promise<GitLayout> {
  try {
    return await gitLayout(cwd);
  } catch (err) {
    if (err instanceof NotAGitRepository) usageError(err.message);
    throw err;
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Install for one manager; returns the lines to print. Throws HookError or NotAGitRepository with a message for the user. */
export async function installHooks(cwd: string, opts: InstallHooksOptions): Promise<string[]> {
  const layout = await gitLayout(cwd);
  const manager: HookManager = !opts.manager || opts.manager === 'auto' ? await detectHookManager(layout) : opts.manager;
  const rel = (p: string) => path.relative(cwd, p) || '.';
  const out: string[] = [];
  switch (manager) {
    case 'git': {
      if (hooksDirIsShared(layout) && !opts.force)
        throw new HookError(
          `core.hooksPath points outside this repository (${layout.hooksDir}), so a hook there runs for other repositories too; re-run with --force to install it there anyway`,
        );
      const r = await installGitHook(layout.hooksDir, { recordedBin: path.resolve(cwd, opts.bin ?? ownBin()), force: opts.force });
      if (r.status === 'unchanged') out.push(`agentos: the pre-commit hook is already installed at ${rel(r.hook)}; nothing changed`);
      else out.push(`agentos: pre-commit hook ${r.status} at ${rel(r.hook)}: it runs \`agentos check --staged\` before each commit`);
      if (r.chained && r.status === 'installed') out.push(`  your hook was kept as ${rel(r.chained)} and runs first; its failure stops the commit`);
      if (r.backup && r.status === 'installed') out.push(`  the hook that was there was kept as ${rel(r.backup)} (not run); \`agentos uninstall-hooks\` puts it back`);
      break;
    }
    case 'husky': {
      const status = await installHusky(layout);
      out.push(status === 'unchanged' ? 'agentos: .husky/pre-commit already runs agentos; nothing changed' : 'agentos: added `agentos check --staged` to .husky/pre-commit');
      break;
    }
    case 'lefthook': {
      if (opts.print) {
        out.push('Add to lefthook.yml:', '', lefthookSnippet().trimEnd());
        break;
      }
      const r = await installLefthook(layout);
      out.push(
        r.status === 'unchanged'
          ? `agentos: ${rel(r.file)} already runs agentos; nothing changed`
          : `agentos: added the agentos command to pre-commit in ${rel(r.file)}; run \`npx lefthook install\` if lefthook's hook is not installed yet`,
      );
      break;
    }
    case 'pre-commit': {
      const card = packageCard();
      out.push(
        'agentos: this repository uses the pre-commit framework; add agentos to .pre-commit-config.yaml under `repos:`:',
        '',
        preCommitSnippet(repositoryUrl(card), card.version).trimEnd(),
        '',
        'then run `pre-commit install`. (`agentos install-hooks --manager git` chains a plain git hook instead.)',
      );
      break;
    }
  }
  return out;
}

export async function installHooksCommand(opts: InstallHooksOptions): Promise<void> {
  try {
    for (const line of await installHooks(process.cwd(), opts)) say(line);
  } catch (err) {
    if (err instanceof HookError || err instanceof NotAGitRepository) usageError(err.message);
    throw err;
  }
  throw new CliExit(0);
}

export async function uninstallHooksCommand(): Promise<void> {
  const cwd = process.cwd();
  const layout = await layoutOf(cwd);
  const rel = (p: string) => path.relative(cwd, p) || '.';
  const lines: string[] = [];
  const git = await uninstallGitHook(layout.hooksDir);
  if (git.status === 'restored') lines.push(`agentos: removed the pre-commit hook and put back ${rel(git.hook)} as it was`);
  if (git.status === 'removed') lines.push(`agentos: removed the pre-commit hook ${rel(git.hook)}`);
  if (git.orphan) lines.push(`agentos: ${rel(git.hook)} is no longer the agentos hook, so it was left alone; ${rel(git.orphan)} still holds the hook an earlier install kept`);
  const husky = await uninstallHusky(layout);
  if (husky !== 'not-installed') lines.push(`agentos: ${husky === 'restored' ? 'restored .husky/pre-commit' : 'removed the agentos line from .husky/pre-commit'}`);
  const lefthook = await uninstallLefthook(layout);
  if (lefthook.status !== 'not-installed') lines.push(`agentos: ${lefthook.status === 'restored' ? 'restored' : 'removed the agentos command from'} ${rel(lefthook.file!)}`);
  if (!lines.length) lines.push('agentos: no agentos hook is installed here; nothing changed');
  for (const line of lines) say(line);
  throw new CliExit(0);
}
