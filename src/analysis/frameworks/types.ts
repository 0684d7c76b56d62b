import type { Language, SanitizerKind, TaintKind, ToolHandlerLocation } from '../facts.js';

/**
 * Everything agentos knows about one agent framework or library, in one place.
 * Names are qualified-name patterns (see analysis/names.ts). A model is switched
 * on when the file imports one of its `enablers`.
 */
export interface FrameworkModel {
  id: string;
  title: string;
  languages: Language[];
  /** module names (normalized) whose import enables the model; a trailing `*` matches submodules */
  enablers: string[];
  /** decorators that make the decorated function a tool */
  toolDecorators?: string[];
  /** decorators that make the decorated function a web route: its parameters are request input */
  routeDecorators?: string[];
  /** calls whose function argument is a tool handler */
  toolFactories?: { callee: string; where: ToolHandlerLocation[]; input?: TaintKind }[];
  /** classes whose subclasses' methods are tool bodies */
  /** `fields`: the model's arguments are the class's own annotated fields (`command: str = Field(...)`), read as `self.command` */
  toolClasses?: { base: string; methods: string[]; input?: TaintKind; fields?: true }[];
  /** calls returning untrusted data */
  sources?: { callee: string; kind: TaintKind }[];
  /** member reads that are untrusted data */
  memberSources?: { name: string; kind: TaintKind }[];
  /** calls that sanitize their first argument */
  sanitizers?: { callee: string; kind: SanitizerKind }[];
}
