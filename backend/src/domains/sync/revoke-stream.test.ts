import http from 'node:http';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshPostgresUrl, ownerAgent, testDeps } from '../../../test/helpers.js';
import { createApp } from '../../app.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openPostgres } from '../../db/postgres.js';
import { startServer } from '../../server.js';
import { ChangeFeed } from './change-feed.js';

/** A hub process: its own pool, change feed and HTTP server, on the shared database. */
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

/** A device's event stream: the events it got, and whether the hub ended it. */
function openEvents(baseUrl: string, token: string) {
  const seen: string[] = [];
  let ended = false;
  let buffer = '';
  const req = http.get(`${baseUrl}/sync/events`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const name = /^event: (\w+)$/m.exec(buffer.slice(0, end))?.[1];
        if (name) seen.push(name);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    });
    res.on('end', () => {
      ended = true;
    });
  });
  req.on('error', () => undefined);
  onTestFinished(() => {
    req.destroy();
  });
  return {
    seen,
    get ended() {
      return ended;
    },
  };
}

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe('the change stream of a revoked device', () => {
  it('ends on every hub process when the owner revokes the device, and the device hears nothing more', async () => {
    const url = await freshPostgresUrl();
    const migrator = openPostgres(url, 1);
    await migrateToLatest(migrator);
    await migrator.destroy();
    const hubA = await hubProcess(url);
    const hubB = await hubProcess(url);
    const owner = await ownerAgent(hubA.deps);
    const enroll = async (name: string) => {
      const code = (await owner.agent.post('/api/sync/enrollment-codes').expect(201)).body.code;
      const deviceId = uuidv7();
      const res = await request(hubA.app)
        .post('/sync/enroll')
        .send({ code, deviceId, name, appVersion: '0.1.0' })
        .expect(201);
      return { deviceId, token: res.body.token as string };
    };
    const stolen = await enroll('Caja robada');
    const kept = await enroll('Caja 2');

    // The stolen console holds a stream on each process; the other console one on process B.
    const onA = openEvents(hubA.server.url, stolen.token);
    const onB = openEvents(hubB.server.url, stolen.token);
    const keptStream = openEvents(hubB.server.url, kept.token);
    await until(() => onA.seen.length + onB.seen.length + keptStream.seen.length === 3);
    expect(hubB.deps.changeFeed?.connected).toBe(2);

    // Revoked through process A.
    await owner.agent.post(`/api/sync/devices/${stolen.deviceId}/revoke`).expect(200);
    await until(() => onA.ended && onB.ended);
    // The business keeps working on the hub.
    await owner.agent.post('/api/catalog/categories').send({ name: 'Bebidas' }).expect(201);
    await until(() => keptStream.seen.includes('change'));

    expect({
      stolenA: { seen: onA.seen, ended: onA.ended },
      stolenB: { seen: onB.seen, ended: onB.ended },
      kept: { heardChange: keptStream.seen.includes('change'), ended: keptStream.ended },
      connectedA: hubA.deps.changeFeed?.connected,
      connectedB: hubB.deps.changeFeed?.connected,
    }).toEqual({
      stolenA: { seen: ['ready'], ended: true },
      stolenB: { seen: ['ready'], ended: true },
      kept: { heardChange: true, ended: false },
      connectedA: 0,
      connectedB: 1,
    });
    // And it cannot open a new one.
    const again = await request(hubB.app).get('/sync/events').set('authorization', `Bearer ${stolen.token}`);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 401, code: 'device-revoked' });
  });
});
