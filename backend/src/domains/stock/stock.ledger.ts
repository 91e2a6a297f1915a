/**
 * The stock ledger (ARCHITECTURE §2): on hand is the sum of movements.
 * `stock_balances` is a cache written in the same transaction as each
 * movement; `rebuildBalances` / `ledgerSums` let a test prove it matches.
 * Movements are facts: never updated, never deleted. Selling is never
 * blocked by stock — a sale that takes a tracked balance below zero opens an
 * oversell exception instead (ARCHITECTURE §5).
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { CommandContext } from '../../core/pipeline.js';
import { insertRows } from '../../db/insert-rows.js';
import type { DB, MovementReason, OversellExceptionsTable, StockMovementsTable } from '../../db/schema.js';

/** Namespace of ids derived from other ids, so a replay recreates the same rows (never random in handlers). */
const STOCK_NAMESPACE = '6f1d6a52-3c1e-4d0b-9a52-7e0f2b6c9d41';

/** A UUID (v5) derived from a seed such as `transfer-out:<transferId>`. */
export const derivedId = (seed: string): string => uuidv5(seed, STOCK_NAMESPACE);

/** The oversell exception opened by a movement always has this id. */
export const oversellIdFor = (movementId: string): string => derivedId(`oversell:${movementId}`);

export interface MovementInput {
  id: string;
  productId: string;
  locationId: string;
  /** Signed thousandths of the product's unit; never zero. */
  qtyMilli: number;
  reason: MovementReason;
  note?: string | null;
  unitCost?: number | null;
  refType?: string | null;
  refId?: string | null;
  /** The command the movement belongs to, when movements of several are applied together (the hub's push). */
  ctx?: Pick<CommandContext, 'opId' | 'actor' | 'now'>;
}

export interface AppliedMovement {
  movement: Selectable<StockMovementsTable>;
  onHandAfterMilli: number;
  oversell: boolean;
}

export async function applyMovement(
  tx: Transaction<DB> | Kysely<DB>,
  ctx: CommandContext,
  m: MovementInput,
): Promise<AppliedMovement> {
  const [applied] = await applyMovements(tx, ctx, [m]);
  if (!applied) throw new Error('applyMovement: no movement applied');
  return applied;
}

const balanceKey = (productId: string, locationId: string) => `${productId}\u0000${locationId}`;

/**
 * Several movements of one command (or of a run of commands, each movement
 * naming its own in `ctx`) with a fixed number of statements: one
 * insert of the movements, one balance upsert per (product, location) — summed
 * first, so no row is upserted twice in one statement (Postgres refuses that) —
 * and, only when a sale takes a tracked balance below zero, one lookup and one
 * insert of the oversell exceptions. Each movement's `onHandAfterMilli` is the
 * balance right after it, as if applied one by one in the given order.
 */
export async function applyMovements(
  tx: Transaction<DB> | Kysely<DB>,
  ctx: CommandContext,
  ms: readonly MovementInput[],
): Promise<AppliedMovement[]> {
  if (ms.length === 0) return [];
  for (const m of ms) {
    if (!Number.isSafeInteger(m.qtyMilli) || m.qtyMilli === 0) {
      throw new Error(`applyMovement: qtyMilli must be a non-zero integer, got ${m.qtyMilli}`);
    }
  }
  const movements: Selectable<StockMovementsTable>[] = ms.map((m) => {
    const by = m.ctx ?? ctx;
    return {
      id: m.id,
      tenant_id: ctx.tenantId,
      product_id: m.productId,
      location_id: m.locationId,
      qty_milli: m.qtyMilli,
      reason: m.reason,
      note: m.note ?? null,
      unit_cost: m.unitCost ?? null,
      ref_type: m.refType ?? null,
      ref_id: m.refId ?? null,
      op_id: by.opId,
      actor_id: by.actor?.userId ?? null,
      created_at: by.now,
    };
  });
  await insertRows(tx, 'stock_movements', movements);

  const deltas = new Map<string, { product_id: string; location_id: string; on_hand_milli: number }>();
  for (const m of ms) {
    const key = balanceKey(m.productId, m.locationId);
    const delta = deltas.get(key);
    if (delta) delta.on_hand_milli += m.qtyMilli;
    else deltas.set(key, { product_id: m.productId, location_id: m.locationId, on_hand_milli: m.qtyMilli });
  }
  const balances = await tx
    .insertInto('stock_balances')
    .values([...deltas.values()].map((d) => ({ tenant_id: ctx.tenantId, ...d })))
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'product_id', 'location_id']).doUpdateSet({
        on_hand_milli: sql<number>`stock_balances.on_hand_milli + excluded.on_hand_milli`,
      }),
    )
    .returning(['product_id', 'location_id', 'on_hand_milli'])
    .execute();
  // The balance after the last movement of each key; walking backwards gives each one's own.
  const after = new Map(
    balances.map((b) => [balanceKey(b.product_id, b.location_id), Number(b.on_hand_milli)]),
  );
  const onHandAfter: number[] = new Array(ms.length);
  for (let i = ms.length - 1; i >= 0; i--) {
    const m = ms[i] as MovementInput;
    const key = balanceKey(m.productId, m.locationId);
    const balance = after.get(key);
    if (balance === undefined) throw new Error('applyMovement: balance upsert returned no row');
    onHandAfter[i] = balance;
    after.set(key, balance - m.qtyMilli);
  }

  const short = ms.flatMap((m, i) =>
    m.reason === 'sale' && (onHandAfter[i] as number) < 0
      ? [{ m, onHandAfterMilli: onHandAfter[i] as number }]
      : [],
  );
  const oversold = new Set<string>();
  if (short.length > 0) {
    const tracked = await tx
      .selectFrom('products')
      .select(['id', 'tracked'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', 'in', [...new Set(short.map((s) => s.m.productId))])
      .execute();
    const trackedIds = new Set(tracked.filter((p) => Number(p.tracked) === 1).map((p) => p.id));
    const exceptions: Selectable<OversellExceptionsTable>[] = short
      .filter((s) => trackedIds.has(s.m.productId))
      .map(({ m, onHandAfterMilli }) => ({
        id: oversellIdFor(m.id),
        tenant_id: ctx.tenantId,
        product_id: m.productId,
        location_id: m.locationId,
        movement_id: m.id,
        on_hand_after_milli: onHandAfterMilli,
        status: 'open',
        resolution_note: null,
        resolved_by: null,
        resolved_at: null,
        created_at: (m.ctx ?? ctx).now,
      }));
    await insertRows(tx, 'oversell_exceptions', exceptions);
    for (const e of exceptions) oversold.add(e.movement_id);
  }
  return movements.map((movement, i) => ({
    movement,
    onHandAfterMilli: onHandAfter[i] as number,
    oversell: oversold.has(movement.id),
  }));
}

/** On hand from the balance cache: one location, or the total over all locations. */
export async function onHand(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
  productId: string,
  locationId?: string,
): Promise<number> {
  let q = db
    .selectFrom('stock_balances')
    .select((eb) => eb.fn.sum<number | string | null>('on_hand_milli').as('total'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId);
  if (locationId !== undefined) q = q.where('location_id', '=', locationId);
  const row = await q.executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface BalanceRow {
  productId: string;
  locationId: string;
  onHandMilli: number;
}

const byKey = (a: BalanceRow, b: BalanceRow) =>
  a.productId === b.productId
    ? a.locationId < b.locationId
      ? -1
      : a.locationId > b.locationId
        ? 1
        : 0
    : a.productId < b.productId
      ? -1
      : 1;

/** sum(qty_milli) per (product, location) straight from the ledger, sorted. */
export async function ledgerSums(db: Kysely<DB> | Transaction<DB>, tenantId: string): Promise<BalanceRow[]> {
  const rows = await db
    .selectFrom('stock_movements')
    .select(['product_id', 'location_id'])
    .select((eb) => eb.fn.sum<number | string>('qty_milli').as('total'))
    .where('tenant_id', '=', tenantId)
    .groupBy(['product_id', 'location_id'])
    .execute();
  return rows
    .map((r) => ({ productId: r.product_id, locationId: r.location_id, onHandMilli: Number(r.total) }))
    .sort(byKey);
}

/** The cached balances, sorted like `ledgerSums`. */
export async function cachedBalances(
  db: Kysely<DB> | Transaction<DB>,
  tenantId: string,
): Promise<BalanceRow[]> {
  const rows = await db
    .selectFrom('stock_balances')
    .select(['product_id', 'location_id', 'on_hand_milli'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows
    .map((r) => ({
      productId: r.product_id,
      locationId: r.location_id,
      onHandMilli: Number(r.on_hand_milli),
    }))
    .sort(byKey);
}

/** Throws the cache away and rebuilds it from the ledger; returns the rebuilt rows. */
export async function rebuildBalances(db: Kysely<DB>, tenantId: string): Promise<BalanceRow[]> {
  return db.transaction().execute(async (tx) => {
    const sums = await ledgerSums(tx, tenantId);
    await tx.deleteFrom('stock_balances').where('tenant_id', '=', tenantId).execute();
    for (const s of sums) {
      await tx
        .insertInto('stock_balances')
        .values({
          tenant_id: tenantId,
          product_id: s.productId,
          location_id: s.locationId,
          on_hand_milli: s.onHandMilli,
        })
        .execute();
    }
    return sums;
  });
}
