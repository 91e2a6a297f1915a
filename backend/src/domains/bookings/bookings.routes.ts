import { type ErrorRequestHandler, type Request, Router } from 'express';
import {
  availabilityQuery,
  type BookingListPage,
  type BookingView,
  bookingCancelRequest,
  bookingCheckInByCodeRequest,
  bookingCreateRequest,
  bookingExtendRequest,
  bookingListQuery,
  bookingMoveRequest,
  bookingQuoteRequest,
  bookingRejectRequest,
  bookingSettingsRequest,
  resourceCreateRequest,
  resourceListQuery,
  resourceUpdateRequest,
  seriesCancelRequest,
  seriesCreateRequest,
  seriesEditRequest,
} from '../../contract/index.js';
import type { AppDeps } from '../../core/deps.js';
import { notFound } from '../../core/errors.js';
import { authorizeRead, commandContext, sendProblem } from '../../core/http.js';
import { execute } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import {
  approveBooking,
  cancelBooking,
  checkInBooking,
  checkInByCode,
  checkOutBooking,
  createBooking,
  createResource,
  deleteResource,
  extendBooking,
  moveBooking,
  rejectBooking,
  releaseNoShows,
  updateBookingSettings,
  updateResourceCommand,
} from './bookings.commands.js';
import { BookingConflictError, bookingView, bookingViews } from './bookings.engine.js';
import {
  countBookings,
  findBooking,
  findResource,
  findSeries,
  getSettings,
  listBookings,
  listResources,
  tenantInfo,
} from './bookings.queries.js';
import { quoteBooking, searchAvailability } from './bookings.search.js';
import { cancelSeries, createSeries, editSeries, previewSeries, seriesView } from './bookings.series.js';
import { toResourceView } from './bookings.views.js';

export function bookingsRoutes(deps: AppDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();

  /** 403 and 404 before the body is validated, so another business's id never answers 400. */
  const ownBooking = async (req: Request) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const row = await findBooking(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Booking');
    return { auth, row };
  };
  const ownResource = async (req: Request, action: 'bookings.manage' | 'resources.manage') => {
    const auth = authorizeRead(req, action);
    const row = await findResource(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Resource');
    return { auth, row };
  };
  const ownSeries = async (req: Request) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const row = await findSeries(deps.db, auth.tenantId, String(req.params.id));
    if (!row) throw notFound('Series');
    return { auth, row };
  };
  const run = <I>(req: Request, cmd: Parameters<typeof execute>[2], input: I) =>
    execute(deps, commandContext(deps, req), cmd, input);

  // Settings -----------------------------------------------------------------
  router.get('/api/bookings/settings', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    res.json(await getSettings(deps.db, auth.tenantId));
  });
  router.put('/api/bookings/settings', async (req, res) => {
    const body = parseOrThrow(bookingSettingsRequest, req.body);
    res.json(await run(req, updateBookingSettings, body));
  });

  // Resources ----------------------------------------------------------------
  router.get('/api/resources', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const f = parseOrThrow(resourceListQuery, req.query);
    const [rows, settings, tenant] = await Promise.all([
      listResources(deps.db, auth.tenantId, {
        locationId: f.locationId,
        type: f.type,
        q: f.q,
        active: f.active === undefined ? undefined : f.active === 'true',
      }),
      getSettings(deps.db, auth.tenantId),
      tenantInfo(deps.db, auth.tenantId),
    ]);
    res.json({ resources: rows.map((r) => toResourceView(r, settings, tenant)) });
  });
  router.post('/api/resources', async (req, res) => {
    const body = parseOrThrow(resourceCreateRequest, req.body);
    res.status(201).json(await run(req, createResource, { ...body, id: body.id ?? deps.newId() }));
  });
  router.get('/api/resources/:id', async (req, res) => {
    const { auth, row } = await ownResource(req, 'bookings.manage');
    const [settings, tenant] = await Promise.all([
      getSettings(deps.db, auth.tenantId),
      tenantInfo(deps.db, auth.tenantId),
    ]);
    res.json(toResourceView(row, settings, tenant));
  });
  router.patch('/api/resources/:id', async (req, res) => {
    await ownResource(req, 'resources.manage');
    const changes = parseOrThrow(resourceUpdateRequest, req.body);
    res.json(await run(req, updateResourceCommand, { resourceId: req.params.id, changes }));
  });
  router.delete('/api/resources/:id', async (req, res) => {
    await ownResource(req, 'resources.manage');
    await run(req, deleteResource, { resourceId: req.params.id });
    res.status(204).end();
  });

  // Reads that must come before /api/bookings/:id ------------------------------
  router.get('/api/bookings/availability', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const q = parseOrThrow(availabilityQuery, req.query);
    res.json(await searchAvailability(deps.db, auth.tenantId, q, now()));
  });
  router.post('/api/bookings/quote', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    res.json(await quoteBooking(deps.db, auth.tenantId, parseOrThrow(bookingQuoteRequest, req.body)));
  });
  router.get('/api/bookings', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    const f = parseOrThrow(bookingListQuery, req.query);
    // One more than the page: whether a following page exists, without a cursor to an empty one.
    const rows = await listBookings(deps.db, auth.tenantId, { ...f, limit: f.limit + 1 });
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    const body: BookingListPage = {
      bookings: await bookingViews(deps.db, auth.tenantId, page),
      next: rows.length > f.limit && last ? `${new Date(last.starts_at).toISOString()}|${last.id}` : null,
      total: await countBookings(deps.db, auth.tenantId, f),
    };
    res.json(body);
  });

  // Bookings -----------------------------------------------------------------
  router.post('/api/bookings', async (req, res) => {
    const body = parseOrThrow(bookingCreateRequest, req.body);
    res.status(201).json(await run(req, createBooking, { ...body, id: body.id ?? deps.newId() }));
  });
  router.post('/api/bookings/check-in-by-code', async (req, res) => {
    const body = parseOrThrow(bookingCheckInByCodeRequest, req.body);
    const booking = await execute(deps, commandContext(deps, req), checkInByCode, body);
    res.json(req.auth?.kioskMode ? kioskCheckInView(booking) : booking);
  });
  router.post('/api/bookings/no-shows/release', async (req, res) => {
    res.json(await run(req, releaseNoShows, {}));
  });

  // Series -------------------------------------------------------------------
  router.post('/api/bookings/series/preview', async (req, res) => {
    const auth = authorizeRead(req, 'bookings.manage');
    res.json(await previewSeries(deps.db, auth.tenantId, now(), req.body));
  });
  router.post('/api/bookings/series', async (req, res) => {
    const body = parseOrThrow(seriesCreateRequest, req.body);
    res.status(201).json(await run(req, createSeries, { ...body, id: body.id ?? deps.newId() }));
  });
  router.get('/api/bookings/series/:id', async (req, res) => {
    const { auth, row } = await ownSeries(req);
    res.json(await seriesView(deps.db, auth.tenantId, row.id));
  });
  router.post('/api/bookings/series/:id/edit', async (req, res) => {
    const { row } = await ownSeries(req);
    const body = parseOrThrow(seriesEditRequest, req.body);
    res.json(await run(req, editSeries, { ...body, seriesId: row.id }));
  });
  router.post('/api/bookings/series/:id/cancel', async (req, res) => {
    const { row } = await ownSeries(req);
    const body = parseOrThrow(seriesCancelRequest, req.body);
    res.json(await run(req, cancelSeries, { ...body, seriesId: row.id }));
  });

  router.get('/api/bookings/:id', async (req, res) => {
    const { auth, row } = await ownBooking(req);
    res.json(await bookingView(deps.db, auth.tenantId, row));
  });
  router.post('/api/bookings/:id/move', async (req, res) => {
    const { row } = await ownBooking(req);
    const body = parseOrThrow(bookingMoveRequest, req.body);
    res.json(await run(req, moveBooking, { ...body, bookingId: row.id }));
  });
  router.post('/api/bookings/:id/extend', async (req, res) => {
    const { row } = await ownBooking(req);
    const body = parseOrThrow(bookingExtendRequest, req.body);
    res.json(await run(req, extendBooking, { ...body, bookingId: row.id }));
  });
  router.post('/api/bookings/:id/cancel', async (req, res) => {
    const { row } = await ownBooking(req);
    const body = parseOrThrow(bookingCancelRequest, req.body ?? {});
    res.json(await run(req, cancelBooking, { ...body, bookingId: row.id }));
  });
  router.post('/api/bookings/:id/approve', async (req, res) => {
    const { row } = await ownBooking(req);
    res.json(await run(req, approveBooking, { bookingId: row.id }));
  });
  router.post('/api/bookings/:id/reject', async (req, res) => {
    const { row } = await ownBooking(req);
    const body = parseOrThrow(bookingRejectRequest, req.body ?? {});
    res.json(await run(req, rejectBooking, { ...body, bookingId: row.id }));
  });
  router.post('/api/bookings/:id/check-in', async (req, res) => {
    const { row } = await ownBooking(req);
    res.json(await run(req, checkInBooking, { bookingId: row.id }));
  });
  router.post('/api/bookings/:id/check-out', async (req, res) => {
    const { row } = await ownBooking(req);
    res.json(await run(req, checkOutBooking, { bookingId: row.id }));
  });

  router.use(conflictProblems);
  return router;
}

/**
 * A refused booking answers 409 `booking-conflict` with the conflicting
 * bookings and nearby free slots. The Postgres exclusion constraint (a race
 * the command's own check could not see) answers the same code.
 */
const conflictProblems: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof BookingConflictError) {
    const body = {
      code: err.code,
      status: err.status,
      detail: err.message,
      field: err.field,
      conflicts: err.conflicts,
      freeSlots: err.freeSlots,
    };
    return sendProblem(res, body);
  }
  if (err && typeof err === 'object' && (err as { code?: string }).code === '23P01') {
    const body = {
      code: 'booking-conflict',
      status: 409,
      detail: 'The resource was booked at that time by another device a moment ago',
      field: 'startsAt',
      conflicts: [],
      freeSlots: [],
    };
    return sendProblem(res, body);
  }
  next(err);
};

/**
 * What a console in kiosk mode gets back from a check-in: the welcome it shows (who, which room,
 * when) and the outcome, nothing more. The member standing at the kiosk typed only a code, so
 * staff notes, the price, who is billed and the ids of members and customers stay with the staff.
 */
const KIOSK_CHECK_IN_FIELDS = [
  'id',
  'status',
  'memberName',
  'customerName',
  'title',
  'resourceName',
  'startsAt',
  'endsAt',
] as const satisfies readonly (keyof BookingView)[];

export type KioskCheckInView = Pick<BookingView, (typeof KIOSK_CHECK_IN_FIELDS)[number]>;

export function kioskCheckInView(booking: BookingView): KioskCheckInView {
  return Object.fromEntries(KIOSK_CHECK_IN_FIELDS.map((k) => [k, booking[k]])) as KioskCheckInView;
}
