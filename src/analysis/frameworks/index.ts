import type { Language, SanitizerKind, SourceModel, TaintKind, ToolHandlerLocation } from '../facts.js';
import { matchesName } from '../names.js';
import type { FrameworkModel } from './types.js';
import { langchainPython } from './langchain-python.js';
import { langchainJs } from './langchain-js.js';
import { crewai } from './crewai.js';
import { openaiAgents } from './openai-agents.js';
import { mcpPython } from './mcp-python.js';
import { mcpTypescript } from './mcp-typescript.js';
import { vercelAi } from './vercel-ai.js';
import { llmClients } from './llm-clients.js';
import { webPython } from './web-python.js';
import { webJs } from './web-js.js';
import { stdlibSanitizers } from './stdlib-sanitizers.js';

export type { FrameworkModel } from './types.js';

export const FRAMEWORKS: readonly FrameworkModel[] = [
  langchainPython,
  langchainJs,
  crewai,
  openaiAgents,
  mcpPython,
  mcpTypescript,
  vercelAi,
  llmClients,
  webPython,
  webJs,
  stdlibSanitizers,
];

function enabledBy(model: FrameworkModel, language: Language, modules: readonly string[]): boolean {
  if (!model.languages.includes(language)) return false;
  if (model.enablers.length === 0) return true;
  return modules.some((m) => model.enablers.some((e) => (e.endsWith('*') ? m.startsWith(e.slice(0, -1)) : m === e)));
}

/** The frameworks a file enables through its imports. */
export function enabledFrameworks(language: Language, importedModules: readonly string[]): FrameworkModel[] {
  const lang = language === 'typescript' ? 'javascript' : language;
  return FRAMEWORKS.filter((m) => enabledBy(m, lang, importedModules) || enabledBy(m, language, importedModules));
}

/**
 * Source models already built, by the frameworks they consult. A model's answers depend only on
 * which frameworks are on, so every file that enables the same ones shares one model and its
 * memo: a name (`?.push`, `fs.readFileSync`) is matched against the patterns once per run, not
 * once per file.
 */
const sourceModels = new Map<string, SourceModel>();

/** Bound on the names memoized per question; past it a memo starts over (a very large run). */
const MEMO_LIMIT = 50_000;
const NONE: unique symbol = Symbol('none');

/** Build the name oracle a front end consults while lowering one file. */
export function buildSourceModel(language: Language, importedModules: readonly string[]): SourceModel {
  const models = enabledFrameworks(language, importedModules);
  const key = models.map((m) => FRAMEWORKS.indexOf(m)).join(',');
  let model = sourceModels.get(key);
  if (!model) sourceModels.set(key, (model = makeSourceModel(models)));
  return model;
}

function makeSourceModel(models: readonly FrameworkModel[]): SourceModel {
  // One memo per question, keyed by the name itself (no per-lookup key strings); most answers are
  // "nothing", stored as NONE so that a hit is one lookup. Before the memo, two exact shortcuts:
  // no pattern for the question at all, or a name whose first character starts none of the
  // patterns (a pattern not starting with `*` matches only names with its own first character).
  function memo<T>(patterns: readonly string[], compute: (name: string) => T): (name: string) => T {
    if (patterns.length === 0) return () => undefined as T;
    const firsts = patterns.some((p) => p.startsWith('*')) ? undefined : new Set(patterns.map((p) => p.charCodeAt(0)));
    const cache = new Map<string, T | typeof NONE>();
    return (name) => {
      if (firsts && !firsts.has(name.charCodeAt(0))) return undefined as T;
      const v = cache.get(name);
      if (v !== undefined) return v === NONE ? (undefined as T) : v;
      const computed = compute(name);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(name, computed === undefined ? NONE : computed);
      return computed;
    };
  }
  return {
    toolDecorator: memo(models.flatMap((m) => m.toolDecorators ?? []), (name) => {
      for (const m of models) for (const p of m.toolDecorators ?? []) if (matchesName(name, p)) return { framework: m.id };
      return undefined;
    }),
    routeDecorator: memo(models.flatMap((m) => m.routeDecorators ?? []), (name) => {
      for (const m of models) for (const p of m.routeDecorators ?? []) if (matchesName(name, p)) return { framework: m.id };
      return undefined;
    }),
    toolFactory: memo(models.flatMap((m) => (m.toolFactories ?? []).map((f) => f.callee)), (name) => {
      for (const m of models)
        for (const f of m.toolFactories ?? [])
          if (matchesName(name, f.callee)) return { framework: m.id, where: f.where as ToolHandlerLocation[] };
      return undefined;
    }),
    toolClass: memo(models.flatMap((m) => (m.toolClasses ?? []).map((c) => c.base)), (name) => {
      for (const m of models)
        for (const c of m.toolClasses ?? []) if (matchesName(name, c.base)) return { framework: m.id, methods: c.methods };
      return undefined;
    }),
    callTaint: memo(models.flatMap((m) => (m.sources ?? []).map((x) => x.callee)), (name) => {
      for (const m of models) for (const s of m.sources ?? []) if (matchesName(name, s.callee)) return s.kind;
      return undefined as TaintKind | undefined;
    }),
    memberTaint: memo(models.flatMap((m) => (m.memberSources ?? []).map((x) => x.name)), (name) => {
      for (const m of models) for (const s of m.memberSources ?? []) if (matchesName(name, s.name)) return s.kind;
      return undefined as TaintKind | undefined;
    }),
    sanitizer: memo(models.flatMap((m) => (m.sanitizers ?? []).map((x) => x.callee)), (name) => {
      for (const m of models) for (const s of m.sanitizers ?? []) if (matchesName(name, s.callee)) return s.kind;
      return undefined as SanitizerKind | undefined;
    }),
  };
}
