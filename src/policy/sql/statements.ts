/** Verdicts per statement: the leading verb decides which reader looks at the statement. */
import { type Tok, lex } from './lexer.js';
import { type Ctx, MAX_NEST, NOT_ROUTINE, type Name, NestError, type Res, after, closeOf, completes, findWord, fragmentHole, isOp, makeCtx, q, readName, split, targetOf, word } from './structure.js';
import { Parser, evalCondition } from './conditions.js';
import { PROSE } from './looks.js';
import { classifyExecute, classifyPrepare, proceduralBody, prove, proveAlter, proveCopy, proveCreate, proveProcedural, proveSet, proveVacuum } from './proof.js';

export const KNOWN_VERBS = new Map<string, string>(
  [
    'SELECT', 'VALUES', 'TABLE', 'REPLACE', 'UPSERT', 'GRANT', 'REVOKE', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT',
    'SAVEPOINT', 'RELEASE', 'SET', 'RESET', 'SHOW', 'USE', 'VACUUM', 'ANALYZE', 'ATTACH', 'DETACH', 'REINDEX', 'CLUSTER',
    'CHECKPOINT', 'LOCK', 'UNLOCK', 'CALL', 'DEALLOCATE', 'FETCH', 'MOVE', 'CLOSE', 'OPEN', 'LISTEN', 'NOTIFY', 'UNLISTEN',
    'COPY', 'LOAD', 'DISCARD', 'REFRESH', 'SECURITY', 'IMPORT', 'HANDLER', 'OPTIMIZE', 'REPAIR', 'CHECK', 'CHECKSUM',
    'FLUSH', 'KILL', 'PURGE', 'SHUTDOWN', 'INSTALL', 'UNINSTALL', 'HELP', 'XA', 'CACHE', 'GET', 'SIGNAL', 'RESIGNAL',
    'BINLOG', 'CHANGE', 'STOP', 'RENAME', 'COMMENT', 'RESTART', 'REASSIGN',
  ].map((v) => [v, v.toLowerCase()]),
);
KNOWN_VERBS.set('ANALYSE', 'analyze');

export function notSql(c: Ctx, t: Tok): string {
  let raw = c.text.slice(t.s, t.e);
  if (raw.length > 30) raw = `${raw.slice(0, 30)}…`;
  return t.t === 'word' ? `not SQL: \`${raw}\` is not a SQL statement keyword` : `not SQL: a statement cannot start with \`${raw}\``;
}

export function classifyRange(c: Ctx, a: number, z: number, depth: number): Res {
  if (depth > MAX_NEST) throw new NestError();
  return prove(c, a, z, depth, classifyVerb(c, a, z, depth));
}

export function classifyVerb(c: Ctx, a: number, z: number, depth: number): Res {
  const t = c.toks[a]!;
  if (t.t === 'hole') return { kind: 'unknown', destructive: false, uncertain: true };
  if (t.t === 'op' && t.v === '(') return classifyParen(c, a, z, depth);
  if (t.t !== 'word') return { kind: 'unknown', destructive: false, error: notSql(c, t) };
  switch (t.v) {
    case 'DELETE': return classifyDelete(c, a, z);
    case 'UPDATE': return classifyUpdate(c, a, z);
    case 'DROP': return classifyDrop(c, a, z);
    case 'TRUNCATE': return classifyTruncate(c, a, z);
    case 'ALTER': return proveAlter(c, a, z, classifyAlter(c, a, z));
    case 'MERGE': return classifyMerge(c, a, z);
    case 'WITH': return classifyWith(c, a, z, depth);
    case 'EXPLAIN': return classifyExplain(c, a, z, depth, 'explain');
    case 'DESCRIBE':
    case 'DESC': return classifyExplain(c, a, z, depth, 'describe');
    case 'CREATE': return proveCreate(c, a, z, depth, classifyCreate(c, a, z, depth));
    case 'INSERT': return classifyInsert(c, a, z);
    case 'PRAGMA': return classifyPragma(c, a, z);
    case 'DO': return classifyDo(c, a, z, depth);
    case 'EXECUTE':
    case 'EXEC': return classifyExecute(c, a, z, depth);
    case 'PREPARE': return classifyPrepare(c, a, z, depth);
    case 'BEGIN':
    case 'DECLARE': return classifyBlock(c, a, z, depth, t.v.toLowerCase());
    case 'SET': return proveSet(c, a, z);
    case 'VACUUM': return proveVacuum(c, a, z);
    case 'COPY': return proveCopy(c, a, z, classifyCopy(c, a, z, depth));
  }
  const kind = KNOWN_VERBS.get(t.v);
  if (kind) return { kind, destructive: false };
  return { kind: 'unknown', destructive: false, error: notSql(c, t) };
}

/** PostgreSQL COPY (DELETE ... RETURNING ...) TO runs the statement */
function classifyCopy(c: Ctx, a: number, z: number, depth: number): Res {
  if (!isOp(c, a + 1, z, '(') || closeOf(c, a + 1, z) <= a + 2) return { kind: 'copy', destructive: false };
  const inner = classifyRange(c, a + 2, closeOf(c, a + 1, z), depth + 1);
  if (inner.error) return { kind: 'copy', destructive: false, unproven: `COPY runs a query that is not understood (${inner.error})` };
  return wrap('copy', [inner], 'COPY runs its query');
}

/** `(SELECT ...) UNION (SELECT ...)` */
export function classifyParen(c: Ctx, a: number, z: number, depth: number): Res {
  let i = a;
  while (isOp(c, i, z, '(')) i++;
  if (i >= z) return { kind: 'unknown', destructive: false, error: 'not SQL: nothing but parentheses' };
  const t = c.toks[i]!;
  if (t.t === 'hole') return { kind: 'unknown', destructive: false, uncertain: true };
  const w = word(c, i, z);
  if (w === 'SELECT' || w === 'VALUES' || w === 'TABLE') return { kind: 'select', destructive: false };
  if (w === 'WITH') return classifyRange(c, i, closeOf(c, i - 1, z), depth + 1);
  return { kind: 'unknown', destructive: false, error: notSql(c, t) };
}

/** Clauses that can only follow the WHERE clause. */
export const TAIL = new Set(['ORDER', 'LIMIT', 'RETURNING', 'OFFSET', 'FETCH', 'OPTION']);
export const JOINS = new Set(['USING', 'JOIN']);

export function tailStart(c: Ctx, from: number, z: number): number {
  const s = findWord(c, from, z, TAIL);
  return s < 0 ? z : s;
}

export function condText(c: Ctx, a: number, z: number): string {
  if (z <= a) return '';
  let s = c.text.slice(c.toks[a]!.s, c.toks[z - 1]!.e).replace(/\s+/g, ' ');
  if (s.length > 60) s = `${s.slice(0, 59)}…`;
  return s;
}

export function classifyDelete(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  for (;;) {
    const w = word(c, i, z);
    if (w === 'LOW_PRIORITY' || w === 'QUICK' || w === 'IGNORE') i++;
    else if (w === 'TOP') {
      i++;
      i = isOp(c, i, z, '(') ? after(c, i, z) : i + 1;
      if (word(c, i, z) === 'PERCENT') i++;
    } else break;
  }
  let name: Name | undefined;
  let rest: number;
  if (word(c, i, z) === 'FROM') {
    i++;
    if (word(c, i, z) === 'ONLY') i++;
    name = readName(c, i, z);
    rest = name ? name.end : i;
  } else {
    // DELETE t1[, t2] FROM t1 JOIN ... (MySQL) or DELETE t (SQL Server, Oracle)
    name = readName(c, i, z);
    const w0 = findWord(c, i, z, 'WHERE');
    const from = findWord(c, i, w0 < 0 ? z : w0, 'FROM');
    if (from >= 0) {
      const src = readName(c, from + 1, z);
      rest = src ? src.end : from + 1;
    } else if (c.dialect !== 'generic' && !(i < z && c.toks[i]!.t === 'hole')) {
      // only SQL Server and Oracle accept DELETE without FROM; for the others this is no statement ("Delete the file")
      return { kind: 'delete', destructive: false, error: 'not SQL: DELETE without FROM' };
    } else rest = name ? name.end : i;
  }
  if (isOp(c, rest, z, '*')) rest++;
  const target = targetOf(name);
  const where = findWord(c, rest, z, 'WHERE');
  if (where < 0) {
    if (fragmentHole(c, rest, tailStart(c, rest, z))) return { kind: 'delete', destructive: false, target, uncertain: true };
    let reason: string;
    const join = findWord(c, rest, z, JOINS);
    const table = q(target, 'the table');
    if (findWord(c, rest, z, 'LIMIT') >= 0) reason = `DELETE without a WHERE clause removes arbitrary rows of ${table} (LIMIT only caps how many)`;
    else if (join >= 0) reason = `DELETE without a WHERE clause removes every row of ${table} that matches its ${c.toks[join]!.v} tables`;
    else reason = `DELETE without a WHERE clause removes every row of ${table}`;
    return { kind: 'delete', destructive: true, reason, target };
  }
  const cond = evalCondition(c, where + 1, z, target);
  if (cond.truth === 'T') {
    return {
      kind: 'delete',
      destructive: true,
      reason: `DELETE with an always-true WHERE clause (\`${condText(c, where + 1, cond.end)}\`) removes every row of ${q(target, 'the table')}`,
      target,
    };
  }
  return cond.truth === 'H' ? { kind: 'delete', destructive: false, target, uncertain: true } : { kind: 'delete', destructive: false, target };
}

/** The `col = expr, ...` list of UPDATE ... SET; frag when a hole stands where assignments or clauses could be. */
export function setList(c: Ctx, p: number, z: number): { end: number; frag: boolean } {
  for (;;) {
    if (p >= z) return { end: p, frag: false };
    const t = c.toks[p]!;
    if (t.t === 'hole') {
      if (!isOp(c, p + 1, z, '=')) return { end: p, frag: true };
      p++;
    } else if (t.t === 'op' && t.v === '(') p = after(c, p, z);
    else {
      const n = readName(c, p, z);
      if (!n) return { end: p, frag: false };
      p = n.end;
    }
    if (!isOp(c, p, z, '=')) return { end: p, frag: false };
    const ps = new Parser(c, p + 1, z, false);
    if (!ps.expr()) return { end: ps.p, frag: false };
    p = ps.p;
    if (p < z && c.toks[p]!.t === 'hole') return { end: p, frag: true };
    if (!isOp(c, p, z, ',')) return { end: p, frag: false };
    p++;
  }
}

export function classifyUpdate(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  for (;;) {
    const w = word(c, i, z);
    if (w === 'LOW_PRIORITY' || w === 'IGNORE' || w === 'ONLY') i++;
    else if (w === 'OR' && word(c, i + 1, z)) i += 2; // SQLite UPDATE OR REPLACE
    else if (w === 'TOP') {
      i++;
      i = isOp(c, i, z, '(') ? after(c, i, z) : i + 1;
      if (word(c, i, z) === 'PERCENT') i++;
    } else break;
  }
  const name = readName(c, i, z);
  const target = targetOf(name);
  const p = name ? name.end : i;
  const set = findWord(c, p, z, 'SET');
  if (set < 0) {
    const trailingHole = p >= z && p > i && c.toks[p - 1]!.t === 'hole'; // UPDATE ${rest}
    if (fragmentHole(c, p, z) || trailingHole) return { kind: 'update', destructive: false, target, uncertain: true };
    if (word(c, a + 1, z) === 'STATISTICS') return { kind: 'update', destructive: false }; // SQL Server
    return { kind: 'update', destructive: false, error: 'not SQL: UPDATE without SET' };
  }
  const sl = setList(c, set + 1, z);
  const where = findWord(c, sl.end, z, 'WHERE');
  if (where < 0) {
    if (sl.frag || fragmentHole(c, sl.end, tailStart(c, sl.end, z))) return { kind: 'update', destructive: false, target, uncertain: true };
    return { kind: 'update', destructive: true, reason: `UPDATE without a WHERE clause changes every row of ${q(target, 'the table')}`, target };
  }
  const cond = evalCondition(c, where + 1, z, target);
  if (cond.truth === 'T') {
    return {
      kind: 'update',
      destructive: true,
      reason: `UPDATE with an always-true WHERE clause (\`${condText(c, where + 1, cond.end)}\`) changes every row of ${q(target, 'the table')}`,
      target,
    };
  }
  return cond.truth === 'H' ? { kind: 'update', destructive: false, target, uncertain: true } : { kind: 'update', destructive: false, target };
}

export const DROP_TYPES = new Set([
  'TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'VIEW', 'INDEX', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'ROUTINE', 'TRIGGER', 'TYPE',
  'DOMAIN', 'EXTENSION', 'ROLE', 'USER', 'GROUP', 'MATERIALIZED', 'TEMPORARY', 'TEMP', 'FOREIGN', 'EVENT', 'POLICY', 'RULE',
  'SERVER', 'TABLESPACE', 'COLLATION', 'AGGREGATE', 'OPERATOR', 'PUBLICATION', 'SUBSCRIPTION', 'STATISTICS', 'CAST',
  'LANGUAGE', 'OWNED', 'ACCESS', 'METHOD', 'DATA', 'WRAPPER', 'TEXT', 'SEARCH', 'CONFIGURATION', 'DICTIONARY', 'PARSER',
  'TEMPLATE', 'CONVERSION', 'LOGFILE', 'SYNONYM', 'PACKAGE', 'UNLOGGED', 'SPATIAL', 'REFERENCE', 'SYSTEM', 'VERSIONING',
]);
export const WITH_DATA = new Set(['TABLE', 'TABLES', 'DATABASE', 'SCHEMA', 'OWNED']);

export function nameList(c: Ctx, i: number, z: number): string[] {
  const names: string[] = [];
  let n = readName(c, i, z);
  while (n) {
    const t = targetOf(n);
    if (t) names.push(t);
    if (!isOp(c, n.end, z, ',')) break;
    n = readName(c, n.end + 1, z);
  }
  return names;
}

export function classifyDrop(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  const type: string[] = [];
  while (type.length < 4 && DROP_TYPES.has(word(c, i, z))) type.push(c.toks[i++]!.v);
  if (!type.length && (i >= z || (c.toks[i]!.t !== 'hole' && (c.toks[i]!.t !== 'word' || PROSE.has(c.toks[i]!.v))))) {
    // DROP always names an object type (`DROP WAREHOUSE w` counts); "drop me a line" does not
    return { kind: 'drop', destructive: false, error: 'not SQL: DROP without an object type' };
  }
  if (!type.length && c.toks[i]!.t === 'word') {
    const nx = i + 1 < z ? c.toks[i + 1]! : undefined;
    if (nx && (nx.t === 'word' || nx.t === 'ident' || nx.t === 'hole')) type.push(c.toks[i++]!.v); // an object type we do not list
  }
  let ifExists = false;
  for (let w = word(c, i, z); w === 'IF' || w === 'EXISTS' || w === 'CONCURRENTLY' || w === 'BY'; w = word(c, i, z)) {
    if (w === 'IF' && word(c, i + 1, z) === 'EXISTS') ifExists = true;
    i++;
  }
  const names = nameList(c, i, z);
  const target = names[0];
  const main = type.length ? type[type.length - 1]! : '';
  const head = type.length ? `DROP ${type.join(' ')}` : 'DROP';
  const what = type.length ? type.join(' ').toLowerCase() : 'database object';
  const plural = names.length > 1 ? 's' : '';
  const subject = names.length ? `the ${what}${plural} ${names.map((x) => `\`${x}\``).join(', ')}` : `a ${what}`;
  let reason: string;
  if (main === 'DATABASE' || main === 'SCHEMA') reason = `${head} deletes ${subject} and everything in ${plural ? 'them' : 'it'}`;
  else if (WITH_DATA.has(main)) reason = `${head} deletes ${subject} and all of ${plural ? 'their' : 'its'} rows`;
  else reason = `${head} deletes ${subject}`;
  return { kind: 'drop', destructive: true, reason, target, ...(ifExists && type.length ? { dropsIfExists: type.join(' ') } : {}) };
}

export function classifyTruncate(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'TABLE') i++;
  if (word(c, i, z) === 'ONLY') i++;
  const names = nameList(c, i, z);
  const target = names[0];
  const rows = names.length ? names.map((x) => `\`${x}\``).join(', ') : 'the table';
  return { kind: 'truncate', destructive: true, reason: `TRUNCATE removes every row of ${rows}`, target };
}

export const ALTER_TYPES = new Set([
  'TABLE', 'ONLINE', 'OFFLINE', 'IGNORE', 'FOREIGN', 'MATERIALIZED', 'VIEW', 'TYPE', 'DOMAIN', 'DATABASE', 'SCHEMA', 'INDEX',
  'SEQUENCE', 'EXTENSION', 'ROLE', 'USER', 'TABLESPACE', 'PUBLICATION', 'EVENT', 'FUNCTION', 'PROCEDURE', 'SERVER', 'TEXT',
  'SEARCH', 'CONFIGURATION', 'DICTIONARY',
]);
/** ALTER COLUMN c DROP DEFAULT / NOT NULL / IDENTITY / EXPRESSION change a definition, not data. */
export const SOFT_DROP = new Set(['DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION']);
export const DROP_WHAT = new Set([
  'COLUMN', 'CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'PARTITION', 'SUBPARTITION', 'CHECK', 'ATTRIBUTE',
  'PERIOD', 'MAPPING', 'VALUE', 'FUNCTION', 'TABLE',
]);

export function classifyAlter(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  const type: string[] = [];
  while (type.length < 3 && ALTER_TYPES.has(word(c, i, z))) type.push(c.toks[i++]!.v);
  if (word(c, i, z) === 'IF' && word(c, i + 1, z) === 'EXISTS') i += 2;
  if (word(c, i, z) === 'ONLY') i++;
  const name = readName(c, i, z);
  const target = targetOf(name);
  let p = name ? name.end : i;
  if (isOp(c, p, z, '*')) p++;
  const head = `ALTER ${type.filter((w) => w !== 'ONLINE' && w !== 'OFFLINE' && w !== 'IGNORE').join(' ') || ''}`.trim();
  const of = target ? ` of \`${target}\`` : '';
  let uncertain = false;
  for (let j = p; j < z; j++) {
    const t = c.toks[j]!;
    if (t.t === 'op' && t.v === '(') {
      j = closeOf(c, j, z);
      continue;
    }
    if (t.t === 'hole' && completes(c.toks[j - 1]!)) uncertain = true;
    if (t.t !== 'word') continue;
    const nx = word(c, j + 1, z);
    if (t.v === 'DROP' && !SOFT_DROP.has(nx)) {
      let k = j + 1;
      const what: string[] = [];
      while (what.length < 2 && DROP_WHAT.has(word(c, k, z))) what.push(c.toks[k++]!.v);
      if (word(c, k, z) === 'IF' && word(c, k + 1, z) === 'EXISTS') k += 2;
      const dropped = targetOf(readName(c, k, z));
      const kind = what.length ? what.join(' ') : 'COLUMN';
      const obj = `${kind.toLowerCase()}${dropped ? ` \`${dropped}\`` : ''}`;
      const reason =
        kind === 'COLUMN' || kind === 'PARTITION'
          ? `${head} ... DROP ${kind} deletes the ${obj}${of} and its data`
          : `${head} ... DROP ${kind} removes the ${obj}${of}`;
      return { kind: 'alter', destructive: true, reason, target };
    }
    if (t.v === 'TRUNCATE' && nx === 'PARTITION') {
      return { kind: 'alter', destructive: true, reason: `${head} ... TRUNCATE PARTITION removes every row of a partition${of}`, target };
    }
    if (t.v === 'DISCARD' && (nx === 'TABLESPACE' || nx === 'PARTITION')) {
      return { kind: 'alter', destructive: true, reason: `${head} ... DISCARD ${nx} deletes the data file${of}`, target };
    }
  }
  return uncertain ? { kind: 'alter', destructive: false, target, uncertain: true } : { kind: 'alter', destructive: false, target };
}

export function classifyMerge(c: Ctx, a: number, z: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'TOP') i = isOp(c, i + 1, z, '(') ? after(c, i + 1, z) : i + 2;
  if (word(c, i, z) === 'INTO') i++;
  const target = targetOf(readName(c, i, z));
  let uncertain = false;
  for (let p = i; p < z; p++) {
    if (isOp(c, p, z, '(')) {
      p = closeOf(c, p, z);
      continue;
    }
    if (word(c, p, z) !== 'WHEN') continue;
    let k = p + 1;
    let matched = true;
    let bySource = false;
    if (word(c, k, z) === 'NOT') {
      matched = false;
      k++;
    }
    if (word(c, k, z) !== 'MATCHED') continue;
    k++;
    if (word(c, k, z) === 'BY') {
      bySource = word(c, k + 1, z) === 'SOURCE';
      k += 2;
    }
    const then = findWord(c, k, z, 'THEN');
    if (then < 0) break;
    if (word(c, then + 1, z) === 'DELETE' && (matched || bySource)) {
      const truth = word(c, k, z) === 'AND' ? evalCondition(c, k + 1, then).truth : 'T';
      if (truth === 'T') {
        const rows = matched ? 'that matches the source' : 'missing from the source';
        const when = `WHEN ${matched ? '' : 'NOT '}MATCHED${bySource ? ' BY SOURCE' : ''}`;
        return { kind: 'merge', destructive: true, reason: `MERGE ... ${when} THEN DELETE removes every row of ${q(target, 'the table')} ${rows}`, target };
      }
      if (truth === 'H') uncertain = true;
    }
    p = then;
  }
  return uncertain ? { kind: 'merge', destructive: false, target, uncertain: true } : { kind: 'merge', destructive: false, target };
}

/** Combine a wrapper statement with the verdicts of statements it runs. */
export function wrap(kind: string, inner: Res[], prefix?: string): Res {
  const bad = inner.find((r) => r.destructive);
  if (bad) return { kind, destructive: true, reason: prefix ? `${prefix}: ${bad.reason}` : bad.reason, target: bad.target };
  const res: Res = { kind, destructive: false };
  if (inner.some((r) => r.uncertain)) res.uncertain = true;
  const unproven = inner.find((r) => r.unproven)?.unproven;
  if (unproven) res.unproven = unproven;
  return res;
}

export function classifyWith(c: Ctx, a: number, z: number, depth: number): Res {
  let i = a + 1;
  if (word(c, i, z) === 'RECURSIVE') i++;
  const parts: Res[] = [];
  const malformed = (): Res => ({ kind: 'with', destructive: false, error: 'not SQL: malformed WITH clause' });
  for (;;) {
    const t = i < z ? c.toks[i]! : undefined;
    if (!t || (t.t !== 'word' && t.t !== 'ident' && t.t !== 'hole')) return malformed();
    i++;
    if (isOp(c, i, z, '(')) i = after(c, i, z); // column list
    if (word(c, i, z) !== 'AS') return malformed();
    i++;
    if (word(c, i, z) === 'NOT') i++;
    if (word(c, i, z) === 'MATERIALIZED') i++;
    if (!isOp(c, i, z, '(')) return malformed();
    const close = closeOf(c, i, z);
    if (close > i + 1) {
      const body = classifyRange(c, i + 1, close, depth + 1);
      if (body.error) return body;
      parts.push(body);
    }
    i = close < z ? close + 1 : z;
    // PostgreSQL SEARCH ... SET col / CYCLE ... SET col [TO v DEFAULT d] [USING path]
    for (let w = word(c, i, z); w === 'SEARCH' || w === 'CYCLE'; w = word(c, i, z)) {
      const set = findWord(c, i, z, 'SET');
      if (set < 0) return malformed();
      i = set + 2;
      if (word(c, i, z) === 'TO') i += 4;
      if (word(c, i, z) === 'USING') i += 2;
    }
    if (isOp(c, i, z, ',')) {
      i++;
      continue;
    }
    break;
  }
  let kind = 'with';
  if (i < z) {
    const main = classifyRange(c, i, z, depth + 1);
    if (main.error) return main;
    kind = main.kind;
    parts.push(main);
  }
  return wrap(kind, parts);
}

export const EXPLAIN_OPTS = new Set(['VERBOSE', 'EXTENDED', 'PARTITIONS', 'COSTS', 'BUFFERS', 'TIMING', 'SUMMARY', 'SETTINGS', 'WAL']);

export function classifyExplain(c: Ctx, a: number, z: number, depth: number, kind: string): Res {
  let i = a + 1;
  let analyze = false;
  if (isOp(c, i, z, '(')) {
    const close = closeOf(c, i, z);
    for (let k = i + 1; k < close; k++) {
      const w = word(c, k, close);
      if (w !== 'ANALYZE' && w !== 'ANALYSE') continue;
      const nx = k + 1 < close ? c.toks[k + 1]! : undefined;
      analyze = !(nx && ((nx.t === 'word' && (nx.v === 'FALSE' || nx.v === 'OFF')) || (nx.t === 'num' && Number(nx.v) === 0)));
    }
    i = close < z ? close + 1 : z;
  }
  for (;;) {
    const w = word(c, i, z);
    if (w === 'ANALYZE' || w === 'ANALYSE') {
      analyze = true;
      i++;
    } else if (EXPLAIN_OPTS.has(w)) i++;
    else if (w === 'FORMAT') i += isOp(c, i + 1, z, '=') ? 3 : 2;
    else if (w === 'QUERY' && word(c, i + 1, z) === 'PLAN') i += 2;
    else break;
  }
  if (!analyze || i >= z) return { kind, destructive: false };
  const inner = classifyRange(c, i, z, depth + 1);
  if (inner.error) return { kind, destructive: false, unproven: `EXPLAIN ANALYZE runs a statement that is not understood (${inner.error})` };
  return wrap(kind, [inner], 'EXPLAIN ANALYZE executes its statement');
}

/** Statement verbs worth looking at inside procedural bodies and dynamic SQL. */
export const BODY_VERBS = new Set([
  'DELETE', 'UPDATE', 'DROP', 'TRUNCATE', 'ALTER', 'MERGE', 'WITH', 'EXECUTE', 'EXEC', 'PREPARE', 'INSERT', 'PRAGMA',
]);
export const BODY_STARTS = new Set(['BEGIN', 'THEN', 'ELSE', 'DO', 'LOOP', 'ATOMIC', 'ROW', 'INSTEAD', 'ALSO']);

/** Classify the statements inside a procedural body (trigger, DO block, BEGIN ... END). */
export function scanBody(c: Ctx, a: number, z: number, depth: number): Res[] {
  const out: Res[] = [];
  let start = true;
  for (let p = a; p < z; p++) {
    const t = c.toks[p]!;
    if (start && t.t === 'word' && BODY_VERBS.has(t.v)) {
      let e = p;
      while (e < z && !isOp(c, e, z, ';')) e++;
      const r = classifyRange(c, p, e, depth + 1);
      if (!r.error) out.push(r);
      p = e;
      start = true;
      continue;
    }
    start = (t.t === 'op' && (t.v === ';' || t.v === '(')) || (t.t === 'word' && BODY_STARTS.has(t.v));
  }
  return out;
}

export function classifyCreate(c: Ctx, a: number, z: number, depth: number): Res {
  if (word(c, a + 1, z) === 'OR' && word(c, a + 2, z) === 'REPLACE') {
    // MariaDB (and warehouses): CREATE OR REPLACE TABLE drops the table it replaces
    let i = a + 3;
    while (i < a + 6 && (word(c, i, z) === 'TEMPORARY' || word(c, i, z) === 'TEMP' || word(c, i, z) === 'TRANSIENT')) i++;
    if (word(c, i, z) === 'TABLE') {
      const target = targetOf(readName(c, i + 1, z));
      const table = target ? `the existing table \`${target}\`` : 'the existing table';
      return { kind: 'create', destructive: true, reason: `CREATE OR REPLACE TABLE drops ${table} and all of its rows`, target };
    }
  }
  let kindWord = '';
  let at = -1;
  for (let j = a + 1; j < z && j < a + 16; j++) {
    const w = word(c, j, z);
    if (w === 'TRIGGER' || w === 'EVENT' || w === 'RULE') {
      kindWord = w;
      at = j;
      break;
    }
    if (NOT_ROUTINE.has(w) || w === 'FUNCTION' || w === 'PROCEDURE') break;
  }
  if (!kindWord) {
    // `CREATE [TEMP|TEMPORARY|VIRTUAL] TABLE [IF NOT EXISTS] t (...)`: the table made, for a caller that asks; an index or
    // a view made (`CREATE UNIQUE INDEX IF NOT EXISTS ix ON t (...)`, `CREATE OR REPLACE VIEW v AS ...`) is said in
    // `creates` only (`target` is a table's)
    let t = a + 1;
    if (word(c, t, z) === 'OR' && word(c, t + 1, z) === 'REPLACE') t += 2;
    const mod = word(c, t, z);
    if (mod === 'TEMP' || mod === 'TEMPORARY' || mod === 'VIRTUAL' || mod === 'UNIQUE' || mod === 'MATERIALIZED') t++;
    const what = word(c, t, z);
    if (what !== 'TABLE' && what !== 'INDEX' && what !== 'VIEW') return { kind: 'create', destructive: false };
    t++;
    if (what === 'INDEX' && word(c, t, z) === 'CONCURRENTLY') t++;
    if (word(c, t, z) === 'IF' && word(c, t + 1, z) === 'NOT' && word(c, t + 2, z) === 'EXISTS') t += 3;
    const target = word(c, t, z) === 'ON' ? undefined : targetOf(readName(c, t, z));
    if (!target) return { kind: 'create', destructive: false };
    if (what === 'TABLE') return { kind: 'create', destructive: false, target, creates: { kind: 'TABLE', name: target } };
    return { kind: 'create', destructive: false, creates: { kind: what === 'VIEW' && mod === 'MATERIALIZED' ? 'MATERIALIZED VIEW' : what, name: target } };
  }
  let i = at + 1;
  if (word(c, i, z) === 'IF' && word(c, i + 1, z) === 'NOT') i += 3;
  const name = targetOf(readName(c, i, z));
  const label = `CREATE ${kindWord}${name ? ` \`${name}\`` : ''}`;
  let body: Res[] = [];
  const begin = findWord(c, i, z, 'BEGIN');
  if (begin >= 0) body = scanBody(c, begin + 1, z, depth);
  else if (kindWord === 'TRIGGER') {
    const row = findWord(c, i, z, 'ROW'); // MySQL: FOR EACH ROW <statement>
    if (row >= 0) body = scanBody(c, row + 1, z, depth);
  } else {
    const d = findWord(c, i, z, 'DO'); // EVENT ... DO <statement>; RULE ... DO [ALSO|INSTEAD] <command>
    if (d >= 0) {
      let k = d + 1;
      if (word(c, k, z) === 'ALSO' || word(c, k, z) === 'INSTEAD') k++;
      body = isOp(c, k, z, '(') ? scanBody(c, k + 1, closeOf(c, k, z), depth) : scanBody(c, k, z, depth);
    }
  }
  const res = wrap('create', body, `${label} runs a destructive statement whenever it fires`);
  return !res.destructive && name ? { ...res, creates: { kind: kindWord, name } } : res;
}

export function classifyInsert(c: Ctx, a: number, z: number): Res {
  if (word(c, a + 1, z) !== 'OVERWRITE') {
    // `INSERT [OR REPLACE] INTO t ...`: the table written to, for a caller that asks (nothing here is destructive)
    let i = a + 1;
    if (word(c, i, z) === 'OR') i += 2;
    const target = word(c, i, z) === 'INTO' ? targetOf(readName(c, i + 1, z)) : undefined;
    return target ? { kind: 'insert', destructive: false, target } : { kind: 'insert', destructive: false };
  }
  let i = a + 2;
  if (word(c, i, z) === 'TABLE') i++;
  const target = targetOf(readName(c, i, z));
  return { kind: 'insert', destructive: true, reason: `INSERT OVERWRITE replaces every row of ${q(target, 'the table')}`, target };
}

export function classifyPragma(c: Ctx, a: number, z: number): Res {
  const name = readName(c, a + 1, z);
  if (!name) return { kind: 'pragma', destructive: false };
  const last = name.text.slice(name.text.lastIndexOf('.') + 1).toLowerCase();
  if (last !== 'writable_schema') return { kind: 'pragma', destructive: false };
  let i = name.end;
  if (isOp(c, i, z, '=') || isOp(c, i, z, '(')) i++;
  const v = i < z ? c.toks[i]! : undefined;
  const on =
    !!v &&
    ((v.t === 'num' && Number(v.v) !== 0) ||
      ((v.t === 'word' || v.t === 'str' || v.t === 'ident') && ['ON', 'TRUE', 'YES', '1'].includes(v.v.toUpperCase())));
  if (!on) return { kind: 'pragma', destructive: false };
  return {
    kind: 'pragma',
    destructive: true,
    reason: 'PRAGMA writable_schema = ON lets later statements overwrite the schema table and corrupt the database',
  };
}

/** Classify SQL held in a string literal (dynamic SQL); statements that do not parse come back with their error. */
export function classifyString(c: Ctx, sql: string, depth: number, flags = c.flags): Res[] {
  if (depth > MAX_NEST) throw new NestError();
  const lexed = lex(sql, flags, c.hole);
  if (!lexed.toks.length) return [];
  const sub = makeCtx(sql, lexed.toks, flags, c.sems, c.hole, c.dialect);
  const out: Res[] = [];
  for (const r of split(sub)) {
    if (lexed.error && !r.closed) {
      out.push({ kind: 'unknown', destructive: false, error: lexed.error });
      continue;
    }
    out.push(classifyRange(sub, r.a, r.z, depth + 1));
  }
  return out;
}

export function firstString(c: Ctx, a: number, z: number): Tok | undefined {
  for (let i = a; i < z; i++) if (c.toks[i]!.t === 'str') return c.toks[i];
  return undefined;
}

/** PostgreSQL DO blocks run now: destructive when a statement in their body is, otherwise not proven. */
export function classifyDo(c: Ctx, a: number, z: number, depth: number): Res {
  if (c.dialect === 'mysql' || c.dialect === 'sqlite') return { kind: 'do', destructive: false }; // MySQL DO evaluates expressions
  const body = firstString(c, a + 1, z);
  if (!body) return { kind: 'do', destructive: false }; // MySQL DO <expression>: its calls are looked at with the statement
  return proveProcedural('do', proceduralBody(c, body.v, depth), 'The DO block');
}

export const TXN_WORDS = new Set([
  'TRANSACTION', 'WORK', 'TRAN', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION', 'READ', 'DISTRIBUTED', 'NOT',
]);

/** BEGIN [TRANSACTION] starts a transaction; BEGIN <statements> END (an anonymous block elsewhere) runs them. */
export function classifyBlock(c: Ctx, a: number, z: number, depth: number, kind: string): Res {
  if (kind === 'begin' && (a + 1 >= z || TXN_WORDS.has(word(c, a + 1, z)))) return { kind, destructive: false };
  if (kind === 'declare') {
    // DECLARE c [BINARY] [INSENSITIVE] [NO] [SCROLL] CURSOR [WITH[OUT] HOLD] FOR <query>: runs the query
    const cursor = findWord(c, a + 2, Math.min(z, a + 8), 'CURSOR');
    const query = cursor < 0 ? -1 : findWord(c, cursor + 1, Math.min(z, cursor + 4), 'FOR');
    if (query >= 0 && query + 1 < z) {
      const inner = classifyRange(c, query + 1, z, depth + 1);
      if (!inner.error) return wrap('declare', [inner], 'DECLARE CURSOR runs its query');
    }
  }
  return proveProcedural(kind, scanBody(c, a + 1, z, depth), 'The block');
}
