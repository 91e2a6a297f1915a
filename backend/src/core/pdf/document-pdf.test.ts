/**
 * The PDF's standard fonts speak WinAnsi only: text outside it is brought into it (a French
 * business's narrow no-break spaces, a Polish place name, Japanese) instead of coming out as
 * wrong glyphs, and an English business gets English labels.
 */
import { describe, expect, it } from 'vitest';
import type { Printable } from '../mail/invoice.js';
import { documentPdf } from './document-pdf.js';
import { winAnsi } from './win-ansi.js';

async function pdfText(pdf: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/[\u00a0\u202f]/g, ' ')
        .replace(/\s+/g, ' '),
    );
  }
  await doc.destroy();
  return pages;
}

describe('winAnsi', () => {
  it('keeps Spanish and the euro, maps spaces and dashes, strips marks WinAnsi lacks, ? for the rest', () => {
    expect(winAnsi('Añadir ñandú: 1.234,56\u00a0€ — «sí» “ok”')).toBe(
      'Añadir ñandú: 1.234,56\u00a0€ — «sí» “ok”',
    );
    expect(winAnsi('12\u202f345,67\u00a0€')).toBe('12\u00a0345,67\u00a0€');
    expect(winAnsi('Łódź, Kraków, Nováková, Őrség')).toBe('Lódz, Kraków, Nováková, Orség');
    expect(winAnsi('e\u0301')).toBe('é');
    expect(winAnsi('日本 🙂 Мир')).toBe('?? ? ???');
    expect(winAnsi('a\tb\r\nc\u2212d\u200b')).toBe('a b\nc-d');
  });
});

describe('a document PDF', () => {
  it('shows a French-formatted amount and foreign names in characters the font has, in English', async () => {
    const doc: Printable = {
      title: 'Invoice F-0001-000007',
      stamp: null,
      meta: [['Number', 'F-0001-000007']],
      seller: { name: 'Łódź Trading', taxId: 'PL123', address: null },
      buyer: { name: '日本 Client', taxId: 'JP9', address: null },
      lines: [
        {
          id: 'l1',
          lineNo: 1,
          productId: null,
          description: 'Kraków tour',
          qty: 1,
          unitPrice: 1_234_567,
          taxRateBp: 0,
          discount: 0,
          base: 1_234_567,
          tax: 0,
          total: 1_234_567,
        },
      ],
      taxes: [{ taxRateBp: 0, base: 1_234_567, tax: 0, total: 1_234_567 }],
      totals: [['Total', 1_234_567]],
      pricesInclude: false,
      notes: null,
    };
    const pdf = await documentPdf(
      { language: 'en', locale: 'fr-FR', currency: 'EUR', businessName: 'Łódź', timeZone: 'Europe/Paris' },
      doc,
    );
    const [page, ...more] = await pdfText(pdf);
    expect(more).toEqual([]);
    expect(page).toContain('FROM Lódz Trading Tax ID: PL123');
    expect(page).toContain('BILL TO ?? Client Tax ID: JP9');
    expect(page).toContain('Description Qty Unit price Discount Tax Taxable base Total');
    // fr-FR groups with U+202F, which WinAnsi lacks: a no-break space instead.
    expect(page).toContain('Kraków tour 1 12 345,67 € 0 % 12 345,67 € 12 345,67 €');
    expect(page).toContain('Total 12 345,67 € Invoice F-0001-000007 · Page 1 of 1');
  });
});
