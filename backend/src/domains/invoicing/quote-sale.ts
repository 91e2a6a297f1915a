/**
 * Quote → sale, for the point of sale's `pos.sale.record`: the quote's lines
 * go into the counter's cart, the cashier takes payment as usual, and the
 * sale command calls these two functions inside its own transaction, so the
 * sale names the quote and the quote becomes `converted` together or not at all.
 *
 * A sale line comes from a product, so a quote with a free-text line (no
 * product) cannot become a sale: it answers `quote-line-no-product` and the
 * quote can still be converted into an invoice (docs/decisions.md).
 */
import type { Transaction } from 'kysely';
import { can } from '../../contract/index.js';
import { DomainError, forbidden, notFound } from '../../core/errors.js';
import type { PricingRules } from '../../core/money.js';
import type { CommandContext } from '../../core/pipeline.js';
import { isReplay } from '../../core/pipeline.js';
import type { DB } from '../../db/schema.js';
import { businessToday } from './invoice-engine.js';
import { businessOf, findQuote, lockQuote, quoteLines, updateQuote } from './invoicing.queries.js';
import { liveQuote } from './quotes.commands.js';

export interface QuoteLineForSale {
  productId: string;
  /** Per unit, in the quote's price mode. */
  unitPrice: number;
  taxRateBp: number;
}

export interface QuoteForSale {
  id: string;
  number: string;
  /** Set when the quote was converted before this sale (only on the hub's replay of an offline sale). */
  convertedAt: string | null;
  customerId: string;
  /** The sale is priced with the quote's rules, so its totals are the quote's. */
  pricing: PricingRules;
  /** By quote line id. */
  lines: Map<string, QuoteLineForSale>;
}

/**
 * Locks and checks the quote a sale converts: OWNER/ADMIN only (`quotes.convert`),
 * not converted (`quote-converted`), not expired (`quote-expired`), every line a product.
 */
export async function quoteForSale(
  tx: Transaction<DB>,
  ctx: CommandContext,
  quoteId: string,
): Promise<QuoteForSale> {
  if (!ctx.actor || !can(ctx.actor.role, 'quotes.convert')) throw forbidden();
  const business = await businessOf(tx, ctx.tenantId);
  const row = isReplay(ctx)
    ? await quoteAsSold(tx, ctx, quoteId)
    : await liveQuote(tx, ctx, quoteId, businessToday(ctx.now, business.time_zone));
  const lines = await quoteLines(tx, ctx.tenantId, row.id);
  const byId = new Map<string, QuoteLineForSale>();
  for (const line of lines) {
    if (!line.product_id) {
      // Replayed: the register sold the quote as it was then; a line added at the office since is not part of it.
      if (isReplay(ctx)) continue;
      throw new DomainError(
        'quote-line-no-product',
        409,
        `Line ${line.line_no} of quote ${row.number} is free text, not a product: convert this quote into an invoice instead`,
        'quoteId',
      );
    }
    byId.set(line.id, {
      productId: line.product_id,
      unitPrice: Number(line.unit_price),
      taxRateBp: Number(line.tax_rate_bp),
    });
  }
  return {
    id: row.id,
    number: row.number,
    convertedAt: row.status === 'converted' ? row.converted_at : null,
    customerId: row.customer_id,
    pricing: { prices: row.price_mode, rounding: row.rounding_scope },
    lines: byId,
  };
}

/**
 * The hub replaying a sale a counter recorded offline: the counter took the
 * money, so the sale is accepted whatever happened to the quote meanwhile
 * (converted into an invoice at the office, sold at another register, expired
 * by the time the push arrived), priced at the quote's lines as the counter
 * priced it. A quote converted twice shows both its invoice and its sale, so
 * the office sees the double and voids one (docs/decisions.md).
 */
async function quoteAsSold(tx: Transaction<DB>, ctx: CommandContext, quoteId: string) {
  await lockQuote(tx, ctx.tenantId, quoteId);
  const row = await findQuote(tx, ctx.tenantId, quoteId);
  if (!row) throw notFound('Quote');
  return row;
}

/**
 * The quote is now the sale's: `converted` at the sale's time (the sale row carries `quote_id`).
 * A quote already converted keeps its first conversion's time.
 */
export async function markQuoteSold(tx: Transaction<DB>, ctx: CommandContext, quote: QuoteForSale) {
  if (quote.convertedAt) return;
  await updateQuote(tx, ctx.tenantId, quote.id, {
    status: 'converted',
    converted_at: ctx.now,
    updated_at: ctx.now,
  });
}
