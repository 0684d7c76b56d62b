/** A cheap test for SQL-looking strings, used to pick SQL out of arbitrary strings. */
import { FLAGS, type Tok, lex } from './lexer.js';
import { NAME_STOP } from './structure.js';
import { ALTER_TYPES, DROP_TYPES } from './statements.js';

/** Words that follow a verb in English, never in SQL: "delete the file", "update your profile". */
export const PROSE = new Set([
  'THE', 'A', 'AN', 'YOUR', 'MY', 'OUR', 'THEIR', 'HIS', 'HER', 'ITS', 'THIS', 'THAT', 'THESE', 'THOSE', 'ME', 'US', 'THEM',
  'HIM', 'IT', 'YOU', 'SOME', 'ANY', 'EVERY', 'EACH', 'NO', 'ONE', 'I', 'WE', 'THEY', 'SHE', 'HE', 'OF', 'AT', 'OUT', 'UP',
  'DOWN', 'OFF', 'ALL', 'BOTH', 'EITHER', 'NEITHER', 'ANOTHER', 'OTHER', 'WHAT', 'WHICH', 'WHO', 'HOW', 'WHY', 'HERE',
  'THERE', 'NOW', 'ABOUT', 'BACK', 'AWAY', 'AGAIN', 'PLEASE', 'YOURSELF', 'MYSELF', 'ANYTHING', 'EVERYTHING', 'SOMETHING',
  'NOTHING', 'MORE', 'MOST', 'FEW', 'MANY', 'MUCH', 'JUST', 'ONLY', 'IS', 'ARE', 'WAS', 'WILL', 'CAN', 'TO', 'FOR', 'AND',
  'OR', 'ON', 'IN', 'WITH', 'BY', 'AS', 'IF', 'BUT', 'SO', 'NOT',
]);
/** ... and these never name anything in real SQL. */
export const ARTICLES = new Set([
  'THE', 'AN', 'YOUR', 'MY', 'OUR', 'THEIR', 'HIS', 'THIS', 'THESE', 'THOSE', 'EVERY', 'PLEASE', 'YOURSELF', 'MYSELF',
  'ANYTHING', 'EVERYTHING', 'SOMETHING', 'NOTHING',
]);
export const CREATE_TYPES = new Set([
  'TABLE', 'INDEX', 'VIEW', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'DOMAIN',
  'EXTENSION', 'ROLE', 'USER', 'EVENT', 'POLICY', 'RULE', 'SERVER', 'TABLESPACE', 'COLLATION', 'AGGREGATE', 'PUBLICATION',
  'SUBSCRIPTION', 'STATISTICS',
]);
export const CREATE_MODS = new Set([
  'TEMP', 'TEMPORARY', 'UNIQUE', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'MATERIALIZED', 'RECURSIVE', 'VIRTUAL', 'FULLTEXT',
  'SPATIAL', 'FOREIGN', 'CONSTRAINT', 'TRUSTED', 'PROCEDURAL', 'AGGREGATE',
]);
export const SHOW_WORDS = new Set([
  'TABLES', 'DATABASES', 'SCHEMAS', 'COLUMNS', 'FIELDS', 'INDEX', 'INDEXES', 'KEYS', 'CREATE', 'FULL', 'GRANTS', 'VARIABLES',
  'STATUS', 'PROCESSLIST', 'TRIGGERS', 'WARNINGS', 'ERRORS', 'ENGINES', 'TABLE', 'SEARCH_PATH', 'TRANSACTION', 'SERVER_VERSION',
  'TIMEZONE', 'GLOBAL', 'SESSION', 'MASTER', 'SLAVE', 'REPLICA', 'BINARY', 'PLUGINS', 'PRIVILEGES', 'EVENTS', 'PROCEDURE',
  'FUNCTION', 'OPEN', 'CHARACTER', 'COLLATION', 'ENGINE', 'PROFILES', 'BINLOG', 'ALL',
]);
export const SELECT_MODS = new Set([
  'DISTINCT', 'TOP', 'SQL_CALC_FOUND_ROWS', 'STRAIGHT_JOIN', 'HIGH_PRIORITY', 'SQL_NO_CACHE', 'SQL_CACHE',
]);
export const SELECT_CONSTS = new Set([
  'TRUE', 'FALSE', 'NULL', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP',
  'CURRENT_USER', 'SESSION_USER',
]);

/** Cheap test: does this string look like SQL at all (a leading SQL keyword)? Used to pick SQL out of arbitrary strings. */
export function looksLikeSql(text: string): boolean {
  if (typeof text !== 'string' || !text) return false;
  const { toks } = lex(text, FLAGS.generic, undefined, 48);
  return looksAt(toks, 0, 0);
}

export function looksAt(toks: Tok[], i: number, depth: number): boolean {
  const n = toks.length;
  const W = (k: number): string => (k < n && toks[k]!.t === 'word' ? toks[k]!.v : '');
  const op = (k: number, v: string): boolean => k < n && toks[k]!.t === 'op' && toks[k]!.v === v;
  const end = (k: number): boolean => k >= n || op(k, ';');
  // an English word ("the", "a", "me") reads as prose when another plain word follows it ("the file"),
  // and as a name when punctuation or a keyword does ("SELECT a FROM t", "CREATE INDEX i ON t")
  const prose = (k: number): boolean => ARTICLES.has(W(k)) || (PROSE.has(W(k)) && !!W(k + 1) && !NAME_STOP.has(W(k + 1)));
  const isName = (k: number): boolean => {
    const t = toks[k];
    if (!t) return false;
    return t.t === 'ident' || (t.t === 'word' && !NAME_STOP.has(t.v) && !prose(k));
  };
  /** index after a qualified name starting at k, or -1 */
  const name = (k: number): number => {
    if (!isName(k)) return -1;
    k++;
    while (op(k, '.') && (isName(k + 1) || toks[k + 1]?.t === 'ident')) k += 2;
    return k;
  };
  const within = (from: number, span: number, w: string): number => {
    for (let k = from; k < n && k < from + span; k++) if (W(k) === w) return k;
    return -1;
  };
  const t = toks[i];
  if (!t) return false;
  if (op(i, '(')) return depth < 4 && looksAt(toks, i + 1, depth + 1);
  switch (W(i)) {
    case 'SELECT': {
      let k = i + 1;
      if (SELECT_MODS.has(W(k))) return !end(k + 1);
      const t1 = toks[k];
      if (!t1 || end(k)) return false;
      if (t1.t === 'num' || t1.t === 'str' || t1.t === 'param' || t1.t === 'ident') return true;
      if (t1.t === 'op') return t1.v === '*' || t1.v === '(' || t1.v === '-';
      if (t1.t !== 'word' || prose(k) || NAME_STOP.has(t1.v)) return false;
      k++;
      if (end(k)) return SELECT_CONSTS.has(t1.v);
      if (op(k, '(') || op(k, '.') || op(k, ',')) return true;
      if (W(k) === 'FROM' || W(k) === 'AS') return true;
      const from = within(k, 40, 'FROM');
      return from >= 0 && (isName(from + 1) || op(from + 1, '('));
    }
    case 'INSERT': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE'].includes(W(k))) k++;
      if (W(k) === 'OR' && ['REPLACE', 'IGNORE', 'ROLLBACK', 'ABORT', 'FAIL'].includes(W(k + 1))) k += 2;
      if (W(k) === 'INTO') return name(k + 1) > 0;
      if (W(k) === 'OVERWRITE') return W(k + 1) === 'TABLE' || name(k + 1) > 0;
      return false;
    }
    case 'REPLACE':
    case 'MERGE': {
      let k = i + 1;
      while (W(k) === 'LOW_PRIORITY' || W(k) === 'DELAYED') k++;
      return W(k) === 'INTO' && name(k + 1) > 0;
    }
    case 'UPDATE': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'IGNORE', 'ONLY'].includes(W(k))) k++;
      if (W(k) === 'OR' && W(k + 1)) k += 2;
      const e = name(k);
      if (e < 0) return false;
      k = e;
      if (W(k) === 'SET') return true;
      if (W(k) === 'AS') k++;
      if (isName(k) && W(k + 1) === 'SET') return true;
      // UPDATE a JOIN b ON ... SET / UPDATE a, b SET
      return (op(k, ',') || W(k) === 'JOIN' || W(k) === 'INNER' || W(k) === 'LEFT') && within(k, 40, 'SET') >= 0;
    }
    case 'DELETE': {
      let k = i + 1;
      while (['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(W(k))) k++;
      if (W(k) === 'TOP') return true;
      if (W(k) === 'FROM') {
        if (W(k + 1) === 'ONLY') k++;
        return name(k + 1) > 0;
      }
      // DELETE t1 FROM t1 JOIN t2 ... (MySQL)
      const e = name(k);
      if (e < 0 || W(e) !== 'FROM' || name(e + 1) < 0) return false;
      const rest = name(e + 1);
      return ['JOIN', 'INNER', 'LEFT', 'WHERE', 'USING'].includes(W(rest)) || op(rest, ',');
    }
    case 'DROP': {
      let k = i + 1;
      let typed = false;
      while (DROP_TYPES.has(W(k))) {
        typed = true;
        k++;
      }
      if (!typed) return false;
      while (W(k) === 'IF' || W(k) === 'EXISTS' || W(k) === 'CONCURRENTLY' || W(k) === 'BY') k++;
      return name(k) > 0;
    }
    case 'CREATE': {
      let k = i + 1;
      if (W(k) === 'OR' && W(k + 1) === 'REPLACE') k += 2;
      for (let guard = 0; guard < 8 && !CREATE_TYPES.has(W(k)); guard++) {
        if (CREATE_MODS.has(W(k))) k++;
        else if (W(k) === 'DEFINER' || W(k) === 'ALGORITHM' || W(k) === 'SQL') {
          // DEFINER = user@host, ALGORITHM = x, SQL SECURITY x
          while (k < n && !CREATE_TYPES.has(W(k)) && k < i + 12) k++;
        } else return false;
      }
      if (!CREATE_TYPES.has(W(k))) return false;
      k++;
      if (W(k) === 'IF' && W(k + 1) === 'NOT' && W(k + 2) === 'EXISTS') k += 3;
      return name(k) > 0 || W(k) === 'CONCURRENTLY' || W(k) === 'ON';
    }
    case 'ALTER': {
      let k = i + 1;
      let typed = false;
      while (ALTER_TYPES.has(W(k))) {
        typed = true;
        k++;
      }
      if (!typed) return false;
      if (W(k) === 'IF' && W(k + 1) === 'EXISTS') k += 2;
      if (W(k) === 'ONLY') k++;
      return name(k) > 0;
    }
    case 'TRUNCATE': {
      let k = i + 1;
      if (W(k) === 'TABLE') return name(W(k + 1) === 'ONLY' ? k + 2 : k + 1) > 0;
      if (W(k) === 'ONLY') k++;
      const e = name(k);
      return e > 0 && (end(e) || op(e, ',') || op(e, '*') || ['CASCADE', 'RESTRICT', 'RESTART', 'CONTINUE'].includes(W(e)));
    }
    case 'WITH': {
      let k = i + 1;
      if (W(k) === 'RECURSIVE') k++;
      if (!isName(k)) return false;
      k++;
      if (op(k, '(')) {
        while (k < n && !op(k, ')')) k++;
        k++;
      }
      return W(k) === 'AS' && (op(k + 1, '(') || W(k + 1) === 'NOT' || W(k + 1) === 'MATERIALIZED');
    }
    case 'PRAGMA': {
      const e = name(i + 1);
      return e > 0 && (end(e) || op(e, '=') || op(e, '('));
    }
    case 'EXPLAIN': {
      let k = i + 1;
      if (op(k, '(')) {
        while (k < n && !op(k, ')')) k++;
        k++;
      }
      while (['ANALYZE', 'ANALYSE', 'VERBOSE', 'EXTENDED', 'QUERY', 'PLAN'].includes(W(k))) k++;
      return k < n && depth < 4 && looksAt(toks, k, depth + 1);
    }
    case 'SHOW':
      return SHOW_WORDS.has(W(i + 1));
    case 'DESCRIBE':
    case 'DESC': {
      const e = name(i + 1);
      return e > 0 && (end(e) || isName(e));
    }
    case 'GRANT':
    case 'REVOKE': {
      const on = within(i + 1, 30, 'ON');
      return on >= 0 && within(on, 30, W(i) === 'GRANT' ? 'TO' : 'FROM') >= 0;
    }
    case 'BEGIN': {
      const w = W(i + 1);
      if (end(i + 1)) return true;
      return ['TRANSACTION', 'WORK', 'TRAN', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'ISOLATION'].includes(w) && (end(i + 2) || w === 'ISOLATION' || W(i + 2) === 'ISOLATION');
    }
    case 'COMMIT':
    case 'ROLLBACK':
    case 'END':
      return end(i + 1) || (['WORK', 'TRANSACTION', 'TRAN'].includes(W(i + 1)) && end(i + 2)) || (W(i) === 'ROLLBACK' && W(i + 1) === 'TO');
    case 'START':
      return W(i + 1) === 'TRANSACTION';
    case 'SAVEPOINT':
      return name(i + 1) > 0 && end(name(i + 1));
    case 'RELEASE':
      return W(i + 1) === 'SAVEPOINT';
    case 'SET': {
      let k = i + 1;
      while (['SESSION', 'GLOBAL', 'LOCAL', 'PERSIST'].includes(W(k))) k++;
      if (toks[k]?.t === 'param') return true;
      if (['NAMES', 'TRANSACTION', 'SEARCH_PATH', 'ROLE', 'AUTOCOMMIT'].includes(W(k))) return true;
      const e = name(k);
      return e > 0 && (op(e, '=') || op(e, ':=') || W(e) === 'TO');
    }
    case 'VACUUM':
      return end(i + 1) || ['FULL', 'ANALYZE', 'VERBOSE', 'INTO', 'FREEZE'].includes(W(i + 1)) || op(i + 1, '(');
    case 'ANALYZE':
      return end(i + 1) || W(i + 1) === 'TABLE';
    case 'CALL': {
      const e = name(i + 1);
      return e > 0 && op(e, '(');
    }
    case 'VALUES':
      return op(i + 1, '(');
    case 'LOCK':
    case 'UNLOCK':
      return W(i + 1) === 'TABLES' || W(i + 1) === 'TABLE';
    case 'ATTACH':
    case 'DETACH':
      return W(i + 1) === 'DATABASE';
    case 'DO':
      return toks[i + 1]?.t === 'str';
  }
  return false;
}
