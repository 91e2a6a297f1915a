/**
 * The customers list past its first page: every live customer is reachable page by page (no cut
 * at 100), each once, in name order, with how many match the search; another business's
 * customers are neither listed nor counted.
 */
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, ownerAgent, signedInAgent } from '../../../test/helpers.js';
import type { CustomerView } from '../../contract/index.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

/** Follows `next` from the first page to the last: the customers in order and the total every page gave. */
async function everyPage(agent: Agent, query: Record<string, string | number> = {}) {
  const rows: CustomerView[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const body = (
      await agent
        .get('/api/customers')
        .query(after ? { ...query, after } : query)
        .expect(200)
    ).body;
    rows.push(...(body.customers as CustomerView[]));
    totals.push(body.total);
    if (!body.next) break;
    after = body.next;
  }
  return { ids: rows.map((c) => c.id), totals };
}

/** By name, the same name by id: the list's order. */
const byName = (made: { id: string; name: string }[]) =>
  [...made]
    .sort((x, y) => (x.name === y.name ? (x.id < y.id ? -1 : 1) : x.name < y.name ? -1 : 1))
    .map((c) => c.id);

describe('the customers list, page by page', () => {
  it('reaches every one of 130 customers with the total, none twice, the search and businesses kept apart', async () => {
    const a = await ownerAgent();
    const tenantB = await addBusiness(a.deps, 'Tienda B');
    await addMember(a.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(a.app, 'owner-b@b.example');
    const made: { id: string; name: string }[] = [];
    for (let n = 0; n < 131; n++) {
      // Names repeat (two "Cliente 007"…), so a page can end between namesakes; some are from "Norte".
      const name = `${n % 4 === 0 ? 'Norte' : 'Cliente'} ${String(n % 45).padStart(3, '0')}`;
      const id = (await a.agent.post('/api/customers').send({ name }).expect(201)).body.id as string;
      made.push({ id, name });
    }
    // A deleted customer is not listed nor counted.
    const gone = made.pop() as { id: string };
    await a.agent.delete(`/api/customers/${gone.id}`).expect(204);
    for (const name of ['Cliente 001', 'Norte de B']) {
      await b.post('/api/customers').send({ name }).expect(201);
    }

    const all = await everyPage(a.agent);
    expect(all.ids).toEqual(byName(made));
    expect(new Set(all.totals)).toEqual(new Set([130]));
    expect(all.totals.length).toBeGreaterThan(1);

    const small = await everyPage(a.agent, { limit: 6 });
    expect(small.ids).toEqual(byName(made));

    const norte = made.filter((c) => c.name.startsWith('Norte'));
    const searched = await everyPage(a.agent, { q: 'norte', limit: 10 });
    expect(searched.ids).toEqual(byName(norte));
    expect(new Set(searched.totals)).toEqual(new Set([norte.length]));

    const ofB = await everyPage(b);
    expect(ofB.ids).toHaveLength(2);
    expect(ofB.totals).toEqual([2]);
    expect(ofB.ids.some((id) => made.some((c) => c.id === id))).toBe(false);

    const res = await a.agent.get('/api/customers').query({ after: 'no bar here' }).expect(400);
    expect(res.body).toMatchObject({ status: 400, field: 'after' });
    expect(JSON.stringify(res.body)).toContain('invalid-cursor');
  });
});
