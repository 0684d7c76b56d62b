import { PrismaClient } from '@prisma/client';
import knex from 'knex';
import { DataTypes, Model, Sequelize } from 'sequelize';
import { DataSource } from 'typeorm';
import { and, eq, lt } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { db as appDb } from './db';
import { auditLog, sessions, users } from './schema';

const prisma = new PrismaClient();
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const sequelize = new Sequelize('sqlite::memory:');
const Session = sequelize.define('Session', { userId: DataTypes.STRING });
const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const orm = drizzle(process.env.DATABASE_URL!);

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

export async function expireSessions(userId: string, before: Date): Promise<void> {
  // expect: sql-destructive-orm
  await orm.delete(sessions);
  // ok: sql-destructive-orm
  await orm.delete(sessions).where(eq(sessions.userId, userId));
  // expect: sql-destructive-orm
  await orm.delete(auditLog).returning();
  // ok: sql-destructive-orm
  await orm.delete(auditLog).where(lt(auditLog.createdAt, before)).returning({ id: auditLog.id });
  // expect: sql-destructive-orm
  await orm.update(users).set({ active: false });
  // ok: sql-destructive-orm
  await orm.update(users).set({ active: false }).where(and(eq(users.id, userId), eq(users.active, true)));
  // the handle comes from the project's own module, or is a transaction
  // expect: sql-destructive-orm
  await appDb.delete(sessions);
  // ok: sql-destructive-orm
  await appDb.update(users).set({ lastSeen: before }).where(eq(users.id, userId));
  await appDb.transaction(async (tx) => {
    // expect: sql-destructive-orm
    await tx.update(users).set({ role: 'member' });
    // ok: sql-destructive-orm
    await tx.delete(sessions).where(eq(sessions.userId, userId));
  });
  const seen = new Map<string, Date>();
  // ok: sql-destructive-orm
  seen.delete(userId);
}

// models declared as classes, query builders reached through a table or a transaction
class Invite extends Model {}
Invite.init({ email: DataTypes.STRING }, { sequelize });

export async function resetInvites(email: string): Promise<void> {
  // expect: sql-destructive-orm
  await Invite.destroy({ where: {} });
  // ok: sql-destructive-orm
  await Invite.destroy({ where: { email } });
  // expect: sql-destructive-orm
  await db.table('invites').truncate();
  await db.transaction(async (trx) => {
    // expect: sql-destructive-orm
    await trx('invites').del();
    // ok: sql-destructive-orm
    await trx('invites').where({ email }).del();
  });
  await prisma.$transaction(async (tx) => {
    // expect: sql-destructive-orm
    await tx.invite.deleteMany({});
    // ok: sql-destructive-orm
    await tx.invite.deleteMany({ where: { email } });
  });
}

