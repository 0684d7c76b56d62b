/**
 * Real database servers for tests: a PostgreSQL cluster in a temporary directory (run as a
 * non-root user, unix socket only, no TCP) and the sqlite3 command-line shell. Both come from
 * Debian packages (`postgresql`, `sqlite3`); when they are missing, the start functions say so
 * in one sentence and the tests skip with it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunResult {
  ok: boolean;
  out: string;
  err: string;
}

export interface RealPostgres {
  /** a directory the server's user may write (for files made by COPY ... PROGRAM) */
  dir: string;
  version: string;
  /** run SQL as one simple-protocol message (as drivers send `query(text)`), in database db */
  run(db: string, sql: string): RunResult;
  /** a new database copied from the template database `base` */
  fresh(name: string): void;
  stop(): void;
}

const MISSING_PG = 'PostgreSQL server binaries not found (Debian: apt-get install -y postgresql)';

function pgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  const v = versions.includes('15') ? '15' : versions[0];
  return v ? path.join(root, v, 'bin') : undefined;
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Why PostgreSQL cannot be started here (binaries missing), or undefined. */
export function postgresMissing(): string | undefined {
  return pgBin() && have('psql') ? undefined : MISSING_PG;
}

/** Start a throwaway cluster; a string says why it could not. */
export function startPostgres(): RealPostgres | string {
  const bin = pgBin();
  if (!bin || !have('psql')) return MISSING_PG;
  const root = process.getuid?.() === 0;
  // the server refuses to run as root: use the packaged `postgres` account (or nobody)
  const user = root ? (userIds('postgres') ? 'postgres' : 'nobody') : undefined;
  const ids = user ? userIds(user) : undefined;
  if (root && (!ids || !have('runuser'))) return 'no non-root account or runuser to run PostgreSQL under';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-pg-'));
  chmodSync(dir, 0o755);
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = path.join(dir, 'data');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const asUser = (cmd: string, args: string[]) =>
    user
      ? spawnSync('runuser', ['-u', user, '--', cmd, ...args], { encoding: 'utf8', timeout: 120_000 })
      : spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  const init = asUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `initdb failed: ${(init.stderr || init.stdout).trim().split('\n').pop()}`;
  }
  const opts = `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`;
  const start = asUser(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', opts, 'start']);
  if (start.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `PostgreSQL did not start: ${(start.stderr || start.stdout).trim().split('\n').pop()}`;
  }
  const run = (db: string, sql: string): RunResult => {
    const r = spawnSync('psql', ['-X', '-q', '-At', '-h', dir, '-p', port, '-U', 'postgres', '-d', db, '-c', sql], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { ok: r.status === 0 && !/ERROR:/.test(r.stderr), out: r.stdout.trim(), err: r.stderr.trim() };
  };
  const version = run('postgres', 'SHOW server_version').out;
  return {
    dir,
    version,
    run,
    fresh(name) {
      const r = run('postgres', `CREATE DATABASE ${name} TEMPLATE base`);
      if (!r.ok) throw new Error(`CREATE DATABASE ${name}: ${r.err}`);
    },
    stop() {
      asUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RealSqlite {
  dir: string;
  version: string;
  /** run SQL through the sqlite3 shell (statement by statement, as sqlite3_exec does) on a database file */
  run(file: string, sql: string): RunResult;
  stop(): void;
}

const MISSING_SQLITE = 'sqlite3 not found (Debian: apt-get install -y sqlite3)';

export function sqliteMissing(): string | undefined {
  return have('sqlite3') ? undefined : MISSING_SQLITE;
}

export function startSqlite(): RealSqlite | string {
  if (!have('sqlite3')) return MISSING_SQLITE;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentos-sqlite-'));
  const run = (file: string, sql: string): RunResult => {
    const r = spawnSync('sqlite3', ['-batch', path.join(dir, file), sql], { encoding: 'utf8', timeout: 30_000 });
    return { ok: r.status === 0 && !r.stderr.trim(), out: r.stdout.trim(), err: r.stderr.trim() };
  };
  const version = run('version.db', 'SELECT sqlite_version()').out;
  return { dir, version, run, stop: () => rmSync(dir, { recursive: true, force: true }) };
}
