import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isPostgres } from '../../../migrations/dialect.js';
import { freshPostgres, freshSqlite } from '../../test/helpers.js';
import { TENANT_ROLE } from '../db/row-security.js';
import type { DB } from '../db/schema.js';
import { DomainError, ValidationError } from './errors.js';
import { type CommandContext, command, execute } from './pipeline.js';

/**
 * The rows these test commands write: a table of the test's own, with no tenant column (so no
 * row-level security), open to the tenant role on Postgres as the app's tables are.
 */
async function withThings(db: Kysely<DB>): Promise<Kysely<DB>> {
  await sql`create table test_things (id text primary key, name text not null, created_at text not null)`.execute(
    db,
  );
  if (isPostgres(db as unknown as Kysely<unknown>)) {
    await sql`grant select, insert on test_things to ${sql.raw(TENANT_ROLE)}`.execute(db);
  }
  return db;
}

const insertThing = (tx: Kysely<DB>, id: string, name: string, now: string) =>
  sql`insert into test_things (id, name, created_at) values (${id}, ${name}, ${now})`.execute(tx);

const thingCount = async (db: Kysely<DB>) =>
  Number((await sql<{ n: number }>`select count(*) as n from test_things`.execute(db)).rows[0]?.n);

const createThing = command({
  name: 'test.thing.create',
  permission: 'catalog.manage',
  input: z.object({ id: z.uuid(), name: z.string().min(1) }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await insertThing(tx, input.id, input.name, ctx.now);
    return {
      result: { id: input.id, name: input.name },
      entity: { type: 'thing', id: input.id },
      after: input,
    };
  },
});

const failAfterWriting = command({
  name: 'test.thing.fail',
  permission: 'business.manage',
  input: z.object({ id: z.uuid() }),
  sync: { arbitration: 'accept' },
  async handler(tx, input, ctx) {
    await insertThing(tx, input.id, 'half-written', ctx.now);
    throw new DomainError('thing-refused', 409, 'No');
  },
});

const localOnly = command({
  name: 'test.thing.local',
  permission: 'business.manage',
  input: z.object({ id: z.uuid() }),
  sync: false,
  async handler(tx, input, ctx) {
    await insertThing(tx, input.id, 'local', ctx.now);
    return { result: null, entity: { type: 'thing', id: input.id } };
  },
});

const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  tenantId: 'tenant-a',
  actor: { userId: 'user-1', role: 'OWNER' },
  deviceId: 'device-1',
  now: '2026-11-25T10:00:00.000Z',
  opId: uuidv7(),
  ...over,
});

const counts = async (db: Kysely<DB>) => ({
  things: await thingCount(db),
  audit: (await db.selectFrom('audit_entries').select('id').execute()).length,
  ops: (await db.selectFrom('ops').select('op_id').execute()).length,
});

describe.each([
  ['SQLite', freshSqlite],
  ['Postgres', freshPostgres],
])('command pipeline on %s', (_name, fresh) => {
  it('writes the handler rows, one audit entry and one pending op together', async () => {
    const db = await withThings(await fresh());
    const id = uuidv7();
    const c = ctx();
    const result = await execute({ db, newId: uuidv7 }, c, createThing, { id, name: 'Bar Sol' });
    expect(result).toEqual({ id, name: 'Bar Sol' });
    const op = await db.selectFrom('ops').selectAll().executeTakeFirstOrThrow();
    expect(op).toMatchObject({
      op_id: c.opId,
      command: 'test.thing.create',
      device_seq: 1,
      push_state: 'pending',
      actor_id: 'user-1',
    });
    expect(JSON.parse(op.input)).toEqual({ id, name: 'Bar Sol' });
    const audit = await db.selectFrom('audit_entries').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ op_id: c.opId, entity_id: id, command: 'test.thing.create', seq: 1 });
  });

  it('records concurrent commands of one device one after another: each once, the audit chain and op numbers without a gap or a clash', async () => {
    const db = await withThings(await fresh());
    const ids = Array.from({ length: 8 }, () => uuidv7());
    const outcomes = await Promise.allSettled(
      ids.map((id, i) => execute({ db, newId: uuidv7 }, ctx(), createThing, { id, name: `Thing ${i}` })),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const seqs = await db.selectFrom('audit_entries').select('seq').orderBy('seq').execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const ops = await db.selectFrom('ops').select('device_seq').orderBy('device_seq').execute();
    expect(ops.map((r) => Number(r.device_seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('leaves no audit entry, no op and no row when the handler fails', async () => {
    const db = await withThings(await fresh());
    await expect(
      execute({ db, newId: uuidv7 }, ctx(), failAfterWriting, { id: uuidv7() }),
    ).rejects.toMatchObject({
      code: 'thing-refused',
    });
    expect(await counts(db)).toEqual({ things: 0, audit: 0, ops: 0 });
  });

  it('replaying the same op id returns the stored result and creates nothing new', async () => {
    const db = await withThings(await fresh());
    const c = ctx();
    const input = { id: uuidv7(), name: 'Once' };
    const first = await execute({ db, newId: uuidv7 }, c, createThing, input);
    const again = await execute(
      { db, newId: uuidv7 },
      { ...c, now: '2026-11-26T00:00:00.000Z' },
      createThing,
      input,
    );
    expect(again).toEqual(first);
    expect(await counts(db)).toEqual({ things: 1, audit: 1, ops: 1 });
  });

  it('refuses an op id already used by another command or tenant', async () => {
    const db = await withThings(await fresh());
    const c = ctx();
    await execute({ db, newId: uuidv7 }, c, createThing, { id: uuidv7(), name: 'A' });
    await expect(execute({ db, newId: uuidv7 }, c, localOnly, { id: uuidv7() })).rejects.toMatchObject({
      code: 'op-id-reused',
    });
    await expect(
      execute({ db, newId: uuidv7 }, { ...c, tenantId: 'tenant-b' }, createThing, {
        id: uuidv7(),
        name: 'B',
      }),
    ).rejects.toMatchObject({ code: 'op-id-reused' });
    expect(await counts(db)).toEqual({ things: 1, audit: 1, ops: 1 });
  });

  it('numbers synced ops gap-free per device and keeps local-only ops out of the outbox', async () => {
    const db = await withThings(await fresh());
    const deps = { db, newId: uuidv7 };
    await execute(deps, ctx(), createThing, { id: uuidv7(), name: 'one' });
    await execute(deps, ctx(), localOnly, { id: uuidv7() });
    await expect(execute(deps, ctx(), failAfterWriting, { id: uuidv7() })).rejects.toThrow();
    await execute(deps, ctx(), createThing, { id: uuidv7(), name: 'two' });
    await execute(deps, ctx({ deviceId: 'device-2' }), createThing, { id: uuidv7(), name: 'other device' });
    const ops = await db
      .selectFrom('ops')
      .select(['device_id', 'device_seq', 'push_state'])
      .orderBy('created_at')
      .execute();
    const seqs = (device: string) =>
      ops.filter((o) => o.device_id === device && o.push_state === 'pending').map((o) => o.device_seq);
    expect(seqs('device-1')).toEqual([1, 2]);
    expect(seqs('device-2')).toEqual([1]);
    expect(ops.filter((o) => o.push_state === 'local').map((o) => o.device_seq)).toEqual([null]);
  });

  it('refuses a role the command does not allow, writing nothing', async () => {
    const db = await withThings(await fresh());
    const staff = ctx({ actor: { userId: 'u2', role: 'STAFF' } });
    await expect(
      execute({ db, newId: uuidv7 }, staff, createThing, { id: uuidv7(), name: 'x' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
    await expect(
      execute({ db, newId: uuidv7 }, ctx({ actor: null }), createThing, { id: uuidv7(), name: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await counts(db)).toEqual({ things: 0, audit: 0, ops: 0 });
  });

  it('names the invalid field', async () => {
    const db = await withThings(await fresh());
    const error = await execute({ db, newId: uuidv7 }, ctx(), createThing, {
      id: 'not-a-uuid',
      name: '',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['id', 'name']);
  });
});
