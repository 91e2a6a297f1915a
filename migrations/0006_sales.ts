import type { Kysely } from 'kysely';
import { dialectTypes } from './dialect.js';

/**
 * Point of sale: the tenant's POS settings, sales with their lines and
 * payments, refunds against a sale, and the carts a register parks. Money is
 * integer minor units, quantities thousandths (`*_milli`), tax rates basis
 * points. Each line keeps the product's sku, name, unit and rate as sold, and
 * the amounts money.ts priced, so a receipt reprints as it was.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = dialectTypes(db);

  await db.schema
    .createTable('pos_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('prices', 'text', (c) => c.notNull())
    .addColumn('rounding', 'text', (c) => c.notNull())
    .addColumn('staff_max_discount_bp', 'integer', (c) => c.notNull())
    .addColumn('refund_approval_limit', 'bigint', (c) => c.notNull())
    /** JSON array of the methods beyond cash and card: ["transfer", "voucher"]. */
    .addColumn('extra_payment_methods', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sales')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('shift_id', 'text', (c) => c.notNull().references('shifts.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('actor_id', 'text')
    .addColumn('prices', 'text', (c) => c.notNull())
    .addColumn('rounding', 'text', (c) => c.notNull())
    .addColumn('subtotal', 'bigint', (c) => c.notNull())
    .addColumn('line_discounts', 'bigint', (c) => c.notNull())
    .addColumn('cart_discount', 'bigint', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('paid', 'bigint', (c) => c.notNull())
    .addColumn('change', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('sales_number_unique', ['tenant_id', 'number'])
    .execute();
  await db.schema
    .createIndex('sales_tenant_created_idx')
    .on('sales')
    .columns(['tenant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('sales_tenant_shift_idx')
    .on('sales')
    .columns(['tenant_id', 'shift_id'])
    .execute();
  await db.schema
    .createIndex('sales_tenant_customer_idx')
    .on('sales')
    .columns(['tenant_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('sale_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('gross', 'bigint', (c) => c.notNull())
    .addColumn('line_discount', 'bigint', (c) => c.notNull())
    .addColumn('cart_discount', 'bigint', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('sale_lines_sale_idx')
    .on('sale_lines')
    .columns(['sale_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('sale_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    /** As tendered: cash over the total comes back as the sale's change. */
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text')
    .execute();
  await db.schema.createIndex('sale_payments_sale_idx').on('sale_payments').columns(['sale_id']).execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('sale_id', 'text', (c) => c.notNull().references('sales.id'))
    .addColumn('shift_id', 'text', (c) => c.references('shifts.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('refunds_number_unique', ['tenant_id', 'number'])
    .execute();
  await db.schema.createIndex('refunds_sale_idx').on('refunds').columns(['tenant_id', 'sale_id']).execute();

  await db.schema
    .createTable('refund_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.id'))
    .addColumn('sale_line_id', 'text', (c) => c.notNull().references('sale_lines.id'))
    .addColumn('qty_milli', 'bigint', (c) => c.notNull())
    .addColumn('base', 'bigint', (c) => c.notNull())
    .addColumn('tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    /** 'return' (back to stock, with a movement) or 'write_off' (no movement). */
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('movement_id', 'text')
    .execute();
  await db.schema.createIndex('refund_lines_refund_idx').on('refund_lines').columns(['refund_id']).execute();
  await db.schema
    .createIndex('refund_lines_sale_line_idx')
    .on('refund_lines')
    .columns(['sale_line_id'])
    .execute();

  await db.schema
    .createTable('refund_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('refund_id', 'text', (c) => c.notNull().references('refunds.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('refund_payments_refund_idx')
    .on('refund_payments')
    .columns(['refund_id'])
    .execute();

  /** Held carts belong to one register and never sync. */
  await db.schema
    .createTable('parked_carts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('cart', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('parked_carts_device_idx')
    .on('parked_carts')
    .columns(['tenant_id', 'device_id', 'created_at'])
    .execute();
}
