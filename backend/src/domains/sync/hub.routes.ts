import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, Router } from 'express';
import {
  accountPasswordRequest,
  type EnrollmentCodeView,
  type EnrollPreviewResponse,
  type EnrollResponse,
  enrollmentCodeRequest,
  enrollPreviewRequest,
  enrollRequest,
  type PullResponse,
  type PushResponse,
  pullQuery,
  pushRequest,
  type SyncAccounts,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { authorizeRead, commandContext, requirePlatform, sendProblem } from '../../core/http.js';
import { Counter, Gauge, Histogram, Registry } from '../../core/metrics.js';
import { execute } from '../../core/pipeline.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { parseOrThrow } from '../../core/validation.js';
import { changeMemberPassword } from '../auth/password-change.js';
import { hashToken, newToken } from '../auth/sessions.js';
import { hasChangesAfter, SharedPages } from './change-feed.js';
import { pullChanges } from './change-log.js';
import { deviceFromRequest } from './device-auth.js';
import {
  createBusinessEnrollmentCode,
  createEnrollmentCode,
  deviceTokenLive,
  enrollDevice,
  enrollmentCodeByHash,
  enrollNewBusiness,
  listHubDevices,
  newEnrollmentCode,
  normalizeEnrollmentCode,
  previewEnrollmentCode,
  revokeDevice,
  tenantAccounts,
} from './hub-devices.js';
import { KeyedQueue, Semaphore } from './hub-gates.js';
import { applyPush, DeviceSeqGapError } from './push.js';
import { snapshotHandler } from './snapshot.js';

/** Pull pages a hub process builds at once (the pool holds 20 connections by default). */
const PULL_PAGES_AT_ONCE = 6;

/** How often an open change stream is sent a keep-alive (after checking its token is still good). */
const EVENTS_HEARTBEAT_MS = 25_000;

/** The hash of the device token deviceFromRequest accepted, to check it again later. */
function requestTokenHash(req: Request): string {
  return hashToken(/^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
}

/**
 * The hub's device API (hub mode only): OWNERs make enrollment codes and
 * manage devices through their session (/api/sync/*); consoles enroll with a
 * code and then pull with their device token (/sync/*).
 */
export function hubRoutes(deps: AppDeps): Router {
  const router = Router();
  const enrollFailures = new RateLimiter(10, 15 * 60_000);
  /** Wrong current passwords given through a device, per account (as sign-in counts them). */
  const passwordTries = new RateLimiter(5, 15 * 60_000);
  /** One push per business at a time, and a few pull pages at once, per process (hub-gates.ts). */
  const pushQueue = new KeyedQueue();
  const pullPages = new Semaphore(PULL_PAGES_AT_ONCE);
  const sharedPages = deps.changeFeed ? new SharedPages(deps.changeFeed) : undefined;
  const metrics = new Registry();
  const opsApplied = metrics.add(
    new Counter(
      'mostrador_sync_ops_total',
      'Pushed ops by outcome (applied, rejected, quarantined; duplicate=true when replayed)',
    ),
  );
  const pushSeconds = metrics.add(
    new Histogram(
      'mostrador_sync_push_seconds',
      'Time to apply one pushed batch',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
  );
  const pushRefused = metrics.add(
    new Counter('mostrador_sync_push_refused_total', 'Batches refused whole, by code'),
  );
  const pullRows = metrics.add(
    new Counter('mostrador_sync_pull_rows_total', 'Rows and tombstones served by pull'),
  );
  metrics.add(
    new Gauge('mostrador_sync_devices_connected', 'Devices holding a change stream on this process', () =>
      deps.changeFeed ? deps.changeFeed.connected : 0,
    ),
  );

  /**
   * Prometheus scrape; counts only, no business data. With MOSTRADOR_METRICS_TOKEN set, only a
   * scraper sending it as a bearer token reads them; unset, keep the hub's /metrics on an internal network.
   */
  router.get('/metrics', (req, res) => {
    if (deps.metricsToken !== undefined && !bearerMatches(req.get('authorization'), deps.metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError('metrics-token-required', 401, 'Send the metrics token as a bearer token');
    }
    res.type('text/plain; version=0.0.4').send(metrics.render());
  });

  router.post('/api/sync/enrollment-codes', async (req, res) => {
    const { newBusiness } = parseOrThrow(enrollmentCodeRequest, req.body ?? {});
    const code = newEnrollmentCode();
    let expiresAt: string;
    if (newBusiness) {
      // A business that does not exist yet: only the platform may let one in.
      const auth = requirePlatform(req);
      ({ expiresAt } = await createBusinessEnrollmentCode(deps.db, {
        id: deps.newId(),
        codeHash: hashToken(code),
        createdBy: auth.userId,
        now: deps.clock.now().toISOString(),
      }));
      req.log.info({ superadmin: auth.userId }, 'new-business enrollment code created');
    } else {
      ({ expiresAt } = await execute(deps, commandContext(deps, req), createEnrollmentCode, {
        id: deps.newId(),
        codeHash: hashToken(code),
      }));
    }
    const view: EnrollmentCodeView = { code, expiresAt };
    res.status(201).json(view);
  });

  router.get('/api/sync/devices', async (req, res) => {
    const auth = authorizeRead(req, 'business.manage');
    res.json({ devices: await listHubDevices(deps.db, auth.tenantId) });
  });

  router.post('/api/sync/devices/:id/revoke', async (req, res) => {
    authorizeRead(req, 'business.manage');
    res.json(await execute(deps, commandContext(deps, req), revokeDevice, { deviceId: req.params.id }));
  });

  /** Counts a refused code toward the address's limit: guessing codes is what the limit is for. */
  async function refusedCodesCount<T>(address: string, now: Date, work: () => Promise<T>): Promise<T> {
    enrollFailures.check(address, now);
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError && err.code.startsWith('enrollment-code-'))
        enrollFailures.fail(address, now);
      throw err;
    }
  }

  /** What a code would do (join a business, or upload the console's), without spending it. */
  router.post('/sync/enroll/preview', async (req, res) => {
    const now = deps.clock.now();
    const preview: EnrollPreviewResponse = await refusedCodesCount(req.ip ?? 'unknown', now, () => {
      const body = parseOrThrow(enrollPreviewRequest, req.body);
      return previewEnrollmentCode(deps.db, hashToken(normalizeEnrollmentCode(body.code)), now.toISOString());
    });
    res.json(preview);
  });

  router.post('/sync/enroll', async (req, res) => {
    const now = deps.clock.now();
    const token = newToken();
    const { enrolled, mode } = await refusedCodesCount(req.ip ?? 'unknown', now, async () => {
      const body = parseOrThrow(enrollRequest, req.body);
      const code = await enrollmentCodeByHash(deps.db, hashToken(normalizeEnrollmentCode(body.code)));
      if (code.kind === 'upload') {
        const enrolled = await enrollNewBusiness(deps, code.id, body, hashToken(token), now.toISOString());
        return { enrolled, mode: 'upload' as const };
      }
      const enrolled = await execute(
        deps,
        {
          tenantId: code.tenant_id,
          actor: null,
          deviceId: deps.deviceId,
          now: now.toISOString(),
          opId: deps.newId(),
        },
        enrollDevice,
        {
          codeId: code.id,
          deviceId: body.deviceId,
          name: body.name,
          appVersion: body.appVersion,
          tokenHash: hashToken(token),
        },
      );
      return { enrolled, mode: 'join' as const };
    });
    const response: EnrollResponse = {
      ...enrolled,
      token,
      mode,
      accounts: await tenantAccounts(deps.db, enrolled.tenantId),
    };
    res.status(201).json(response);
  });

  /**
   * A member's password changed from a console (password-change.ts): the hub owns the accounts of
   * its businesses, so the change is made here, proved by the current password, for an active
   * member of the token's business only.
   */
  router.post('/sync/accounts/password', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    const body = parseOrThrow(accountPasswordRequest, req.body);
    res.json(await changeMemberPassword(deps, device.tenantId, body, passwordTries));
  });

  /** The business's members with what offline sign-in needs; the tenant is the token's, never a parameter. */
  router.get('/sync/accounts', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    const accounts: SyncAccounts = await tenantAccounts(deps.db, device.tenantId);
    res.json(accounts);
  });

  router.post('/sync/push', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    // Only a known device's body is read, up to PUSH_BODY_LIMIT (app.ts leaves this path to us).
    await new Promise<void>((resolve, reject) =>
      pushBody(req, res, (err) => (err ? reject(err) : resolve())),
    );
    const { ops } = parseOrThrow(pushRequest, req.body);
    const started = performance.now();
    try {
      // applyPush checks the device again under the business's lock (a revoke made while it waited).
      const response: PushResponse = await pushQueue.run(device.tenantId, () => applyPush(deps, device, ops));
      sharedPages?.forget(device.tenantId);
      pushSeconds.observe((performance.now() - started) / 1000);
      for (const r of response.results) opsApplied.inc({ status: r.status, duplicate: String(r.duplicate) });
      res.json(response);
    } catch (err) {
      if (err instanceof DomainError) pushRefused.inc({ code: err.code });
      if (!(err instanceof DeviceSeqGapError)) throw err;
      const body = {
        code: err.code,
        status: err.status,
        detail: err.message,
        field: err.field,
        expectedDeviceSeq: err.expectedDeviceSeq,
      };
      sendProblem(res, body);
    }
  });

  router.get('/sync/pull', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    const { cursor, limit, table } = parseOrThrow(pullQuery, req.query);
    // Nothing new (most pulls of an idle business): one indexed read, not a page's transaction.
    if (!(await hasChangesAfter(deps.db, device.tenantId, cursor, table))) {
      const empty: PullResponse = { changes: [], cursor, more: false, isoTimestamps: true };
      res.json(empty);
      return;
    }
    const build = (): Promise<PullResponse> =>
      pullPages.run(() => pullChanges(deps.db, device.tenantId, cursor, limit, table));
    if (!sharedPages) {
      const page = await build();
      pullRows.inc({}, page.changes.length);
      res.json(page);
      return;
    }
    const page = await sharedPages.get({ tenantId: device.tenantId, cursor, limit, table }, build);
    pullRows.inc({}, page.rows);
    res.type('application/json').send(page.json);
  });

  /** A device with nothing pulled yet: the business's rows and their cursor, streamed (snapshot.ts). */
  router.get(
    '/sync/snapshot',
    snapshotHandler(deps, (rows) => pullRows.inc({}, rows)),
  );

  /**
   * Server-sent events: `change` after each commit of the device's business
   * (from any hub process), so an online device pulls within a second; a
   * comment every 25 s keeps proxies from closing the idle stream. The stream
   * ends when the device is revoked (the feed hears it from any hub process),
   * and a heartbeat first checks the token, in case that was missed (the
   * LISTEN connection was down, or a re-enrollment replaced the token).
   */
  router.get('/sync/events', async (req, res) => {
    const device = await deviceFromRequest(deps, req);
    const feed = deps.changeFeed;
    if (!feed) throw new DomainError('change-feed-unavailable', 503, 'This hub has no change feed');
    const tokenHash = requestTokenHash(req);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
    let open = true;
    const unsubscribe = feed.subscribe(device.tenantId, () => {
      res.write('event: change\ndata: {}\n\n');
    });
    const stopOnRevoke = feed.onRevoked(device.tenantId, device.deviceId, () => close());
    const heartbeat = setInterval(() => {
      deviceTokenLive(deps.db, tokenHash).then(
        (live) => {
          if (!live) close();
          else if (open) res.write(': keep-alive\n\n');
        },
        (err) => req.log.warn({ err }, 'change stream token check failed'),
      );
    }, EVENTS_HEARTBEAT_MS);
    /** Stops telling this device anything; ends the response when the device is revoked. */
    function close() {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      stopOnRevoke();
      res.end();
    }
    req.on('close', close);
  });

  return router;
}

/**
 * A device's push body: one op may be far larger than any form (a catalog import of thousands of
 * products is one command), and an op the hub cannot take would hold every later op of its device
 * back for good. Read only once the device token is known, so no stranger gets 64 MB parsed.
 */
export const PUSH_BODY_LIMIT = '64mb';
const pushBody = express.json({ limit: PUSH_BODY_LIMIT });

/** `Authorization: Bearer <token>` naming `token`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}
