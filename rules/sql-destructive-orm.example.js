import { PrismaClient } from '@prisma/client';
import knex from 'knex';

const prisma = new PrismaClient();
const db = knex({ client: 'sqlite3', connection: { filename: './app.db' } });

export async function forget(userId) {
  // expect: sql-destructive-orm
  await prisma.message.deleteMany();
  // ok: sql-destructive-orm
  await prisma.message.deleteMany({ where: { userId } });
  // expect: sql-destructive-orm
  await db('messages').update({ hidden: true });
  // ok: sql-destructive-orm
  await db('messages').where('user_id', userId).update({ hidden: true });
}
