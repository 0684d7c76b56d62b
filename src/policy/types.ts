/** Types shared by the rules, the static engine, the kernel and the reporters. */

export const CATEGORIES = [
  'destructive-sql',
  'sql-injection',
  'file-access',
  'subprocess',
  'code-execution',
  'network-egress',
  'hardcoded-secret',
  'mcp-config',
  'prompt-injection',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

export const PRESETS = ['strict', 'standard', 'permissive', 'audit'] as const;
export type Preset = (typeof PRESETS)[number];

export type RuleLanguage = 'python' | 'javascript' | 'typescript' | 'shell' | 'sql' | 'json' | 'yaml' | 'toml' | 'dotenv' | 'ini' | 'dockerfile';

export type ActionKind = 'sql' | 'file' | 'exec' | 'http';

/** An action an agent asks the kernel for (DESIGN.md, Runtime API). */
export type Action =
  | { kind: 'sql'; sql: string; dialect?: string }
  | { kind: 'file'; path: string; op: 'read' | 'write' | 'delete' | 'list' }
  | { kind: 'exec'; command: string; args?: string[]; shell?: boolean; env?: Record<string, string> }
  | { kind: 'http'; url: string; method?: string };

export interface Decision {
  allowed: boolean;
  ruleId?: string;
  reason?: string;
}

/** Where a sink takes the governed value: a positional index, a keyword name, or both. */
export interface SinkArg {
  index?: number;
  keyword?: string;
  /** the object the method is called on (`Path(p).read_text()` governs `Path(p)`) */
  receiver?: boolean;
  /** property of an options object at `index` (JS `{ sql }`, `{ url }`) */
  property?: string;
  /**
   * The argument is a list of chat messages; the governed value is the content of the entries
   * whose role is one of these: `{ role: "system", content }`, `("system", text)`, `["system", text]`.
   */
  role?: string[];
}

export interface SinkSpec {
  /** qualified-name patterns */
  callee: string[];
  /** which argument carries the governed value (first match wins, unless `every`) */
  args: SinkArg[];
  /** every listed argument the call passes is governed, each on its own (`Agent(role=, goal=, backstory=)`) */
  every?: boolean;
  /** only when the file imports one of these modules (for receivers we cannot type, `**.execute`) */
  requiresImport?: string[];
  /** only in files of these languages (a builtin of one language is a method of another: Python `open`, browser `window.open`) */
  languages?: RuleLanguage[];
  /** extra facts for the check: file operation, shell flag, ... */
  with?: Record<string, string | number | boolean>;
}

export interface RuleExample {
  language: RuleLanguage;
  file: string;
  source: string;
}

export interface RuleDefinition {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  description: string;
  remediation: string;
  references: string[];
  languages: RuleLanguage[];
  /** presets in which the rule is on (a config `rules:` entry refines it) */
  presets: Preset[];
  static: {
    /** the check (src/analysis/checks) that judges the sink's value */
    check: string;
    sinks: SinkSpec[];
    /** the rule whose sinks are appended to `sinks` */
    sinksFrom?: string;
  };
  /** the runtime action kind the rule governs in the kernel, if any */
  runtime?: { action: ActionKind };
  /** the YAML file it came from */
  source: string;
  examples: RuleExample[];
}
