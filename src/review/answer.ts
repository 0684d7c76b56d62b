/**
 * The answer schema (the contract every model answers in), the tolerant reading of
 * answers that come as text, and validation.
 */
import { CATEGORIES, SEVERITIES } from '../policy/types.js';
import type { ModelFinding, ModelVerdict, ReviewAnswer } from './types.js';

/** Changes whenever the schema or its meaning changes; part of every cache key. */
export const ANSWER_SCHEMA_VERSION = 1;

export const ANSWER_CATEGORIES = [...CATEGORIES, 'other'] as const;

/**
 * JSON Schema of the answer, written for OpenAI's strict structured outputs (every
 * property required, no additional properties, no numeric bounds) so that the same
 * schema serves as Anthropic's tool input schema.
 */
export const ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['findings', 'verdicts', 'summary'],
  properties: {
    findings: {
      type: 'array',
      description: 'Problems found in the code under review, with the line numbers shown in the code block.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['line', 'endLine', 'category', 'severity', 'message', 'confidence'],
        properties: {
          line: { type: 'integer', description: 'first line, as numbered in the code block' },
          endLine: { type: 'integer', description: 'last line, as numbered in the code block' },
          category: { type: 'string', enum: [...ANSWER_CATEGORIES] },
          severity: { type: 'string', enum: [...SEVERITIES] },
          message: { type: 'string', description: 'what is wrong and why, in one or two sentences' },
          confidence: { type: 'number', description: 'from 0.0 (a guess) to 1.0 (certain)' },
        },
      },
    },
    verdicts: {
      type: 'array',
      description: 'One entry per static finding listed with the code: confirm it or dismiss it.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['finding', 'verdict', 'reason'],
        properties: {
          finding: { type: 'string', description: 'the fingerprint of the static finding' },
          verdict: { type: 'string', enum: ['confirm', 'dismiss'] },
          reason: { type: 'string' },
        },
      },
    },
    summary: { type: 'string', description: 'one or two sentences on the code as a whole' },
  },
} as const;

/**
 * The JSON value in a model's text: the whole text, else a ```json (or bare ```) fenced
 * block, else the first balanced `{...}` after leading prose. Undefined when none parses.
 */
export function unwrapJson(text: string): unknown {
  const attempts: string[] = [text.trim()];
  for (const m of text.matchAll(/```[ \t]*(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)```/g)) attempts.push(m[1]!.trim());
  for (const candidate of attempts) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // next
    }
  }
  // prose around the object: try each `{` as the start of a balanced object
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = balancedEnd(text, start);
    if (end < 0) continue;
    try {
      return JSON.parse(text.slice(start, end + 1)) as unknown;
    } catch {
      // next
    }
  }
  return undefined;
}

/** Index of the `}` closing the object opened at `start`, skipping strings; -1 when unbalanced. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type Validation = { ok: true; answer: ReviewAnswer } | { ok: false; error: string };

/**
 * Check an answer against the schema. `lineCount` bounds the line numbers; a finding on a
 * line outside the file is a schema violation (the model did not read the numbering).
 */
export function validateAnswer(value: unknown, lineCount: number): Validation {
  const bad = (error: string): Validation => ({ ok: false, error });
  // some models wrap the object once more: { "report_findings": { ... } } or { "answer": { ... } }
  if (isObject(value) && !('findings' in value) && Object.keys(value).length === 1) {
    const inner = Object.values(value)[0];
    if (isObject(inner) && 'findings' in inner) value = inner;
  }
  if (!isObject(value)) return bad('the answer is not a JSON object');
  if (!Array.isArray(value.findings)) return bad('`findings` is not a list');
  const findings: ModelFinding[] = [];
  for (const [i, f] of value.findings.entries()) {
    const at = `findings[${i}]`;
    if (!isObject(f)) return bad(`${at} is not an object`);
    const line = f.line;
    const endLine = f.endLine ?? f.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > lineCount) return bad(`${at}.line is not a line of the file (1-${lineCount})`);
    if (typeof endLine !== 'number' || !Number.isInteger(endLine)) return bad(`${at}.endLine is not a whole number`);
    if (typeof f.category !== 'string' || !(ANSWER_CATEGORIES as readonly string[]).includes(f.category)) return bad(`${at}.category is not one of the categories`);
    if (typeof f.severity !== 'string' || !(SEVERITIES as readonly string[]).includes(f.severity)) return bad(`${at}.severity is not one of ${SEVERITIES.join(', ')}`);
    if (typeof f.message !== 'string' || !f.message.trim()) return bad(`${at}.message is empty`);
    const confidence = f.confidence ?? 0.5;
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return bad(`${at}.confidence is not a number from 0 to 1`);
    findings.push({
      line,
      endLine: Math.min(Math.max(endLine, line), lineCount),
      category: f.category as ModelFinding['category'],
      severity: f.severity as ModelFinding['severity'],
      message: f.message.trim(),
      confidence,
    });
  }
  const verdicts: ModelVerdict[] = [];
  const rawVerdicts = value.verdicts ?? [];
  if (!Array.isArray(rawVerdicts)) return bad('`verdicts` is not a list');
  for (const [i, v] of rawVerdicts.entries()) {
    const at = `verdicts[${i}]`;
    if (!isObject(v) || typeof v.finding !== 'string') return bad(`${at}.finding is not a fingerprint`);
    if (v.verdict !== 'confirm' && v.verdict !== 'dismiss') return bad(`${at}.verdict is not confirm or dismiss`);
    verdicts.push({ finding: v.finding, verdict: v.verdict, reason: typeof v.reason === 'string' ? v.reason : '' });
  }
  const summary = typeof value.summary === 'string' ? value.summary : '';
  return { ok: true, answer: { findings, verdicts, summary } };
}
