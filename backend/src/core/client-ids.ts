/**
 * Client-chosen ids (ARCHITECTURE: a record's id is made where it is made, so a retried request
 * creates the same row). Ids are global primary keys, so whether one is already used is asked
 * across businesses; only the answer's business is compared, nothing of the row is read.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { conflict } from './errors.js';
import type { CommandContext } from './pipeline.js';

/** Tables whose creates take a client id and answer a retry with the row they made. */
export type ClientIdTable =
  | 'products'
  | 'categories'
  | 'suppliers'
  | 'purchase_orders'
  | 'stock_movements'
  | 'stock_counts';

/**
 * A create whose client id is already used: the same business sending it again (an answer lost on
 * the way, Save pressed twice) gets true, and the handler answers the existing row. Another
 * business's row is 409 `id-taken` on `id`; so is a deleted product or category (its id cannot make
 * a new one).
 */
export async function alreadyCreated(
  db: Kysely<DB>,
  ctx: Pick<CommandContext, 'tenantId'>,
  table: ClientIdTable,
  id: string,
): Promise<boolean> {
  const row =
    table === 'products' || table === 'categories'
      ? await db.selectFrom(table).select(['tenant_id', 'deleted_at']).where('id', '=', id).executeTakeFirst()
      : // tenant_id and id are columns of every table in the union.
        await db
          .selectFrom(table as 'stock_counts')
          .select(['tenant_id', sql<null>`null`.as('deleted_at')])
          .where('id', '=', id)
          .executeTakeFirst();
  if (!row) return false;
  if (row.tenant_id !== ctx.tenantId || row.deleted_at) {
    throw conflict('id-taken', 'This id is already in use', 'id');
  }
  return true;
}
