/** The public library API of agentos. */
export { runCheck, activeRules, UsageError, type CheckOptions } from './analysis/run.js';
export type { Finding, CheckResult, AnalysisError, TraceStep } from './analysis/findings.js';
export { loadConfig, loadConfigFile, resolveConfigObject, defaultConfig } from './config/load.js';
export { ConfigError, type ResolvedConfig, type ModelSpec } from './config/types.js';
export { loadRules, defaultRulesDir, RuleError } from './policy/rules.js';
export { classifySql, looksLikeSql, type SqlVerdict, type SqlDialect } from './policy/sql.js';
export { resolveInSandbox, type PathVerdict } from './policy/paths.js';
export { classifyCommand, isShellProgram, type CommandVerdict, type CommandSpec } from './policy/commands.js';
export { classifyUrl, isPrivateAddress, hostMatches, type UrlVerdict } from './policy/urls.js';
export { findSecrets, classifySecretAssignment, redactSecrets } from './policy/secrets.js';
export type { Action, Decision, Category, Severity, Preset, RuleDefinition } from './policy/types.js';
export { CATEGORIES, SEVERITIES, PRESETS } from './policy/types.js';
export { formatResult } from './report/index.js';
export * from './kernel/index.js';
