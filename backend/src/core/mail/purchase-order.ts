/**
 * The purchase order a business emails to its supplier: plain text for every
 * client and an HTML table, in the business's language, money in its
 * currency through Intl. Every interpolated value is escaped in the HTML part.
 */
import { escapeHtml, type MailLanguage, type RenderedMail } from './templates.js';

export interface PurchaseOrderMailLine {
  sku: string;
  supplierSku: string | null;
  name: string;
  /** Decimal quantity in the product's unit (at most 3 decimals). */
  qty: number;
  /** Minor units of `currency`. */
  unitCost: number;
  total: number;
}

export interface PurchaseOrderMailData {
  language: MailLanguage;
  locale: string;
  timeZone: string;
  currency: string;
  businessName: string;
  supplierName: string;
  number: string;
  locationName: string;
  expectedAt: string | null;
  notes: string | null;
  lines: PurchaseOrderMailLine[];
  total: number;
}

const WORDS = {
  es: {
    subject: (n: string, b: string) => `Pedido de compra ${n} de ${b}`,
    greeting: (s: string) => `Hola, ${s}:`,
    intro: (b: string, n: string) => `${b} os envía el pedido de compra ${n}.`,
    deliverTo: 'Entregar en',
    expectedBy: 'Fecha prevista',
    lines: 'Líneas',
    sku: 'SKU',
    supplierSku: 'Ref. proveedor',
    product: 'Producto',
    qty: 'Cantidad',
    unitCost: 'Coste unitario',
    lineTotal: 'Total',
    total: 'Total del pedido',
    notes: 'Notas',
    closing: 'Por favor, confirmad el pedido respondiendo a este correo.',
    via: (b: string) => `— ${b}, a través de Mostrador`,
  },
  en: {
    subject: (n: string, b: string) => `Purchase order ${n} from ${b}`,
    greeting: (s: string) => `Hello ${s},`,
    intro: (b: string, n: string) => `${b} sends you purchase order ${n}.`,
    deliverTo: 'Deliver to',
    expectedBy: 'Expected by',
    lines: 'Lines',
    sku: 'SKU',
    supplierSku: 'Supplier SKU',
    product: 'Product',
    qty: 'Qty',
    unitCost: 'Unit cost',
    lineTotal: 'Total',
    total: 'Order total',
    notes: 'Notes',
    closing: 'Please confirm the order by replying to this email.',
    via: (b: string) => `— ${b}, via Mostrador`,
  },
} as const;

/** Formats integer minor units as the currency's amount (JPY has no minor unit, EUR two). */
export function moneyFormatter(locale: string, currency: string): (minor: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => format.format(minor / 10 ** digits);
}

export function purchaseOrderMail(data: PurchaseOrderMailData): RenderedMail {
  const w = WORDS[data.language];
  const money = moneyFormatter(data.locale, data.currency);
  const qty = new Intl.NumberFormat(data.locale, { maximumFractionDigits: 3 });
  const expected = data.expectedAt
    ? new Intl.DateTimeFormat(data.locale, { dateStyle: 'long', timeZone: data.timeZone }).format(
        new Date(data.expectedAt),
      )
    : null;
  const details = [
    `${w.deliverTo}: ${data.locationName}`,
    ...(expected ? [`${w.expectedBy}: ${expected}`] : []),
  ];

  const textLines = data.lines.map((line, i) => {
    const refs = [
      `${w.sku} ${line.sku}`,
      ...(line.supplierSku ? [`${w.supplierSku} ${line.supplierSku}`] : []),
    ];
    return `${i + 1}. ${line.name} (${refs.join(', ')}): ${qty.format(line.qty)} × ${money(line.unitCost)} = ${money(line.total)}`;
  });
  const text = [
    w.greeting(data.supplierName),
    w.intro(data.businessName, data.number),
    details.join('\n'),
    `${w.lines}:\n${textLines.join('\n')}`,
    `${w.total}: ${money(data.total)}`,
    ...(data.notes ? [`${w.notes}:\n${data.notes}`] : []),
    w.closing,
    w.via(data.businessName),
  ].join('\n\n');

  const e = escapeHtml;
  const cell = 'padding:6px 8px;border-bottom:1px solid #d0d7de;text-align:left';
  const num = `${cell};text-align:right;white-space:nowrap`;
  const header = [
    `<th style="${cell}">${e(w.sku)}</th>`,
    `<th style="${cell}">${e(w.supplierSku)}</th>`,
    `<th style="${cell}">${e(w.product)}</th>`,
    `<th style="${num}">${e(w.qty)}</th>`,
    `<th style="${num}">${e(w.unitCost)}</th>`,
    `<th style="${num}">${e(w.lineTotal)}</th>`,
  ].join('');
  const rows = data.lines.map((line) =>
    [
      '<tr>',
      `<td style="${cell}">${e(line.sku)}</td>`,
      `<td style="${cell}">${e(line.supplierSku ?? '')}</td>`,
      `<td style="${cell}">${e(line.name)}</td>`,
      `<td style="${num}">${e(qty.format(line.qty))}</td>`,
      `<td style="${num}">${e(money(line.unitCost))}</td>`,
      `<td style="${num}">${e(money(line.total))}</td>`,
      '</tr>',
    ].join(''),
  );
  const html = [
    '<!doctype html>',
    '<html><body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#1f2328">',
    `<p>${e(w.greeting(data.supplierName))}</p>`,
    `<p>${e(w.intro(data.businessName, data.number))}</p>`,
    `<p>${details.map(e).join('<br>')}</p>`,
    '<table style="border-collapse:collapse;font-size:14px">',
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    `<tfoot><tr><td colspan="5" style="${num};font-weight:600">${e(w.total)}</td><td style="${num};font-weight:600">${e(money(data.total))}</td></tr></tfoot>`,
    '</table>',
    ...(data.notes
      ? [`<p><strong>${e(w.notes)}:</strong><br>${e(data.notes).replaceAll('\n', '<br>')}</p>`]
      : []),
    `<p>${e(w.closing)}</p>`,
    `<p style="color:#57606a">${e(w.via(data.businessName))}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject: w.subject(data.number, data.businessName), text, html };
}
