import type { FromLowStockResult } from '../../contract/index.js';
import { fromMilli } from '../../contract/index.js';
import type { IdGenerator } from '../../core/deps.js';
import type { LowStockRow } from '../stock/stock.queries.js';

/**
 * Turns low-stock suggestions into the drafts the user is about to see: one
 * order per supplier, lines at the supplier's cost (else the product's), and
 * the products nobody supplies listed as skipped. The command then creates
 * exactly this plan, so the hub replays what the user saw.
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
  return {
    orders: [...bySupplier].map(([supplierId, lines]) => ({ id: newId(), supplierId, lines })),
    skipped,
  };
}
