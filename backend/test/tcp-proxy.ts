/**
 * A TCP proxy on 127.0.0.1 for fault tests: console ⇄ proxy ⇄ hub. Every
 * HTTP request (a client chunk that starts with a method, keep-alive
 * connections carry several one after another) draws a fault from `decide`:
 *
 * - pass: forwarded both ways untouched.
 * - drop: the client's connection is destroyed before the hub sees anything.
 * - delay: the request waits `ms` before it is forwarded.
 * - cut-response: the request reaches the hub; when the hub's answer starts
 *   (so the hub has committed) the client's connection is destroyed instead
 *   of forwarding it.
 * - cut-mid-response: half of the answer's first chunk is forwarded, then the
 *   connection is destroyed.
 * - duplicate: the request is also sent to the hub on a second connection of
 *   its own, at the same time; the client gets the first connection's answer
 *   and the copy's is thrown away (a retrying middlebox).
 *
 * The upstream is mutable (`target`), so a restarted hub on another port can
 * take over behind the same proxy address.
 */
import net from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'cut-response' }
  | { kind: 'cut-mid-response' }
  | { kind: 'duplicate' };

export interface ProxyRequest {
  method: string;
  path: string;
}

export interface TcpProxy {
  url: string;
  /** Upstream port on 127.0.0.1. */
  target: { port: number };
  /** Chooses the fault of each request (default: pass). */
  decide: (req: ProxyRequest) => Fault;
  /** Every request seen, with the fault it got. */
  log: { req: ProxyRequest; fault: Fault['kind'] }[];
  /** Called when an answer is cut: the hub has committed and the client will not hear so. */
  onCut: (req: ProxyRequest) => void;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/;

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: TcpProxy = {
    url: '',
    target: { port: targetPort },
    decide: () => ({ kind: 'pass' }),
    log: [],
    onCut: () => undefined,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = net.connect(proxy.target.port, '127.0.0.1');
    sockets.add(upstream);
    // The fault of the request whose answer comes next (requests on a connection are sequential).
    let answerFault: Fault['kind'] = 'pass';
    let answerReq: ProxyRequest | null = null;
    /** Tells onCut once per answer. */
    const cut = () => {
      if (answerReq) proxy.onCut(answerReq);
      answerReq = null;
    };
    // Client bytes are forwarded in order; a delayed request holds the ones after it.
    let queue = Promise.resolve();
    // The copy of the current request (fault 'duplicate'), which gets its later chunks too.
    let copy: net.Socket | null = null;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', kill);
    upstream.on('error', kill);

    client.on('data', (chunk: Buffer) => {
      const head = REQUEST_LINE.exec(chunk.subarray(0, 2048).toString('latin1'));
      let fault: Fault = { kind: 'pass' };
      let req: ProxyRequest | null = null;
      if (head) {
        req = { method: head[1] as string, path: head[2] as string };
        fault = proxy.decide(req);
        proxy.log.push({ req, fault: fault.kind });
      }
      if (fault.kind === 'drop') {
        kill();
        return;
      }
      if (head) copy = fault.kind === 'duplicate' ? duplicateTo(proxy.target.port, sockets) : null;
      copy?.write(chunk);
      queue = queue.then(async () => {
        if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
        if (req) {
          answerFault = fault.kind;
          answerReq = req;
        }
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });

    upstream.on('data', (chunk: Buffer) => {
      if (answerFault === 'cut-response') {
        kill();
        cut();
        return;
      }
      if (answerFault === 'cut-mid-response') {
        answerFault = 'cut-response'; // whatever else of this answer arrives is not forwarded
        cut();
        client.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), () => kill());
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  proxy.url = `http://127.0.0.1:${port}`;
  return proxy;
}

/** A connection of its own to the hub for a request's copy: its answer is read and dropped. */
function duplicateTo(port: number, sockets: Set<net.Socket>): net.Socket {
  const copy = net.connect(port, '127.0.0.1');
  sockets.add(copy);
  copy.on('data', () => copy.end());
  copy.on('error', () => copy.destroy());
  copy.on('close', () => sockets.delete(copy));
  return copy;
}
