import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Catalog, stock ledger, suppliers and purchasing. Quantities are integer
 * thousandths of the product's unit (`*_milli`: 1.250 kg = 1250), money is
 * integer minor units, tax rates are basis points.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .alterTable('tenants')
    .addColumn('cost_method', 'text', (c) => c.notNull().defaultTo('average'))
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('parent_id', 'text', (c) => c.references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('categories_tenant_idx')
    .on('categories')
    .columns(['tenant_id', 'parent_id'])
    .execute();

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('contact', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('payment_terms', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('suppliers_tenant_idx')
    .on('suppliers')
    .columns(['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** Lower-case, accent-free copy of name + sku for search ("cafe" finds "Café"). */
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('cost', 'bigint', (c) => c.notNull())
    .addColumn('average_cost', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('tracked', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('reorder_point_milli', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('reorder_qty_milli', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('image', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .addUniqueConstraint('products_sku_unique', ['tenant_id', 'sku'])
    .execute();
  await db.schema
    .createIndex('products_tenant_name_idx')
    .on('products')
    .columns(['tenant_id', 'search_text'])
    .execute();
  await db.schema
    .createIndex('products_tenant_category_idx')
    .on('products')
    .columns(['tenant_id', 'category_id'])
    .execute();

  await db.schema
    .createTable('product_barcodes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('barcode', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_barcodes_pk', ['tenant_id', 'barcode'])
    .execute();
  await db.schema
    .createIndex('product_barcodes_product_idx')
    .on('product_barcodes')
    .columns(['product_id'])
    .execute();

  await db.schema
    .createTable('product_suppliers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
    .addColumn('supplier_sku', 'text')
    .addColumn('cost', 'bigint')
    .addColumn('is_preferred', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('product_suppliers_pk', ['product_id', 'supplier_id'])
    .execute();
  await db.schema
    .createIndex('product_suppliers_tenant_idx')
    .on('product_suppliers')
    .columns(['tenant_id', 'supplier_id'])
    .execute();

  await db.schema
    .createTable('price_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'bigint')
    .addColumn('new_value', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('changed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('price_changes_product_idx')
    .on('price_changes')
    .columns(['tenant_id', 'product_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema.createIndex('locations_tenant_idx').on('locations').columns(['tenant_id']).execute();
  // Businesses created before this migration get their default location now.
  const newId = t.postgres ? sql`gen_random_uuid()::text` : sql`lower(hex(randomblob(16)))`;
  await sql`insert into locations (id, tenant_id, name, is_default, created_at)
    select ${newId}, id, case when locale like 'es%' then 'Tienda' else 'Shop' end, 1, created_at from tenants`.execute(
    db,
  );

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('unit_cost', 'bigint')
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_movements_product_idx')
    .on('stock_movements')
    .columns(['tenant_id', 'product_id', 'location_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('stock_movements_time_idx')
    .on('stock_movements')
    .columns(['tenant_id', 'created_at'])
    .execute();

  // A cache of sum(stock_movements.qty_milli), written in the same transaction
  // as each movement; a property test rebuilds it from the ledger and compares.
  await db.schema
    .createTable('stock_balances')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('on_hand_milli', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_balances_pk', ['tenant_id', 'product_id', 'location_id'])
    .execute();

  await db.schema
    .createTable('oversell_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('movement_id', 'text', (c) => c.notNull().references('stock_movements.id'))
    .addColumn('on_hand_after_milli', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oversell_tenant_idx')
    .on('oversell_exceptions')
    .columns(['tenant_id', 'status'])
    .execute();

  await db.schema
    .createTable('stock_counts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('posted_at', t.timestamp)
    .execute();
  await db.schema
    .createTable('stock_count_lines')
    .addColumn('count_id', 'text', (c) => c.notNull().references('stock_counts.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('expected_milli', 'bigint', (c) => c.notNull())
    .addColumn('counted_milli', 'bigint')
    .addPrimaryKeyConstraint('stock_count_lines_pk', ['count_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('purchase_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('expected_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addColumn('closed_at', t.timestamp)
    .addUniqueConstraint('purchase_orders_number_unique', ['tenant_id', 'number'])
    .execute();
  await db.schema
    .createIndex('purchase_orders_tenant_idx')
    .on('purchase_orders')
    .columns(['tenant_id', 'status'])
    .execute();
  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('purchase_order_id', 'text', (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('qty_ordered_milli', 'bigint', (c) => c.notNull())
    .addColumn('qty_received_milli', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('unit_cost', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('purchase_order_lines_po_idx')
    .on('purchase_order_lines')
    .columns(['purchase_order_id'])
    .execute();

  // Per-device gap-free series (ARCHITECTURE §5): receipts, invoices and
  // purchase orders are numbered offline without colliding across devices.
  await db.schema
    .createTable('number_series')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('number_series_pk', ['tenant_id', 'device_id', 'series'])
    .execute();

  if (!t.postgres) {
    // Counter search: word-prefix search over the accent-free text, kept in step by triggers.
    await sql`create virtual table products_fts using fts5(search_text, content='products', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`.execute(
      db,
    );
    await sql`create trigger products_fts_ai after insert on products begin insert into products_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(
      db,
    );
    await sql`create trigger products_fts_ad after delete on products begin insert into products_fts(products_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(
      db,
    );
    await sql`create trigger products_fts_au after update of search_text on products begin insert into products_fts(products_fts, rowid, search_text) values ('delete', old.rowid, old.search_text); insert into products_fts(rowid, search_text) values (new.rowid, new.search_text); end`.execute(
      db,
    );
  }
}
