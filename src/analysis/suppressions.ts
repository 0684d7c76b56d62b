/**
 * Suppression comments, parsed from a file's text (see the README's Suppressions section for
 * their forms: a line directive naming rule ids and a reason after a colon, or a file directive).
 *
 * A line suppression written at the end of a line covers that line; on a line of its own it
 * covers the next line. A file suppression covers the whole file. Without rule ids it covers
 * every rule (allowed, but it counts as a suppression without a reason).
 */
import type { Category, Severity } from '../policy/types.js';
import type { Range } from './facts.js';

export interface Suppression {
  scope: 'line' | 'file';
  /** the rules it names; undefined: every rule */
  ruleIds?: string[];
  /** the text after `<rule ids>:`; undefined when none was written */
  reason?: string;
  /** where the directive is written */
  range: Range;
  /** the lines it covers (scope `line`) */
  covers: number[];
}

/** The rule ids of the two findings suppressions give rise to (category: that of the rule concerned). */
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
export const SUPPRESSION_UNUSED = 'suppression-unused';

/**
 * A directive must start a comment (`#`, `//`, `--`, `/*`, or a ` * ` line of a block comment),
 * so code and strings that mention the word are not taken for one.
 */
const DIRECTIVE = /(?:#|\/\/|--|\/\*|^\s*\*)\s*agentos-ignore(-file)?(?![\w-])(.*)$/;
const BODY = /^\s*:?\s*([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)?\s*(?::(.*))?$/;

export function parseSuppressions(source: string): Suppression[] {
  if (!source.includes('agentos-ignore')) return [];
  const out: Suppression[] = [];
  const lines = source.split(/\r\n|\r|\n/);
  lines.forEach((text, i) => {
    if (!text.includes('agentos-ignore')) return;
    const m = DIRECTIVE.exec(text);
    if (!m) return;
    const line = i + 1;
    const rest = m[2]!.replace(/\s*(?:\*\/|-->)\s*$/, '');
    const body = BODY.exec(rest);
    const ids = body?.[1]?.split(/\s*,\s*/);
    const reason = body?.[2]?.trim() || undefined;
    const column = text.indexOf('agentos-ignore', m.index) + 1;
    const ownLine = text.slice(0, m.index).trim() === '' || /^\s*\*/.test(text);
    const s: Suppression = {
      scope: m[1] ? 'file' : 'line',
      range: { line, column, endLine: line, endColumn: text.length + 1 },
      covers: ownLine ? [line, line + 1] : [line],
    };
    if (ids) s.ruleIds = ids;
    if (reason) s.reason = reason;
    out.push(s);
  });
  return out;
}

function names(s: Suppression, ruleId: string): boolean {
  return !s.ruleIds || s.ruleIds.includes(ruleId);
}

/** The suppression that silences a finding of `ruleId` starting on `line`, if any (line ones first). */
export function suppressionFor(suppressions: readonly Suppression[], line: number, ruleId: string): Suppression | undefined {
  return (
    suppressions.find((s) => s.scope === 'line' && s.covers.includes(line) && names(s, ruleId)) ??
    suppressions.find((s) => s.scope === 'file' && names(s, ruleId))
  );
}

/** A finding about a suppression itself, before it gets its fingerprint. */
export interface SuppressionProblem {
  ruleId: typeof SUPPRESSION_WITHOUT_REASON | typeof SUPPRESSION_UNUSED;
  category: Category;
  severity: Severity;
  range: Range;
  message: string;
}

function directive(s: Suppression): string {
  const word = s.scope === 'file' ? 'agentos-ignore-file' : 'agentos-ignore';
  return s.ruleIds ? `${word} ${s.ruleIds.join(', ')}` : word;
}

export interface SuppressionUse {
  /** the category of the first finding it silenced */
  category: Category;
  count: number;
}

/**
 * The problems with a file's suppressions after the findings were matched to them: a suppression
 * that silenced something but gives no reason, and (when `reportUnused`) one naming rules that
 * all ran on this file and silenced nothing. A suppression without rule ids, or naming a rule
 * that did not run, is never called unused: there is no telling what it was meant for.
 */
export function suppressionProblems(
  suppressions: readonly Suppression[],
  used: ReadonlyMap<Suppression, SuppressionUse>,
  ranRule: (ruleId: string) => Category | undefined,
  reportUnused: boolean,
): SuppressionProblem[] {
  const out: SuppressionProblem[] = [];
  for (const s of suppressions) {
    const use = used.get(s);
    if (use && !s.reason) {
      const example = `${s.scope === 'file' ? 'agentos-ignore-file' : 'agentos-ignore'} ${s.ruleIds?.[0] ?? '<rule-id>'}: <why this is safe>`;
      out.push({
        ruleId: SUPPRESSION_WITHOUT_REASON,
        category: use.category,
        severity: 'low',
        range: s.range,
        message: `\`${directive(s)}\` silences ${use.count === 1 ? 'a finding' : `${use.count} findings`} without giving a reason; write \`${example}\`.`,
      });
    } else if (!use && reportUnused && s.ruleIds) {
      const categories = s.ruleIds.map(ranRule);
      if (categories.some((c) => c === undefined)) continue;
      out.push({
        ruleId: SUPPRESSION_UNUSED,
        category: categories[0]!,
        severity: 'low',
        range: s.range,
        message: `\`${directive(s)}\` silences nothing ${s.scope === 'file' ? 'in this file' : 'here'}; remove it.`,
      });
    }
  }
  return out;
}
