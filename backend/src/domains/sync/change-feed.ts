/**
 * Tells connected devices to pull within a second of a commit. Every hub
 * process LISTENs on Postgres channel `mostrador_changes` (the change trigger
 * notifies it with the tenant id at commit), so a change applied by one hub
 * process reaches devices connected to any other: no home-made bus.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export type ChangeListener = () => void;

export class ChangeFeed {
  private client: pg.Client | undefined;
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly logger?: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel !== 'mostrador_changes' || !message.payload) return;
      for (const listener of this.listeners.get(message.payload) ?? []) listener();
    });
    client.on('error', (err) => {
      this.logger?.warn({ err }, 'change feed connection lost; reconnecting');
      this.reconnectSoon();
    });
    await client.connect();
    await client.query('listen mostrador_changes');
    this.client = client;
  }

  /** Calls `listener` after each commit that changed the tenant's rows; returns the unsubscribe. */
  subscribe(tenantId: string, listener: ChangeListener): () => void {
    const set = this.listeners.get(tenantId) ?? new Set();
    set.add(listener);
    this.listeners.set(tenantId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tenantId);
    };
  }

  /** Devices connected through this process. */
  get connected(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private reconnectSoon() {
    if (this.stopped || this.retry) return;
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.stopped) return;
      this.start().catch((err) => {
        this.logger?.warn({ err }, 'change feed reconnect failed');
        this.reconnectSoon();
      });
    }, 1_000);
  }
}
