/** Pieces every check shares: describing origins, picking severities, filling holes. */
import type { Severity } from '../../policy/types.js';
import { severityRank } from '../../policy/types.js';
import type { CallFact, SanitizerKind, TaintOrigin, Value } from '../facts.js';
import type { TraceStep } from '../findings.js';
import { ALLOWLISTED, isNumber, onlyConfigured } from '../flow.js';
import { skeleton, HOLE_PREFIX, taintOf } from '../values.js';
import type { CheckContext, ResolvedTaint } from './types.js';

export function describeOrigin(o: TaintOrigin): string {
  switch (o.kind) {
    case 'tool-param':
      return `tool parameter \`${o.name}\``;
    case 'llm-output':
      return `model output of \`${shortName(o.name)}\``;
    case 'request-input':
      return `request input \`${o.name}\``;
    case 'content':
      return `outside content from \`${shortName(o.name)}\``;
    default:
      return `parameter \`${o.name}\``;
  }
}

/** `openai.OpenAI().chat.completions.create` -> `chat.completions.create` */
export function shortName(qualified: string): string {
  const idx = qualified.lastIndexOf('().');
  return idx >= 0 ? qualified.slice(idx + 3) : qualified;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** Tool parameters and model output reaching a sink are the worst case. */
export function severityForTaint(taints: ResolvedTaint[], base: Severity): Severity {
  if (taints.some((t) => t.origin.kind === 'tool-param' || t.origin.kind === 'llm-output')) return 'critical';
  if (taints.some((t) => t.origin.kind === 'request-input')) return maxSeverity(base, 'high');
  return base;
}

export function taintPhrase(taints: ResolvedTaint[]): string {
  const names = [...new Set(taints.map((t) => describeOrigin(t.origin)))];
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

export function traceOf(taints: ResolvedTaint[], ctx: CheckContext, call: CallFact, sinkMessage: string): TraceStep[] | undefined {
  if (!taints.length) return undefined;
  const first = taints[0]!;
  return [...first.trace, { file: ctx.facts.file, line: call.range.line, message: sinkMessage }];
}

/** The callee as written in the source (`cur.execute`), for messages. */
export function calleeText(ctx: CheckContext, call: CallFact): string {
  const t = ctx.text(call.calleeRange).trim();
  if (t && t.length <= 60 && !t.includes('\n')) return t;
  return call.method || call.callee;
}

/** Render a string value with its holes replaced by `fill`. */
export function fillHoles(v: Value | undefined, fill: string): string | undefined {
  const sk = skeleton(v);
  if (!sk) return undefined;
  let text = sk.text;
  // (a number spliced in is a number, whatever the value: `ulimit -v {kib}` with `kib` a number is no payload's place)
  for (let i = 0; i < sk.holes.length; i++) text = text.split(`${HOLE_PREFIX}${i}__`).join(isNumber(sk.holes[i]!) ? '1' : fill);
  return text;
}

/** A value with no origin a caller controls: state, configuration, or what the object was constructed with. */
export function configuredValue(v: Value): boolean {
  return onlyConfigured(taintOf(v));
}

/**
 * A dynamic value that no caller outside the program's own choice reaches: it takes a parameter
 * (so not just configuration) and every call site in the project passes constants or configuration.
 */
export function ownAtEveryCall(ctx: CheckContext, v: Value | undefined): boolean {
  return !!v && taintOf(v).some((o) => o.kind === 'param' && !onlyConfigured([o])) && !!ctx.own?.(v);
}

/**
 * What every call of a helper passes for `v` (a parameter of a function of this file), followed through helpers that
 * pass their own parameter on (`_run_with_retry(cmd)` calling `_run(cmd)`): undefined when some value cannot be told.
 */
export function passedThrough(ctx: CheckContext, v: Value | undefined, depth = 0): Value[] | undefined {
  const passed = ctx.passedIn?.(v);
  if (!passed || depth >= 3) return passed;
  const out: Value[] = [];
  for (const p of passed) {
    const further = p.kind === 'unknown' ? passedThrough(ctx, p, depth + 1) : undefined;
    if (further) out.push(...further);
    else out.push(p);
  }
  return out;
}

/**
 * Words that name the code an agent runs commands or code with: its tools and toolkits, a shell, a terminal, a
 * sandbox, a runner, an executor, an interpreter, a console, a workspace (`tools/shell.py`, `class BashTool`,
 * `ShellReceiver.execute_command`, `actions/run_code.py`). Read in the file's path, the enclosing function's id
 * (`Class.method@line`) and the functions whose parameters reach the value.
 */
const AGENT_COMMAND_WORDS = /tool|shell|terminal|sandbox|runner|exec|interpreter|bash|console|workspace|run_?code/i;

/**
 * The value is handled by code whose names say it runs an agent's commands: where a program with no source in
 * sight is most often one a model chose through a path the analysis lost (a tool class the frameworks it knows do
 * not register, a model's reply read by the project's own wrapper). Elsewhere such a program is the project's own
 * plumbing (an installer, a CLI, a language server, a helper for its own git commands).
 */
export function agentCommandCode(ctx: CheckContext, call: CallFact, v: Value | undefined): boolean {
  if (AGENT_COMMAND_WORDS.test(ctx.facts.file)) return true;
  if (call.enclosingFunction && AGENT_COMMAND_WORDS.test(call.enclosingFunction.replace(/@\d+$/, ''))) return true;
  return taintOf(v).some((o) => o.kind === 'param' && !!o.functionId && AGENT_COMMAND_WORDS.test(o.functionId.replace(/@\d+$/, '')));
}

/** What the message says of a value with no source in sight outside `agentCommandCode`. */
export const NO_SOURCE_OUTSIDE_AGENT_COMMANDS =
  "no tool parameter, model output or request input is in sight and the code is not an agent's command tool (no tool, shell, terminal, sandbox, runner or executor in its names), so it is graded low";

/** What the message says of a value `ownAtEveryCall` judged. */
export const EVERY_CALLER_OWN = 'every caller in the project passes constants or configuration (the environment, the command line, settings), so no untrusted input reaches it and it is graded low';

/** Short rendering of a constant for messages. */
export function quote(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `\`${oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine}\``;
}

export function valueKindPhrase(v: Value | undefined): string {
  if (!v) return 'a value';
  if (v.kind === 'template') return 'text built from dynamic parts';
  if (v.kind === 'const') return 'a constant';
  return 'a dynamic value';
}

/** Untrusted origins reaching a value, except those a sanitizer of one of `safe` kinds has made safe. */
export function unsanitized(ctx: CheckContext, v: Value | undefined, safe: readonly SanitizerKind[]): ResolvedTaint[] {
  return ctx.untrusted(v).filter((t) => !t.origin.sanitized?.some((k) => k === 'governed' || k === 'integer' || safe.includes(k)));
}


/**
 * Untrusted origins reaching a name, except those checked for membership in a collection of the program's own values
 * (every ALLOWLISTED kind at once), or, for a program's name (`program`), let through by a validator named for
 * commands (`validate_command(cmd)`).
 */
export function notAllowlisted(ctx: CheckContext, v: Value | undefined, program = false): ResolvedTaint[] {
  if (allowlisted(v, program)) return [];
  return unsanitized(ctx, v, program ? ['program-allowlisted'] : []).filter((t) => !everyAllowlisted(t.origin.sanitized));
}

const everyAllowlisted = (kinds: readonly SanitizerKind[] | undefined) => ALLOWLISTED.every((k) => kinds?.includes(k));

/** The value was checked to be one of a collection of the program's own values (`if x not in ALLOWED: raise`), or, as a program's name, passed a command validator. */
export function allowlisted(v: Value | undefined, program = false): boolean {
  return everyAllowlisted(v?.sanitized) || (program && !!v?.sanitized?.includes('program-allowlisted'));
}


/** Said of sudo and of writes outside the checkout in a CI job's script, where both are how tools get installed. */
export const CI_RUNNER_NOTE = "in a CI job's script, which runs on a runner made for the job and thrown away; graded low";
