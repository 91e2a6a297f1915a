import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { inject, onTestFinished } from 'vitest';
import { createApp } from '../src/app.js';
import type { SetupRequest } from '../src/contract/index.js';
import type { AppDeps, Clock } from '../src/core/deps.js';
import { ensureDeviceId } from '../src/core/device.js';
import { createMailer } from '../src/core/mailer.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import type { DB } from '../src/db/schema.js';
import { openSqlite } from '../src/db/sqlite.js';
import { hashPassword } from '../src/domains/auth/password.js';
import { memoryTokenStore } from '../src/domains/sync/client/link.js';

export function tempDir(prefix = 'mostrador-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real, migrated SQLite file in a fresh temp dir, closed when the test ends. */
export async function freshSqlite(): Promise<Kysely<DB>> {
  const db = openSqlite(path.join(tempDir(), 'test.db'));
  await migrateToLatest(db);
  onTestFinished(() => db.destroy());
  return db;
}

/** A new, empty database on the run's real Postgres cluster. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = openPostgres(inject('pgUrl'), 1);
  const name = `t_${uuidv7().replaceAll('-', '')}`;
  await sql`create database ${sql.id(name)}`.execute(admin);
  await admin.destroy();
  return inject('pgUrl').replace(/\/postgres$/, `/${name}`);
}

export async function freshPostgres(): Promise<Kysely<DB>> {
  const db = openPostgres(await freshPostgresUrl(), 4);
  await migrateToLatest(db);
  onTestFinished(() => db.destroy());
  return db;
}

export function fixedClock(iso = '2026-11-25T10:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

export async function testDeps(db?: Kysely<DB>, overrides: Partial<AppDeps> = {}): Promise<AppDeps> {
  const database = db ?? (await freshSqlite());
  const clock = overrides.clock ?? fixedClock();
  return {
    db: database,
    clock,
    newId: () => uuidv7(),
    mailer: createMailer(undefined, 'test@mostrador.local'),
    logger: pino({ level: 'silent' }),
    deviceId: await ensureDeviceId(database, () => uuidv7(), clock),
    mode: 'local',
    sessionTtlHours: 12,
    version: 'test',
    pinKey: 'test-pin-key',
    syncTokens: memoryTokenStore(),
    ...overrides,
  };
}

export const setupBody = (overrides: Partial<SetupRequest['owner']> = {}): SetupRequest => ({
  business: { name: 'Café La Esquina', currency: 'EUR', timeZone: 'Europe/Madrid', locale: 'es-ES' },
  owner: { name: 'Ana Pérez', email: 'ana@example.com', password: 'correct-horse-9', ...overrides },
});

/** An app with a business set up and an agent signed in as its owner. */
export async function ownerAgent(deps?: AppDeps) {
  const d = deps ?? (await testDeps());
  const app = createApp(d);
  const agent = request.agent(app);
  const res = await agent.post('/api/setup').send(setupBody()).expect(201);
  return { deps: d, app, agent, session: res.body as import('../src/contract/index.js').SessionInfo };
}

/** Adds an account with a role in a business directly (as if invited and accepted). */
export async function addMember(
  deps: AppDeps,
  tenantId: string,
  member: { email: string; role: 'OWNER' | 'ADMIN' | 'STAFF'; name?: string; password?: string },
): Promise<string> {
  const now = deps.clock.now().toISOString();
  const existing = await deps.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', member.email)
    .executeTakeFirst();
  const id = existing?.id ?? deps.newId();
  if (!existing) {
    await deps.db
      .insertInto('users')
      .values({
        id,
        email: member.email,
        name: member.name ?? member.email.split('@')[0] ?? member.email,
        password_hash: await hashPassword(member.password ?? 'member-password-1'),
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  await deps.db
    .insertInto('memberships')
    .values({ tenant_id: tenantId, user_id: id, role: member.role, created_at: now })
    .execute();
  return id;
}

/** A second business on the same database, as the hub holds many. */
export async function addBusiness(deps: AppDeps, name = 'Tienda B'): Promise<string> {
  const now = deps.clock.now().toISOString();
  const id = deps.newId();
  await deps.db
    .insertInto('tenants')
    .values({
      id,
      name,
      currency: 'USD',
      locale: 'en-US',
      time_zone: 'America/New_York',
      status: 'active',
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  // As first run does: every business has its default location.
  await deps.db
    .insertInto('locations')
    .values({
      id: deps.newId(),
      tenant_id: id,
      name: 'Shop',
      is_default: 1,
      created_at: now,
      deleted_at: null,
    })
    .execute();
  return id;
}

export async function signedInAgent(
  app: import('express').Express,
  email: string,
  password = 'member-password-1',
) {
  const agent = request.agent(app);
  await agent.post('/api/auth/login').send({ email, password }).expect(200);
  return agent;
}

export async function addSuperadmin(
  deps: AppDeps,
  email = 'root@mostrador.app',
  password = 'platform-pass-1',
) {
  const now = deps.clock.now().toISOString();
  const id = deps.newId();
  await deps.db
    .insertInto('users')
    .values({
      id,
      email,
      name: 'Platform Admin',
      password_hash: await hashPassword(password),
      status: 'active',
      is_superadmin: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/**
 * Runs `work` and counts the event loop's turns while it runs (a chain of
 * setImmediate callbacks): zero means it held the loop from start to end, so
 * no request could have been served meanwhile.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let spinning = true;
  const spin = () => {
    if (!spinning) return;
    turns++;
    setImmediate(spin);
  };
  spin();
  const started = turns;
  try {
    const result = await work();
    return { result, turns: turns - started };
  } finally {
    spinning = false;
  }
}
