import type { ResolvedConfig } from '../../config/types.js';
import type { Action, RuleDefinition, Severity, SinkSpec } from '../../policy/types.js';
import type { CallFact, FileFacts, Range, TaintOrigin, Value } from '../facts.js';
import type { TraceStep } from '../findings.js';

/** An untrusted origin after following `param` taint through the file's call sites. */
export interface ResolvedTaint {
  origin: TaintOrigin;
  /** source first, sink-side steps last */
  trace: TraceStep[];
}

export interface CheckContext {
  rule: RuleDefinition;
  config: ResolvedConfig;
  facts: FileFacts;
  /** normalized modules the file imports */
  imports: ReadonlySet<string>;
  /** untrusted origins (tool parameters, model output, request input) that reach a value */
  untrusted(value: Value | undefined): ResolvedTaint[];
  /** the value is made only of the program's own constants (directly, or through parameters every call site fills with constants) */
  fixed(value: Value | undefined): boolean;
  /** for a parameter of a function only this file calls: what each call site passes for it */
  passedIn?(value: Value | undefined): Value[] | undefined;
  /**
   * the value holds only constants and configuration: the environment, the command line, an object's settings,
   * and parameters every caller in the project fills with those (never data read at run time)
   */
  own?(value: Value | undefined): boolean;
  /** the source text of a range (lines joined with `\n`) */
  text(range: Range): string;
}

/** A call that matched one of the rule's sinks. */
export interface SinkHit {
  call: CallFact;
  sink: SinkSpec;
  /** the governed argument's value (undefined when the call does not pass it) */
  value: Value | undefined;
  /** how the argument was found, for messages (`argument 1`, `keyword shell`) */
  argLabel: string;
}

/** What a check says about one place. */
export interface Verdict {
  message: string;
  /** defaults to the rule's severity */
  severity?: Severity;
  trace?: TraceStep[];
  /** the runtime action performed, holes filled with hostile values (for the kernel agreement test) */
  action?: Action;
  /** reported at full severity in every context, tests included (a live-format credential) */
  keepInEveryContext?: boolean;
  /** defaults to the call's range */
  range?: Range;
}

export type Check = (
  | { kind: 'sink'; judge(hit: SinkHit, ctx: CheckContext): Verdict | undefined }
  | { kind: 'file'; run(ctx: CheckContext): Verdict[] }
) & {
  /** `ctx.untrusted` also reports outside content (taint kind `content`: fetched pages, retrieved documents) */
  content?: boolean;
};
