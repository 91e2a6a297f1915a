/**
 * Tells connected devices to pull within a second of a commit. Every hub
 * process LISTENs on Postgres channel `mostrador_changes` (the change trigger
 * notifies it with the tenant id at commit), so a change applied by one hub
 * process reaches devices connected to any other: no home-made bus.
 *
 * The same connection LISTENs on `mostrador_device_revoked`, so a device
 * revoked through one hub process loses its streams on all (onRevoked).
 *
 * Notifications are coalesced per business: the first commit after a quiet
 * spell is passed on at once; commits in the next `windowMs` are passed on
 * together, once, when the window ends. Every commit is still followed by a
 * `change` sent after it (so a device that pulls on it sees the commit), at
 * most `windowMs` late; but a business whose 200 counters sell 40 times a
 * second makes each device pull at most 1000/windowMs times a second instead
 * of 40 (each pull of 200 devices × 40 commits: the hub's own flood).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DB } from '../../db/schema.js';

export type ChangeListener = () => void;

/**
 * The Postgres channel a device's revocation is announced on (hub-devices.ts), with
 * `<tenant id>:<device id>`, at commit: every hub process ends that device's change streams.
 */
export const DEVICE_REVOKED_CHANNEL = 'mostrador_device_revoked';

/** How long after passing a business's change on the feed gathers further ones (ms). */
export const CHANGE_WINDOW_MS = 50;

export class ChangeFeed {
  private client: pg.Client | undefined;
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  /** Per business: when its last change was passed on, and the timer of the one gathered since. */
  private readonly sent = new Map<string, { at: number; timer: NodeJS.Timeout | null }>();
  /** Told of every commit at once, before any coalescing (the shared pull pages drop the business's). */
  private readonly commitHooks = new Set<(tenantId: string) => void>();
  /** Per `<tenant id>:<device id>`: what ends that device's open streams on this process. */
  private readonly revokeHooks = new Map<string, Set<() => void>>();
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly logger?: Logger,
    private readonly windowMs = CHANGE_WINDOW_MS,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === DEVICE_REVOKED_CHANNEL) {
        for (const hook of [...(this.revokeHooks.get(message.payload) ?? [])]) hook();
        return;
      }
      if (message.channel !== 'mostrador_changes') return;
      for (const hook of this.commitHooks) hook(message.payload);
      this.changed(message.payload);
    });
    client.on('error', (err) => {
      this.logger?.warn({ err }, 'change feed connection lost; reconnecting');
      this.reconnectSoon();
    });
    await client.connect();
    await client.query('listen mostrador_changes');
    await client.query(`listen ${DEVICE_REVOKED_CHANNEL}`);
    this.client = client;
  }

  /** Calls `listener` after the commits that changed the tenant's rows (coalesced, see above); returns the unsubscribe. */
  subscribe(tenantId: string, listener: ChangeListener): () => void {
    const set = this.listeners.get(tenantId) ?? new Set();
    set.add(listener);
    this.listeners.set(tenantId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(tenantId) === set) {
        this.listeners.delete(tenantId);
        const entry = this.sent.get(tenantId);
        if (entry?.timer) clearTimeout(entry.timer);
        this.sent.delete(tenantId);
      }
    };
  }

  /** Calls `hook` with the tenant of every commit as soon as this process hears of it; returns the removal. */
  onCommit(hook: (tenantId: string) => void): () => void {
    this.commitHooks.add(hook);
    return () => this.commitHooks.delete(hook);
  }

  /**
   * Calls `hook` when the device is revoked (from any hub process); returns the removal. A
   * revocation made while the LISTEN connection is down is not heard: the stream also checks
   * its token now and then (hub.routes.ts).
   */
  onRevoked(tenantId: string, deviceId: string, hook: () => void): () => void {
    const key = `${tenantId}:${deviceId}`;
    const set = this.revokeHooks.get(key) ?? new Set();
    set.add(hook);
    this.revokeHooks.set(key, set);
    return () => {
      set.delete(hook);
      if (set.size === 0 && this.revokeHooks.get(key) === set) this.revokeHooks.delete(key);
    };
  }

  /** Whether commits are being heard (false while the LISTEN connection is down). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** A commit of the business: pass it on now, or once at the end of the current window. */
  private changed(tenantId: string) {
    if (!this.listeners.has(tenantId)) return;
    const now = performance.now();
    const last = this.sent.get(tenantId);
    if (last?.timer) return; // already gathered: it goes out when the window ends
    if (!last || now - last.at >= this.windowMs) {
      this.deliver(tenantId);
      return;
    }
    last.timer = setTimeout(() => this.deliver(tenantId), last.at + this.windowMs - now);
    last.timer.unref();
  }

  private deliver(tenantId: string) {
    const entry = this.sent.get(tenantId);
    if (entry?.timer) clearTimeout(entry.timer);
    const listeners = this.listeners.get(tenantId);
    if (!listeners) {
      this.sent.delete(tenantId);
      return;
    }
    this.sent.set(tenantId, { at: performance.now(), timer: null });
    for (const listener of listeners) listener();
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
    for (const entry of this.sent.values()) if (entry.timer) clearTimeout(entry.timer);
    this.sent.clear();
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

/**
 * Whether the business has a change after `cursor` (of `table` when given):
 * one read of the sync_rows cursor index, so a pull with nothing new costs one
 * round trip instead of a page's transaction. It runs with the connection's
 * own rights and names the tenant itself, as the device-token lookup does.
 */
export async function hasChangesAfter(
  db: Kysely<DB>,
  tenantId: string,
  cursor: number,
  table?: string,
): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    select exists (
      select 1 from sync_rows where tenant_id = ${tenantId} and server_seq > ${cursor}
        ${table === undefined ? sql`` : sql`and table_name = ${table}`}
    ) as found`.execute(db);
  return rows[0]?.found === true;
}

/**
 * Pull pages shared by the devices of a business that ask for the same one
 * (same cursor, limit and table) at about the same time: after a commit the
 * feed tells every device at once, and they all ask from the cursor of the
 * previous commit. The first request builds the page (one repeatable-read
 * snapshot, serialized once); the others get the same bytes.
 *
 * A shared page is a snapshot taken no earlier than the last commit this
 * process heard of for the business: `forget` drops the business's pages on
 * every commit the feed hears (before any device is told of it) and after
 * every push this process applied (before the device gets its answer), so a
 * pull made because of a change, or after the device's own push, never gets
 * a page from before it. A page also expires after `ttlMs`, and nothing is
 * shared while the feed is not listening.
 */
export class SharedPages {
  private readonly pages = new Map<
    string,
    { tenantId: string; body: Promise<{ json: string; rows: number }> }
  >();

  constructor(
    private readonly feed: ChangeFeed,
    private readonly ttlMs = 1_000,
  ) {
    feed.onCommit((tenantId) => this.forget(tenantId));
  }

  /** The page's JSON and row count, built by `build` unless an equal request is building or built it. */
  get(
    key: { tenantId: string; cursor: number; limit: number; table: string | undefined },
    build: () => Promise<unknown & { changes: unknown[] }>,
  ): Promise<{ json: string; rows: number }> {
    const make = () => build().then((page) => ({ json: JSON.stringify(page), rows: page.changes.length }));
    if (!this.feed.listening) return make();
    const id = `${key.tenantId}|${key.cursor}|${key.limit}|${key.table ?? ''}`;
    const found = this.pages.get(id);
    if (found) return found.body;
    const entry = { tenantId: key.tenantId, body: make() };
    this.pages.set(id, entry);
    const drop = () => {
      if (this.pages.get(id) === entry) this.pages.delete(id);
    };
    // A failed build is not shared; a built one lives ttlMs.
    entry.body.then(() => setTimeout(drop, this.ttlMs).unref(), drop);
    return entry.body;
  }

  /** Drops the business's pages: the next request builds a new snapshot. */
  forget(tenantId: string): void {
    for (const [id, entry] of this.pages) if (entry.tenantId === tenantId) this.pages.delete(id);
  }

  get size(): number {
    return this.pages.size;
  }
}
