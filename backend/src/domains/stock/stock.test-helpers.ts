/**
 * Test builders for the stock domain: products are inserted directly (the
 * catalog routes live in another domain), contexts are built by hand.
 */
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CommandContext } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';

export interface ProductSeed {
  id?: string;
  sku?: string;
  name?: string;
  tracked?: boolean;
  active?: boolean;
  categoryId?: string | null;
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
  const now = '2026-11-25T09:00:00.000Z';
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
      unit: 'unit',
      price: 100,
      cost: 50,
      average_cost: 50,
      tax_rate_bp: 2100,
      tracked: seed.tracked === false ? 0 : 1,
      active: seed.active === false ? 0 : 1,
      reorder_point_milli: Math.round((seed.reorderPoint ?? 0) * 1000),
      reorder_qty_milli: Math.round((seed.reorderQty ?? 0) * 1000),
      image: null,
      created_at: now,
      updated_at: now,
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
  const now = '2026-11-25T09:00:00.000Z';
  await db
    .insertInto('categories')
    .values({
      id,
      tenant_id: tenantId,
      parent_id: null,
      name,
      created_at: now,
      updated_at: now,
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
  const now = '2026-11-25T09:00:00.000Z';
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
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  return id;
}

export async function insertLocationRow(db: Kysely<DB>, tenantId: string, name: string): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('locations')
    .values({
      id,
      tenant_id: tenantId,
      name,
      is_default: 0,
      created_at: '2026-11-25T09:00:00.000Z',
      deleted_at: null,
    })
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

/** A bare tenant row (no owner), enough for ledger-level tests. */
export async function insertTenant(db: Kysely<DB>, name = 'Tienda'): Promise<string> {
  const id = uuidv7();
  const now = '2026-11-25T09:00:00.000Z';
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
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    .execute();
  return id;
}

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
