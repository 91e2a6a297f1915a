/**
 * Joining a hub business over a business started on this console, with the same address on both:
 * addresses are unique on a console, so the account here moves to a tagged address
 * (`ana+local-…@example.com`). The preview says which address that would be, the result names it,
 * and it opens the business left behind with the password from this console.
 */
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { setupBody, testDeps } from '../../../test/helpers.js';
import { hubWithOwner } from '../../../test/hub.js';
import { listen } from '../../../test/hub-server.js';
import { createApp } from '../../app.js';
import type { ConsoleEnrollPreview, ConsoleEnrollResult } from '../../contract/index.js';
import { startSyncClient } from './client/client.js';

const LOCAL_PASSWORD = 'mi-clave-local-77';

async function consoleWithOwnBusiness(email: string) {
  const deps = await testDeps();
  const client = await startSyncClient(deps, { events: false, intervalMs: 3_600_000 });
  onTestFinished(() => client.stop());
  const app = createApp(deps);
  const agent = request.agent(app);
  const body = setupBody({ email, password: LOCAL_PASSWORD });
  await agent
    .post('/api/setup')
    .send({ ...body, business: { ...body.business, name: 'Mi tienda local' } })
    .expect(201);
  return { deps, app, agent };
}

describe('joining over a business of my own', () => {
  it('names the address that opens the business left behind, in the preview and the result, and it signs in there', async () => {
    const h = await hubWithOwner(); // ana@example.com on the hub too
    const url = await listen(h.app);
    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;
    const c = await consoleWithOwnBusiness('ana@example.com');

    const preview = (await c.agent.post('/api/sync/enroll/preview').send({ hubUrl: url, code }).expect(200))
      .body as ConsoleEnrollPreview;
    const enrolled = (
      await c.agent
        .post('/api/sync/enroll')
        .send({ hubUrl: url, code, deviceName: 'Caja', confirmLeaveBehind: true })
        .expect(201)
    ).body as ConsoleEnrollResult;

    const tagged = preview.leftBehind?.signIn?.ifTaken as string;
    expect(tagged).toMatch(/^ana\+local-[0-9a-f]{8}@example\.com$/);
    expect(preview.leftBehind?.signIn?.email).toBe('ana@example.com');
    expect(enrolled.leftBehind?.movedAccounts).toEqual([
      { from: 'ana@example.com', to: tagged, name: 'Ana Pérez' },
    ]);
    const left = await request(c.app)
      .post('/api/auth/login')
      .send({ email: tagged, password: LOCAL_PASSWORD });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(JSON.stringify(left.body)).toContain('Mi tienda local');
  });

  it('moves no account when the joined business has none with my address', async () => {
    const h = await hubWithOwner();
    const url = await listen(h.app);
    const code = (await h.agent.post('/api/sync/enrollment-codes').expect(201)).body.code as string;
    const c = await consoleWithOwnBusiness('luis@example.com');

    const enrolled = (
      await c.agent
        .post('/api/sync/enroll')
        .send({ hubUrl: url, code, deviceName: 'Caja', confirmLeaveBehind: true })
        .expect(201)
    ).body as ConsoleEnrollResult;

    expect(enrolled.leftBehind?.movedAccounts).toEqual([]);
    const left = await request(c.app)
      .post('/api/auth/login')
      .send({ email: 'luis@example.com', password: LOCAL_PASSWORD });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(JSON.stringify(left.body)).toContain('Mi tienda local');
  });
});
