import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Binds 127.0.0.1 only, on the given port or a free one (0), and reports where. */
export function startServer(app: Express, port = 0): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = createServer(expressMessageClasses(app), app).listen(port, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        url: `http://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

type NodeConstructor<A extends unknown[]> = (this: object, ...args: A) => void;

/**
 * Request and response classes whose instances are born with Express's
 * prototypes (`app.request`, `app.response`), for `http.createServer`.
 *
 * Express's `app.handle` otherwise calls `Object.setPrototypeOf` on every
 * request and response. In V8 that left about 2.5 MB alive at every young
 * collection on the console (objects surviving and being promoted, then
 * dying in old space), so each scavenge took 4–10 ms instead of well under 1:
 * a served sale or booking paid it every ~40 requests, which is what the p99
 * figures were made of. With the prototypes already right, Express's call
 * changes nothing (V8 returns early when the prototype is the same).
 *
 * Plain functions calling Node's constructors, not `class extends` (whose
 * `prototype` cannot be replaced) and not `Reflect.construct` (measured: as bad
 * as setPrototypeOf).
 */
export function expressMessageClasses(
  app: Express,
  bases: { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } = {
    IncomingMessage,
    ServerResponse,
  },
): { IncomingMessage?: typeof IncomingMessage; ServerResponse?: typeof ServerResponse } {
  // Should a later Node (an Electron upgrade) make them ES classes, `.call` would throw on every
  // request: keep Node's own classes then, and Express's per-request prototype change with them.
  if (isClass(bases.IncomingMessage) || isClass(bases.ServerResponse)) return {};
  const incoming = bases.IncomingMessage as unknown as NodeConstructor<[Socket]>;
  const outgoing = bases.ServerResponse as unknown as NodeConstructor<[IncomingMessage, object?]>;
  function Request(this: object, socket: Socket) {
    incoming.call(this, socket);
  }
  Request.prototype = app.request;
  function Response(this: object, req: IncomingMessage, options?: object) {
    outgoing.call(this, req, options);
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
  };
}

const isClass = (f: unknown) =>
  typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
