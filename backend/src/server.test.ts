import { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressMessageClasses, type RunningServer, startServer } from './server.js';

describe('startServer', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('builds each request and response with Express prototypes already in place, and Express works on them', async () => {
    const app = express();
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res
        .status(201)
        .set('x-seen', req.get('x-probe') ?? '')
        .json({ body: req.body, query: req.query, path: req.path });
    });
    running = await startServer(app);
    const seen: { req: unknown; res: unknown }[] = [];
    // Runs before Express's own listener, which would otherwise swap the prototypes in.
    running.server.prependListener('request', (req, res) => {
      seen.push({ req: Object.getPrototypeOf(req), res: Object.getPrototypeOf(res) });
    });

    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${running.url}/echo?n=${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-probe': 'yes' },
        body: JSON.stringify({ qty: i }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-seen')).toBe('yes');
      expect(await response.json()).toEqual({ body: { qty: i }, query: { n: String(i) }, path: '/echo' });
    }
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(s.req).toBe(app.request);
      expect(s.res).toBe(app.response);
    }
  });

  it("keeps Node's own request classes if they are ES classes (calling them would throw)", () => {
    const app = express();
    class Incoming extends IncomingMessage {}
    class Outgoing extends ServerResponse {}
    expect(
      expressMessageClasses(app, {
        IncomingMessage: Incoming,
        ServerResponse: Outgoing as typeof ServerResponse,
      }),
    ).toEqual({});
    const built = expressMessageClasses(app);
    expect(built.IncomingMessage?.prototype).toBe(app.request);
    expect(built.ServerResponse?.prototype).toBe(app.response);
  });

  it('binds 127.0.0.1 only', async () => {
    running = await startServer(express());
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.server.address()).toMatchObject({ address: '127.0.0.1' });
  });
});
