/**
 * Proof: a statement that is not destructive is allowed by the kernel only when what it does is
 * known to be harmless. This module lists what is known harmless and says why the rest is not
 * (procedural code, dynamic SQL, programs and files on the server, privileges, administration).
 */
import { FLAGS, type Tok, lex } from './lexer.js';
import { type Ctx, type Res, closeOf, findWord, isOp, makeCtx, readName, split, targetOf, word } from './structure.js';
import { classifyRange, classifyString, firstString, scanBody, wrap } from './statements.js';

/** Statement kinds whose effect is fully described by their verdict (destructive or not). */
const HARMLESS = new Set([
  'select', 'values', 'table', 'insert', 'replace', 'upsert', 'update', 'delete', 'merge', 'with', 'explain', 'describe',
  'drop', 'truncate', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release', 'reset', 'show', 'use',
  'analyze', 'reindex', 'cluster', 'checkpoint', 'lock', 'unlock', 'deallocate', 'fetch', 'move', 'close', 'open',
  'listen', 'notify', 'unlisten', 'discard', 'refresh', 'comment', 'rename', 'optimize', 'repair', 'check', 'checksum',
  'flush', 'handler', 'help', 'xa', 'cache', 'get', 'signal', 'resignal', 'pragma', 'detach',
]);

/** Kinds judged by their own reader below or in statements.ts (which sets `unproven` itself). */
const SELF_JUDGED = new Set(['create', 'alter', 'set', 'vacuum', 'copy', 'prepare', 'execute', 'do', 'begin', 'declare', 'unknown']);

const NOT_PROVEN: Record<string, string> = {
  grant: 'GRANT changes who may read or change data',
  revoke: 'REVOKE changes who may read or change data',
  call: 'CALL runs a stored procedure whose body is not visible here',
  load: 'LOAD reads a file or loads a library into the database server',
  attach: 'ATTACH opens or creates a database file at a path the statement chooses',
  security: 'SECURITY LABEL changes access control',
  import: 'IMPORT FOREIGN SCHEMA connects the database to another server',
  kill: 'KILL ends other sessions',
  purge: 'PURGE deletes server logs',
  binlog: 'BINLOG replays binary log events, which can hold any statement',
  change: 'CHANGE MASTER/REPLICATION changes where the server replicates from',
  stop: 'STOP stops server replication',
  restart: 'RESTART restarts the database server',
  shutdown: 'SHUTDOWN stops the database server',
  install: 'INSTALL loads a plugin (native code) into the server',
  uninstall: 'UNINSTALL removes a server plugin',
  reassign: 'REASSIGN OWNED changes who owns objects, and so who may change or drop them',
};

/** Functions that run a program or load native code: destructive wherever they appear. */
const PROGRAM_FUNCS: Record<string, string> = {
  LOAD_EXTENSION: 'load_extension() loads a native library into the database process',
  SYS_EXEC: 'sys_exec() runs a shell command on the database server',
  SYS_EVAL: 'sys_eval() runs a shell command on the database server',
  XP_CMDSHELL: 'xp_cmdshell runs a shell command on the database server',
};

/** Functions that reach outside the database (files, other sessions, the server itself). */
const OUTSIDE_FUNCS = new Set([
  'LO_IMPORT', 'LO_EXPORT', 'LO_UNLINK', 'PG_READ_FILE', 'PG_READ_BINARY_FILE', 'PG_LS_DIR', 'PG_STAT_FILE', 'PG_FILE_WRITE',
  'PG_FILE_RENAME', 'PG_FILE_UNLINK', 'PG_FILE_SYNC', 'PG_LS_LOGDIR', 'PG_LS_WALDIR', 'PG_LS_TMPDIR', 'PG_LS_ARCHIVE_STATUSDIR',
  'PG_TERMINATE_BACKEND', 'PG_CANCEL_BACKEND', 'PG_RELOAD_CONF', 'PG_ROTATE_LOGFILE', 'PG_PROMOTE',
  'PG_DROP_REPLICATION_SLOT', 'DBLINK_CONNECT', 'DBLINK_CONNECT_U', 'LOAD_FILE', 'WRITEFILE', 'READFILE', 'EDIT', 'FSDIR',
]);

/** Functions that run their SQL string argument on another connection (PostgreSQL dblink). */
const REMOTE_SQL = new Set(['DBLINK_EXEC', 'DBLINK', 'DBLINK_SEND_QUERY', 'DBLINK_OPEN']);

function callAt(c: Ctx, i: number, z: number): string {
  const t = c.toks[i]!;
  const prev = i > 0 ? c.toks[i - 1]! : undefined;
  return t.t === 'word' && isOp(c, i + 1, z, '(') && !(prev?.t === 'op' && prev.v === '.') ? t.v : '';
}

/**
 * What the statement's calls and clauses do outside the rows it names: a destructive verdict
 * for programs, a reason for everything else that is not proven harmless, undefined when clean.
 */
function outside(c: Ctx, a: number, z: number, depth: number): Res | undefined {
  for (let i = a; i < z; i++) {
    const t = c.toks[i]!;
    if (t.t !== 'word') continue;
    if (t.v === 'INTO' && (word(c, i + 1, z) === 'OUTFILE' || word(c, i + 1, z) === 'DUMPFILE')) {
      return { kind: '', destructive: false, unproven: `SELECT ... INTO ${c.toks[i + 1]!.v} writes a file on the database server` };
    }
    const f = callAt(c, i, z);
    if (!f) continue;
    const program = PROGRAM_FUNCS[f];
    if (program) return { kind: '', destructive: true, reason: program };
    if (OUTSIDE_FUNCS.has(f)) {
      return { kind: '', destructive: false, unproven: `${f.toLowerCase()}() reaches outside the database (server files, other sessions or the server itself)` };
    }
    if (REMOTE_SQL.has(f)) {
      const close = closeOf(c, i + 1, z);
      const inner: Res[] = [];
      for (let k = i + 2; k < close; k++) {
        const s = c.toks[k]!;
        if (s.t === 'str') inner.push(...classifyString(c, s.v, depth).filter((r) => !r.error));
      }
      const label = `${f.toLowerCase()}() runs SQL on another connection`;
      const w = wrap('', inner, label);
      if (w.destructive) return w;
      if (!inner.length) return { kind: '', destructive: false, unproven: `${label} that is not visible here` };
      if (w.unproven) return w;
    }
  }
  return undefined;
}

/** Attach the proof to a verdict that is neither destructive nor an error. */
export function prove(c: Ctx, a: number, z: number, depth: number, res: Res): Res {
  if (res.destructive || res.error) return res;
  const out = outside(c, a, z, depth);
  if (out?.destructive) return { ...out, kind: res.kind };
  if (res.unproven) return res;
  if (out?.unproven) return { ...res, unproven: out.unproven };
  if (HARMLESS.has(res.kind) || SELF_JUDGED.has(res.kind)) return res;
  return { ...res, unproven: NOT_PROVEN[res.kind] ?? `${res.kind.toUpperCase()} is not on the list of statements known to be harmless` };
}

// ───────────── statements judged here ─────────────

/** SET: session settings are harmless; server-wide ones are not. MySQL `SET @v = 'text'` is remembered for PREPARE. */
export function proveSet(c: Ctx, a: number, z: number): Res {
  const w = word(c, a + 1, z);
  if (w === 'GLOBAL' || w === 'PERSIST' || w === 'PERSIST_ONLY') {
    return { kind: 'set', destructive: false, unproven: `SET ${w} changes settings for every session of the server` };
  }
  for (let i = a + 1; i < z; i++) {
    const t = c.toks[i]!;
    if (t.t === 'param' && /^@@global\b/i.test(c.text.slice(t.s, t.e))) return { kind: 'set', destructive: false, unproven: 'SET @@GLOBAL changes settings for every session of the server' };
  }
  // SET @q = <text>[, @r = <text>]
  let i = a + 1;
  while (i < z) {
    const t = c.toks[i]!;
    if (t.t !== 'param') break;
    const name = c.text.slice(t.s, t.e);
    if (!name.startsWith('@')) break;
    if (!isOp(c, i + 1, z, '=') && !isOp(c, i + 1, z, ':=')) break;
    let e = i + 2;
    while (e < z && !isOp(c, e, z, ',')) e = isOp(c, e, z, '(') ? closeOf(c, e, z) + 1 : e + 1;
    const v = foldText(c, i + 2, e);
    if (v !== undefined) c.vars.set(name.toLowerCase(), v);
    else c.vars.delete(name.toLowerCase());
    i = e + 1;
  }
  return { kind: 'set', destructive: false };
}

/** VACUUM INTO 'file' (SQLite) writes a copy of the database anywhere. */
export function proveVacuum(c: Ctx, a: number, z: number): Res {
  const into = findWord(c, a + 1, z, 'INTO');
  return into >= 0 ? { kind: 'vacuum', destructive: false, unproven: 'VACUUM INTO writes a copy of the database to a file the statement chooses' } : { kind: 'vacuum', destructive: false };
}

const ALTER_NOT_PROVEN: Record<string, string> = {
  SYSTEM: 'ALTER SYSTEM changes the server configuration (settings such as archive_command run programs)',
  DATABASE: 'ALTER DATABASE changes a whole database (its settings apply to every session; some load libraries)',
  ROLE: 'ALTER ROLE changes an account and its rights',
  USER: 'ALTER USER changes an account and its rights',
  GROUP: 'ALTER GROUP changes who holds which rights',
  EXTENSION: 'ALTER EXTENSION runs the extension\'s update scripts',
  SERVER: 'ALTER SERVER changes a connection to another server',
  LANGUAGE: 'ALTER LANGUAGE changes a procedural language',
  DEFAULT: 'ALTER DEFAULT PRIVILEGES changes who may read or change data',
  EVENT: 'ALTER EVENT TRIGGER changes code that runs on schema changes',
};

/** The part of ALTER that destroys nothing is judged here: accounts and server settings are not proven. */
export function proveAlter(c: Ctx, a: number, z: number, res: Res): Res {
  if (res.destructive || res.error) return res;
  let w = word(c, a + 1, z);
  if (w === 'FOREIGN' && word(c, a + 2, z) === 'DATA') w = 'SERVER';
  if (w === 'USER' && word(c, a + 2, z) === 'MAPPING') w = 'SERVER';
  const why = ALTER_NOT_PROVEN[w];
  return why ? { ...res, unproven: why } : res;
}

/** COPY ... PROGRAM runs a shell command; COPY to or from a file name reads or writes server files. */
export function proveCopy(c: Ctx, a: number, z: number, res: Res): Res {
  if (res.destructive || res.error) return res;
  const program = findWord(c, a + 1, z, 'PROGRAM');
  if (program >= 0) {
    const dir = word(c, program - 1, z) === 'FROM' ? 'FROM' : 'TO';
    return { kind: 'copy', destructive: true, reason: `COPY ... ${dir} PROGRAM runs a shell command on the database server` };
  }
  for (const dir of ['TO', 'FROM']) {
    const k = findWord(c, a + 1, z, dir);
    if (k >= 0 && k + 1 < z && c.toks[k + 1]!.t === 'str') {
      return { ...res, unproven: `COPY ... ${dir} a file name ${dir === 'TO' ? 'writes' : 'reads'} a file on the database server` };
    }
  }
  return res;
}

// ───────────── dynamic SQL ─────────────

/**
 * The text of a string expression when it is made only of constants: literals joined with `||`,
 * chr(n), concat(...), format('%s %I', ...), quote_ident/quote_literal/upper/lower of constants,
 * and MySQL variables set earlier in the same text. undefined when anything else is involved.
 */
export function foldText(c: Ctx, a: number, z: number): string | undefined {
  let out = '';
  let i = a;
  for (;;) {
    const part = foldTerm(c, i, z);
    if (!part) return undefined;
    out += part.v;
    i = part.e;
    if (i >= z) return out;
    if (!isOp(c, i, z, '||')) return undefined;
    i++;
  }
}

function foldArgs(c: Ctx, open: number, z: number): string[] | undefined {
  const close = closeOf(c, open, z);
  const args: string[] = [];
  let s = open + 1;
  for (let k = s; k <= close; k++) {
    if (k === close || isOp(c, k, close, ',')) {
      if (k === s) return k === close && args.length === 0 ? args : undefined;
      const v = foldText(c, s, k);
      if (v === undefined) return undefined;
      args.push(v);
      s = k + 1;
    } else if (isOp(c, k, close, '(')) k = closeOf(c, k, close);
  }
  return args;
}

function foldTerm(c: Ctx, i: number, z: number): { v: string; e: number } | undefined {
  if (i >= z) return undefined;
  const t: Tok = c.toks[i]!;
  if (t.t === 'str') {
    // adjacent literals: 'a' 'b'
    let v = t.v;
    let e = i + 1;
    while (e < z && c.toks[e]!.t === 'str') v += c.toks[e++]!.v;
    return { v, e };
  }
  if (t.t === 'num') return { v: t.v, e: i + 1 };
  if (t.t === 'op' && t.v === '(') {
    const close = closeOf(c, i, z);
    const v = foldText(c, i + 1, close);
    return v === undefined ? undefined : { v, e: close + 1 };
  }
  if (t.t === 'param') {
    const v = c.vars.get(c.text.slice(t.s, t.e).toLowerCase());
    return v === undefined ? undefined : { v, e: i + 1 };
  }
  if (t.t === 'word' || t.t === 'ident') {
    if (!isOp(c, i + 1, z, '(')) return undefined;
    const args = foldArgs(c, i + 1, z);
    if (!args) return undefined;
    const e = closeOf(c, i + 1, z) + 1;
    switch (t.v) {
      case 'CHR':
      case 'CHAR': {
        const codes = args.map(Number);
        if (codes.some((n) => !Number.isInteger(n) || n < 0 || n > 0x10ffff)) return undefined;
        return { v: String.fromCodePoint(...codes), e };
      }
      case 'CONCAT':
        return { v: args.join(''), e };
      case 'CONCAT_WS':
        return args.length ? { v: args.slice(1).join(args[0]), e } : undefined;
      case 'UPPER':
      case 'UCASE':
        return args.length === 1 ? { v: args[0]!.toUpperCase(), e } : undefined;
      case 'LOWER':
      case 'LCASE':
        return args.length === 1 ? { v: args[0]!.toLowerCase(), e } : undefined;
      case 'QUOTE_IDENT':
        return args.length === 1 ? { v: `"${args[0]!.replace(/"/g, '""')}"`, e } : undefined;
      case 'QUOTE_LITERAL':
        return args.length === 1 ? { v: `'${args[0]!.replace(/'/g, "''")}'`, e } : undefined;
      case 'REPLACE':
        return args.length === 3 ? { v: args[0]!.split(args[1]!).join(args[2]), e } : undefined;
      case 'FORMAT': {
        if (!args.length) return undefined;
        let n = 1;
        let bad = false;
        const v = args[0]!.replace(/%(%|[sIL])/g, (_m, k: string) => {
          if (k === '%') return '%';
          const x = args[n++];
          if (x === undefined) bad = true;
          return k === 'L' ? `'${(x ?? '').replace(/'/g, "''")}'` : (x ?? '');
        });
        return bad ? undefined : { v, e };
      }
    }
  }
  return undefined;
}

/** Classify folded dynamic SQL; anything short of a proof leaves it unproven. */
function dynamic(c: Ctx, kind: string, text: string | undefined, depth: number, label: string, lead?: Tok): Res {
  if (text === undefined) {
    // the leading literal alone may already say it (`'TRUNCATE ' || quote_ident(t)`)
    const head = lead ? wrap(kind, classifyString(c, lead.v, depth).filter((r) => !r.error), `${label} dynamic SQL`) : undefined;
    if (head?.destructive) return head;
    return { kind, destructive: false, unproven: `${label} SQL text built at run time, which cannot be proven harmless` };
  }
  const inner = classifyString(c, text, depth);
  const failed = inner.find((r) => r.error);
  if (!inner.length || failed) {
    const w = wrap(kind, inner.filter((r) => !r.error), `${label} dynamic SQL`);
    return w.destructive ? w : { kind, destructive: false, unproven: `${label} SQL text that does not parse: ${failed?.error ?? 'empty'}` };
  }
  return wrap(kind, inner, `${label} dynamic SQL`);
}

/** EXECUTE 'sql' / EXECUTE IMMEDIATE expr / EXEC('sql') / EXECUTE name (a prepared statement). */
export function classifyExecute(c: Ctx, a: number, z: number, depth: number): Res {
  let i = a + 1;
  const immediate = word(c, i, z) === 'IMMEDIATE'; // EXECUTE IMMEDIATE <string expression>
  if (immediate) i++;
  const t = i < z ? c.toks[i]! : undefined;
  if (!t) return { kind: 'execute', destructive: false, error: 'not SQL: EXECUTE of nothing' };
  // EXECUTE name [(args)] [USING ...]: a prepared statement, or a procedure (SQL Server EXEC proc)
  if (!immediate && (t.t === 'word' || t.t === 'ident') && !isOp(c, i + 1, z, '||')) {
    const isFunc = isOp(c, i + 1, z, '(') && foldTerm(c, i, z) !== undefined;
    if (!isFunc) {
      const name = (t.t === 'word' ? c.text.slice(t.s, t.e) : t.v).toLowerCase();
      if (c.prepared.has(name)) return { kind: 'execute', destructive: false };
      return { kind: 'execute', destructive: false, unproven: `EXECUTE \`${name}\` runs a statement prepared outside this SQL, which is not visible here` };
    }
  }
  let e = z;
  const using = findWord(c, i, z, new Set(['USING', 'INTO']));
  if (using >= 0) e = using;
  return dynamic(c, 'execute', foldText(c, i, e), depth, 'EXECUTE runs', firstString(c, i, e));
}

export function classifyPrepare(c: Ctx, a: number, z: number, depth: number): Res {
  // PREPARE TRANSACTION 'id': the first phase of a two-phase commit
  if (word(c, a + 1, z) === 'TRANSACTION' && a + 2 < z && c.toks[a + 2]!.t === 'str') return { kind: 'prepare', destructive: false };
  const name = readName(c, a + 1, z);
  if (name) c.prepared.add(name.text.toLowerCase());
  let i = name ? name.end : a + 1;
  if (isOp(c, i, z, '(')) i = closeOf(c, i, z) + 1;
  const w = word(c, i, z);
  if (w === 'FROM') return dynamic(c, 'prepare', foldText(c, i + 1, z), depth, 'PREPARE ... FROM stores', firstString(c, i + 1, z));
  if (w === 'AS' && i + 1 < z) {
    const inner = classifyRange(c, i + 1, z, depth + 1);
    if (inner.error) return { kind: 'prepare', destructive: false, unproven: `PREPARE stores a statement that does not parse: ${inner.error}` };
    return wrap('prepare', [inner], 'PREPARE stores a destructive statement');
  }
  return { kind: 'prepare', destructive: false, error: 'not SQL: PREPARE without FROM or AS' };
}

// ───────────── procedural code ─────────────

/** DO blocks (PostgreSQL) run procedural code now: destructive when a statement in them is, otherwise not proven. */
export function proveProcedural(kind: string, inner: Res[], label: string): Res {
  const w = wrap(kind, inner, `${label} runs a destructive statement`);
  if (w.destructive) return w;
  return { kind, destructive: false, unproven: `${label} runs procedural code, which cannot be proven harmless`, ...(w.uncertain ? { uncertain: true } : {}) };
}

/** Every statement of a plain-SQL body [a, z), each proven harmless, or the reason one is not. */
function bodyProof(c: Ctx, a: number, z: number, depth: number): string | undefined {
  const ranges = split(c, a, z, false);
  if (!ranges.length) return undefined;
  for (const r of ranges) {
    const res = classifyRange(c, r.a, r.z, depth + 1);
    if (res.error) return `a statement in it is not understood (${res.error})`;
    if (res.destructive) return `it ${res.reason ?? 'is destructive'}`;
    if (res.unproven) return res.unproven;
  }
  return undefined;
}

function bodyStringProof(c: Ctx, text: string, depth: number): string | undefined {
  const inner = classifyString(c, text, depth);
  if (!inner.length) return undefined;
  for (const r of inner) {
    if (r.error) return `a statement in it is not understood (${r.error})`;
    if (r.destructive) return `it runs a destructive statement: ${r.reason ?? r.kind}`;
    if (r.unproven) return r.unproven;
  }
  return undefined;
}

/** Object types whose creation runs nothing. */
const CREATE_PLAIN = new Set([
  'TABLE', 'VIEW', 'INDEX', 'SEQUENCE', 'SCHEMA', 'DATABASE', 'TYPE', 'DOMAIN', 'MATERIALIZED', 'COLLATION', 'STATISTICS',
  'TEXT', 'POLICY', 'VIRTUAL',
]);
const CREATE_ROUTINE = new Set(['FUNCTION', 'PROCEDURE', 'TRIGGER', 'RULE', 'EVENT']);
const CREATE_NOT_PROVEN: Record<string, string> = {
  EXTENSION: 'CREATE EXTENSION runs the extension\'s install script and can load native code',
  LANGUAGE: 'CREATE LANGUAGE installs a procedural language',
  SERVER: 'CREATE SERVER connects the database to another server',
  FOREIGN: 'CREATE FOREIGN TABLE/DATA WRAPPER reads data from outside the database (files or programs for file_fdw)',
  USER: 'CREATE USER creates an account',
  ROLE: 'CREATE ROLE creates an account',
  GROUP: 'CREATE GROUP creates an account',
  TABLESPACE: 'CREATE TABLESPACE writes to a directory on the database server',
  SUBSCRIPTION: 'CREATE SUBSCRIPTION connects to another server and copies its data in',
  PUBLICATION: 'CREATE PUBLICATION publishes tables to other servers',
  CAST: 'CREATE CAST makes a function run implicitly',
  OPERATOR: 'CREATE OPERATOR makes a function run implicitly',
  AGGREGATE: 'CREATE AGGREGATE makes functions run implicitly',
  CONVERSION: 'CREATE CONVERSION makes a function run implicitly',
  TRANSFORM: 'CREATE TRANSFORM makes functions run implicitly',
  ACCESS: 'CREATE ACCESS METHOD installs a handler function',
  PLUGIN: 'CREATE PLUGIN loads native code',
};
const CREATE_MODS = new Set([
  'OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'UNIQUE', 'RECURSIVE', 'TRUSTED', 'PROCEDURAL',
  'DEFAULT', 'CONSTRAINT', 'SPATIAL', 'FULLTEXT', 'ALGORITHM', 'DEFINER', 'SQL', 'SECURITY', 'INVOKER', 'MERGE',
  'TEMPTABLE', 'UNDEFINED', 'IF', 'NOT', 'EXISTS', 'CONCURRENTLY', 'TRANSIENT', 'ONLINE', 'OFFLINE',
]);

/** The proof of a CREATE whose destructive part classifyCreate already judged. */
export function proveCreate(c: Ctx, a: number, z: number, depth: number, res: Res): Res {
  if (res.destructive || res.error) return res;
  let i = a + 1;
  let what = '';
  for (; i < z && i < a + 24; i++) {
    const t = c.toks[i]!;
    if (t.t !== 'word') continue; // DEFINER = `root`@`%`
    if (CREATE_PLAIN.has(t.v) || CREATE_ROUTINE.has(t.v) || CREATE_NOT_PROVEN[t.v]) {
      what = t.v;
      break;
    }
    if (!CREATE_MODS.has(t.v)) break;
  }
  if (!what) return { ...res, unproven: 'CREATE of an object type not known to be harmless' };
  if (CREATE_PLAIN.has(what)) return res;
  if (what === 'EVENT' && word(c, i + 1, z) === 'TRIGGER') return { ...res, unproven: 'CREATE EVENT TRIGGER runs a function on every schema change' };
  const why = CREATE_NOT_PROVEN[what];
  if (why) return { ...res, unproven: why };
  let k = i + 1;
  if (word(c, k, z) === 'IF' && word(c, k + 1, z) === 'NOT') k += 3;
  const name = targetOf(readName(c, k, z));
  const label = `CREATE ${what}${name ? ` \`${name}\`` : ''}`;
  const reason = routineReason(c, what, k, z, depth);
  return reason ? { ...res, unproven: `${label}: ${reason}` } : res;
}

/** Why a routine's body is not proven harmless; undefined when every statement in it is. */
function routineReason(c: Ctx, what: string, i: number, z: number, depth: number): string | undefined {
  if (what === 'TRIGGER') {
    const ex = findWord(c, i, z, 'EXECUTE');
    if (ex >= 0) {
      const fn = targetOf(readName(c, ex + 2, z));
      return `the trigger runs ${fn ? `\`${fn}\`` : 'a function'}, whose body is not visible here`;
    }
  }
  if (what === 'RULE') {
    const d = findWord(c, i, z, 'DO');
    if (d < 0) return 'its action is not understood';
    let k = d + 1;
    if (word(c, k, z) === 'ALSO' || word(c, k, z) === 'INSTEAD') k++;
    if (word(c, k, z) === 'NOTHING') return undefined;
    return isOp(c, k, z, '(') ? bodyProof(c, k + 1, closeOf(c, k, z), depth) : bodyProof(c, k, z, depth);
  }
  if (findWord(c, i, z, 'SONAME') >= 0) return 'it loads a native library into the server';
  const lang = findWord(c, i, z, 'LANGUAGE');
  const langName = lang >= 0 && lang + 1 < z ? c.toks[lang + 1]!.v.toLowerCase() : undefined;
  const begin = findWord(c, i, z, 'BEGIN');
  const as = findWord(c, i, z, 'AS');
  const body = as >= 0 && (what === 'FUNCTION' || what === 'PROCEDURE') ? firstString(c, as + 1, Math.min(z, as + 2)) : undefined;
  if (langName && langName !== 'sql') {
    // plpgsql, C, plpython...: look for a destructive statement to say so, otherwise say what it is
    if (body) {
      const inner = proceduralBody(c, body.v, depth).find((r) => r.destructive);
      if (inner) return `its ${langName} body runs a destructive statement: ${inner.reason ?? inner.kind}`;
    }
    return `its body is ${langName} code, which cannot be proven harmless`;
  }
  if (body) return bodyStringProof(c, body.v, depth);
  // MySQL and SQLite have no `AS <body>` routines: read their way, the statement is rejected and runs nothing
  if (as >= 0 && (c.dialect === 'mysql' || c.dialect === 'sqlite') && (what === 'FUNCTION' || what === 'PROCEDURE')) return undefined;
  if (begin >= 0) {
    let from = begin + 1;
    if (word(c, from, z) === 'ATOMIC') from++;
    // the body's own END closes it
    let to = z;
    while (to > from && word(c, to - 1, z) !== 'END') to--;
    return bodyProof(c, from, to > from ? to - 1 : z, depth);
  }
  const ret = findWord(c, i, z, 'RETURN');
  if (ret >= 0) return undefined; // RETURN <expression>: its calls were looked at with the whole statement
  if (what === 'TRIGGER') {
    const row = findWord(c, i, z, 'ROW'); // MySQL: FOR EACH ROW <statement>
    if (row >= 0) return bodyProof(c, row + 1, z, depth);
  }
  if (what === 'EVENT') {
    const d = findWord(c, i, z, 'DO');
    if (d >= 0) return bodyProof(c, d + 1, z, depth);
  }
  return 'its body is not understood';
}

/** The statements a procedural (plpgsql-like) body runs, as far as they can be picked out. */
export function proceduralBody(c: Ctx, text: string, depth: number): Res[] {
  const toks = lex(text, FLAGS.postgres, c.hole).toks;
  const sub = makeCtx(text, toks, FLAGS.postgres, c.sems, c.hole, c.dialect);
  return scanBody(sub, 0, toks.length, depth + 1);
}
