/**
 * The code context of a file (production, test, example, ...): from a `contexts.paths` glob,
 * else from its path and content. Apart from the engine (analyze.ts): a run reports the context
 * of a file it does not read (too large, binary) without loading any front end or check.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { FileJob } from './analyze.js';
import { collectionFolders } from './collection.js';
import { classifyContext, defaultContextSettings, type CodeContext, type ContextSettings } from './contexts.js';
import { matchesGlob } from './glob.js';

/** The context of a file: a `contexts.paths` glob first, else what its path and content say. */
export function contextOfFile(job: Pick<FileJob, 'rel' | 'relToConfig' | 'text'>, settings: ContextSettings): CodeContext {
  const rel = job.relToConfig !== undefined && !job.relToConfig.startsWith('..') && !path.isAbsolute(job.relToConfig) ? job.relToConfig : job.rel;
  for (const p of settings.paths) if (matchesGlob(rel, [p.glob]) || matchesGlob(job.rel, [p.glob])) return p.context;
  const context = classifyContext(rel, job.text);
  // a project of a collection of tutorials is an example (its tests stay tests, its vendored code skipped)
  const top = rel.indexOf('/');
  if (context === 'production' && top > 0 && settings.collection?.has(rel.slice(0, top))) return 'example';
  return context;
}

const withCollection = new WeakMap<ResolvedConfig, ContextSettings>();

/** The settings of `contexts:`, with the defaults when the configuration has none, and the project folders of a collection of tutorials (collection.ts). */
export function contextSettings(config: ResolvedConfig): ContextSettings {
  const known = withCollection.get(config);
  if (known) return known;
  const settings = config.contexts ?? defaultContextSettings();
  const folders = collectionFolders(config.baseDir);
  const out = folders.length ? { ...settings, collection: new Set(folders) } : settings;
  withCollection.set(config, out);
  return out;
}

/** The code context of a file that is not read (too large, binary): from its path alone. */
export function contextOfUnread(rel: string, relToConfig: string, config: ResolvedConfig): CodeContext {
  return contextOfFile({ rel, relToConfig, text: '' }, contextSettings(config));
}
