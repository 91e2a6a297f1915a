import http from 'node:http';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SCHEMA_VERSION } from '../../../../migrations/index.js';
import {
  addBusiness,
  addMember,
  freshPostgresUrl,
  ownerAgent,
  signedInAgent,
  testDeps,
} from '../../../test/helpers.js';
import { createApp } from '../../app.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import { startServer } from '../../server.js';
import { ChangeFeed } from './change-feed.js';

/** A hub process: its own pool, its own change feed, its own HTTP server, on the shared database. */
async function hubProcess(url: string) {
  const db = openPostgres(url, 4);
  const deps = await testDeps(db, { mode: 'hub', changeFeed: new ChangeFeed(url) });
  await deps.changeFeed?.start();
  const app = createApp(deps);
  const server = await startServer(app, 0);
  onTestFinished(async () => {
    await server.close();
    await deps.changeFeed?.stop();
    await db.destroy();
  });
  return { deps, app, server };
}

/** Reads a device's event stream; `next(name)` resolves with the next event of that name. */
function openEvents(baseUrl: string, token: string) {
  const seen: string[] = [];
  const waiters: { name: string; resolve: () => void }[] = [];
  let buffer = '';
  const req = http.get(`${baseUrl}/sync/events`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (\w+)$/m.exec(block)?.[1];
        if (name) {
          seen.push(name);
          const i = waiters.findIndex((w) => w.name === name);
          if (i >= 0) waiters.splice(i, 1)[0]?.resolve();
        }
        end = buffer.indexOf('\n\n');
      }
    });
  });
  req.on('error', () => undefined);
  onTestFinished(() => {
    req.destroy();
  });
  return {
    seen,
    next(name: string, timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${name}" event within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          name,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

describe('the change stream', () => {
  it('tells a device connected to one hub process about a commit made through another, and only its own business', async () => {
    const url = await freshPostgresUrl();
    const migrator = openPostgres(url, 1);
    await migrateToLatest(migrator);
    await migrator.destroy();
    const hubA = await hubProcess(url);
    const hubB = await hubProcess(url);

    const owner = await ownerAgent(hubA.deps);
    const enroll = async (agent: typeof owner.agent) => {
      const code = (await agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
      const res = await request(hubA.app)
        .post('/sync/enroll')
        .send({ code, deviceId: uuidv7(), name: 'Caja', appVersion: '0.1.0' })
        .expect(201);
      return res.body.token as string;
    };
    const tokenA1 = await enroll(owner.agent);
    const tokenA2 = await enroll(owner.agent);
    const tenantB = await addBusiness(hubA.deps, 'Tienda B');
    await addMember(hubA.deps, tenantB, { email: 'owner-b@example.com', role: 'OWNER' });
    const ownerB = await signedInAgent(hubA.app, 'owner-b@example.com');
    const tokenB = await enroll(ownerB);

    const listening = openEvents(hubB.server.url, tokenA2);
    const other = openEvents(hubB.server.url, tokenB);
    await Promise.all([listening.next('ready'), other.next('ready')]);
    expect(hubB.deps.changeFeed?.connected).toBe(2);

    // Device A1 pushes a sale-like op through hub process A.
    const changed = listening.next('change');
    await request(hubA.app)
      .post('/sync/push')
      .set('authorization', `Bearer ${tokenA1}`)
      .send({
        ops: [
          {
            opId: uuidv7(),
            deviceSeq: 1,
            command: 'catalog.category.create',
            input: { categoryId: uuidv7(), name: 'Bebidas', parentId: null },
            schemaVersion: SCHEMA_VERSION,
            actorId: owner.session.user.id,
            createdAt: '2026-11-25T10:00:00.000Z',
          },
        ],
      })
      .expect(200);
    await changed;
    // The other business's device heard nothing of it.
    await new Promise((r) => setTimeout(r, 300));
    expect(other.seen).toEqual(['ready']);

    const pulled = await request(hubB.app)
      .get('/sync/pull?cursor=0&limit=1000')
      .set('authorization', `Bearer ${tokenA2}`)
      .expect(200);
    expect(
      pulled.body.changes.some((c: { row: { name?: string } | null }) => c.row?.name === 'Bebidas'),
    ).toBe(true);
  });

  it('refuses a stream without a device token', async () => {
    const url = await freshPostgresUrl();
    const migrator = openPostgres(url, 1);
    await migrateToLatest(migrator);
    await migrator.destroy();
    const hub = await hubProcess(url);
    const res = await request(hub.app).get('/sync/events').expect(401);
    expect(res.body.code).toBe('device-token-required');
  });
});
