/**
 * The `q` searches by name beyond customers and invoices (those are in
 * customers.test.ts): suppliers, members, bookable resources and the
 * platform's list of businesses all ignore case and accents, on the
 * console's SQLite and on the hub's Postgres alike.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../src/db/schema.js';
import {
  addBusiness,
  addMember,
  addSuperadmin,
  freshPostgres,
  ownerAgent,
  signedInAgent,
  testDeps,
} from './helpers.js';

type Agent = Awaited<ReturnType<typeof ownerAgent>>['agent'];

async function twoBusinesses(db?: Kysely<DB>) {
  const a = await ownerAgent(await testDeps(db));
  const tenantB = await addBusiness(a.deps, 'Tienda B');
  await addMember(a.deps, tenantB, { email: 'owner-b@b.example', role: 'OWNER' });
  const agentB = await signedInAgent(a.app, 'owner-b@b.example');
  return { ...a, agentB };
}

async function names(agent: Agent, path: string, key: string, q: string): Promise<string[]> {
  const body = (await agent.get(path).query({ q }).expect(200)).body;
  return (body[key] as { name: string }[]).map((row) => row.name).sort();
}

describe.each([
  ['the console (SQLite)', async () => undefined],
  ['the hub (Postgres)', async () => freshPostgres()],
])('name searches on %s ignore case and accents', (_where, database) => {
  it("finds suppliers typed with or without accents, not another business's", async () => {
    const s = await twoBusinesses(await database());
    for (const name of ['Lácteos Peñalara', 'Distribuciones Sur'])
      await s.agent.post('/api/suppliers').send({ name }).expect(201);
    await s.agentB.post('/api/suppliers').send({ name: 'Lácteos Ruiz' }).expect(201);

    for (const q of ['Lácteos', 'lácteos', 'LACTEOS', 'penalara'])
      expect(await names(s.agent, '/api/suppliers', 'suppliers', q), q).toEqual(['Lácteos Peñalara']);
    expect(await names(s.agentB, '/api/suppliers', 'suppliers', 'lacteos')).toEqual(['Lácteos Ruiz']);
  });

  it("finds members typed with or without accents, not another business's", async () => {
    const s = await twoBusinesses(await database());
    for (const name of ['Íñigo Martínez', 'Laura Gil'])
      await s.agent.post('/api/members').send({ name }).expect(201);
    await s.agentB.post('/api/members').send({ name: 'Íñigo Ruiz' }).expect(201);

    for (const q of ['Íñigo', 'íñigo', 'inigo', 'MARTINEZ'])
      expect(await names(s.agent, '/api/members', 'members', q), q).toEqual(['Íñigo Martínez']);
    expect(await names(s.agentB, '/api/members', 'members', 'inigo')).toEqual(['Íñigo Ruiz']);
  });

  it('finds a bookable room typed with or without accents', async () => {
    const s = await twoBusinesses(await database());
    const locations = (await s.agent.get('/api/stock/locations').expect(200)).body.locations as {
      id: string;
    }[];
    const room = (name: string) => ({
      type: 'meeting_room',
      name,
      capacity: 1,
      locationId: locations[0]?.id,
      pricePerHour: 2000,
      taxRateBp: 2100,
    });
    for (const name of ['Sala Atlántico', 'Sala Norte'])
      await s.agent.post('/api/resources').send(room(name)).expect(201);

    for (const q of ['Atlántico', 'ATLÁNTICO', 'atlantico'])
      expect(await names(s.agent, '/api/resources', 'resources', q), q).toEqual(['Sala Atlántico']);
    expect(await names(s.agentB, '/api/resources', 'resources', 'atlantico')).toEqual([]);
  });

  it("finds a business in the platform's list typed without its accents", async () => {
    const s = await ownerAgent(await testDeps(await database()));
    await addBusiness(s.deps, 'Peluquería Núñez');
    await addSuperadmin(s.deps);
    const root = await signedInAgent(s.app, 'root@mostrador.app', 'platform-pass-1');

    expect(await names(root, '/api/platform/tenants', 'tenants', 'cafe')).toEqual(['Café La Esquina']);
    expect(await names(root, '/api/platform/tenants', 'tenants', 'PELUQUERIA nuñez')).toEqual([
      'Peluquería Núñez',
    ]);
  });
});
