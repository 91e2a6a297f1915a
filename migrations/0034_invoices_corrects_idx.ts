import type { Kysely } from 'kysely';

/**
 * The credit notes of an invoice are found by `corrects_id`: what an invoice owes back sums the
 * invoice with the notes correcting it (invoicing.queries.ts `invoicesOwingBack`), for every
 * invoice view. Without an index each view read every invoice of the business. Both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('invoices_corrects_idx')
    .on('invoices')
    .columns(['corrects_id', 'tenant_id'])
    .execute();
}
