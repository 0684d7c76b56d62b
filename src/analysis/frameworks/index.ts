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
import { webHono, webJs, webNest } from './web-js.js';
import { chatBotsJs, chatBotsPython } from './chat-bots.js';
import { stdlibSanitizers } from './stdlib-sanitizers.js';
import { outsideContentJs, outsideContentPython } from './outside-content.js';
import { llamaIndex } from './llamaindex.js';
import { agencySwarm, agentUniverse, agno, autogenSmolagents, evoAgentX, googleAdk, pydanticAi, strands, upsonic } from './agent-sdks-python.js';
import { agentKitsJs, openaiAgentsJs, piCodingAgent } from './agent-sdks-js.js';

export type { FrameworkModel } from './types.js';

export const FRAMEWORKS: readonly FrameworkModel[] = [
  langchainPython,
  langchainJs,
  crewai,
  openaiAgents,
  llamaIndex,
  pydanticAi,
  googleAdk,
  agencySwarm,
  agentUniverse,
  agno,
  upsonic,
  strands,
  autogenSmolagents,
  evoAgentX,
  mcpPython,
  mcpTypescript,
  vercelAi,
  openaiAgentsJs,
  agentKitsJs,
  piCodingAgent,
  llmClients,
  webPython,
  webJs,
  webHono,
  webNest,
  chatBotsPython,
  chatBotsJs,
  stdlibSanitizers,
  outsideContentPython,
  outsideContentJs,
];

/**
 * The tool-class model of the Python class `name` that the project file `rel` defines, when a framework names that very
 * class (`class Tool` in `evoagentx/tools/tool.py` is `evoagentx.tools.tool.Tool`): in the framework's own repository,
 * whose modules import it relatively and enable no model, its subclasses are tools too. The file's dotted path or a
 * tail of it (below a `src/` folder) is the module's name.
 */
export function frameworkToolClass(rel: string, name: string): ReturnType<SourceModel['toolClass']> {
  const bases = (pythonToolBases ??= FRAMEWORKS.flatMap((m) => (m.languages.includes('python') ? (m.toolClasses ?? []).map((c) => ({ m, c })) : [])));
  // (a base names its class last: a class of another name is none of them, unless that last name is a pattern)
  if (!bases.some(({ c }) => c.base.endsWith(`.${name}`) || c.base.slice(c.base.lastIndexOf('.') + 1).includes('*'))) return undefined;
  const parts = rel.replace(/\.pyi?$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  for (let k = 0; k < parts.length; k++) {
    const qualified = `${parts.slice(k).join('.')}.${name}`;
    const hit = bases.find(({ c }) => matchesName(qualified, c.base));
    if (hit) return { framework: hit.m.id, methods: hit.c.methods, ...(hit.c.input ? { input: hit.c.input } : {}), ...(hit.c.fields ? { fields: hit.c.fields } : {}) };
  }
  return undefined;
}

/** The Python frameworks' tool classes, listed once (`frameworkToolClass`). */
let pythonToolBases: { m: FrameworkModel; c: NonNullable<FrameworkModel['toolClasses']>[number] }[] | undefined;

/** Bound on the module names remembered below; past it the memo starts over (a very large run). */
const ENABLERS_MEMO_LIMIT = 50_000;
/** For each module name seen, the indexes in `FRAMEWORKS` of the models one of whose enablers it matches. */
const enablersMemo = new Map<string, readonly number[]>();

function modelsEnabledBy(module: string): readonly number[] {
  let found = enablersMemo.get(module);
  if (found) return found;
  const list: number[] = [];
  FRAMEWORKS.forEach((m, i) => {
    if (m.enablers.some((e) => (e.endsWith('*') ? module.startsWith(e.slice(0, -1)) : module === e))) list.push(i);
  });
  if (enablersMemo.size >= ENABLERS_MEMO_LIMIT) enablersMemo.clear();
  enablersMemo.set(module, (found = list));
  return found;
}

/**
 * The frameworks a file enables through its imports: those for its language with no enablers,
 * and those one of whose enablers (a module name, or a prefix ending in `*`) an import matches.
 * Each module name is matched against the enablers once per run.
 */
export function enabledFrameworks(language: Language, importedModules: readonly string[]): FrameworkModel[] {
  const lang = language === 'typescript' ? 'javascript' : language;
  const on = new Set<number>();
  for (const m of importedModules) for (const i of modelsEnabledBy(m)) on.add(i);
  return FRAMEWORKS.filter((m, i) => (m.languages.includes(lang) || m.languages.includes(language)) && (m.enablers.length === 0 || on.has(i)));
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
  /** One question: the answer of the first entry (in framework order) whose pattern matches the name. */
  function question<E, R>(entries: (m: FrameworkModel) => readonly E[] | undefined, pattern: (e: E) => string, answer: (m: FrameworkModel, e: E) => R): (name: string) => R | undefined {
    return memo(models.flatMap((m) => (entries(m) ?? []).map(pattern)), (name) => {
      for (const m of models) for (const e of entries(m) ?? []) if (matchesName(name, pattern(e))) return answer(m, e);
      return undefined;
    });
  }
  const self = (p: string) => p;
  return {
    toolDecorator: question((m) => m.toolDecorators, self, (m) => ({ framework: m.id })),
    routeDecorator: question((m) => m.routeDecorators, self, (m) => ({ framework: m.id })),
    toolFactory: question((m) => m.toolFactories, (f) => f.callee, (m, f) => ({ framework: m.id, where: f.where as ToolHandlerLocation[], ...(f.input ? { input: f.input } : {}) })),
    toolClass: question((m) => m.toolClasses, (c) => c.base, (m, c) => ({ framework: m.id, methods: c.methods, ...(c.input ? { input: c.input } : {}), ...(c.fields ? { fields: c.fields } : {}) })),
    callTaint: question((m) => m.sources, (x) => x.callee, (_m, x): TaintKind => x.kind),
    memberTaint: question((m) => m.memberSources, (x) => x.name, (_m, x): TaintKind => x.kind),
    sanitizer: question((m) => m.sanitizers, (x) => x.callee, (_m, x): SanitizerKind => x.kind),
  };
}
