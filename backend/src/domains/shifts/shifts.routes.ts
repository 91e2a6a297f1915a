import { type Request, Router } from 'express';
import {
  can,
  cashMovementRequest,
  shiftCloseRequest,
  shiftListQuery,
  shiftOpenRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound, ValidationError } from '../../core/errors.js';
import { authorizeRead, commandContext, type TenantPrincipal } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import { businessHeader } from '../pos/pos.queries.js';
import { dayStartUtc } from '../pos/pos.time.js';
import { assertSameRegister, closeShift, openShift, paidIn, paidOut } from './shifts.commands.js';
import { findShift, listShifts, openShiftFor } from './shifts.queries.js';
import { shiftReport, shiftView, toShiftView } from './shifts.report.js';

/** OWNER/ADMIN (and support mode) see every register; STAFF the one they stand at. */
const seesAllRegisters = (auth: TenantPrincipal) => auth.supportMode || can(auth.role, 'reports.view');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `from`/`to` filter as a UTC bound on opened_at, like the sales history: a calendar day is a
 * day of the business's time zone and both ends include it (`to` runs to the next day's start);
 * a timestamp is taken as the instant it names.
 */
function openedBound(v: string | undefined, timeZone: string, end: 'from' | 'to') {
  if (!v) return undefined;
  if (DAY.test(v)) return dayStartUtc(v, timeZone, end === 'to' ? 1 : 0);
  return new Date(v).toISOString();
}

export function shiftsRoutes(deps: AppDeps): Router {
  const router = Router();

  /**
   * Before a body is validated: a role without the right answers 403, another
   * business's shift 404 and another register's shift (for STAFF) 403,
   * whatever the body holds.
   */
  const checkShift = async (req: Request) => {
    const auth = authorizeRead(req, 'sales.record');
    const shift = await findShift(deps.db, auth.tenantId, String(req.params.id));
    if (!shift) throw notFound('Shift');
    if (!auth.supportMode) assertSameRegister(shift.device_id, deps.deviceId, auth.role);
    return auth;
  };

  router.get('/api/shifts/current', async (req, res) => {
    const auth = authorizeRead(req, 'sales.record');
    const open = await openShiftFor(deps.db, auth.tenantId, deps.deviceId);
    res.json({ shift: open ? await shiftView(deps.db, auth.tenantId, open.id) : null });
  });

  router.get('/api/shifts', async (req, res) => {
    const auth = authorizeRead(req, 'sales.record');
    const q = parseOrThrow(shiftListQuery, req.query);
    const { time_zone: timeZone } = await businessHeader(deps.db, auth.tenantId);
    // A day against an instant (the schema compares like with like): where `to` starts in this zone.
    const toStart = openedBound(q.to, timeZone, 'from');
    const fromStart = openedBound(q.from, timeZone, 'from');
    if (toStart && fromStart && toStart < fromStart)
      throw new ValidationError([{ field: 'to', code: 'to-before-from', message: 'to-before-from' }]);
    const rows = await listShifts(deps.db, auth.tenantId, {
      status: q.status,
      deviceId: seesAllRegisters(auth) ? q.deviceId : deps.deviceId,
      from: fromStart,
      to: openedBound(q.to, timeZone, 'to'),
      limit: q.limit,
    });
    res.json({ shifts: rows.map(toShiftView) });
  });

  router.post('/api/shifts', async (req, res) => {
    const body = parseOrThrow(shiftOpenRequest, req.body);
    const view = await execute(deps, commandContext(deps, req), openShift, {
      ...body,
      id: body.id ?? deps.newId(),
    });
    res.status(201).json(view);
  });

  router.get('/api/shifts/:id', async (req, res) => {
    const auth = await checkShift(req);
    res.json(await shiftView(deps.db, auth.tenantId, req.params.id));
  });

  router.get('/api/shifts/:id/report', async (req, res) => {
    const auth = await checkShift(req);
    res.json(await shiftReport(deps.db, auth.tenantId, req.params.id, deps.clock.now().toISOString()));
  });

  for (const [path, cmd] of [
    ['paid-in', paidIn],
    ['paid-out', paidOut],
  ] as const) {
    router.post(`/api/shifts/:id/${path}`, async (req, res) => {
      await checkShift(req);
      const body = parseOrThrow(cashMovementRequest, req.body);
      const view = await execute(deps, commandContext(deps, req), cmd, {
        ...body,
        id: body.id ?? deps.newId(),
        shiftId: req.params.id,
      });
      res.status(201).json(view);
    });
  }

  router.post('/api/shifts/:id/close', async (req, res) => {
    await checkShift(req);
    const body = parseOrThrow(shiftCloseRequest, req.body);
    res.json(await execute(deps, commandContext(deps, req), closeShift, { ...body, shiftId: req.params.id }));
  });

  return router;
}
