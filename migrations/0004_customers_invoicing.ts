import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Customers, invoices (and their credit notes), invoice payments and quotes.
 * An issued invoice is a legal document: its seller and buyer fields, lines
 * and tax breakdown are a snapshot taken at issue and never rewritten; a void
 * is a credit note (`kind = 'credit_note'`) that negates it. Money is integer
 * minor units, quantities thousandths, tax rates basis points.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tax_id', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('customers_tenant_idx')
    .on('customers')
    .columns(['tenant_id', 'name'])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    /** null while a draft: numbers are taken at issue, so the series has no gaps. */
    .addColumn('number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    /** On a credit note: the invoice it voids. */
    .addColumn('corrects_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('issue_date', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('price_mode', 'text', (c) => c.notNull())
    .addColumn('rounding_scope', 'text', (c) => c.notNull())
    .addColumn('seller_name', 'text')
    .addColumn('seller_tax_id', 'text')
    .addColumn('seller_address', 'text')
    .addColumn('buyer_name', 'text')
    .addColumn('buyer_tax_id', 'text')
    .addColumn('buyer_address', 'text')
    .addColumn('buyer_email', 'text')
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('issued_at', t.timestamp)
    .addColumn('voided_at', t.timestamp)
    .addUniqueConstraint('invoices_number_unique', ['tenant_id', 'number'])
    .execute();
  await db.schema
    .createIndex('invoices_tenant_idx')
    .on('invoices')
    .columns(['tenant_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('invoices_customer_idx')
    .on('invoices')
    .columns(['tenant_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('invoices_source_idx')
    .on('invoices')
    .columns(['tenant_id', 'source_type', 'source_id'])
    .execute();

  await createQuotes(db, t.timestamp);

  // Invoice and quote lines share one shape: what was sold and its computed amounts.
  for (const [table, parent, parentTable] of [
    ['invoice_lines', 'invoice_id', 'invoices'],
    ['quote_lines', 'quote_id', 'quotes'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn(parent, 'text', (c) => c.notNull().references(`${parentTable}.id`))
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('qty_milli', 'bigint', (c) => c.notNull())
      .addColumn('unit_price', 'bigint', (c) => c.notNull())
      .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('discount', 'bigint', (c) => c.notNull())
      .addColumn('net', 'bigint', (c) => c.notNull())
      .addColumn('tax', 'bigint', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_parent_idx`).on(table).columns([parent, 'line_no']).execute();
  }

  // The tax breakdown per rate as printed on the document (a legal snapshot).
  await db.schema
    .createTable('invoice_taxes')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('rate_bp', 'integer', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_taxes_pk', ['invoice_id', 'rate_bp'])
    .execute();

  await db.schema
    .createTable('invoice_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('paid_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_payments_invoice_idx')
    .on('invoice_payments')
    .columns(['tenant_id', 'invoice_id'])
    .execute();
}

async function createQuotes(db: Kysely<unknown>, timestamp: ReturnType<typeof dialectTypes>['timestamp']) {
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    /** 'open' | 'sent' | 'converted'; "expired" is read from valid_until and the business's today. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('price_mode', 'text', (c) => c.notNull())
    .addColumn('rounding_scope', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('tax_total', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('invoice_id', 'text', (c) => c.references('invoices.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('sent_at', timestamp)
    .addColumn('converted_at', timestamp)
    .addUniqueConstraint('quotes_number_unique', ['tenant_id', 'number'])
    .execute();
  await db.schema
    .createIndex('quotes_tenant_idx')
    .on('quotes')
    .columns(['tenant_id', 'created_at'])
    .execute();
}
