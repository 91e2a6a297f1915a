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

export function openPostgres(connectionString: string, max = 10): Kysely<DB> {
  const pool = new pg.Pool({ connectionString, max, types });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
