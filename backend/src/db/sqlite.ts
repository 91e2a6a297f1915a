import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema.js';

/**
 * Opens the local database. WAL lets readers run beside the writer;
 * synchronous=FULL because an acknowledged sale must survive a power cut,
 * not only a crash; foreign keys are off by default in SQLite.
 */
export function openSqliteRaw(file: string): Database.Database {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Gathers planner statistics where they are missing or stale (SQLite's advice
  // for long-lived connections), so a fresh file does not get table-scan plans.
  raw.pragma('optimize = 0x10002');
  return raw;
}

export function openSqlite(file: string): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: openSqliteRaw(file) }) });
}
