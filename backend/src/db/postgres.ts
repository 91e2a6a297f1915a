import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/**
 * Type parsers scoped to our pools (not pg's global registry): timestamptz
 * comes back as ISO-8601 text and bigint as a number, so rows read the same
 * as on SQLite and the audit hash is dialect-independent.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A pool of `max` connections. Idle connections are kept a minute (pg's default
 * 10 s closed them between bursts of a busy hub, and each reopening costs a
 * Postgres backend start); a request waits at most 30 s for a connection and
 * then fails (a 500 the client retries) instead of queueing forever.
 */
export function openPostgres(connectionString: string, max = 10): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString,
    max,
    types,
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: 30_000,
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
