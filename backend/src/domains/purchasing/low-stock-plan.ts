import type { FromLowStockResult } from '../../contract/index.js';
import { fromMilli, MAX_OP_NUMBERS_PER_SERIES, MAX_ORDER_LINES } from '../../contract/index.js';
import type { IdGenerator } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import type { LowStockRow } from '../stock/stock.queries.js';

/**
 * Turns low-stock suggestions into the drafts the user is about to see: one
 * order per supplier (several when a supplier has more low products than an
 * order holds, `MAX_ORDER_LINES` each), lines at the supplier's cost (else the product's), and
 * the products nobody supplies listed as skipped. The command then creates
 * exactly this plan, so the hub replays what the user saw.
 *
 * One run makes at most `MAX_OP_NUMBERS_PER_SERIES` orders: each takes a
 * purchase order number, and the hub accepts an op with at most that many
 * (an op it refused would hold every later change of the register back).
 * More orders than that answer 400 `low-stock-too-many-suppliers`, and
 * nothing is created.
 */
export function planOrdersFromLowStock(suggestions: readonly LowStockRow[], newId: IdGenerator) {
  const bySupplier = new Map<string, { id: string; productId: string; qty: number; unitCost: number }[]>();
  const skipped: FromLowStockResult['skipped'] = [];
  for (const p of suggestions) {
    if (p.suggestedMilli <= 0) continue;
    if (!p.supplier) {
      skipped.push({ productId: p.id, sku: p.sku, name: p.name });
      continue;
    }
    const lines = bySupplier.get(p.supplier.id) ?? [];
    lines.push({
      id: newId(),
      productId: p.id,
      qty: fromMilli(p.suggestedMilli),
      unitCost: p.supplier.cost ?? p.cost,
    });
    bySupplier.set(p.supplier.id, lines);
  }
  const orders = [...bySupplier].flatMap(([supplierId, lines]) => {
    const parts = [];
    for (let at = 0; at < lines.length; at += MAX_ORDER_LINES) {
      parts.push({ id: newId(), supplierId, lines: lines.slice(at, at + MAX_ORDER_LINES) });
    }
    return parts;
  });
  if (orders.length > MAX_OP_NUMBERS_PER_SERIES) {
    throw new DomainError(
      'low-stock-too-many-suppliers',
      400,
      `Low stock calls for ${orders.length} orders; at most ${MAX_OP_NUMBERS_PER_SERIES} can be created at once`,
      'orders',
    );
  }
  return { orders, skipped };
}
