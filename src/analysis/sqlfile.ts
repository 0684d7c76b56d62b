/**
 * The `.sql` front end: each statement of the script becomes a call of the
 * pseudo-sink `sql.script` with the statement text as its constant argument.
 */
import { classifySql } from '../policy/sql.js';
import type { CallFact, FileFacts, Range } from './facts.js';
import { LineTable } from './lines.js';
import { constant } from './values.js';

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
  const lines = new LineTable(source);
  if (!verdict.parsed && verdict.statements.length === 0) {
    if (source.trim() && verdict.error && !/empty/i.test(verdict.error)) facts.problems.push({ range: lines.range(0, source.length), message: verdict.error });
    return facts;
  }
  for (const stmt of verdict.statements) {
    // skip leading whitespace so the range starts at the statement's first token
    const start = firstTokenOffset(source, stmt.start, stmt.end);
    const range: Range = lines.range(start, stmt.end);
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
