/**
 * The `.sql` front end: each statement of the script becomes a call of the
 * pseudo-sink `sql.script` with the statement text as its constant argument.
 */
import { classifySql } from '../policy/sql.js';
import type { CallFact, FileFacts, Range } from './facts.js';
import { constant } from './values.js';

/** Offsets to 1-based line/column (UTF-16 columns, as JS strings index). */
export function offsetLocator(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** Skip whitespace and comments so a statement's range starts at its first token. */
function firstTokenOffset(source: string, start: number, end: number): number {
  let i = start;
  while (i < end) {
    if (/\s/.test(source[i]!)) i++;
    else if (source.startsWith('--', i)) {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? end : nl + 1;
    } else if (source.startsWith('/*', i) && !source.startsWith('/*!', i)) {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else break;
  }
  return i < end ? i : start;
}

export function analyzeSqlFile(file: string, source: string): FileFacts {
  const facts: FileFacts = { file, language: 'sql', imports: [], calls: [], functions: [], strings: [], problems: [] };
  const verdict = classifySql(source);
  const locate = offsetLocator(source);
  if (!verdict.parsed && verdict.statements.length === 0) {
    if (source.trim() && verdict.error && !/empty/i.test(verdict.error)) {
      const end = locate(source.length);
      facts.problems.push({ range: { line: 1, column: 1, endLine: end.line, endColumn: end.column }, message: verdict.error });
    }
    return facts;
  }
  for (const stmt of verdict.statements) {
    // skip leading whitespace so the range starts at the statement's first token
    const start = firstTokenOffset(source, stmt.start, stmt.end);
    const s = locate(start);
    const e = locate(stmt.end);
    const range: Range = { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
    const call: CallFact = {
      callee: 'sql.script',
      method: 'script',
      args: [constant(source.slice(stmt.start, stmt.end))],
      kwargs: {},
      range,
      calleeRange: range,
    };
    facts.calls.push(call);
  }
  return facts;
}
