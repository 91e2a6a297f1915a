/**
 * The console's sync client: per enrolled tenant, rounds of "push the
 * outbox, then pull the hub's changes", never two at once for a tenant.
 *
 * Rounds are triggered by a committed op (debounced), by the hub's change
 * stream (GET /sync/events: a commit on the hub, or the stream coming back
 * after an outage), by a timer, and by syncNow (after enrolling, "Sync now").
 * After a failed round (hub unreachable or failing) the next one waits a
 * capped exponential backoff with jitter; new ops do not shorten it, syncNow
 * does. A revoked device stops syncing that tenant; local work goes on.
 * A console the hub refused as too old keeps working locally too: it still
 * renews its entitlement (which the hub serves whatever the schema), asks the
 * hub again now and then (an updated hub may take it again), and forgets the
 * refusal when it starts as another version (it was updated). What happened
 * is written to the tenant's sync_link (last push/pull/contact, last error in
 * plain words) so the status is honest after a restart too.
 */
import http from 'node:http';
import https from 'node:https';
import { SCHEMA_VERSION } from '../../../../../migrations/index.js';
import type { AppDeps } from '../../../core/deps.js';
import { permitFollowsBusiness, refreshEntitlement } from '../entitlement.js';
import { refreshAccounts } from './accounts.js';
import { bootstrapFromSnapshot } from './bootstrap.js';
import { checkDivergence, type DivergenceCheck, repullTable } from './divergence.js';
import { type HubFetch, SCHEMA_HEADER, withAppVersion } from './hub-http.js';
import { findSyncLink, listSyncLinks, type SyncClientHandle, type SyncLink, updateSyncLink } from './link.js';
import { type PullRound, pullAll } from './pull-apply.js';
import { type PushRound, pushPending } from './push-loop.js';

export interface SyncClientOptions {
  fetch?: HubFetch;
  /** Periodic round while idle (default 15 s). */
  intervalMs?: number;
  /** How long after a committed op the push starts (default 30 ms: a burst goes in one batch). */
  debounceMs?: number;
  /** Hold the hub's change stream open (default true). */
  events?: boolean;
  /** Backoff bounds after a failed round (default 1 s doubling to 60 s, ×0.5–1 jitter). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pullPageSize?: number;
  /** Divergence check interval (default 10 min; the first clean round checks). */
  divergenceEveryMs?: number;
  /** After a check skipped (the console was busy) or failed, how soon to try again (default 1 min). */
  divergenceRetryMs?: number;
  /** While the hub refuses this console as too old, how often a round asks it again (default 1 h). */
  tooOldRetryMs?: number;
}

type Phase = 'idle' | 'pushing' | 'pulling';

const ACCOUNTS_EVERY_MS = 60_000;
/** How often a console compares its tables with the hub's (after a clean round). */
const DIVERGENCE_EVERY_MS = 10 * 60_000;
/**
 * A check is skipped while changes wait to go up or when the console changed while it ran (on
 * a counter selling all day, often), and fails when the hub does not answer it: the next try
 * then comes sooner than the interval.
 */
const DIVERGENCE_RETRY_MS = 60_000;
/** How often a console refused as too old asks the hub again, by the console's clock. */
const TOO_OLD_RETRY_MS = 60 * 60_000;

interface TenantLoop {
  tenantId: string;
  chain: Promise<void>;
  queued: Promise<void> | null;
  phase: Phase;
  failures: number;
  retryTimer: NodeJS.Timeout | null;
  debounceTimer: NodeJS.Timeout | null;
  events: http.ClientRequest | null;
  eventsFailures: number;
  eventsTimer: NodeJS.Timeout | null;
  eventsUp: boolean;
  /** When the business's accounts were last fetched (ms); syncNow asks again regardless. */
  accountsAt: number;
  /** When the tables were last compared with the hub's (ms). */
  comparedAt: number;
  /** How the last round ended (null until one ran in this process). */
  outcome: 'ok' | 'offline' | 'error' | null;
  /** When the entitlement was last renewed while the hub refuses this console as too old (console clock, ms; 0: due). */
  entitlementAt: number;
  /** When this process last asked a hub that refused the console as too old (console clock, ms). */
  tooOldAskedAt: number;
  /** "Sync now" was asked: a console refused as too old asks the hub again at once. */
  askNow: boolean;
  /** This round asks a hub that refused the console as too old whether it takes it now. */
  probing: boolean;
}

export class SyncClient implements SyncClientHandle {
  private readonly loops = new Map<string, TenantLoop>();
  private readonly fetch: HubFetch;
  private interval: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly opts: SyncClientOptions = {},
  ) {
    this.fetch = withAppVersion(opts.fetch ?? fetch, () => deps.version);
  }

  /** Starts a round for every enrolled tenant and the periodic timer. */
  async start(): Promise<void> {
    for (const link of await listSyncLinks(this.deps.db)) {
      if (link.revoked_at) continue;
      if (link.too_old && link.too_old_version !== this.deps.version) {
        // Updated since the hub refused it: sync again (the hub says so again if still too old).
        await updateSyncLink(this.deps.db, link.tenant_id, {
          too_old: 0,
          too_old_version: null,
          last_error: null,
          last_error_at: null,
        });
      }
      void this.schedule(this.loop(link.tenant_id));
    }
    this.interval = setInterval(() => void this.tick(), this.opts.intervalMs ?? 15_000);
    this.interval.unref();
  }

  opsRecorded(tenantId: string): void {
    if (this.stopped) return;
    const loop = this.loop(tenantId);
    if (loop.retryTimer || loop.debounceTimer) return; // backing off, or a round is about to start
    loop.debounceTimer = setTimeout(() => {
      loop.debounceTimer = null;
      void this.schedule(loop);
    }, this.opts.debounceMs ?? 30);
    loop.debounceTimer.unref();
  }

  syncNow(tenantId: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const loop = this.loop(tenantId);
    this.clearRetry(loop);
    loop.accountsAt = 0;
    loop.entitlementAt = 0;
    loop.askNow = true;
    // This round covers ops recorded until now: no need for the debounced one.
    if (loop.debounceTimer) clearTimeout(loop.debounceTimer);
    loop.debounceTimer = null;
    return this.schedule(loop);
  }

  /** True while a push or pull of this tenant is in flight (the status says 'syncing'). */
  inFlight(tenantId: string): boolean {
    return (this.loops.get(tenantId)?.phase ?? 'idle') !== 'idle';
  }

  /** How this tenant's last round ended in this process: 'offline' when the hub could not be reached. */
  lastOutcome(tenantId: string): 'ok' | 'offline' | 'error' | null {
    return this.loops.get(tenantId)?.outcome ?? null;
  }

  /** Whether the hub's change stream is open for this tenant. */
  listening(tenantId: string): boolean {
    return this.loops.get(tenantId)?.eventsUp ?? false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    const running: Promise<void>[] = [];
    for (const loop of this.loops.values()) {
      this.clearRetry(loop);
      if (loop.debounceTimer) clearTimeout(loop.debounceTimer);
      if (loop.eventsTimer) clearTimeout(loop.eventsTimer);
      this.closeEvents(loop);
      running.push(loop.chain);
    }
    await Promise.all(running);
  }

  private loop(tenantId: string): TenantLoop {
    let loop = this.loops.get(tenantId);
    if (!loop) {
      loop = {
        tenantId,
        chain: Promise.resolve(),
        queued: null,
        phase: 'idle',
        failures: 0,
        retryTimer: null,
        debounceTimer: null,
        events: null,
        eventsFailures: 0,
        eventsTimer: null,
        eventsUp: false,
        outcome: null,
        accountsAt: 0,
        comparedAt: 0,
        entitlementAt: 0,
        tooOldAskedAt: 0,
        askNow: false,
        probing: false,
      };
      this.loops.set(tenantId, loop);
    }
    return loop;
  }

  private async tick() {
    if (this.stopped) return;
    for (const link of await listSyncLinks(this.deps.db).catch(() => [])) {
      if (link.revoked_at) continue;
      const loop = this.loop(link.tenant_id);
      if (!loop.retryTimer && !loop.queued && loop.phase === 'idle') void this.schedule(loop);
    }
  }

  /** Queues one round after the running one; rounds asked for meanwhile share it. */
  private schedule(loop: TenantLoop): Promise<void> {
    if (loop.queued) return loop.queued;
    const next = loop.chain.then(async () => {
      loop.queued = null;
      if (this.stopped) return;
      await this.round(loop);
    });
    loop.queued = next;
    loop.chain = next.catch(() => undefined);
    return loop.chain;
  }

  private async round(loop: TenantLoop): Promise<void> {
    const { deps } = this;
    const tenantId = loop.tenantId;
    const askNow = loop.askNow;
    loop.askNow = false;
    try {
      const link = await findSyncLink(deps.db, tenantId);
      if (!link || link.revoked_at) {
        this.closeEvents(loop);
        return;
      }
      const token = deps.syncTokens?.read(tenantId) ?? null;
      if (link.too_old) {
        this.closeEvents(loop);
        if (!token) return;
        await this.renewWhileTooOld(loop, link, token);
        if (!askNow && !this.tooOldRetryDue(loop, link)) return;
        // An hour since the hub refused it (or "Sync now"): ask again with a whole round; a refusal
        // marks it again, a clean round clears it.
        loop.tooOldAskedAt = deps.clock.now().getTime();
        loop.probing = true;
      }
      if (!token) {
        await this.failed(loop, 'error', 'This console has no device token for the hub; enroll it again');
        return;
      }
      loop.phase = 'pushing';
      const push: PushRound = await pushPending(deps, link, token, { fetch: this.fetch });
      if (await this.stopIfRefused(loop, push)) return;
      if (push.kind === 'offline') {
        await this.failed(loop, 'offline', push.message);
        return;
      }
      const now = () => deps.clock.now().toISOString();
      if (push.kind === 'done')
        await updateSyncLink(deps.db, tenantId, { last_push_at: now(), last_contact_at: now() });
      else await updateSyncLink(deps.db, tenantId, { last_contact_at: now() });
      loop.phase = 'pulling';
      // Members first, so pulled memberships and their authors name accounts this console has
      // (at most once a minute: a sale's round need not ask; syncNow always does).
      if (Date.now() - loop.accountsAt >= ACCOUNTS_EVERY_MS) {
        await refreshAccounts(deps, tenantId, { fetch: this.fetch }).then(
          () => {
            loop.accountsAt = Date.now();
          },
          (err: unknown) =>
            deps.logger.warn({ err, tenantId }, 'could not refresh the business accounts from the hub'),
        );
        // The signed entitlement too: a console that keeps reaching the hub never turns read-only.
        await refreshEntitlement(deps.db, link, token, this.fetch).catch((err: unknown) =>
          deps.logger.warn({ err, tenantId }, 'could not refresh the entitlement from the hub'),
        );
      }
      // A console that has pulled nothing of the business starts from its snapshot (bootstrap.ts).
      const boot = await bootstrapFromSnapshot(deps, link, token, { fetch: this.fetch });
      if (boot.kind === 'done') loop.comparedAt = Date.now(); // a fresh copy: compare it in due time, not now
      const pull: PullRound =
        boot.kind === 'done' || boot.kind === 'skipped'
          ? await pullAll(deps, link, token, { fetch: this.fetch, pageSize: this.opts.pullPageSize })
          : boot;
      if (await this.stopIfRefused(loop, pull)) return;
      if (pull.kind === 'offline') {
        await this.failed(loop, 'offline', pull.message);
        return;
      }
      if (pull.kind !== 'done') {
        await this.failed(loop, 'error', pull.message);
        return;
      }
      // A suspension or reactivation just pulled: the permit follows now, not within the minute.
      if (!(await permitFollowsBusiness(deps.db, tenantId))) {
        await refreshEntitlement(deps.db, link, token, this.fetch).catch((err: unknown) =>
          deps.logger.warn({ err, tenantId }, 'could not refresh the entitlement from the hub'),
        );
      }
      if (push.kind !== 'done') {
        // The hub answered but the outbox did not drain: say why, retry later.
        await this.failed(loop, 'error', push.message);
        return;
      }
      await updateSyncLink(deps.db, tenantId, {
        last_contact_at: now(),
        last_error: null,
        last_error_at: null,
        // The hub took this console's changes and sent its own: whatever refused it is gone.
        too_old: 0,
        too_old_version: null,
      });
      loop.failures = 0;
      loop.outcome = 'ok';
      const every = this.opts.divergenceEveryMs ?? DIVERGENCE_EVERY_MS;
      if (Date.now() - loop.comparedAt >= every) {
        loop.comparedAt = Date.now();
        const compared = await this.compareWithHub(tenantId, token);
        if (compared === 'skipped' || compared === 'failed') {
          const retry = Math.min(this.opts.divergenceRetryMs ?? DIVERGENCE_RETRY_MS, every);
          loop.comparedAt = Date.now() - every + retry;
        }
      }
      if (this.opts.events !== false) this.openEvents(loop, link.hub_url, token);
    } catch (err) {
      deps.logger.error({ err, tenantId }, 'sync round failed');
      await this.failed(loop, 'error', `Sync failed on this console: ${(err as Error).message}`).catch(
        () => undefined,
      );
    } finally {
      loop.phase = 'idle';
      loop.probing = false;
    }
  }

  /** Whether the hub refused this console as too old (or was last asked) long enough ago to ask again. */
  private tooOldRetryDue(loop: TenantLoop, link: SyncLink): boolean {
    const refusedAt = Date.parse(link.last_error_at ?? link.last_contact_at ?? link.enrolled_at);
    const every = this.opts.tooOldRetryMs ?? TOO_OLD_RETRY_MS;
    return this.deps.clock.now().getTime() - Math.max(refusedAt || 0, loop.tooOldAskedAt) >= every;
  }

  /**
   * A console too old to sync keeps its signed entitlement fresh (the hub serves it whatever
   * the schema), so it keeps working locally past the entitlement's lifetime until it is updated.
   */
  private async renewWhileTooOld(loop: TenantLoop, link: SyncLink, token: string) {
    const now = this.deps.clock.now().getTime();
    if (loop.entitlementAt !== 0 && now - loop.entitlementAt < ACCOUNTS_EVERY_MS) return;
    await refreshEntitlement(this.deps.db, link, token, this.fetch).then(
      () => {
        loop.entitlementAt = now;
      },
      (err: unknown) =>
        this.deps.logger.warn(
          { err, tenantId: link.tenant_id },
          'could not refresh the entitlement from the hub (console too old to sync)',
        ),
    );
  }

  /**
   * Divergence check: with nothing pending, per-table digests against the
   * hub's at this console's cursor; a table that differs is pulled again.
   * Never fails the round: what it found is logged.
   */
  private async compareWithHub(tenantId: string, token: string): Promise<DivergenceCheck['kind'] | null> {
    const { deps } = this;
    try {
      const link = await findSyncLink(deps.db, tenantId);
      if (!link) return null;
      const check = await checkDivergence(deps, link, token, this.fetch);
      if (check.kind !== 'checked') return check.kind;
      for (const table of check.divergent) {
        const fixed = await repullTable(deps, link, token, this.fetch, table);
        deps.logger.warn({ tenantId, table, ...fixed }, 'table differed from the hub; pulled it again');
      }
      return 'checked';
    } catch (err) {
      deps.logger.warn({ err, tenantId }, 'divergence check failed');
      return 'failed';
    }
  }

  private async stopIfRefused(loop: TenantLoop, r: PushRound | PullRound): Promise<boolean> {
    const now = this.deps.clock.now().toISOString();
    if (r.kind === 'revoked') {
      await updateSyncLink(this.deps.db, loop.tenantId, {
        revoked_at: now,
        last_contact_at: now,
        last_error: r.message,
        last_error_at: now,
      });
      this.closeEvents(loop);
      return true;
    }
    if (r.kind === 'too-old') {
      await updateSyncLink(this.deps.db, loop.tenantId, {
        too_old: 1,
        too_old_version: this.deps.version,
        last_contact_at: now,
        last_error: r.message,
        last_error_at: now,
      });
      this.closeEvents(loop);
      return true;
    }
    return false;
  }

  /**
   * Records the failure and schedules the retry. 'offline' leaves last_contact_at
   * alone (the status tells offline from error by which is newer).
   */
  private async failed(loop: TenantLoop, kind: 'offline' | 'error', message: string) {
    // Asking a hub that refused this console again did not get an answer: it stays too old, and
    // the next ask is in an hour (the refusal stays what the status says).
    if (loop.probing) {
      loop.outcome = kind;
      return;
    }
    const now = this.deps.clock.now().toISOString();
    await updateSyncLink(this.deps.db, loop.tenantId, {
      last_error: message,
      last_error_at: now,
      ...(kind === 'error' ? { last_contact_at: now } : {}),
    });
    loop.outcome = kind;
    loop.failures++;
    const base = this.opts.backoffBaseMs ?? 1_000;
    const max = this.opts.backoffMaxMs ?? 60_000;
    const delay = Math.min(max, base * 2 ** (loop.failures - 1)) * (0.5 + Math.random() / 2);
    this.clearRetry(loop);
    if (this.stopped) return;
    loop.retryTimer = setTimeout(() => {
      loop.retryTimer = null;
      void this.schedule(loop);
    }, delay);
    loop.retryTimer.unref();
  }

  private clearRetry(loop: TenantLoop) {
    if (loop.retryTimer) clearTimeout(loop.retryTimer);
    loop.retryTimer = null;
  }

  /** The hub's change stream: a `change` event pulls; the stream coming back runs a round. */
  private openEvents(loop: TenantLoop, hubUrl: string, token: string) {
    if (loop.events || loop.eventsTimer || this.stopped) return;
    let url: URL;
    try {
      url = new URL(`${hubUrl.replace(/\/+$/, '')}/sync/events`);
    } catch {
      return;
    }
    const get = url.protocol === 'https:' ? https.get : http.get;
    let buffer = '';
    const req = get(
      url,
      {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
          [SCHEMA_HEADER]: String(SCHEMA_VERSION),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          req.destroy();
          if (res.statusCode === 401) void this.schedule(loop); // the round records the revocation
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: *(\S+)$/m.exec(block)?.[1];
            if (name === 'ready') {
              const wasDown = loop.eventsFailures > 0;
              loop.eventsUp = true;
              loop.eventsFailures = 0;
              if (wasDown) {
                this.clearRetry(loop);
                void this.schedule(loop); // reconnected: push what waited, pull what was missed
              }
            } else if (name === 'change') {
              if (!loop.debounceTimer) {
                loop.debounceTimer = setTimeout(() => {
                  loop.debounceTimer = null;
                  void this.schedule(loop);
                }, this.opts.debounceMs ?? 30);
                loop.debounceTimer.unref();
              }
            }
            end = buffer.indexOf('\n\n');
          }
        });
      },
    );
    loop.events = req;
    const reconnect = () => {
      if (loop.events !== req) return;
      loop.events = null;
      loop.eventsUp = false;
      if (this.stopped) return;
      loop.eventsFailures++;
      const delay =
        Math.min(30_000, 1_000 * 2 ** Math.min(loop.eventsFailures - 1, 5)) * (0.5 + Math.random() / 2);
      loop.eventsTimer = setTimeout(() => {
        loop.eventsTimer = null;
        void findSyncLink(this.deps.db, loop.tenantId)
          .then((link) => {
            const current = this.deps.syncTokens?.read(loop.tenantId);
            if (link && !link.revoked_at && !link.too_old && current)
              this.openEvents(loop, link.hub_url, current);
          })
          .catch(() => undefined);
      }, delay);
      loop.eventsTimer.unref();
    };
    req.on('error', reconnect);
    req.on('close', reconnect);
  }

  private closeEvents(loop: TenantLoop) {
    const req = loop.events;
    loop.events = null;
    loop.eventsUp = false;
    req?.destroy();
  }
}

/** Builds and starts the console's sync client, and gives it to the pipeline (deps.syncClient). */
export async function startSyncClient(deps: AppDeps, opts: SyncClientOptions = {}): Promise<SyncClient> {
  const client = new SyncClient(deps, opts);
  deps.syncClient = client;
  await client.start();
  return client;
}
