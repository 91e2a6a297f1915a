import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitForHealth, waitForReady } from './backend-process';

describe('waitForReady', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the port from the ready message', async () => {
    const child = new EventEmitter();
    const ready = waitForReady(child, 1_000);
    child.emit('message', { type: 'log', text: 'migrating' });
    child.emit('message', { type: 'ready', port: 51234 });
    await expect(ready).resolves.toEqual({ port: 51234 });
  });

  it('ignores a ready message without a usable port', async () => {
    vi.useFakeTimers();
    const child = new EventEmitter();
    const ready = waitForReady(child, 1_000);
    child.emit('message', { type: 'ready', port: 0 });
    child.emit('message', { type: 'ready', port: '8080' });
    vi.advanceTimersByTime(1_000);
    await expect(ready).rejects.toMatchObject({ code: 'backend-timeout' });
  });

  it('rejects when the backend exits before it is ready', async () => {
    const child = new EventEmitter();
    const ready = waitForReady(child, 1_000);
    child.emit('exit', 2);
    await expect(ready).rejects.toMatchObject({
      code: 'backend-exited',
      message: expect.stringContaining('code 2'),
    });
  });

  it('rejects when the backend is not ready in time', async () => {
    vi.useFakeTimers();
    const child = new EventEmitter();
    const ready = waitForReady(child, 5_000);
    vi.advanceTimersByTime(4_999);
    child.emit('message', { type: 'not-yet' });
    vi.advanceTimersByTime(1);
    await expect(ready).rejects.toMatchObject({ code: 'backend-timeout' });
  });

  it('stops listening once settled', async () => {
    const child = new EventEmitter();
    const ready = waitForReady(child, 1_000);
    child.emit('message', { type: 'ready', port: 4000 });
    await ready;
    expect(child.listenerCount('message')).toBe(0);
    expect(child.listenerCount('exit')).toBe(0);
  });
});

describe('waitForHealth', () => {
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/health`;
  }

  it('resolves once the server reports status ok', async () => {
    let calls = 0;
    const url = await listen((_request, response) => {
      calls += 1;
      const healthy = calls >= 3;
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: healthy ? 'ok' : 'starting' }));
    });
    await expect(waitForHealth(url, { timeoutMs: 5_000, intervalMs: 10 })).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('rejects when the server never reports status ok', async () => {
    const url = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'degraded' }));
    });
    await expect(waitForHealth(url, { timeoutMs: 200, intervalMs: 20 })).rejects.toMatchObject({
      code: 'backend-unhealthy',
    });
  });

  it('rejects when nothing listens on the port', async () => {
    const url = await listen(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await expect(waitForHealth(url, { timeoutMs: 200, intervalMs: 20 })).rejects.toMatchObject({
      code: 'backend-unhealthy',
    });
  });

  it('gives up on a server that accepts but never answers', async () => {
    const url = await listen(() => undefined);
    const started = Date.now();
    await expect(waitForHealth(url, { timeoutMs: 300, intervalMs: 20 })).rejects.toMatchObject({
      code: 'backend-unhealthy',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    server?.closeAllConnections();
  });

  it('uses the injected fetch', async () => {
    const fetch = vi.fn(async () => Response.json({ status: 'ok' }));
    await waitForHealth('http://127.0.0.1:1/health', { timeoutMs: 1_000, intervalMs: 10, fetch });
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:1/health', expect.anything());
  });
});
