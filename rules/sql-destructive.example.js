import pg from 'pg';
import Database from 'better-sqlite3';

const pool = new pg.Pool();
const db = new Database('app.db');

export async function cleanup(table) {
  // expect: sql-destructive
  await pool.query(`DELETE FROM ${table}`);
  // ok: sql-destructive
  await pool.query('DELETE FROM sessions WHERE expires_at < now()');
  // expect: sql-destructive
  db.exec('DROP TABLE IF EXISTS cache');
  // ok: sql-destructive
  db.prepare('SELECT * FROM users WHERE id = ?').get(1);
  // expect: sql-destructive
  await pool.query('ALTER TABLE users DROP COLUMN email');
}
