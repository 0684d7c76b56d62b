import { PrismaClient } from '@prisma/client';
import mysql from 'mysql2/promise';

const prisma = new PrismaClient();

export async function reset(): Promise<void> {
  const conn = await mysql.createConnection({ host: 'localhost' });
  // expect: sql-destructive
  await conn.query('TRUNCATE orders');
  // ok: sql-destructive
  await conn.execute('UPDATE orders SET state = ? WHERE id = ?', ['done', 7]);
  // expect: sql-destructive
  await prisma.$executeRawUnsafe('DELETE FROM "User" WHERE 1 = 1');
  // ok: sql-destructive
  await prisma.$queryRawUnsafe('SELECT * FROM "User" WHERE id = $1', 3);
}
