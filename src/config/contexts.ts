/** The `contexts:` configuration key: validation and defaults. */
import { CONTEXTS, defaultContextSettings, type CodeContext, type ContextLevel, type ContextSettings } from '../analysis/contexts.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import { ConfigError } from './types.js';

const LEVELS: readonly string[] = [...SEVERITIES, 'off'];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function level(v: unknown, file: string, key: string): Severity | 'off' {
  if (typeof v !== 'string' || !LEVELS.includes(v)) throw new ConfigError(file, key, `must be one of ${LEVELS.join(', ')}, got ${describe(v)}`);
  return v as Severity | 'off';
}

/**
 * `contexts:` as DESIGN.md shows it: `test: low`, `migration: { sql-destructive: off, default: low }`,
 * `generated: off`, `paths: { "tools/dev/**": script }`. Unset contexts keep their defaults.
 */
export function parseContexts(raw: unknown, file: string, knownRule?: (id: string) => boolean): ContextSettings {
  const settings = defaultContextSettings();
  if (raw === undefined || raw === null) return settings;
  if (!isMapping(raw)) throw new ConfigError(file, 'contexts', `must be a mapping of context to a severity or off, got ${describe(raw)}`);
  for (const [key, value] of Object.entries(raw)) {
    const where = `contexts.${key}`;
    if (key === 'paths') {
      if (value === null) continue;
      if (!isMapping(value)) throw new ConfigError(file, where, `must be a mapping of glob to context, got ${describe(value)}`);
      for (const [glob, ctx] of Object.entries(value)) {
        if (typeof ctx !== 'string' || !(CONTEXTS as readonly string[]).includes(ctx))
          throw new ConfigError(file, `${where}.${glob}`, `must be one of ${CONTEXTS.join(', ')}, got ${describe(ctx)}`);
        settings.paths.push({ glob, context: ctx as CodeContext });
      }
      continue;
    }
    if (!(CONTEXTS as readonly string[]).includes(key))
      throw new ConfigError(file, where, `is not a known key; expected one of: ${[...CONTEXTS, 'paths'].join(', ')}`);
    const next: ContextLevel = { rules: {} };
    if (typeof value === 'string') next.default = level(value, file, where);
    else if (isMapping(value)) {
      for (const [rule, v] of Object.entries(value)) {
        if (rule === 'default') next.default = level(v, file, `${where}.default`);
        else {
          if (knownRule && !knownRule(rule)) throw new ConfigError(file, `${where}.${rule}`, 'is not a known rule id or `default` (run `agentos rules` for the list)');
          next.rules[rule] = level(v, file, `${where}.${rule}`);
        }
      }
    } else throw new ConfigError(file, where, `must be a severity, off, or a mapping of rule id (or default) to one, got ${describe(value)}`);
    settings.levels[key as CodeContext] = next;
  }
  return settings;
}
