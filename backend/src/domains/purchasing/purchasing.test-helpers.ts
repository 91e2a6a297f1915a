/** Test data builders for purchasing: rows written directly, as the catalog and stock would leave them. */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../core/deps.js';
import type { CommandContext } from '../../core/pipeline.js';
import type { DB, ProductsTable } from '../../db/schema.js';
import { applyMovement } from '../stock/stock.ledger.js';

const NOW = '2026-11-25T09:00:00.000Z';

export interface ProductSeed {
  sku?: string;
  name?: string;
  unit?: ProductsTable['unit'];
  price?: number;
  cost?: number;
  averageCost?: number;
  tracked?: boolean;
  active?: boolean;
  reorderPointMilli?: number;
  reorderQtyMilli?: number;
}

let skuCounter = 0;

export async function insertProduct(
  db: Kysely<DB>,
  tenantId: string,
  seed: ProductSeed = {},
): Promise<string> {
  const id = uuidv7();
  const sku = seed.sku ?? `SKU-${++skuCounter}`;
  const name = seed.name ?? `Product ${sku}`;
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
      category_id: null,
      unit: seed.unit ?? 'unit',
      price: seed.price ?? 0,
      cost,
      average_cost: seed.averageCost ?? cost,
      tax_rate_bp: 2100,
      tracked: seed.tracked === false ? 0 : 1,
      active: seed.active === false ? 0 : 1,
      reorder_point_milli: seed.reorderPointMilli ?? 0,
      reorder_qty_milli: seed.reorderQtyMilli ?? 0,
      image: null,
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

export async function defaultLocationId(db: Kysely<DB>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('locations')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('is_default', '=', 1)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `addBusiness` makes a bare tenant; first-run would also give it its default location. */
export async function addDefaultLocation(db: Kysely<DB>, tenantId: string): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('locations')
    .values({ id, tenant_id: tenantId, name: 'Shop', is_default: 1, created_at: NOW, deleted_at: null })
    .execute();
  return id;
}

export function ctxFor(deps: AppDeps, tenantId: string, userId: string): CommandContext {
  return {
    tenantId,
    actor: { userId, role: 'OWNER' },
    deviceId: deps.deviceId,
    now: deps.clock.now().toISOString(),
    opId: uuidv7(),
  };
}

/** Stock already on hand before a receipt, through the real ledger. */
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

export async function setCostMethod(db: Kysely<DB>, tenantId: string, method: 'last' | 'average') {
  await db.updateTable('tenants').set({ cost_method: method }).where('id', '=', tenantId).execute();
}
