/**
 * The members list past its first page: every member is reachable page by page (no cut at 200),
 * each once, in name order, with how many match the filters; another business's members are
 * neither listed nor counted.
 */
import { describe, expect, it } from 'vitest';
import {
  addBusiness,
  addMember,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import type { MemberListItem } from '../../contract/index.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

/** Follows `next` from the first page to the last: the members in order and the total every page gave. */
async function everyPage(agent: Agent, query: Record<string, string | number> = {}) {
  const rows: MemberListItem[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const body = (
      await agent
        .get('/api/members')
        .query(after ? { ...query, after } : query)
        .expect(200)
    ).body;
    rows.push(...(body.members as MemberListItem[]));
    totals.push(body.total);
    if (!body.next) break;
    after = body.next;
  }
  return { ids: rows.map((m) => m.id), rows, totals };
}

interface Made {
  id: string;
  name: string;
  kind: 'person' | 'company';
  status: 'active' | 'paused';
}

/** By name, the same name by id: the list's order. */
const byName = (made: Made[]) =>
  [...made]
    .sort((x, y) => (x.name === y.name ? (x.id < y.id ? -1 : 1) : x.name < y.name ? -1 : 1))
    .map((m) => m.id);

describe('the members list, page by page', () => {
  it('reaches every one of 230 members with the total, none twice, filters and businesses kept apart', async () => {
    const a = await ownerAgent();
    const tenantB = await addBusiness(a.deps, 'Coworking B');
    await addMember(a.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
    const b = await signedInAgent(a.app, 'owner-b@b.example');
    const made: Made[] = [];
    for (let n = 0; n < 230; n++) {
      // Names repeat (two "Socio 007"…), so a page can end between namesakes; some are companies
      // ("Empresa …"), some paused.
      const kind = n % 9 === 0 ? 'company' : 'person';
      const name = `${kind === 'company' ? 'Empresa' : 'Socio'} ${String(n % 97).padStart(3, '0')}`;
      const status = n % 5 === 0 ? 'paused' : 'active';
      const id = (await a.agent.post('/api/members').send({ name, kind, status }).expect(201)).body
        .id as string;
      made.push({ id, name, kind, status });
    }
    // Members with a live membership are listed once, with their plan.
    const plan = (
      await a.agent
        .post('/api/membership-plans')
        .send({ name: 'Flex', period: 'month', price: 10_000, taxRateBp: 2100 })
        .expect(201)
    ).body as { id: string };
    const withPlan = made.filter((m) => m.kind === 'person').slice(0, 3);
    for (const m of withPlan) {
      await a.agent
        .post(`/api/members/${m.id}/memberships`)
        .send({ planId: plan.id, startsOn: '2026-11-25' })
        .expect(201);
    }
    for (const name of ['Socio 001', 'Empresa de B']) {
      await b.post('/api/members').send({ name }).expect(201);
    }

    const all = await everyPage(a.agent);
    expect(all.ids).toEqual(byName(made));
    expect(new Set(all.totals)).toEqual(new Set([230]));
    expect(all.totals.length).toBeGreaterThan(1);
    expect(
      all.rows
        .filter((r) => r.planName === 'Flex')
        .map((r) => r.id)
        .sort(),
    ).toEqual(withPlan.map((m) => m.id).sort());

    const small = await everyPage(a.agent, { limit: 7 });
    expect(small.ids).toEqual(byName(made));

    const companies = made.filter((m) => m.kind === 'company');
    const searched = await everyPage(a.agent, { q: 'empresa', limit: 4 });
    expect(searched.ids).toEqual(byName(companies));
    expect(new Set(searched.totals)).toEqual(new Set([companies.length]));
    const ofKind = await everyPage(a.agent, { kind: 'company', limit: 4 });
    expect(ofKind.ids).toEqual(byName(companies));
    expect(new Set(ofKind.totals)).toEqual(new Set([companies.length]));

    const paused = made.filter((m) => m.status === 'paused');
    const byStatus = await everyPage(a.agent, { status: 'paused', limit: 10 });
    expect(byStatus.ids).toEqual(byName(paused));
    expect(new Set(byStatus.totals)).toEqual(new Set([paused.length]));
    const pausedSocio = paused.filter((m) => m.name.startsWith('Socio'));
    const both = await everyPage(a.agent, { status: 'paused', q: 'socio', limit: 10 });
    expect(both.ids).toEqual(byName(pausedSocio));
    expect(new Set(both.totals)).toEqual(new Set([pausedSocio.length]));

    const ofB = await everyPage(b);
    expect(ofB.ids).toHaveLength(2);
    expect(ofB.totals).toEqual([2]);
    expect(ofB.ids.some((id) => made.some((m) => m.id === id))).toBe(false);

    const res = await a.agent.get('/api/members').query({ after: 'no bar here' }).expect(400);
    expect(res.body).toMatchObject({ status: 400, field: 'after' });
    expect(JSON.stringify(res.body)).toContain('invalid-cursor');
  }, 120_000);
});

describe('the members list on the hub (Postgres)', () => {
  it('pages the same way, namesakes included: the pages together are the whole list, each once', async () => {
    const a = await ownerAgent(await testDeps(await freshPostgres()));
    const ids: string[] = [];
    for (let n = 0; n < 13; n++) {
      const name = `Socio ${String(n % 4).padStart(3, '0')}`;
      ids.push((await a.agent.post('/api/members').send({ name }).expect(201)).body.id as string);
    }
    const whole = (await a.agent.get('/api/members').query({ limit: 500 }).expect(200)).body as {
      members: MemberListItem[];
      next: string | null;
    };
    expect(whole.next).toBeNull();
    const paged = await everyPage(a.agent, { limit: 3 });
    expect(paged.ids).toEqual(whole.members.map((m) => m.id));
    expect([...paged.ids].sort()).toEqual([...ids].sort());
    expect(paged.totals).toEqual([13, 13, 13, 13, 13]);
  }, 120_000);
});
