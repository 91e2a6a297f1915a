/**
 * Many rows into one table with as few statements as the database allows
 * (docs/decisions.md "Pushed sales applied as a set").
 *
 * - Postgres: one `insert … select * from unnest($1::type[], …)` per call,
 *   one array parameter per column. A VALUES list of thousands of rows ×
 *   columns parameters costs more to build, send, parse and plan than
 *   writing the rows; arrays cost one parameter each. Column types are read
 *   once per table from the catalog.
 * - SQLite: multi-row VALUES inserts of at most CHUNK_PARAMETERS values
 *   (SQLite binds at most 32,766).
 *
 * Every row must have the same columns as the first (the callers build them
 * from one shape), and no value may be an array or object (JSON is stored
 * as text). Row-level security and triggers apply as to any insert.
 */
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import { isPostgres } from '../../../migrations/dialect.js';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

const CHUNK_PARAMETERS = 30_000;

/** Postgres column types by table, as `format_type` spells them. */
const columnTypes = new Map<string, Promise<Map<string, string>>>();

export async function insertRows<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  for (const row of rows) {
    if (Object.keys(row).length !== columns.length) {
      throw new Error(`insertRows: every row of ${table} must have the columns of the first`);
    }
  }
  if (!isPostgres(db as unknown as Kysely<unknown>)) {
    const size = Math.max(1, Math.floor(CHUNK_PARAMETERS / columns.length));
    for (let i = 0; i < rows.length; i += size) {
      // biome-ignore lint/suspicious/noExplicitAny: one generic insert for every table
      await (db as Kysely<any>)
        .insertInto(table)
        .values(rows.slice(i, i + size) as never)
        .execute();
    }
    return;
  }
  const types = await typesOf(db, table);
  const arrays = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`insertRows: ${table} has no column ${column}`);
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[column] ?? null;
      // pg would send an array or object as another array dimension: JSON columns hold text.
      if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
        throw new Error(`insertRows: ${table}.${column} holds an object; store it as JSON text`);
      }
      return value;
    });
    return sql`${values}::${sql.raw(type)}[]`;
  });
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})`.execute(db);
}

function typesOf(db: Db, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table);
  if (!types) {
    types = sql<{ name: string; type: string }>`
      select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
      where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`
      .execute(db)
      .then(({ rows }) => new Map(rows.map((r) => [r.name, r.type])));
    // A failed read is not kept: the next call reads again.
    types.catch(() => columnTypes.delete(table));
    columnTypes.set(table, types);
  }
  return types;
}
