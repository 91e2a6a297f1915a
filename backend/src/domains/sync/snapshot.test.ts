import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addBusiness, addMember, signedInAgent } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { createApp } from '../../app.js';
import { SYNCED_TABLES } from '../../db/change-tracking.js';
import { pullChanges } from './change-log.js';
import { type SnapshotLine, writeSnapshot } from './snapshot.js';

type Hub = Awaited<ReturnType<typeof hubWithOwner>>;

/** The NDJSON body as (table → row images keyed like a pull's `table:key`), with its cursor and end line. */
function parseSnapshot(text: string) {
  const lines = text.split('\n');
  expect(lines.pop()).toBe(''); // ends with a newline
  const head = JSON.parse(lines[0] as string) as SnapshotLine;
  const images = new Map<string, Record<string, unknown>>();
  let columns: string[] = [];
  let table = '';
  let end: SnapshotLine | null = null;
  for (const line of lines.slice(1)) {
    const parsed = JSON.parse(line) as SnapshotLine | unknown[];
    if (Array.isArray(parsed)) {
      const row = Object.fromEntries(columns.map((c, i) => [c, parsed[i]]));
      const key = (SYNCED_TABLES[table]?.primaryKey ?? []).map((c) => row[c]);
      images.set(`${table}:${JSON.stringify(key)}`, row);
    } else if ('table' in parsed) {
      table = parsed.table;
      columns = parsed.columns;
    } else {
      end = parsed;
    }
  }
  return { head, images, end };
}

const snapshot = (h: Hub, token: string) =>
  request(h.app)
    .get('/sync/snapshot')
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });

/** Every live row of the business as a pull from 0 gives it (the slow path the snapshot replaces). */
async function pulledImages(h: Hub) {
  const page = await pullChanges(h.deps.db, h.tenantId, 0, 1_000_000);
  const images = new Map<string, Record<string, unknown>>();
  for (const c of page.changes) if (c.row) images.set(`${c.table}:${JSON.stringify(c.key)}`, c.row);
  return { images, cursor: page.cursor };
}

describe('GET /sync/snapshot', () => {
  it("streams every live row of the device's business, equal to a full pull, with a cursor after all of them", async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const category = await h.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
    for (const sku of ['AGUA', 'ZUMO', 'CAFE']) {
      await h.agent
        .post('/api/catalog/products')
        .send({ sku, name: `Producto ${sku}`, price: 150, taxRateBp: 1000, categoryId: category.body.id })
        .expect(201);
    }
    const gone = await h.agent.post('/api/catalog/categories').send({ name: 'Borrada' }).expect(201);
    await h.agent.delete(`/api/catalog/categories/${gone.body.id}`);

    const res = await snapshot(h, token).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const { head, images, end } = parseSnapshot(res.body as string);
    const pulled = await pulledImages(h);

    expect(end).toEqual({ end: true, rows: images.size });
    expect([...images.keys()].sort()).toEqual([...pulled.images.keys()].sort());
    for (const [key, row] of pulled.images) expect(images.get(key), key).toEqual(row);
    // The cursor is past every change the snapshot holds, and nothing is left after it.
    expect('cursor' in head && head.cursor).toBeGreaterThanOrEqual(pulled.cursor);
    const after = await pullChanges(h.deps.db, h.tenantId, (head as { cursor: number }).cursor, 100);
    expect(after.changes).toEqual([]);
  });

  it('names the cursor of its own snapshot: a commit made while it streams comes by the next pull, not in it', async () => {
    const h = await hubWithOwner();
    let wrote = false;
    let text = '';
    const { cursor } = await writeSnapshot(h.deps.db, h.tenantId, async (chunk) => {
      text += chunk;
      if (wrote) return;
      wrote = true;
      // Committed by another connection after the snapshot's transaction started reading.
      await h.agent.post('/api/catalog/categories').send({ name: 'Llegó tarde' }).expect(201);
    });
    expect(text).not.toContain('Llegó tarde');
    const next = await pullChanges(h.deps.db, h.tenantId, cursor, 100);
    const categories = next.changes.filter((c) => c.table === 'categories');
    expect(categories.map((c) => c.row?.name)).toEqual(['Llegó tarde']);
    // And nothing the snapshot holds comes again.
    const { images } = parseSnapshot(text);
    for (const c of next.changes) expect(images.has(`${c.table}:${JSON.stringify(c.key)}`)).toBe(false);
  });

  it("never holds another business's rows", async () => {
    const h = await hubWithOwner();
    const { token } = await h.enroll();
    const tenantB = await addBusiness(h.deps, 'Secreto B');
    await addMember(h.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const ownerB = await signedInAgent(createApp(h.deps), 'owner-b@example.com');
    await ownerB.post('/api/catalog/categories').send({ name: 'Secreto categoría' }).expect(201);

    const res = await snapshot(h, token).expect(200);
    expect(res.body).not.toMatch(/Secreto|owner-b/);
    expect(res.body).not.toContain(tenantB);
    const { images } = parseSnapshot(res.body as string);
    expect(images.size).toBeGreaterThan(0);
  });

  it('refuses a request without a valid device token with problem+json', async () => {
    const h = await hubWithOwner();
    const absent = await request(h.app).get('/sync/snapshot').expect(401);
    expect(absent.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(absent.body.code).toBe('device-token-required');
    const unknown = await request(h.app)
      .get('/sync/snapshot')
      .set('authorization', `Bearer ${'x'.repeat(43)}`)
      .expect(401);
    expect(unknown.body.code).toBe('device-unknown');
  });
});
