/**
 * Rows as the hub sends them down (pull pages, snapshots): every
 * `timestamptz` column already in the console's storage form, ISO-8601 UTC
 * with milliseconds (`2026-11-25T10:00:00.000Z`), formatted by Postgres from
 * the column's type. Without it a console had to guess from the text: a note
 * typed as `2026-11-25T10:00:00+01:00` looked like a timestamp and was
 * rewritten to UTC on every console (docs/decisions.md "Timestamps come down
 * typed"). Responses say so (`isoTimestamps: true`); a console talking to an
 * older hub still converts what looks like one.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Per table, its `timestamptz` columns (every hub database runs the same migrations), read
 * again after a minute: a process started before a newer one migrated learns its new columns.
 */
let timestampColumns: Promise<Map<string, Set<string>>> | null = null;
let readAt = 0;
const REREAD_AFTER_MS = 60_000;

export function timestampColumnsOf(db: Kysely<DB>): Promise<Map<string, Set<string>>> {
  if (!timestampColumns || Date.now() - readAt > REREAD_AFTER_MS) {
    readAt = Date.now();
    const read = sql<{ table_name: string; column_name: string }>`
      select c.relname as table_name, a.attname as column_name
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
        and a.attnum > 0 and not a.attisdropped and a.atttypid = 'timestamptz'::regtype`
      .execute(db)
      .then(({ rows }) => {
        const byTable = new Map<string, Set<string>>();
        for (const r of rows)
          byTable.set(r.table_name, (byTable.get(r.table_name) ?? new Set()).add(r.column_name));
        return byTable;
      });
    // A failed read is not kept: the next call reads again.
    read.catch(() => {
      timestampColumns = null;
    });
    timestampColumns = read;
  }
  return timestampColumns;
}

/** A `timestamptz` value as the console stores it (milliseconds, as JavaScript's toISOString). */
export function isoText(ref: RawBuilder<unknown> | ReturnType<typeof sql.ref>) {
  return sql`to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The row of alias `t` of `table` as a JSON object, its timestamps in ISO text. */
export function rowImage(table: string, timestamps: Map<string, Set<string>>) {
  const columns = [...(timestamps.get(table) ?? [])];
  if (columns.length === 0) return sql`to_jsonb(t)`;
  return sql`(to_jsonb(t) || jsonb_build_object(${sql.join(
    columns.map((c) => sql`${sql.lit(c)}::text, ${isoText(sql.ref(`t.${c}`))}`),
  )}))`;
}
