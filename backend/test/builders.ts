/**
 * Test data builders for catalog, stock and purchasing: rows written directly,
 * as those domains would leave them, so a test of one domain does not go
 * through another's routes. Every builder takes the tenant and returns the id.
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../src/core/deps.js';
import type { CommandContext } from '../src/core/pipeline.js';
import type { DB, ProductsTable } from '../src/db/schema.js';
import { applyMovement } from '../src/domains/stock/stock.ledger.js';

const NOW = '2026-11-25T09:00:00.000Z';

export interface ProductSeed {
  id?: string;
  sku?: string;
  name?: string;
  unit?: ProductsTable['unit'];
  /** Minor units. */
  price?: number;
  cost?: number;
  /** Defaults to `cost`. */
  averageCost?: number;
  tracked?: boolean;
  active?: boolean;
  categoryId?: string | null;
  /** Decimal quantities in the product's unit, as the API takes them; 0 (the default) means "not set". */
  reorderPoint?: number;
  reorderQty?: number;
  barcodes?: string[];
}

let skuSeq = 0;

export async function insertProduct(
  db: Kysely<DB>,
  tenantId: string,
  seed: ProductSeed = {},
): Promise<string> {
  const id = seed.id ?? uuidv7();
  skuSeq += 1;
  const sku = seed.sku ?? `SKU-${skuSeq}`;
  const name = seed.name ?? `Producto ${skuSeq}`;
  const cost = seed.cost ?? 0;
  await db
    .insertInto('products')
    .values({
      id,
      tenant_id: tenantId,
      sku,
      name,
      search_text: `${name} ${sku}`.toLowerCase(),
      description: null,
      category_id: seed.categoryId ?? null,
      unit: seed.unit ?? 'unit',
      price: seed.price ?? 100,
      cost,
      average_cost: seed.averageCost ?? cost,
      tax_rate_bp: 2100,
      tracked: seed.tracked === false ? 0 : 1,
      active: seed.active === false ? 0 : 1,
      reorder_point_milli: Math.round((seed.reorderPoint ?? 0) * 1000),
      reorder_qty_milli: Math.round((seed.reorderQty ?? 0) * 1000),
      image: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  for (const barcode of seed.barcodes ?? []) {
    await db
      .insertInto('product_barcodes')
      .values({ tenant_id: tenantId, product_id: id, barcode })
      .execute();
  }
  return id;
}

export async function insertCategory(db: Kysely<DB>, tenantId: string, name = 'Bebidas'): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('categories')
    .values({
      id,
      tenant_id: tenantId,
      parent_id: null,
      name,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  return id;
}

export async function insertSupplier(
  db: Kysely<DB>,
  tenantId: string,
  name = 'Distribuidora Sur',
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('suppliers')
    .values({
      id,
      tenant_id: tenantId,
      name,
      tax_id: null,
      contact: null,
      email: null,
      phone: null,
      payment_terms: null,
      notes: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  return id;
}

export async function linkSupplier(
  db: Kysely<DB>,
  tenantId: string,
  productId: string,
  supplierId: string,
  link: { supplierSku?: string; cost?: number; preferred?: boolean } = {},
): Promise<void> {
  await db
    .insertInto('product_suppliers')
    .values({
      tenant_id: tenantId,
      product_id: productId,
      supplier_id: supplierId,
      supplier_sku: link.supplierSku ?? null,
      cost: link.cost ?? null,
      is_preferred: link.preferred ? 1 : 0,
    })
    .execute();
}

/** A location besides the default one every business gets (`addBusiness` and first run make that). */
export async function insertLocation(db: Kysely<DB>, tenantId: string, name: string): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('locations')
    .values({ id, tenant_id: tenantId, name, is_default: 0, created_at: NOW, deleted_at: null })
    .execute();
  return id;
}

export async function defaultLocationId(db: Kysely<DB>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A bare tenant row (no owner, no location), enough for ledger-level tests. */
export async function insertTenant(db: Kysely<DB>, name = 'Tienda'): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('tenants')
    .values({
      id,
      name,
      currency: 'EUR',
      locale: 'es-ES',
      time_zone: 'Europe/Madrid',
      status: 'active',
      status_reason: null,
      legal_name: null,
      tax_id: null,
      address: null,
      logo: null,
      created_at: NOW,
      updated_at: NOW,
      deleted_at: null,
    })
    .execute();
  return id;
}

/** A command context for the tenant: no actor, a fixed device and time, unless overridden. */
export function ctxFor(tenantId: string, overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    tenantId,
    actor: null,
    deviceId: 'test-device',
    now: '2026-11-25T10:00:00.000Z',
    opId: uuidv7(),
    ...overrides,
  };
}

/** A command context of an owner on the app's own device and clock, as the routes would build it. */
export function ownerCtx(deps: AppDeps, tenantId: string, userId: string): CommandContext {
  return ctxFor(tenantId, {
    actor: { userId, role: 'OWNER' },
    deviceId: deps.deviceId,
    now: deps.clock.now().toISOString(),
  });
}

/** Stock already on hand (a negative quantity: sold below zero), through the real ledger. */
export async function seedStock(
  deps: AppDeps,
  ctx: CommandContext,
  productId: string,
  qtyMilli: number,
  locationId?: string,
): Promise<void> {
  const location = locationId ?? (await defaultLocationId(deps.db, ctx.tenantId));
  await deps.db.transaction().execute((tx) =>
    applyMovement(tx, ctx, {
      id: uuidv7(),
      productId,
      locationId: location,
      qtyMilli,
      reason: qtyMilli > 0 ? 'adjustment' : 'sale',
      note: 'seed',
    }),
  );
}

/** On hand from the balance cache and from the ledger, in thousandths. */
export async function stockOf(db: Kysely<DB>, tenantId: string, productId: string) {
  const balance = await db
    .selectFrom('stock_balances')
    .select((eb) => eb.fn.sum<number | string | null>('on_hand_milli').as('total'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  const ledger = await db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.sum<number | string | null>('qty_milli').as('total'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return { balance: Number(balance?.total ?? 0), ledger: Number(ledger?.total ?? 0) };
}

export async function productCosts(db: Kysely<DB>, productId: string) {
  const row = await db
    .selectFrom('products')
    .select(['cost', 'average_cost'])
    .where('id', '=', productId)
    .executeTakeFirstOrThrow();
  return { cost: Number(row.cost), averageCost: Number(row.average_cost) };
}

/**
 * An open shift on `deps`' register, written directly (as the shifts domain leaves it), so a
 * test of sales, refunds or documents can sell without opening one through the API.
 */
export async function insertOpenShift(
  deps: AppDeps,
  tenantId: string,
  opts: { id?: string; openingFloat?: number } = {},
): Promise<string> {
  const id = opts.id ?? deps.newId();
  await deps.db
    .insertInto('shifts')
    .values({
      id,
      tenant_id: tenantId,
      device_id: deps.deviceId,
      opened_by: null,
      opened_at: deps.clock.now().toISOString(),
      opening_float: opts.openingFloat ?? 10_000,
      opening_denominations: '[]',
      status: 'open',
      closed_by: null,
      closed_at: null,
      close_note: null,
      op_id: deps.newId(),
    })
    .execute();
  return id;
}
