import type { Kysely } from 'kysely';

/**
 * Quote → sale: a quote line may name the catalog product it offers (free
 * lines keep it null), and a sale recorded from a quote names that quote.
 * Both columns are nullable additions, so existing rows stay as they were.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('quote_lines')
    .addColumn('product_id', 'text', (c) => c.references('products.id'))
    .execute();
  await db.schema
    .alterTable('sales')
    .addColumn('quote_id', 'text', (c) => c.references('quotes.id'))
    .execute();
  await db.schema
    .createIndex('sales_tenant_quote_idx')
    .on('sales')
    .columns(['tenant_id', 'quote_id'])
    .execute();
}
