/**
 * A quote's printable page (GET /api/quotes/:id/print): the same A4 document its email attaches,
 * with the seller and customer, the lines with their discounts, the tax breakdown and the total,
 * for anyone in the business who works with quotes, and for no one outside it.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { QuoteView } from '../../contract/index.js';

async function shopWithQuote() {
  const owner = await ownerAgent(await testDeps(undefined, { clock: fixedClock() }));
  const tenantId = owner.session.tenant?.id as string;
  await owner.agent
    .patch('/api/tenant')
    .send({ legalName: 'Café La Esquina S.L.', taxId: 'B12345678', address: 'Calle Mayor 1, Madrid' })
    .expect(200);
  const customerId = (
    await owner.agent
      .post('/api/customers')
      .send({ name: 'Coworking Norte SL', taxId: 'B87654321', address: 'Av. Norte 5' })
      .expect(201)
  ).body.id as string;
  const quote = (
    await owner.agent
      .post('/api/quotes')
      .send({
        customerId,
        validUntil: '2026-12-24',
        notes: 'Entrega en 48 h',
        lines: [
          { description: 'Café en grano 1 kg', qty: 3, unitPrice: 1250, taxRateBp: 1000 },
          {
            description: 'Taza',
            qty: 2,
            unitPrice: 999,
            taxRateBp: 2100,
            discount: { kind: 'percent', bp: 1000 },
          },
        ],
      })
      .expect(201)
  ).body as QuoteView;
  return { ...owner, tenantId, quote };
}

/** The page's text as a reader sees it (Intl's no-break spaces as plain ones). */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

describe('a printed quote', () => {
  it('is the A4 page with the parties, the lines and their discounts, the taxes and the total', async () => {
    const s = await shopWithQuote();
    const res = await s.agent.get(`/api/quotes/${s.quote.id}/print`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('@page{size:A4');
    const page = text(res.text);
    expect(page).toContain(`Presupuesto ${s.quote.number}`);
    expect(page).toContain('Válido hasta: 24 de diciembre de 2026');
    expect(page).toContain('Café La Esquina S.L. NIF: B12345678 Calle Mayor 1, Madrid');
    expect(page).toContain('Coworking Norte SL NIF: B87654321 Av. Norte 5');
    // 2 × 9,99 with 10 % off: 2,00 off, base 17,98, 21,76 with tax.
    expect(page).toContain('Taza 2 9,99 € 2,00 € 21 % 17,98 € 21,76 €');
    expect(page).toContain('Café en grano 1 kg 3 12,50 € 10 % 37,50 € 41,25 €');
    expect(s.quote.total).toBe(6301);
    expect(page).toContain('Total 63,01 €');
    expect(page).toContain('Entrega en 48 h');
  });

  it('prints for staff, who work with quotes, an expired quote too', async () => {
    const s = await shopWithQuote();
    await s.deps.db
      .updateTable('quotes')
      .set({ valid_until: '2026-11-01' })
      .where('id', '=', s.quote.id)
      .execute();
    const listed = (await s.agent.get(`/api/quotes/${s.quote.id}`).expect(200)).body as QuoteView;
    expect(listed.status).toBe('expired');
    await addMember(s.deps, s.tenantId, { email: 'caja@example.com', role: 'STAFF' });
    const staff = await signedInAgent(s.app, 'caja@example.com');
    const res = await staff.get(`/api/quotes/${s.quote.id}/print`).expect(200);
    expect(text(res.text)).toContain(`Presupuesto ${s.quote.number}`);
    expect(text(res.text)).toContain('Válido hasta: 1 de noviembre de 2026');
  });

  it("answers 404 for another business's quote or an unknown one, and 401 signed out", async () => {
    const s = await shopWithQuote();
    const tenantB = await addBusiness(s.deps, 'Tienda B');
    await addMember(s.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(s.app, 'owner-b@b.example');
    const other = await b.get(`/api/quotes/${s.quote.id}/print`).expect(404);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.text).not.toContain('Coworking Norte');
    await s.agent.get(`/api/quotes/${s.deps.newId()}/print`).expect(404);
    await request(s.app).get(`/api/quotes/${s.quote.id}/print`).expect(401);
  });
});
