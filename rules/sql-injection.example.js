import express from 'express';
import pg from 'pg';
import { sql } from '@vercel/postgres';

const app = express();
const pool = new pg.Pool();

app.get('/users', async (req, res) => {
  const name = req.query.name;
  // expect: sql-injection
  const result = await pool.query('SELECT * FROM users WHERE name = \'' + name + '\'');
  // ok: sql-injection
  const safe = await pool.query('SELECT * FROM users WHERE name = $1', [name]);
  // ok: sql-injection
  const tagged = await sql`SELECT * FROM users WHERE name = ${name}`;
  res.json([result.rows, safe.rows, tagged.rows]);
});
