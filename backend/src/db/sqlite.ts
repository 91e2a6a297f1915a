import Database from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import { registerFoldText } from './folded-text.js';
import { rememberSqliteFile } from './read-snapshot.js';
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
  // Name searches fold case and accents beyond ASCII (folded-text.ts).
  registerFoldText(raw);
  return raw;
}

export function openSqlite(file: string): Kysely<DB> {
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(openSqliteRaw(file)) }),
  });
  rememberSqliteFile(db, file);
  return db;
}

/** Distinct SQL texts kept prepared; IN-lists of many lengths make the set open-ended, so it is bounded. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every statement it runs; preparing costs more than running
 * most of ours (a sale runs ~20 statements). The SQL text Kysely compiles is
 * the same for every run of one query shape, so prepared statements are
 * reused by text, least recently used evicted. A better-sqlite3 statement
 * binds its parameters per call, and Kysely runs one query at a time on the
 * single connection, so a shared statement is never used by two at once.
 */
export function withStatementCache(raw: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = raw.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
