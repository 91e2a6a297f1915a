import { type Request, Router } from 'express';
import {
  type EnrollmentCodeView,
  type EnrollResponse,
  enrollRequest,
  type PullResponse,
  type PushResponse,
  pullQuery,
  pushRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { DomainError } from '../../core/errors.js';
import { authorizeRead, commandContext, sendProblem } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { RateLimiter } from '../../core/rate-limit.js';
import { parseOrThrow } from '../../core/validation.js';
import { hashToken, newToken } from '../auth/sessions.js';
import { pullChanges } from './change-log.js';
import {
  authenticateDevice,
  createEnrollmentCode,
  enrollDevice,
  findEnrollmentCode,
  listHubDevices,
  newEnrollmentCode,
  normalizeEnrollmentCode,
  revokeDevice,
} from './hub-devices.js';
import { applyPush, DeviceSeqGapError } from './push.js';

/**
 * The hub's device API (hub mode only): OWNERs make enrollment codes and
 * manage devices through their session (/api/sync/*); consoles enroll with a
 * code and then pull with their device token (/sync/*).
 */
export function hubRoutes(deps: AppDeps): Router {
  const router = Router();
  const enrollFailures = new RateLimiter(10, 15 * 60_000);

  router.post('/api/sync/enrollment-codes', async (req, res) => {
    const code = newEnrollmentCode();
    const { expiresAt } = await execute(deps, commandContext(deps, req), createEnrollmentCode, {
      id: deps.newId(),
      codeHash: hashToken(code),
    });
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

  router.post('/sync/enroll', async (req, res) => {
    const now = deps.clock.now();
    const address = req.ip ?? 'unknown';
    enrollFailures.check(address, now);
    const body = parseOrThrow(enrollRequest, req.body);
    let code: Awaited<ReturnType<typeof findEnrollmentCode>>;
    try {
      code = await findEnrollmentCode(
        deps.db,
        hashToken(normalizeEnrollmentCode(body.code)),
        now.toISOString(),
      );
    } catch (err) {
      enrollFailures.fail(address, now);
      throw err;
    }
    const token = newToken();
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
    const response: EnrollResponse = { ...enrolled, token };
    res.status(201).json(response);
  });

  router.post('/sync/push', async (req, res) => {
    const device = await deviceFrom(req);
    const { ops } = parseOrThrow(pushRequest, req.body);
    try {
      const response: PushResponse = await applyPush(deps, device, ops);
      res.json(response);
    } catch (err) {
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
    const device = await deviceFrom(req);
    const { cursor, limit } = parseOrThrow(pullQuery, req.query);
    const page: PullResponse = await pullChanges(deps.db, device.tenantId, cursor, limit);
    res.json(page);
  });

  /**
   * Server-sent events: `change` after each commit of the device's business
   * (from any hub process), so an online device pulls within a second; a
   * comment every 25 s keeps proxies from closing the idle stream.
   */
  router.get('/sync/events', async (req, res) => {
    const device = await deviceFrom(req);
    const feed = deps.changeFeed;
    if (!feed) throw new DomainError('change-feed-unavailable', 503, 'This hub has no change feed');
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
    const unsubscribe = feed.subscribe(device.tenantId, () => {
      res.write('event: change\ndata: {}\n\n');
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  async function deviceFrom(req: Request) {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([\w-]{20,200})$/.exec(header);
    if (!match?.[1]) {
      throw new DomainError(
        'device-token-required',
        401,
        'Send the device token as "Authorization: Bearer …"',
      );
    }
    return authenticateDevice(deps.db, hashToken(match[1]), deps.clock.now());
  }

  return router;
}
