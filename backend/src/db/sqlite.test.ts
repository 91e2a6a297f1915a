import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openSqliteRaw, withStatementCache } from './sqlite.js';

interface TestDb {
  notes: { id: number; body: string };
}

describe('the prepared-statement cache', () => {
  const opened: Kysely<TestDb>[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.destroy();
  });

  const open = (size: number) => {
    const raw = openSqliteRaw(path.join(tempDir(), 'cache.db'));
    raw.exec('create table notes (id integer primary key, body text not null)');
    const cached = withStatementCache(raw, size);
    const db = new Kysely<TestDb>({ dialect: new SqliteDialect({ database: cached }) });
    opened.push(db);
    return { raw, cached, db };
  };

  it('prepares a query shape once and binds new parameters on every run', async () => {
    const { cached, db } = open(8);
    for (let i = 1; i <= 5; i++)
      await db
        .insertInto('notes')
        .values({ id: i, body: `note ${i}` })
        .execute();
    const find = (id: number) =>
      db.selectFrom('notes').select('body').where('id', '=', id).executeTakeFirst();
    expect(await find(2)).toEqual({ body: 'note 2' });
    expect(await find(4)).toEqual({ body: 'note 4' });
    const sql = db.selectFrom('notes').select('body').where('id', '=', 1).compile().sql;
    expect(cached.prepare(sql)).toBe(cached.prepare(sql));
  });

  it('evicts the least recently used statement and still answers correctly after eviction', async () => {
    const { cached, db } = open(2);
    await db.insertInto('notes').values({ id: 1, body: 'uno' }).execute();
    const a = 'select body from notes where id = ?';
    const b = 'select id from notes where body = ?';
    const c = 'select count(*) as n from notes';
    const first = cached.prepare(a);
    cached.prepare(b);
    cached.prepare(a); // a is now the most recent
    const count = cached.prepare(c); // evicts b, the least recent
    expect(cached.prepare(a)).toBe(first);
    expect(cached.prepare(b).all(['uno'])).toEqual([{ id: 1 }]); // evicts c
    expect(cached.prepare(a)).toBe(first);
    const again = cached.prepare(c);
    expect(again).not.toBe(count);
    expect(again.all([])).toEqual([{ n: 1 }]);
  });

  it('keeps transactions working: a rolled-back insert leaves nothing', async () => {
    const { db } = open(4);
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('notes').values({ id: 7, body: 'siete' }).execute();
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await db.insertInto('notes').values({ id: 8, body: 'ocho' }).execute();
    expect(await db.selectFrom('notes').select('id').execute()).toEqual([{ id: 8 }]);
  });
});
