/** The runtime API: `import { KernelSpace, Policy } from 'agentos'`. */
export { KernelSpace, type FromConfigOptions } from './kernel.js';
export { Policy } from './policy.js';
export { KernelError, PolicyViolation, AgentKilledError, ExecLimitError, RedirectError } from './errors.js';
export { verifyAuditFile, readAuditRecords, formatAuditRecords, type AuditVerification, type AuditProblem, type AuditFilters } from './audit.js';
export { GENESIS, type AuditRecord } from './recorder.js';
export type { RateWindow } from './rate-limit.js';
export type { WrapToolOptions } from './wrap-tool.js';
export type {
  Action,
  Decision,
  Agent,
  AgentFunction,
  CustomAction,
  ExecOptions,
  ExecResult,
  FileOp,
  GovernedContext,
  GovernedFs,
  KernelAction,
  KernelDecision,
  KernelLimits,
  KernelOptions,
  KernelSignal,
  RecorderOptions,
  SqlClient,
  SqlParams,
  SqlRows,
} from './types.js';
