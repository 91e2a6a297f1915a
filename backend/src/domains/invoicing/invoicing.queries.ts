/**
 * The only invoicing file that touches kysely. Every function takes the
 * tenant first and filters on it.
 */
import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import { isPostgres } from '../../../../migrations/dialect.js';
import type { InvoiceKind, InvoiceListStatus, QuoteStatus } from '../../contract/index.js';
import { containsFolded } from '../../db/folded-text.js';
import type {
  DB,
  InvoiceLinesTable,
  InvoicePaymentsTable,
  InvoicesTable,
  InvoiceTaxesTable,
  QuoteLinesTable,
  QuotesTable,
} from '../../db/schema.js';

export type Db = Kysely<DB> | Transaction<DB>;

/** The seller fields an invoice snapshots at issue, and what documents are rendered with. */
export async function businessOf(db: Db, tenantId: string) {
  return db
    .selectFrom('tenants')
    .select(['name', 'legal_name', 'tax_id', 'address', 'currency', 'locale', 'time_zone', 'logo'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}
export type BusinessRow = Awaited<ReturnType<typeof businessOf>>;

/**
 * A customer of this tenant, removed or not: what the hub's replay of a document a console made
 * offline bills (the office may have removed the customer meanwhile; the console printed it).
 */
export async function customerOfTenant(db: Db, tenantId: string, customerId: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'tax_id', 'address', 'email'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export async function invoiceIdTaken(db: Db, table: 'invoices' | 'quotes', id: string): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function lineIdsTaken(
  db: Db,
  table: 'invoice_lines' | 'quote_lines',
  ids: string[],
): Promise<string | undefined> {
  if (ids.length === 0) return undefined;
  const row = await db.selectFrom(table).select('id').where('id', 'in', ids).executeTakeFirst();
  return row?.id;
}

export async function findInvoice(db: Db, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
}
export type InvoiceRow = NonNullable<Awaited<ReturnType<typeof findInvoice>>>;

/**
 * Takes the invoice's row lock for the rest of the transaction (a no-op
 * write: Postgres locks the row, SQLite already serializes writers), so two
 * payments replayed at once on the hub cannot both fit the same balance.
 */
export async function lockInvoice(db: Db, tenantId: string, invoiceId: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function insertInvoice(db: Db, row: Insertable<InvoicesTable>): Promise<void> {
  await db.insertInto('invoices').values(row).execute();
}

export async function updateInvoice(
  db: Db,
  tenantId: string,
  invoiceId: string,
  changes: Omit<Updateable<InvoicesTable>, 'id' | 'tenant_id' | 'kind' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('invoices')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .execute();
}

export async function invoiceLines(db: Db, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('line_no')
    .execute();
}

export async function insertInvoiceLines(db: Db, rows: Insertable<InvoiceLinesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('invoice_lines').values(rows).execute();
}

/** A draft's lines and breakdown are its working copy, not facts yet: editing replaces them. */
export async function deleteDraftContent(db: Db, tenantId: string, invoiceId: string): Promise<void> {
  await db
    .deleteFrom('invoice_lines')
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .execute();
  await db
    .deleteFrom('invoice_taxes')
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .execute();
}

export async function invoiceTaxes(db: Db, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_taxes')
    .select(['rate_bp', 'base', 'tax'])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('rate_bp')
    .execute();
}

export async function insertInvoiceTaxes(db: Db, rows: Insertable<InvoiceTaxesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('invoice_taxes').values(rows).execute();
}

export async function invoicePayments(db: Db, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_payments')
    .select(['id', 'amount', 'method', 'reference', 'paid_at'])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('paid_at')
    .orderBy('id')
    .execute();
}

export async function paymentIdTaken(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('invoice_payments').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function insertPayment(db: Db, row: Insertable<InvoicePaymentsTable>): Promise<void> {
  await db.insertInto('invoice_payments').values(row).execute();
}

/** The credit note that voids `invoiceId`, if any, with its number (not those crediting refunds). */
export async function creditNoteOf(db: Db, tenantId: string, invoiceId: string) {
  const row = await db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('corrects_id', '=', invoiceId)
    .where('source_type', '=', 'void')
    .executeTakeFirst();
  return row ?? null;
}

/** The credit notes that credit refunds of `invoiceId`'s sale, with the refund each one credits. */
export async function refundCreditNotesOf(db: Db, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'source_id', 'total'])
    .where('tenant_id', '=', tenantId)
    .where('corrects_id', '=', invoiceId)
    .where('source_type', '=', 'refund')
    .orderBy('id')
    .execute();
}

/**
 * What issued invoices owe back to their customer (`refundDue`): the invoice and every credit note
 * correcting it (its void's and its refunds'), together, hold in payments (money given back is
 * negative) more than they bill (a void's note bills the invoice's negation). And what was given
 * back beyond that (`overGiven`): two registers each gave back the same refundDue offline, so the
 * documents hold less than they bill by more than is still unpaid; it is the part of the money
 * given back on the invoice or its void's note (`given`, their negative payments) that the
 * documents are short, min(given, −held): an invoice merely unpaid gave nothing back, and a
 * voided one nets to zero or more without give-backs (what `releaseSaleMoney` takes back is at
 * most what the sale's money left on it). One pass over the tenant's documents and payments,
 * summed per invoice in SQL; only invoices owing something back or given too much come back, with
 * when money last moved on them. `invoiceId` narrows it to that invoice (its view); without it,
 * it is every such invoice (the sync conflicts inbox and its count).
 */
export async function invoicesOwingBack(db: Db, tenantId: string, invoiceId?: string) {
  const owner = sql<string>`case when d.kind = 'credit_note' then d.corrects_id else d.id end`;
  // One invoice: it and its credit notes by id (found on invoices_corrects_idx), so the pass reads
  // only them; an `or` of the two columns read every invoice of the business.
  const ids =
    invoiceId === undefined
      ? null
      : [
          invoiceId,
          ...(
            await db
              .selectFrom('invoices')
              .select('id')
              .where('corrects_id', '=', invoiceId)
              .where('tenant_id', '=', tenantId)
              .execute()
          ).map((r) => r.id),
        ];
  const documents = <Q extends ReturnType<typeof documentsOf>>(q: Q) =>
    ids === null ? q : (q.where('d.id', 'in', ids) as Q);
  const billed = documents(documentsOf(db, tenantId)).select([
    owner.as('owner'),
    sql<number>`-d.total`.as('amount'),
    sql<number>`0`.as('given'),
    sql<string | null>`null`.as('at'),
  ]);
  // Money given back to the customer on the invoice itself or on its void's credit note (a counter
  // refund's note holds what the refund gave, which it also bills).
  const given = sql<number>`case when p.amount < 0 and (d.kind = 'invoice' or d.source_type = 'void') then -p.amount else 0 end`;
  const held = documents(
    documentsOf(db, tenantId).innerJoin('invoice_payments as p', (join) =>
      join.onRef('p.invoice_id', '=', 'd.id').onRef('p.tenant_id', '=', 'd.tenant_id'),
    ),
  ).select([owner.as('owner'), 'p.amount as amount', given.as('given'), 'p.paid_at as at']);
  const rows = await db
    .selectFrom(billed.unionAll(held).as('m'))
    .innerJoin('invoices as i', 'i.id', 'm.owner')
    .leftJoin('customers as c', (join) =>
      join.onRef('c.id', '=', 'i.customer_id').onRef('c.tenant_id', '=', 'i.tenant_id'),
    )
    .select((eb) => [
      'i.id',
      'i.number',
      'i.status',
      'i.currency',
      eb.fn.coalesce('i.buyer_name', 'c.name').as('customer_name'),
      eb.fn.sum<number | string>('m.amount').as('held'),
      eb.fn.sum<number | string>('m.given').as('given'),
      eb.fn.max('m.at').as('last_moved_at'),
    ])
    .where('i.tenant_id', '=', tenantId)
    .where('i.kind', '=', 'invoice')
    .where('i.status', '!=', 'draft')
    .groupBy(['i.id', 'i.number', 'i.status', 'i.currency', 'i.buyer_name', 'c.name'])
    .having((eb) =>
      eb.or([
        eb(eb.fn.sum('m.amount'), '>', 0),
        eb.and([eb(eb.fn.sum('m.amount'), '<', 0), eb(eb.fn.sum('m.given'), '>', 0)]),
      ]),
    )
    .execute();
  return rows.map((r) => {
    const held = Number(r.held);
    return {
      id: r.id,
      number: r.number,
      status: r.status,
      currency: r.currency,
      customerName: r.customer_name,
      refundDue: Math.max(0, held),
      overGiven: Math.min(Number(r.given ?? 0), Math.max(0, -held)),
      lastMovedAt: r.last_moved_at,
    };
  });
}

type OwingBack = Awaited<ReturnType<typeof invoicesOwingBack>>;
const owingMemo = new WeakMap<object, Map<string, { key: string; rows: OwingBack }>>();

/**
 * Every invoice of the business owing money back or given too much back, as `invoicesOwingBack`,
 * for the sync status a
 * console polls every few seconds: the pass over all invoices and payments (tens of ms for tens
 * of thousands, on the counter's event loop) is run again only when an invoice or a payment row
 * was added or removed since (a payment, a give-back, a credit note, a pulled row or tombstone),
 * or on Postgres, which has no rowid, every time. Voiding adds its credit note; payments never
 * change once written.
 */
export async function invoicesOwingBackNow(db: Kysely<DB>, tenantId: string): Promise<OwingBack> {
  if (isPostgres(db as unknown as Kysely<unknown>)) return invoicesOwingBack(db, tenantId);
  // Counts too: a row a pull deleted and another added would leave the largest rowid as it was.
  const { rows } = await sql<{ i: number | null; ni: number; p: number | null; np: number }>`
    select (select max(rowid) from invoices) as i, (select count(*) from invoices) as ni,
      (select max(rowid) from invoice_payments) as p, (select count(*) from invoice_payments) as np`.execute(
    db,
  );
  const at = rows[0];
  const key = `${at?.i ?? 0}:${at?.ni ?? 0}:${at?.p ?? 0}:${at?.np ?? 0}`;
  const byTenant = owingMemo.get(db) ?? new Map<string, { key: string; rows: OwingBack }>();
  owingMemo.set(db, byTenant);
  const known = byTenant.get(tenantId);
  if (known?.key === key) return known.rows;
  const fresh = await invoicesOwingBack(db, tenantId);
  byTenant.set(tenantId, { key, rows: fresh });
  return fresh;
}

/** The tenant's invoices and the credit notes correcting them: what `invoicesOwingBack` sums. */
function documentsOf(db: Db, tenantId: string) {
  return db
    .selectFrom('invoices as d')
    .where('d.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('d.kind', '=', 'invoice'),
        eb.and([eb('d.kind', '=', 'credit_note'), eb('d.corrects_id', 'is not', null)]),
      ]),
    );
}

/** The credit note issued for a counter refund, if the sale had been invoiced. */
export async function creditNoteOfRefund(db: Db, tenantId: string, refundId: string) {
  const row = await db
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('tenant_id', '=', tenantId)
    .where('source_type', '=', 'refund')
    .where('source_id', '=', refundId)
    .executeTakeFirst();
  return row ?? null;
}

/** An invoice's number (what a credit note names as the invoice it voids). */
export async function invoiceNumberOf(db: Db, tenantId: string, invoiceId: string) {
  const row = await db
    .selectFrom('invoices')
    .select('number')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  return row?.number ?? null;
}

/** The live (not void) invoice already issued for a source (a sale), if any. */
export async function invoiceForSource(db: Db, tenantId: string, sourceType: string, sourceId: string) {
  const row = await db
    .selectFrom('invoices')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('source_type', '=', sourceType as InvoicesTable['source_type'])
    .where('source_id', '=', sourceId)
    .where('status', '!=', 'void')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface InvoiceFilter {
  status?: InvoiceListStatus;
  kind?: InvoiceKind;
  customerId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** Where a page ends, newest first: the last row's created_at and id. */
export interface CreatedCursor {
  key: string;
  id: string;
}

/** The business's invoices and credit notes the list's filters select (with the customer, for the name). */
function invoicesMatching(db: Db, tenantId: string, filter: InvoiceFilter) {
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('customers as c', (j) =>
      j.onRef('c.id', '=', 'i.customer_id').onRef('c.tenant_id', '=', 'i.tenant_id'),
    )
    .where('i.tenant_id', '=', tenantId);
  // A draft discarded before issue is void with no number: `void` is issued invoices cancelled.
  if (filter.status === 'discarded')
    query = query.where('i.status', '=', 'void').where('i.number', 'is', null);
  else if (filter.status === 'void')
    query = query.where('i.status', '=', 'void').where('i.number', 'is not', null);
  else if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.kind) query = query.where('i.kind', '=', filter.kind);
  if (filter.customerId) query = query.where('i.customer_id', '=', filter.customerId);
  if (filter.from) query = query.where('i.issue_date', '>=', filter.from);
  if (filter.to) query = query.where('i.issue_date', '<=', filter.to);
  const needle = filter.q;
  if (needle) {
    query = query.where((eb) =>
      eb.or([
        containsFolded(db, eb.ref('i.number'), needle),
        containsFolded(db, eb.fn.coalesce('i.buyer_name', 'c.name'), needle),
      ]),
    );
  }
  return query;
}

/**
 * Invoices and credit notes with what they have been paid, newest first (created_at, then id: a
 * stable order), at most `limit`; `after` starts below the row a previous page ended on.
 */
export async function listInvoices(
  db: Db,
  tenantId: string,
  filter: InvoiceFilter & { limit: number; after?: CreatedCursor },
) {
  let query = invoicesMatching(db, tenantId, filter).select((eb) => [
    'i.id',
    'i.kind',
    'i.number',
    'i.status',
    'i.customer_id',
    eb.fn.coalesce('i.buyer_name', 'c.name').as('buyer_name'),
    'i.issue_date',
    'i.total',
    'i.currency',
    'i.created_at',
    eb
      .selectFrom('invoice_payments as p')
      .select((p) => p.fn.coalesce(p.fn.sum<number | string>('p.amount'), sql<number>`0`).as('paid'))
      .whereRef('p.invoice_id', '=', 'i.id')
      .whereRef('p.tenant_id', '=', 'i.tenant_id')
      .as('paid'),
  ]);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('i.created_at', '<', after.key),
        eb.and([eb('i.created_at', '=', after.key), eb('i.id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(filter.limit).execute();
}

/** How many invoices and credit notes match the list's filters (every page). */
export async function countInvoices(db: Db, tenantId: string, filter: InvoiceFilter): Promise<number> {
  const row = await invoicesMatching(db, tenantId, filter)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ——— quotes ———

export async function findQuote(db: Db, tenantId: string, quoteId: string) {
  return db
    .selectFrom('quotes as q')
    .innerJoin('customers as c', 'c.id', 'q.customer_id')
    .selectAll('q')
    .select(['c.name as customer_name', 'c.email as customer_email'])
    .where('q.tenant_id', '=', tenantId)
    .where('q.id', '=', quoteId)
    .executeTakeFirst();
}
export type QuoteRow = NonNullable<Awaited<ReturnType<typeof findQuote>>>;

export async function lockQuote(db: Db, tenantId: string, quoteId: string): Promise<void> {
  await db
    .updateTable('quotes')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', quoteId)
    .execute();
}

export async function insertQuote(db: Db, row: Insertable<QuotesTable>): Promise<void> {
  await db.insertInto('quotes').values(row).execute();
}

export async function updateQuote(
  db: Db,
  tenantId: string,
  quoteId: string,
  changes: Omit<Updateable<QuotesTable>, 'id' | 'tenant_id' | 'number' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('quotes')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', quoteId)
    .execute();
}

export async function quoteLines(db: Db, tenantId: string, quoteId: string) {
  return db
    .selectFrom('quote_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('quote_id', '=', quoteId)
    .orderBy('line_no')
    .execute();
}

export async function insertQuoteLines(db: Db, rows: Insertable<QuoteLinesTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('quote_lines').values(rows).execute();
}

/** An open quote's lines are its working copy until it is converted: editing replaces them. */
export async function deleteQuoteLines(db: Db, tenantId: string, quoteId: string): Promise<void> {
  await db
    .deleteFrom('quote_lines')
    .where('tenant_id', '=', tenantId)
    .where('quote_id', '=', quoteId)
    .execute();
}

/** Which of these product ids are live products of this business. */
export async function liveProductIds(db: Db, tenantId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('products')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The sale that converted a quote at the counter, if any: of a quote sold at two offline
 * registers, the lowest-numbered one, the same `listQuotes` shows.
 */
export async function saleOfQuote(db: Db, tenantId: string, quoteId: string) {
  return (
    (await db
      .selectFrom('sales')
      .select(['id', 'number'])
      .where('tenant_id', '=', tenantId)
      .where('quote_id', '=', quoteId)
      .orderBy('number')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export interface QuoteFilter {
  customerId?: string;
  status?: QuoteStatus;
}

/**
 * The business's quotes the list's filters select. `status` is the status as read on `today` (a
 * quote past its valid-until date reads as expired unless converted, invoicing.views.ts
 * `quoteStatus`), filtered here so a page and the total count matching quotes only.
 */
function quotesMatching(db: Db, tenantId: string, filter: QuoteFilter, today: string) {
  let query = db.selectFrom('quotes as q').where('q.tenant_id', '=', tenantId);
  if (filter.customerId) query = query.where('q.customer_id', '=', filter.customerId);
  if (filter.status === 'expired') {
    query = query.where('q.status', '!=', 'converted').where('q.valid_until', '<', today);
  } else if (filter.status === 'converted') {
    query = query.where('q.status', '=', 'converted');
  } else if (filter.status) {
    query = query.where('q.status', '=', filter.status).where('q.valid_until', '>=', today);
  }
  return query;
}

/**
 * A business's quotes, newest first (created_at, then id), each with the first sale that converted
 * it; at most `limit`, and `after` starts below the row a previous page ended on.
 */
export async function listQuotes(
  db: Db,
  tenantId: string,
  filter: QuoteFilter & { limit: number; after?: CreatedCursor },
  today: string,
) {
  // A quote sold at two offline registers has two sales: listed once, with its first.
  const firstSale = db
    .selectFrom('sales')
    .select(['quote_id', (eb) => eb.fn.min('number').as('number')])
    .where('tenant_id', '=', tenantId)
    .where('quote_id', 'is not', null)
    .groupBy('quote_id')
    .as('fs');
  let query = quotesMatching(db, tenantId, filter, today)
    .innerJoin('customers as c', 'c.id', 'q.customer_id')
    .leftJoin(firstSale, 'fs.quote_id', 'q.id')
    .leftJoin('sales as s', (j) =>
      j.onRef('s.number', '=', 'fs.number').onRef('s.quote_id', '=', 'q.id').on('s.tenant_id', '=', tenantId),
    )
    .selectAll('q')
    .select(['c.name as customer_name', 's.id as sale_id', 's.number as sale_number']);
  const after = filter.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('q.created_at', '<', after.key),
        eb.and([eb('q.created_at', '=', after.key), eb('q.id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('q.created_at', 'desc').orderBy('q.id', 'desc').limit(filter.limit).execute();
}

/** How many quotes match the list's filters, status read on `today` (every page). */
export async function countQuotes(
  db: Db,
  tenantId: string,
  filter: QuoteFilter,
  today: string,
): Promise<number> {
  const row = await quotesMatching(db, tenantId, filter, today)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
