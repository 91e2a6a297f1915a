/**
 * `GET /api/tenant/export`: everything a business owns, as one JSON file,
 * written as it is read (docs/decisions.md "The business export holds its
 * data"). Every synced table of the business (db/change-tracking.ts, so a
 * new domain's table is exported without touching this file) plus the held
 * carts, each read in pages in primary-key order and filtered on the
 * business; secrets (password and token hashes, PIN HMACs, keys) are never
 * read out.
 */
import type { Kysely } from 'kysely';
import type { Business, MemberView } from '../../contract/index.js';
import { notFound } from '../../core/errors.js';
import { SYNCED_TABLES, type SyncedTable } from '../../db/change-tracking.js';
import { withReadSnapshot } from '../../db/read-snapshot.js';
import type { DB } from '../../db/schema.js';
import { listMembers } from '../users/users.queries.js';
import { businessRowPages, findBusiness } from './tenancy.queries.js';

export const EXPORT_FORMAT = 'mostrador-export/1';

/** Rows per read; between reads the event loop serves requests (and the response drains). */
export const EXPORT_PAGE = 1_000;

/** The business's tables besides the synced ones: what a register had parked. */
const LOCAL_BUSINESS_TABLES: Readonly<Record<string, SyncedTable>> = {
  parked_carts: { tenantColumn: 'tenant_id', primaryKey: ['id'] },
};

/** The tables of the file's `tables`, by name: the business row and the audit log have their own keys. */
export function exportedTables(): [string, SyncedTable][] {
  return Object.entries({ ...SYNCED_TABLES, ...LOCAL_BUSINESS_TABLES })
    .filter(([table]) => table !== 'tenants' && table !== 'audit_entries')
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Columns never written out (the audit chain's own `hash`/`prev_hash` are integrity, not secrets). */
const SECRET = /(^|_)(password|token|secret|pin|hmac|private)(_|$)|_hash$/;

function withoutSecrets(table: string, row: Record<string, unknown>): Record<string, unknown> {
  if (table === 'audit_entries') return row;
  return Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET.test(column)));
}

export interface ExportHeader {
  exportedAt: string;
  business: Business;
  members: MemberView[];
}

/**
 * The export as of one instant (db/read-snapshot.ts): a sale recorded while
 * the file is written is in it whole — sale, lines, payments, movements,
 * audit entry — or not at all. `begin` runs once the business is found,
 * before the first chunk; an unknown business throws 404 before it. A chunk the client does
 * not take within `stallMs` ends the export (the route then cuts the response).
 */
export async function exportBusiness(
  db: Kysely<DB>,
  tenantId: string,
  exportedAt: string,
  out: { begin(business: Business): void; write(chunk: string): Promise<void> },
  pageSize = EXPORT_PAGE,
  stallMs = EXPORT_STALL_MS,
): Promise<void> {
  await withReadSnapshot(db, async (snapshot) => {
    const business = await findBusiness(snapshot, tenantId);
    if (!business) throw notFound('Business');
    const members = await listMembers(snapshot, tenantId);
    out.begin(business);
    const write = (chunk: string) => withinStall(out.write(chunk), stallMs);
    await writeBusinessExport(snapshot, tenantId, { exportedAt, business, members }, write, pageSize);
  });
}

/**
 * How long a chunk may wait for the client to take it. The snapshot holds a database connection
 * (on the hub, one of the pool's) for the whole download; a client that stops reading would keep
 * it for good, and a few of them would leave every business's requests waiting for a connection.
 */
export const EXPORT_STALL_MS = 60_000;

function withinStall(written: Promise<void>, stallMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The client took nothing of the export for ${stallMs / 1000} s`)),
      stallMs,
    );
  });
  return Promise.race([written, stalled]).finally(() => clearTimeout(timer));
}

/**
 * Writes the export to `write` (which resolves once the chunk may be
 * followed by another: the HTTP response's backpressure). Pages are read by
 * primary key, each filtered on the business, so another business's rows are
 * never read.
 */
export async function writeBusinessExport(
  db: Kysely<DB>,
  tenantId: string,
  header: ExportHeader,
  write: (chunk: string) => Promise<void>,
  pageSize = EXPORT_PAGE,
): Promise<void> {
  const head = { format: EXPORT_FORMAT, ...header };
  await write(`${JSON.stringify(head).slice(0, -1)},"tables":{`);
  for (const [i, [table, spec]] of exportedTables().entries()) {
    await write(`${i === 0 ? '' : ','}${JSON.stringify(table)}:`);
    await writeRows(db, tenantId, table, spec, write, pageSize);
  }
  await write('},"auditEntries":');
  await writeRows(
    db,
    tenantId,
    'audit_entries',
    { tenantColumn: 'tenant_id', primaryKey: ['device_id', 'seq'] },
    write,
    pageSize,
  );
  await write('}');
}

async function writeRows(
  db: Kysely<DB>,
  tenantId: string,
  table: string,
  spec: SyncedTable,
  write: (chunk: string) => Promise<void>,
  pageSize: number,
): Promise<void> {
  let first = true;
  await write('[');
  for await (const page of businessRowPages(db, tenantId, table, spec, pageSize)) {
    const text = page.map((row) => JSON.stringify(withoutSecrets(table, row))).join(',');
    await write(first ? text : `,${text}`);
    first = false;
  }
  await write(']');
}
