/**
 * The code context of a file (production, test, example, ...): from a `contexts.paths` glob,
 * else from its path and content. Apart from the engine (analyze.ts): a run reports the context
 * of a file it does not read (too large, binary) without loading any front end or check.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { FileJob } from './analyze.js';
import { classifyContext, defaultContextSettings, type CodeContext, type ContextSettings } from './contexts.js';
import { matchesGlob } from './glob.js';

/** The context of a file: a `contexts.paths` glob first, else what its path and content say. */
export function contextOfFile(job: Pick<FileJob, 'rel' | 'relToConfig' | 'text'>, settings: ContextSettings): CodeContext {
  const rel = job.relToConfig !== undefined && !job.relToConfig.startsWith('..') && !path.isAbsolute(job.relToConfig) ? job.relToConfig : job.rel;
  for (const p of settings.paths) if (matchesGlob(rel, [p.glob]) || matchesGlob(job.rel, [p.glob])) return p.context;
  return classifyContext(rel, job.text);
}

/** The settings of `contexts:`, with the defaults when the configuration has none. */
export function contextSettings(config: ResolvedConfig): ContextSettings {
  return config.contexts ?? defaultContextSettings();
}

/** The code context of a file that is not read (too large, binary): from its path alone. */
export function contextOfUnread(rel: string, relToConfig: string, config: ResolvedConfig): CodeContext {
  return contextOfFile({ rel, relToConfig, text: '' }, contextSettings(config));
}
