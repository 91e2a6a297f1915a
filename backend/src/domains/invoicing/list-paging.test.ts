/**
 * The invoices and quotes lists a busy quarter fills: every matching document is reachable page
 * by page (no cut at 200), each once, with how many match the filters; another business's
 * documents are neither listed nor counted.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  fixedClock,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { InvoiceSummary, QuoteSummary } from '../../contract/index.js';
import type { DB } from '../../db/schema.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

const LINE = { description: 'Consultoría', qty: 1, unitPrice: 5000, taxRateBp: 2100 };

/** Business A's owner with two customers, and the owner of a second business B on the same database. */
async function twoBusinesses(db?: Kysely<DB>) {
  const clock = fixedClock();
  const deps = await testDeps(db, { clock });
  const a = await ownerAgent(deps);
  const customer = async (agent: Agent, name: string) =>
    (await agent.post('/api/customers').send({ name }).expect(201)).body.id as string;
  const tenantB = await addBusiness(deps, 'Tienda B');
  await addMember(deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
  const agentB = await signedInAgent(a.app, 'owner-b@b.example');
  return {
    ...a,
    agentB,
    norte: await customer(a.agent, 'Coworking Norte SL'),
    sur: await customer(a.agent, 'Papelería Sur'),
    customerB: await customer(agentB, 'Cliente de B'),
    /**
     * Before the n-th document: the clock moves every third one, so several share a creation
     * instant (the id orders those). Answers the instant the document is created at.
     */
    tick: (n: number) => {
      if (n % 3 === 0) clock.advance(1);
      return clock.now().toISOString();
    },
  };
}

/** Follows `next` from the first page to the last: the rows in order and the total every page gave. */
async function everyPage<T extends { id: string }>(
  agent: Agent,
  path: string,
  key: string,
  query: Record<string, string | number> = {},
) {
  const rows: T[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const body = (
      await agent
        .get(path)
        .query(after ? { ...query, after } : query)
        .expect(200)
    ).body;
    rows.push(...(body[key] as T[]));
    totals.push(body.total);
    if (!body.next) break;
    after = body.next;
  }
  return { ids: rows.map((r) => r.id), rows, totals };
}

interface Made {
  id: string;
  at: string;
}

/** Newest first, the same instant by id: the order a reader of the list expects, stable. */
const newestFirst = (made: Made[]) =>
  [...made].sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1)).map((m) => m.id);

describe('the invoices list, page by page', () => {
  it('reaches every one of 230 invoices with the total, none twice, filters and businesses kept apart', async () => {
    const s = await twoBusinesses();
    const norte: Made[] = [];
    const sur: Made[] = [];
    for (let n = 0; n < 230; n++) {
      const at = s.tick(n);
      const customerId = n % 4 === 0 ? s.sur : s.norte;
      const id = (
        await s.agent
          .post('/api/invoices')
          .send({ customerId, lines: [LINE] })
          .expect(201)
      ).body.id as string;
      (customerId === s.sur ? sur : norte).push({ id, at });
    }
    // Business B's own invoices, newer than all of A's.
    for (let n = 0; n < 3; n++) {
      await s.agentB
        .post('/api/invoices')
        .send({ customerId: s.customerB, lines: [LINE] })
        .expect(201);
    }
    const created = newestFirst([...norte, ...sur]);

    const all = await everyPage<InvoiceSummary>(s.agent, '/api/invoices', 'invoices');
    expect(all.ids).toEqual(created);
    expect(new Set(all.totals)).toEqual(new Set([230]));
    expect(all.totals.length).toBeGreaterThan(1);

    const small = await everyPage<InvoiceSummary>(s.agent, '/api/invoices', 'invoices', { limit: 7 });
    expect(small.ids).toEqual(created);

    const ofSur = await everyPage<InvoiceSummary>(s.agent, '/api/invoices', 'invoices', {
      customerId: s.sur,
      limit: 20,
    });
    expect(ofSur.ids).toEqual(newestFirst(sur));
    expect(new Set(ofSur.totals)).toEqual(new Set([sur.length]));
    expect(ofSur.rows.every((i) => i.customerId === s.sur)).toBe(true);

    const byName = await everyPage<InvoiceSummary>(s.agent, '/api/invoices', 'invoices', { q: 'norte' });
    expect(byName.ids).toEqual(newestFirst(norte));
    expect(new Set(byName.totals)).toEqual(new Set([norte.length]));

    const issuedOnly = (await s.agent.get('/api/invoices').query({ status: 'issued' }).expect(200)).body;
    expect(issuedOnly).toMatchObject({ invoices: [], total: 0, next: null });

    const ofB = await everyPage<InvoiceSummary>(s.agentB, '/api/invoices', 'invoices');
    expect(ofB.ids).toHaveLength(3);
    expect(ofB.totals).toEqual([3]);
    expect(ofB.ids.some((id) => created.includes(id))).toBe(false);

    // A cursor it did not give answers 400 on `after`, not a 500 or an arbitrary page.
    for (const after of ['nonsense', 'yesterday|abc', '2026-11-25T10:00:00.000Z|']) {
      const res = await s.agent.get('/api/invoices').query({ after }).expect(400);
      expect(res.body).toMatchObject({ status: 400, field: 'after' });
      expect(JSON.stringify(res.body)).toContain('invalid-cursor');
    }
    const badQuote = await s.agent.get('/api/quotes').query({ after: 'nonsense' }).expect(400);
    expect(badQuote.body).toMatchObject({ status: 400, field: 'after' });
  });
});

describe('the quotes list, page by page', () => {
  it('reaches every one of 215 quotes with the total, none twice, status filter and businesses kept apart', async () => {
    const s = await twoBusinesses();
    const made: Made[] = [];
    for (let n = 0; n < 215; n++) {
      const at = s.tick(n);
      const customerId = n % 5 === 0 ? s.sur : s.norte;
      made.push({
        at,
        id: (
          await s.agent
            .post('/api/quotes')
            .send({ customerId, lines: [LINE] })
            .expect(201)
        ).body.id,
      });
    }
    const ids = made.map((m) => m.id);
    await s.agentB
      .post('/api/quotes')
      .send({ customerId: s.customerB, lines: [LINE] })
      .expect(201);
    // Every third quote ran out last month: "expired" as read today.
    const expired = ids.filter((_, n) => n % 3 === 1);
    await s.deps.db
      .updateTable('quotes')
      .set({ valid_until: '2026-10-01' })
      .where('id', 'in', expired)
      .execute();
    const created = newestFirst(made);

    const all = await everyPage<QuoteSummary>(s.agent, '/api/quotes', 'quotes');
    expect(all.ids).toEqual(created);
    expect(new Set(all.totals)).toEqual(new Set([215]));

    const small = await everyPage<QuoteSummary>(s.agent, '/api/quotes', 'quotes', { limit: 9 });
    expect(small.ids).toEqual(created);

    const gone = await everyPage<QuoteSummary>(s.agent, '/api/quotes', 'quotes', {
      status: 'expired',
      limit: 10,
    });
    expect(gone.ids).toEqual(created.filter((id) => expired.includes(id)));
    expect(new Set(gone.totals)).toEqual(new Set([expired.length]));
    expect(gone.rows.every((q) => q.status === 'expired')).toBe(true);

    const open = await everyPage<QuoteSummary>(s.agent, '/api/quotes', 'quotes', {
      status: 'open',
      customerId: s.norte,
    });
    const openNorte = created.filter((id) => !expired.includes(id) && ids.indexOf(id) % 5 !== 0);
    expect(open.ids).toEqual(openNorte);
    expect(new Set(open.totals)).toEqual(new Set([openNorte.length]));

    const ofB = await everyPage<QuoteSummary>(s.agentB, '/api/quotes', 'quotes');
    expect(ofB.totals).toEqual([1]);
    expect(ofB.ids.some((id) => ids.includes(id))).toBe(false);
  });
});

describe('the lists on the hub (Postgres)', () => {
  it('pages invoices, quotes and customers the same way, ties on the creation instant included', async () => {
    const s = await twoBusinesses(await freshPostgres());
    const invoices: Made[] = [];
    const quotes: Made[] = [];
    for (let n = 0; n < 11; n++) {
      const at = s.tick(n);
      const customerId = n % 2 ? s.sur : s.norte;
      invoices.push({
        at,
        id: (await s.agent.post('/api/invoices').send({ customerId, lines: [LINE] })).body.id,
      });
      quotes.push({
        at,
        id: (await s.agent.post('/api/quotes').send({ customerId, lines: [LINE] })).body.id,
      });
    }
    const i = await everyPage<InvoiceSummary>(s.agent, '/api/invoices', 'invoices', { limit: 4 });
    expect(i.ids).toEqual(newestFirst(invoices));
    expect(i.totals).toEqual([11, 11, 11]);
    const q = await everyPage<QuoteSummary>(s.agent, '/api/quotes', 'quotes', { limit: 4 });
    expect(q.ids).toEqual(newestFirst(quotes));
    expect(q.totals).toEqual([11, 11, 11]);
    const c = await everyPage<{ id: string; name: string }>(s.agent, '/api/customers', 'customers', {
      limit: 1,
    });
    expect(c.rows.map((x) => x.name)).toEqual(['Coworking Norte SL', 'Papelería Sur']);
    expect(c.totals).toEqual([2, 2]);
  });
});
