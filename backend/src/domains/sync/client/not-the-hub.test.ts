/**
 * Something other than the hub answering at the hub's address: a proxy's sign-in page (401 in
 * HTML), a Wi-Fi captive portal or a website (200 in HTML). Only the hub's own refusal
 * (problem+json device-revoked / device-unknown) stops this console's sync for good; anything
 * else is a failed round that is retried, and is never blamed on this console.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../contract/index.js';
import { hubRequest } from './hub-http.js';
import { findSyncLink } from './link.js';
import { type LinkedConsole, linkedConsole, startHub } from './sync-harness.js';

async function product(c: LinkedConsole, sku: string) {
  await c.agent
    .post('/api/catalog/products')
    .send({ sku, name: `Producto ${sku}`, price: 120, taxRateBp: 1000, barcodes: [] })
    .expect(201);
}

const html = (status: number, text: string) => () =>
  new Response(`<html><body>${text}</body></html>`, { status, headers: { 'content-type': 'text/html' } });

const answering = (res: () => Response) => (async () => res()) as unknown as typeof fetch;

const TOKEN = 't'.repeat(30);

describe('a 401 that is not the hub revoking this device', () => {
  it('a proxy sign-in page: the round fails and is retried; the console is not revoked and syncs once it passes', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = html(401, '<h1>401 Authorization Required</h1>');
    await product(a, 'PROXY-1');
    await a.sync();
    const during = (await a.status()) as SyncStatus;
    expect(during.state).toBe('error');
    expect(during.lastError?.code).toBe('server-error');
    expect(during.pendingOps).toBe(1);
    expect((await findSyncLink(a.deps.db, hub.tenantId))?.revoked_at).toBeNull();

    a.net.state.intercept = null;
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, lastError: null });
  });

  it('only the hub problem codes device-revoked and device-unknown are a revocation', async () => {
    const problem = (code: string) => () =>
      new Response(JSON.stringify({ code, status: 401, detail: `hub says ${code}` }), {
        status: 401,
        headers: { 'content-type': 'application/problem+json' },
      });
    const kinds: Record<string, unknown> = {};
    for (const [name, res] of Object.entries({
      'device-revoked': problem('device-revoked'),
      'device-unknown': problem('device-unknown'),
      'device-token-required': problem('device-token-required'),
      'html page': html(401, 'Sign in'),
      'empty body': () => new Response('', { status: 401 }),
    })) {
      const answer = await hubRequest(answering(res), 'http://hub.test', '/sync/pull', TOKEN);
      kinds[name] = answer.ok ? 'ok' : answer.kind;
    }
    expect(kinds).toEqual({
      'device-revoked': 'revoked',
      'device-unknown': 'revoked',
      'device-token-required': 'server',
      'html page': 'server',
      'empty body': 'server',
    });
  });

  it('the hub revoking the device still stops its sync, with the hub’s words', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    await hub.db
      .updateTable('hub_devices')
      .set({ revoked_at: '2026-11-25T10:00:00.000Z' })
      .where('id', '=', a.deps.deviceId)
      .execute();
    await product(a, 'REV-1');
    await a.sync();
    expect(await a.status()).toMatchObject({
      state: 'revoked',
      lastError: { code: 'device-revoked', message: 'This device was revoked by the business owner' },
    });
  });
});

describe('a 2xx answer that is not the hub', () => {
  it('a captive portal answering 200: the hub is not reached, nothing is blamed on this console, and it syncs later', async () => {
    const hub = await startHub();
    const a = await linkedConsole(hub, 'Caja A');
    a.net.state.intercept = html(200, 'Accept the terms to use the Wi-Fi');
    await product(a, 'PORTAL-1');
    await a.sync();
    const s = (await a.status()) as SyncStatus;
    expect(s.state).toBe('offline');
    expect(s.pendingOps).toBe(1);
    expect(s.deadLetters).toBe(0);
    expect(s.lastError?.code).toBe('hub-unreachable');
    expect(s.lastError?.message).not.toMatch(/Cannot read properties/);

    a.net.state.intercept = null;
    await a.sync();
    expect(await a.status()).toMatchObject({ state: 'synced', pendingOps: 0, lastError: null });
  });

  it('an HTML or empty 200 is a failure; a JSON 200 is the hub’s answer', async () => {
    const portal = await hubRequest(answering(html(200, 'Wi-Fi')), 'http://hub.test', '/sync/push', TOKEN);
    expect(portal).toMatchObject({ ok: false, kind: 'offline' });
    const empty = await hubRequest(
      answering(() => new Response('', { status: 200 })),
      'http://hub.test',
      '/sync/pull',
      TOKEN,
    );
    expect(empty).toMatchObject({ ok: false, kind: 'offline' });
    const hub = await hubRequest(
      answering(
        () =>
          new Response(JSON.stringify({ results: [] }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
      ),
      'http://hub.test',
      '/sync/push',
      TOKEN,
    );
    expect(hub).toMatchObject({ ok: true, status: 200, body: { results: [] } });
  });
});
