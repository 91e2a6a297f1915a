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
  pool.on('connect', prepareRepeatedStatements);
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Distinct statement texts a connection keeps prepared; past it, new texts run unnamed. */
const PREPARED_PER_CONNECTION = 2_000;

/**
 * Makes a connection prepare each parameterized statement text once and run
 * it by name afterwards. Unnamed, Postgres parses, analyses and plans every
 * statement on every execution, and on the hub (a push applies a dozen small
 * statements per op) that costs more than executing them. Statements without
 * parameters (migrations' multi-statement scripts, transaction control) keep
 * pg's simple protocol. Prepared statements belong to the connection and die
 * with it; Postgres re-plans them itself after a schema change.
 */
function prepareRepeatedStatements(client: pg.PoolClient) {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback) {
      return query(...args);
    }
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_PER_CONNECTION) {
      name = `mostrador_${names.size}`;
      names.set(text, name);
    }
    return name === undefined ? query(text, values) : query({ name, text, values });
  };
}
