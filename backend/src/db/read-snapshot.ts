/**
 * Reads that must see the database at one instant while writers go on (the
 * business export): a sale recorded half-way through must be in the file
 * with its lines and payments, or not at all.
 *
 * - SQLite: the console has one connection, and a transaction on it would
 *   stop every sale until the export ends. A second, read-only connection to
 *   the same file opens a read transaction instead; in WAL mode it keeps the
 *   snapshot of its first read while the console's connection commits.
 * - Postgres: a read-only REPEATABLE READ transaction from the pool.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { registerFoldText } from './folded-text.js';
import type { DB } from './schema.js';

/** The file behind each Kysely instance `openSqlite` made. */
const sqliteFiles = new WeakMap<Kysely<DB>, string>();

export function rememberSqliteFile(db: Kysely<DB>, file: string): void {
  sqliteFiles.set(db, file);
}

export async function withReadSnapshot<T>(
  db: Kysely<DB>,
  fn: (snapshot: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const file = sqliteFiles.get(db);
  if (file === undefined) {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        // Postgres takes the snapshot at the first statement, not at BEGIN.
        await sql`select 1`.execute(tx);
        return fn(tx);
      });
  }
  const raw = new Database(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  registerFoldText(raw);
  const reader = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    return await reader.transaction().execute(async (tx) => {
      // A deferred transaction takes its snapshot at the first read.
      await sql`select count(*) from sqlite_schema`.execute(tx);
      return fn(tx);
    });
  } finally {
    await reader.destroy();
  }
}
