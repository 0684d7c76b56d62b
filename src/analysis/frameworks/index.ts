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

/** Build the name oracle a front end consults while lowering one file. */
export function buildSourceModel(language: Language, importedModules: readonly string[]): SourceModel {
  const models = enabledFrameworks(language, importedModules);
  const memo = new Map<string, unknown>();
  function lookup<T>(key: string, compute: () => T): T {
    if (memo.has(key)) return memo.get(key) as T;
    const v = compute();
    memo.set(key, v);
    return v;
  }
  return {
    toolDecorator(name) {
      return lookup(`d:${name}`, () => {
        for (const m of models) for (const p of m.toolDecorators ?? []) if (matchesName(name, p)) return { framework: m.id };
        return undefined;
      });
    },
    routeDecorator(name) {
      return lookup(`r:${name}`, () => {
        for (const m of models) for (const p of m.routeDecorators ?? []) if (matchesName(name, p)) return { framework: m.id };
        return undefined;
      });
    },
    toolFactory(name) {
      return lookup(`f:${name}`, () => {
        for (const m of models)
          for (const f of m.toolFactories ?? [])
            if (matchesName(name, f.callee)) return { framework: m.id, where: f.where as ToolHandlerLocation[] };
        return undefined;
      });
    },
    toolClass(name) {
      return lookup(`c:${name}`, () => {
        for (const m of models)
          for (const c of m.toolClasses ?? []) if (matchesName(name, c.base)) return { framework: m.id, methods: c.methods };
        return undefined;
      });
    },
    callTaint(name) {
      return lookup(`t:${name}`, () => {
        for (const m of models) for (const s of m.sources ?? []) if (matchesName(name, s.callee)) return s.kind;
        return undefined as TaintKind | undefined;
      });
    },
    memberTaint(name) {
      return lookup(`m:${name}`, () => {
        for (const m of models) for (const s of m.memberSources ?? []) if (matchesName(name, s.name)) return s.kind;
        return undefined as TaintKind | undefined;
      });
    },
    sanitizer(name) {
      return lookup(`s:${name}`, () => {
        for (const m of models) for (const s of m.sanitizers ?? []) if (matchesName(name, s.callee)) return s.kind;
        return undefined as SanitizerKind | undefined;
      });
    },
  };
}
