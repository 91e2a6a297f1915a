/** The receipt a customer gets by email: plain text and an HTML table, in the business's language. */
import type { ReceiptView, Unit } from '../../contract/index.js';
import { escapeHtml, type MailLanguage, type RenderedMail } from '../../core/mail/templates.js';

const WORDS = {
  es: {
    subject: (n: string, b: string) => `Tu ticket ${n} de ${b}`,
    discount: 'descuento',
    subtotal: 'Subtotal',
    lineDiscounts: 'Descuentos de línea',
    cartDiscount: 'Descuento del ticket',
    total: 'Total',
    tax: 'IVA',
    taxIncluded: 'IVA incluido',
    change: 'Cambio',
    refunds: 'Devuelto',
    refund: (n: string, when: string) => `Devolución ${n} · ${when}`,
    refundPaid: (method: string) => `Reembolso (${method})`,
    refundedTotal: 'Total devuelto',
    net: 'Neto tras devoluciones',
    methods: { cash: 'efectivo', card: 'tarjeta' } as Record<string, string>,
    thanks: '¡Gracias por tu compra!',
    units: { unit: 'ud.', kg: 'kg', l: 'l', m: 'm' },
  },
  en: {
    subject: (n: string, b: string) => `Your receipt ${n} from ${b}`,
    discount: 'discount',
    subtotal: 'Subtotal',
    lineDiscounts: 'Line discounts',
    cartDiscount: 'Sale discount',
    total: 'Total',
    tax: 'Tax',
    taxIncluded: 'Tax included',
    change: 'Change',
    refunds: 'Refunded',
    refund: (n: string, when: string) => `Refund ${n} · ${when}`,
    refundPaid: (method: string) => `Money back (${method})`,
    refundedTotal: 'Total refunded',
    net: 'Net after refunds',
    methods: { cash: 'cash', card: 'card' } as Record<string, string>,
    thanks: 'Thank you for your purchase!',
    units: { unit: 'pcs', kg: 'kg', l: 'l', m: 'm' },
  },
} as const satisfies Record<MailLanguage, { units: Record<Unit, string> } & Record<string, unknown>>;

export function receiptMail(receipt: ReceiptView, language: MailLanguage): RenderedMail {
  const w = WORDS[language];
  const { business, sale } = receipt;
  const fmt = new Intl.NumberFormat(business.locale, { style: 'currency', currency: business.currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  const money = (minor: number) => fmt.format(minor / 10 ** digits);
  const dateTime = new Intl.DateTimeFormat(business.locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: business.timeZone,
  });
  const when = dateTime.format(new Date(sale.createdAt));
  // Numbers the business's way ("0,75 kg", "10,5 %" in Spain), as the printed receipt writes them.
  const number = new Intl.NumberFormat(business.locale, { maximumFractionDigits: 3 });
  const percent = new Intl.NumberFormat(business.locale, { style: 'percent', maximumFractionDigits: 2 });
  const minus = (minor: number) => `−${money(minor)}`;
  // Each line at quantity × price, its own discount under it; then subtotal − discounts
  // (+ tax when prices exclude it) = total, every figure printed, as on the printed receipt.
  const rows = sale.lines.flatMap((l) => [
    {
      label: `${l.name} · ${number.format(l.qty)} ${w.units[l.unit]} × ${money(l.unitPrice)}`,
      amount: money(l.gross),
    },
    ...(l.lineDiscount > 0 ? [{ label: `  ${w.discount}`, amount: minus(l.lineDiscount) }] : []),
  ]);
  const added = sale.prices === 'exclusive';
  // Tax inside tax-inclusive prices says so: it is not added to the total above it.
  const taxes = sale.taxes.map((t) => ({
    label: `${added ? w.tax : w.taxIncluded} ${percent.format(t.taxRateBp / 10_000)}`,
    amount: money(t.tax),
  }));
  const totals = [
    { label: w.subtotal, amount: money(sale.subtotal) },
    ...(sale.lineDiscounts > 0 ? [{ label: w.lineDiscounts, amount: minus(sale.lineDiscounts) }] : []),
    ...(sale.cartDiscount > 0 ? [{ label: w.cartDiscount, amount: minus(sale.cartDiscount) }] : []),
    ...(added ? taxes : []),
    { label: w.total, amount: money(sale.total) },
    // Tax inside tax-inclusive prices: for information, after the total.
    ...(added ? [] : taxes),
    ...(sale.change > 0 ? [{ label: w.change, amount: money(sale.change) }] : []),
  ];
  // Refunds made since: the sale stays as recorded above, each refund after it (lines taken back,
  // money given back), then what the sale still stands at.
  const refunds = sale.refunds.map((r) => ({
    title: w.refund(r.number, dateTime.format(new Date(r.createdAt))),
    rows: [
      ...r.lines.map((l) => ({
        label: `${l.name} · ${number.format(l.qty)} ${w.units[l.unit]}`,
        amount: minus(l.total),
      })),
      ...r.payments.map((p) => ({
        label: w.refundPaid(w.methods[p.method] ?? p.method),
        amount: minus(p.amount),
      })),
    ],
  }));
  const refundTotals =
    refunds.length > 0
      ? [
          { label: w.refundedTotal, amount: minus(sale.refundedTotal) },
          { label: w.net, amount: money(sale.total - sale.refundedTotal) },
        ]
      : [];
  const text = [
    business.legalName ?? business.name,
    business.taxId ?? '',
    `${sale.number} · ${when}`,
    '',
    ...rows.map((r) => `${r.label}  ${r.amount}`),
    '',
    ...totals.map((r) => `${r.label}: ${r.amount}`),
    '',
    ...(refunds.length > 0
      ? [
          w.refunds,
          ...refunds.flatMap((r) => [r.title, ...r.rows.map((row) => `  ${row.label}  ${row.amount}`)]),
          ...refundTotals.map((r) => `${r.label}: ${r.amount}`),
          '',
        ]
      : []),
    w.thanks,
  ].join('\n');
  const tr = (label: string, amount: string) =>
    `<tr><td>${escapeHtml(label)}</td><td style="text-align:right">${escapeHtml(amount)}</td></tr>`;
  const refundsHtml =
    refunds.length > 0
      ? `<p><strong>${escapeHtml(w.refunds)}</strong></p><table>${refunds
          .map(
            (r) =>
              `<tr><td colspan="2">${escapeHtml(r.title)}</td></tr>${r.rows.map((row) => tr(row.label, row.amount)).join('')}`,
          )
          .join('')}${refundTotals.map((r) => tr(r.label, r.amount)).join('')}</table>`
      : '';
  const html = `<div style="font-family:monospace"><p><strong>${escapeHtml(business.legalName ?? business.name)}</strong><br>${escapeHtml(business.taxId ?? '')}<br>${escapeHtml(`${sale.number} · ${when}`)}</p><table>${rows.map((r) => tr(r.label, r.amount)).join('')}${totals.map((r) => tr(r.label, r.amount)).join('')}</table>${refundsHtml}<p>${escapeHtml(w.thanks)}</p></div>`;
  return { subject: w.subject(sale.number, business.name), text, html };
}
