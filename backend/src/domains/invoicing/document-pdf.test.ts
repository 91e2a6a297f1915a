/**
 * Invoices, credit notes and quotes as PDF files: the email attaches `<number>.pdf`
 * (application/pdf) and `GET /api/invoices/:id/pdf` / `GET /api/quotes/:id/pdf` download it, for
 * the business's own documents only. The text read back out of the PDF (pdfjs) is what the A4
 * print page shows: parties with tax ids, lines with Spanish accents, the tax breakdown per rate
 * and the totals in the business's format; a long invoice runs over pages with the totals last.
 */
import request, { type Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { startSmtp } from '../../../test/smtp.js';
import type { InvoiceView, QuoteView } from '../../contract/index.js';
import { createMailer } from '../../core/mailer.js';

/** Each page's text as a reader sees it: items joined by spaces, Intl's no-break spaces as plain ones. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push(text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

/** A download as its bytes (supertest would otherwise leave a PDF body empty). */
const bytes = (req: Test) =>
  req.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });

interface Attachment {
  contentType: string;
  disposition: string;
  content: Buffer;
}

/** The attachments of a raw MIME message: each leaf part with a Content-Disposition of attachment. */
function attachmentsOf(raw: string): Attachment[] {
  const found: Attachment[] = [];
  const walk = (part: string) => {
    const text = part.replace(/\r\n/g, '\n');
    const end = text.indexOf('\n\n');
    const head = (end === -1 ? text : text.slice(0, end)).replace(/\n[ \t]+/g, ' ');
    const body = end === -1 ? '' : text.slice(end + 2);
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
    const type = header('content-type');
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (boundary) {
      for (const section of body.split(`--${boundary}`).slice(1)) {
        if (section.startsWith('--')) break;
        walk(section.replace(/^\n/, ''));
      }
      return;
    }
    const disposition = header('content-disposition');
    if (!/^attachment/i.test(disposition)) return;
    expect(header('content-transfer-encoding').toLowerCase()).toBe('base64');
    found.push({ contentType: type, disposition, content: Buffer.from(body.replace(/\s+/g, ''), 'base64') });
  };
  walk(raw);
  return found;
}

async function shop() {
  const smtp = await startSmtp();
  const deps = await testDeps(undefined, {
    clock: fixedClock(),
    mailer: createMailer(smtp.url, 'Mostrador <no-reply@mostrador.test>'),
  });
  const owner = await ownerAgent(deps);
  await owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const customerId = (
    await owner.agent
      .post('/api/customers')
      .send({
        name: 'Coworking Norte SL',
        taxId: 'B87654321',
        email: 'cuentas@norte.example',
        address: 'Av. Norte 5',
      })
      .expect(201)
  ).body.id as string;
  return { ...owner, smtp, tenantId: owner.session.tenant?.id as string, customerId };
}
type Shop = Awaited<ReturnType<typeof shop>>;

async function draftInvoice(s: Shop, lines: unknown[]) {
  return (await s.agent.post('/api/invoices').send({ customerId: s.customerId, lines }).expect(201))
    .body as InvoiceView;
}

async function issuedInvoice(s: Shop, lines: unknown[]) {
  const draft = await draftInvoice(s, lines);
  return (await s.agent.post(`/api/invoices/${draft.id}/issue`).send({}).expect(200)).body as InvoiceView;
}

/** Over 10.000 € so the Spanish thousands separator shows (es-ES groups from five digits). */
const spanishLines = [
  { description: 'Café en grano 1 kg', qty: 3, unitPrice: 450_000, taxRateBp: 1000 },
  {
    description: 'Diseño del rótulo «La Esquina»',
    qty: 1,
    unitPrice: 210_000,
    taxRateBp: 2100,
    discount: { kind: 'percent', bp: 1000 },
  },
];

/** What the invoice of `spanishLines` must show, as its print page shows it. */
function expectSpanishInvoice(text: string, invoice: InvoiceView) {
  expect(invoice.total).toBe(1_713_690);
  expect(text).toContain(`Factura ${invoice.number}`);
  expect(text).toContain(`Número: ${invoice.number}`);
  expect(text).toContain('Fecha de emisión: 25 de noviembre de 2026');
  expect(text).toContain('Café La Esquina S.L. NIF: B12345678 Calle Mayor 1, Madrid');
  expect(text).toContain('Coworking Norte SL NIF: B87654321 Av. Norte 5');
  // Lines: qty, unit price, discount, rate, base, amount.
  expect(text).toContain('Café en grano 1 kg 3 4500,00 € 10 % 13.500,00 € 14.850,00 €');
  expect(text).toContain('Diseño del rótulo «La Esquina» 1 2100,00 € 210,00 € 21 % 1890,00 € 2286,90 €');
  // The tax breakdown per rate: base, tax, total.
  expect(text).toContain('IVA Base imponible Cuota Total');
  expect(text).toContain('10 % 13.500,00 € 1350,00 € 14.850,00 €');
  expect(text).toContain('21 % 1890,00 € 396,90 € 2286,90 €');
  expect(text).toContain('Base imponible 15.390,00 € Cuota 1746,90 €');
  expect(text).toMatch(/Total 17\.136,90 € Factura \S+ · Página 1 de 1$/);
}

describe('an invoice as a PDF', () => {
  it('is attached to its email as <number>.pdf, application/pdf, with the invoice in it', async () => {
    const s = await shop();
    const invoice = await issuedInvoice(s, spanishLines);
    await s.agent.post(`/api/invoices/${invoice.id}/email`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    // The HTML body stays the A4 page.
    expect(mail.html).toContain(`Factura ${invoice.number}`);
    const [pdf, ...others] = attachmentsOf(mail.raw);
    expect(others).toEqual([]);
    expect(pdf?.contentType).toMatch(/^application\/pdf/);
    expect(pdf?.disposition).toMatch(new RegExp(`filename="?${invoice.number}\\.pdf"?`));
    expect(pdf?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfPages(pdf?.content as Buffer);
    expect(pages).toHaveLength(1);
    expectSpanishInvoice(pages.join(' '), invoice);
    expect(pages[0]).not.toContain('Pagado');
  });

  it('downloads from GET /api/invoices/:id/pdf, named after its number, as the print page shows it', async () => {
    const s = await shop();
    const invoice = await issuedInvoice(s, spanishLines);
    await s.agent
      .post(`/api/invoices/${invoice.id}/payments`)
      .send({ method: 'card', amount: 1_000_000 })
      .expect(200);
    const res = await bytes(s.agent.get(`/api/invoices/${invoice.id}/pdf`)).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?${invoice.number}\\.pdf"?$`),
    );
    const text = (await pdfPages(res.body as Buffer)).join(' ');
    expectSpanishInvoice(text, invoice);
    // Paid and still due, as on the print page.
    expect(text).toContain('Cuota 1746,90 € Pagado 10.000,00 € Pendiente 7136,90 € Total 17.136,90 €');
    const printed = (await s.agent.get(`/api/invoices/${invoice.id}/print`).expect(200)).text;
    expect(printed.replace(/[\u00a0]/g, ' ')).toContain(
      '<td class="n">Pendiente</td><td class="n">7136,90 €</td>',
    );
  });

  it('stamps a draft as the print page does', async () => {
    const s = await shop();
    const draft = await draftInvoice(s, spanishLines);
    const res = await bytes(s.agent.get(`/api/invoices/${draft.id}/pdf`)).expect(200);
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?${draft.id}\\.pdf"?$`),
    );
    const text = (await pdfPages(res.body as Buffer)).join(' ');
    expect(text).toContain('Borrador (sin validez fiscal)');
    expect(text).toContain('Total 17.136,90 €');
  });

  it('titles a credit note and names the invoice it corrects', async () => {
    const s = await shop();
    const invoice = await issuedInvoice(s, spanishLines);
    const voided = (await s.agent.post(`/api/invoices/${invoice.id}/void`).send({}).expect(200)).body;
    const credit = voided.creditNote as InvoiceView;
    const res = await bytes(s.agent.get(`/api/invoices/${credit.id}/pdf`)).expect(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`filename="?${credit.number}\\.pdf"?$`));
    const text = (await pdfPages(res.body as Buffer)).join(' ');
    expect(text).toContain(`Factura rectificativa ${credit.number}`);
    expect(text).toContain(`Rectifica la factura: ${invoice.number}`);
    expect(text).toContain('Total -17.136,90 €');
  });

  it('runs a 60-line invoice over pages, the totals after the last line on the last page', async () => {
    const s = await shop();
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Sesión de coworking nº ${i + 1}`,
      qty: 1,
      unitPrice: 1000,
      taxRateBp: 2100,
    }));
    const invoice = await issuedInvoice(s, lines);
    expect(invoice.total).toBe(72_600);
    const res = await bytes(s.agent.get(`/api/invoices/${invoice.id}/pdf`)).expect(200);
    const pages = await pdfPages(res.body as Buffer);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const last = pages[pages.length - 1] as string;
    expect(last).toContain('Sesión de coworking nº 60 1 10,00 € 21 % 10,00 € 12,10 €');
    expect(last).toMatch(/Sesión de coworking nº 60 .*21 % 600,00 € 126,00 € 726,00 € .*Total 726,00 €/);
    expect(last).toContain(`Página ${pages.length} de ${pages.length}`);
    // Every line once, in order, and the totals nowhere but at the end.
    const all = pages.join(' ');
    const order = lines.map((l) => all.indexOf(`${l.description} 1 10,00 €`));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const page of pages.slice(0, -1)) expect(page).not.toContain('Total 726,00 €');
    // The column heads repeat on every page.
    for (const page of pages)
      expect(page).toContain('Concepto Cantidad Precio Descuento IVA Base imponible Total');
  });

  it("answers 404 problem+json for another business's invoice or an unknown one, 403 for staff, 401 signed out", async () => {
    const s = await shop();
    const invoice = await issuedInvoice(s, spanishLines);
    const tenantB = await addBusiness(s.deps, 'Tienda B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    const other = await b.get(`/api/invoices/${invoice.id}/pdf`).expect(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body.code).toBe('not-found');
    expect(other.text).not.toContain('Coworking Norte');
    const unknown = await s.agent.get(`/api/invoices/${s.deps.newId()}/pdf`).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    await addMember(s.deps, s.tenantId, { email: 'caja@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'caja@example.com');
    await staff.get(`/api/invoices/${invoice.id}/print`).expect(403);
    await staff.get(`/api/invoices/${invoice.id}/pdf`).expect(403);
    await request(s.app).get(`/api/invoices/${invoice.id}/pdf`).expect(401);
  });
});

describe('a quote as a PDF', () => {
  async function quoteOf(s: Shop) {
    return (
      await s.agent
        .post('/api/quotes')
        .send({
          customerId: s.customerId,
          validUntil: '2026-12-24',
          notes: 'Entrega en 48 h',
          lines: spanishLines,
        })
        .expect(201)
    ).body as QuoteView;
  }

  const expectQuote = (text: string, quote: QuoteView) => {
    expect(text).toContain(`Presupuesto ${quote.number}`);
    expect(text).toContain('Válido hasta: 24 de diciembre de 2026');
    expect(text).toContain('Coworking Norte SL NIF: B87654321 Av. Norte 5');
    expect(text).toContain('Diseño del rótulo «La Esquina» 1 2100,00 € 210,00 € 21 % 1890,00 € 2286,90 €');
    expect(text).toContain('Total 17.136,90 €');
    expect(text).toContain('Notas: Entrega en 48 h');
  };

  it('is attached to the quote email as <number>.pdf and downloads from GET /api/quotes/:id/pdf', async () => {
    const s = await shop();
    const quote = await quoteOf(s);
    await s.agent.post(`/api/quotes/${quote.id}/send`).send({}).expect(200);
    const mail = await s.smtp.waitForMessage();
    expect(mail.html).toContain(`Presupuesto ${quote.number}`);
    const [pdf, ...others] = attachmentsOf(mail.raw);
    expect(others).toEqual([]);
    expect(pdf?.contentType).toMatch(/^application\/pdf/);
    expect(pdf?.disposition).toMatch(new RegExp(`filename="?${quote.number}\\.pdf"?`));
    expect(pdf?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expectQuote((await pdfPages(pdf?.content as Buffer)).join(' '), quote);

    // Staff work with quotes: they download it too.
    await addMember(s.deps, s.tenantId, { email: 'caja@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'caja@example.com');
    const res = await bytes(staff.get(`/api/quotes/${quote.id}/pdf`)).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="?${quote.number}\\.pdf"?$`),
    );
    expectQuote((await pdfPages(res.body as Buffer)).join(' '), quote);
  });

  it("answers 404 problem+json for another business's quote or an unknown one", async () => {
    const s = await shop();
    const quote = await quoteOf(s);
    const tenantB = await addBusiness(s.deps, 'Tienda B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    const other = await b.get(`/api/quotes/${quote.id}/pdf`).expect(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.text).not.toContain('Coworking Norte');
    await s.agent.get(`/api/quotes/${s.deps.newId()}/pdf`).expect(404);
    await request(s.app).get(`/api/quotes/${quote.id}/pdf`).expect(401);
  });
});
