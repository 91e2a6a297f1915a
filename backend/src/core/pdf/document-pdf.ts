/**
 * Invoices, credit notes and quotes as PDF files: the A4 print page's model (`invoicePrintable`,
 * `quotePrintable` in core/mail/invoice.ts) and its formats (`documentFormat`: money, quantities,
 * rates and dates in the business's locale) laid out with PDFKit, so the file shows what the page
 * shows, figure for figure. Pure JavaScript with the PDF standard fonts (Helvetica, nothing
 * embedded): it runs offline on a counter, in the served console and on the hub. Those fonts
 * speak WinAnsi only; text goes through `winAnsi` (./win-ansi.ts) first.
 *
 * Layout: title, stamp (draft / void), number and dates, seller and buyer side by side, the
 * lines (a description wraps in its column; the header repeats on each new page), then the tax
 * breakdown and the totals kept together after the last line, then the notes; "page n of m" at
 * the foot of every page.
 */
import PDFDocument from 'pdfkit';
import type { InvoiceView, QuoteView } from '../../contract/index.js';
import {
  type DocumentContext,
  documentFormat,
  invoicePrintable,
  type Party,
  type Printable,
  quotePrintable,
} from '../mail/invoice.js';
import { winAnsi } from './win-ansi.js';

const INK = '#1f2328';
const MUTED = '#57606a';
const RULE = '#d0d7de';
const STAMP = '#cf222e';
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** 17 mm sides; the foot line sits in the bottom margin. */
const MARGINS = { top: 48, bottom: 56, left: 48, right: 48 };
const BODY = 9;
const PAD = 3;

type Align = 'left' | 'right';
interface Column {
  label: string;
  width: number;
  align: Align;
}

export function invoicePdf(ctx: DocumentContext, inv: InvoiceView, correctsNumber?: string | null) {
  return documentPdf(ctx, invoicePrintable(ctx, inv, correctsNumber));
}

export function quotePdf(ctx: DocumentContext, quote: QuoteView, seller: Party, buyer: Party) {
  return documentPdf(ctx, quotePrintable(ctx, quote, seller, buyer));
}

/** The document as an A4 PDF file. */
export function documentPdf(ctx: DocumentContext, doc: Printable): Promise<Buffer> {
  const { words: w, money, qty, pct } = documentFormat(ctx);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: ctx.language,
    info: { Title: doc.title, Author: doc.seller.name ?? ctx.businessName, Creator: 'Mostrador' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const left = MARGINS.left;
  const width = pdf.page.width - MARGINS.left - MARGINS.right;
  const bottom = () => pdf.page.height - MARGINS.bottom;
  let y = MARGINS.top;

  const use = (font: string, size: number, color = INK) => pdf.font(font).fontSize(size).fillColor(color);
  const heightOf = (text: string, w: number) => pdf.heightOfString(winAnsi(text), { width: w });
  /** Draws `text` wrapped to `w` at (x, top) and answers its height. */
  const put = (text: string, x: number, top: number, w: number, align: Align = 'left') => {
    const shown = winAnsi(text);
    const h = pdf.heightOfString(shown, { width: w });
    pdf.text(shown, x, top, { width: w, align });
    return h;
  };
  const rule = (at: number, x = left, w = width) =>
    pdf
      .moveTo(x, at)
      .lineTo(x + w, at)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  const newPage = () => {
    pdf.addPage();
    y = MARGINS.top;
  };

  // ——— title, stamp, number and dates ———
  use(BOLD, 16);
  y += put(doc.title, left, y, width) + 4;
  if (doc.stamp) {
    use(BOLD, 12, STAMP);
    y += put(doc.stamp, left, y, width) + 4;
  }
  for (const [label, value] of doc.meta) {
    use(REGULAR, BODY + 1);
    const labelText = `${label}: `;
    const labelWidth = pdf.widthOfString(winAnsi(labelText));
    put(labelText, left, y, labelWidth + 1);
    use(BOLD, BODY + 1);
    y += put(value, left + labelWidth, y, width - labelWidth) + 2;
  }
  y += 12;

  // ——— seller and buyer ———
  const gap = 24;
  const partyWidth = (width - gap) / 2;
  const party = (label: string, p: Party, x: number) => {
    let at = y;
    use(BOLD, BODY - 1, MUTED);
    at += put(label.toLocaleUpperCase(ctx.locale), x, at, partyWidth) + 3;
    use(BOLD, BODY + 1);
    at += put(p.name ?? '—', x, at, partyWidth) + 1;
    use(REGULAR, BODY);
    at += put(`${w.taxId}: ${p.taxId ?? '—'}`, x, at, partyWidth) + 1;
    if (p.address) at += put(p.address, x, at, partyWidth);
    return at;
  };
  y = Math.max(party(w.seller, doc.seller, left), party(w.buyer, doc.buyer, left + partyWidth + gap)) + 16;

  // ——— lines ———
  const fixed: Column[] = [
    { label: w.qty, width: 46, align: 'right' },
    { label: w.unitPrice, width: 62, align: 'right' },
    { label: w.discount, width: 58, align: 'right' },
    { label: w.rate, width: 36, align: 'right' },
    { label: w.base, width: 70, align: 'right' },
    { label: w.total, width: 72, align: 'right' },
  ];
  const used = fixed.reduce((sum, c) => sum + c.width, 0);
  const lineColumns: Column[] = [{ label: w.description, width: width - used, align: 'left' }, ...fixed];
  /** One row of cells: its height (the tallest cell), drawn at `y` unless `measure`. */
  const row = (columns: Column[], cells: string[], x0: number, measure = false) => {
    let tallest = 0;
    let x = x0;
    columns.forEach((c, i) => {
      const text = cells[i] ?? '';
      const inner = c.width - 2 * PAD;
      tallest = Math.max(
        tallest,
        measure ? heightOf(text, inner) : put(text, x + PAD, y + PAD, inner, c.align),
      );
      x += c.width;
    });
    return tallest + 2 * PAD;
  };
  const tableWidth = (columns: Column[]) => columns.reduce((sum, c) => sum + c.width, 0);
  const header = (columns: Column[], x0: number) => {
    use(BOLD, BODY - 0.5, MUTED);
    const h = row(
      columns,
      columns.map((c) => c.label),
      x0,
    );
    y += h;
    rule(y, x0, tableWidth(columns));
  };

  header(lineColumns, left);
  for (const l of doc.lines) {
    const cells = [
      l.description,
      qty(l.qty),
      money(l.unitPrice),
      l.discount ? money(l.discount) : '',
      pct(l.taxRateBp),
      money(l.base),
      money(l.total),
    ];
    use(REGULAR, BODY);
    if (y + row(lineColumns, cells, left, true) > bottom()) {
      newPage();
      header(lineColumns, left);
      use(REGULAR, BODY);
    }
    y += row(lineColumns, cells, left);
    rule(y);
  }
  y += 10;

  // ——— tax breakdown and totals, kept together ———
  const taxColumns: Column[] = [w.rate, w.base, w.tax, w.total].map((label) => ({
    label,
    width: 84,
    align: 'right',
  }));
  const taxLeft = left + width - tableWidth(taxColumns);
  const taxCells = doc.taxes.map((t) => [pct(t.taxRateBp), money(t.base), money(t.tax), money(t.total)]);
  const totalColumns: Column[] = [
    { label: '', width: 160, align: 'right' },
    { label: '', width: 96, align: 'right' },
  ];
  const totalsLeft = left + width - tableWidth(totalColumns);
  const totalCells = doc.totals.map(([label, value]) => [label, money(value)]);

  let block = 0;
  if (doc.pricesInclude) {
    use(REGULAR, BODY);
    block += heightOf(w.pricesInclude, width) + 8;
  }
  use(BOLD, BODY - 0.5);
  block += row(
    taxColumns,
    taxColumns.map((c) => c.label),
    taxLeft,
    true,
  );
  use(REGULAR, BODY);
  for (const cells of taxCells) block += row(taxColumns, cells, taxLeft, true);
  block += 12;
  use(BOLD, BODY + 2);
  for (const cells of totalCells) block += row(totalColumns, cells, totalsLeft, true);
  if (y + block > bottom()) newPage();

  if (doc.pricesInclude) {
    use(REGULAR, BODY);
    y += put(w.pricesInclude, left, y, width) + 8;
  }
  header(taxColumns, taxLeft);
  for (const cells of taxCells) {
    use(REGULAR, BODY);
    y += row(taxColumns, cells, taxLeft);
    rule(y, taxLeft, tableWidth(taxColumns));
  }
  y += 12;
  totalCells.forEach((cells, i) => {
    const last = i === totalCells.length - 1;
    use(last ? BOLD : REGULAR, last ? BODY + 2 : BODY + 0.5);
    y += row(totalColumns, cells, totalsLeft);
  });

  // ——— notes: they may run on to another page ———
  if (doc.notes) {
    y += 14;
    use(BOLD, BODY);
    if (y + heightOf(`${w.notes}:`, width) * 2 > bottom()) newPage();
    y += put(`${w.notes}:`, left, y, width) + 2;
    use(REGULAR, BODY);
    pdf.text(winAnsi(doc.notes), left, y, { width });
  }

  // ——— page numbers, in the bottom margin (no new page for them) ———
  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    pdf.page.margins.bottom = 0;
    use(REGULAR, BODY - 1, MUTED);
    pdf.text(winAnsi(`${doc.title} · ${w.page(i + 1, pages.count)}`), left, pdf.page.height - 36, {
      width,
      align: 'right',
      lineBreak: false,
    });
    pdf.page.margins.bottom = MARGINS.bottom;
  }
  pdf.end();
  return done;
}
