import { PrismaClient } from '@prisma/client';
import knex from 'knex';
import { DataTypes, Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';

const prisma = new PrismaClient();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const sequelize = new Sequelize('sqlite::memory:');
const Session = sequelize.define('Session', { userId: DataTypes.STRING });
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

export async function signOut(userId: string): Promise<void> {
  // expect: sql-destructive-orm
  await prisma.session.deleteMany({});
  // ok: sql-destructive-orm
  await prisma.session.deleteMany({ where: { userId } });
  // expect: sql-destructive-orm
  await prisma.user.updateMany({ data: { active: false } });
  // expect: sql-destructive-orm
  await Session.destroy({ truncate: true });
  // expect: sql-destructive-orm
  await Session.destroy({ where: {} });
  // ok: sql-destructive-orm
  await Session.destroy({ where: { userId } });
}

export async function cleanUp(userId: string): Promise<void> {
  // expect: sql-destructive-orm
  await db('sessions').del();
  // ok: sql-destructive-orm
  await db('sessions').where({ user_id: userId }).del();
  // expect: sql-destructive-orm
  await db('audit_log').truncate();
  // expect: sql-destructive-orm
  await db.schema.dropTable('sessions');
  // expect: sql-destructive-orm
  await dataSource.createQueryBuilder().delete().from('sessions').execute();
  // ok: sql-destructive-orm
  await dataSource.createQueryBuilder().delete().from('sessions').where('user_id = :userId', { userId }).execute();
}
