/**
 * Recurring series: preview (each occurrence with its rule breach or
 * conflicts), create (skipping or moving dates; all or nothing), and edits
 * or cancellations of one occurrence, this and the following, or all.
 * A series keeps one id for its life; "this and following" edits the
 * occurrences in place rather than splitting the series.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import {
  type BookingStatus,
  type SeriesPreview,
  type SeriesPreviewRequest,
  type SeriesView,
  seriesCancelRequest,
  seriesCreateRequest,
  seriesEditRequest,
  seriesPreviewRequest,
} from '../../contract/bookings.js';
import { conflict, DomainError, notFound } from '../../core/errors.js';
import { type CommandContext, command } from '../../core/pipeline.js';
import { parseOrThrow } from '../../core/validation.js';
import type { DB } from '../../db/schema.js';
import { conflictingHolds, type Hold, nearestFreeSlots } from './bookings.availability.js';
import { cancelOne, placeAgain, writeBooking } from './bookings.commands.js';
import { assertParty, bookingViews, derivedId, loadResource } from './bookings.engine.js';
import { paidAsField, takeCarriedPayer, withPaidAs } from './bookings.paid-as.js';
import {
  type BookingRow,
  findBooking,
  findSeries,
  holdsBetween,
  insertSeries,
  listBookings,
  seriesIdTaken,
  setBookingTitle,
  toHold,
  touchSeries,
} from './bookings.queries.js';
import { expandRrule, parseRrule } from './bookings.rrule.js';
import { assertSlotAllowed, blockedRange } from './bookings.rules.js';
import { addDays, DAY_MS, localToUtcIso, MINUTE, minutesOf, utcToLocal } from './bookings.time.js';
import { toConflictView } from './bookings.views.js';

type Db = Kysely<DB>;

/** Each occurrence of a rule with the rule it breaks, its conflicts and free slots near it. Writes nothing. */
export async function previewSeries(
  db: Db,
  tenantId: string,
  nowIso: string,
  raw: SeriesPreviewRequest,
): Promise<SeriesPreview> {
  const input = parseOrThrow(seriesPreviewRequest, raw);
  const loaded = await loadResource(db, tenantId, input.resourceId, 'resourceId');
  const occurrences = expandRrule(
    parseRrule(input.rrule),
    input.startsAt,
    input.endsAt,
    loaded.tenant.timeZone,
    input.exdates,
  );
  if (occurrences.length === 0) return { occurrences: [] };
  const first = occurrences[0] as (typeof occurrences)[number];
  const last = occurrences[occurrences.length - 1] as (typeof occurrences)[number];
  const rows = await holdsBetween(
    db,
    tenantId,
    new Date(Date.parse(first.startsAt) - 2 * DAY_MS).toISOString(),
    new Date(Date.parse(last.endsAt) + 9 * DAY_MS).toISOString(),
    [loaded.resource.id],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const holds: Hold[] = rows.map(toHold).sort((a, b) => a.from - b.from);
  const ownHolds: Hold[] = [];
  const now = Date.parse(nowIso);
  return {
    occurrences: occurrences.map((o) => {
      let problem: { code: string; message: string } | null = null;
      try {
        if (!loaded.policy.active)
          throw new DomainError('resource-inactive', 409, 'This resource is not bookable');
        assertSlotAllowed(
          loaded.policy,
          { startsAt: o.startsAt, endsAt: o.endsAt, seats: input.seats, checkStart: true },
          nowIso,
        );
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        problem = { code: e.code, message: e.message };
      }
      const [from, to] = blockedRange(loaded.policy.rules, o.startsAt, o.endsAt).map(Date.parse) as [
        number,
        number,
      ];
      const all = [...holds, ...ownHolds];
      const hit = conflictingHolds(loaded.policy.capacity, all, from, to, input.seats);
      const conflicts = hit.flatMap((h) => {
        const r = byId.get(h.id);
        return r ? [toConflictView(r)] : [];
      });
      const durationMin = (Date.parse(o.endsAt) - Date.parse(o.startsAt)) / MINUTE;
      const freeSlots =
        hit.length > 0
          ? nearestFreeSlots(
              loaded.policy,
              all.sort((a, b) => a.from - b.from),
              Date.parse(o.startsAt),
              durationMin,
              input.seats,
              now,
            ).map((s) => ({
              resourceId: loaded.resource.id,
              startsAt: new Date(s.start).toISOString(),
              endsAt: new Date(s.end).toISOString(),
            }))
          : [];
      if (hit.length === 0 && !problem)
        ownHolds.push({ id: `occurrence:${o.index}`, from, to, seats: input.seats });
      return { ...o, conflicts, problem, freeSlots };
    }),
  };
}

export async function seriesView(db: Db, tenantId: string, id: string): Promise<SeriesView> {
  const series = await findSeries(db, tenantId, id);
  if (!series) throw notFound('Series');
  const rows = await listBookings(db, tenantId, { seriesId: id, limit: 5000 });
  return {
    id: series.id,
    resourceId: series.resource_id,
    rrule: series.rrule,
    exdates: JSON.parse(series.exdates),
    title: series.title,
    memberId: series.member_id,
    customerId: series.customer_id,
    createdAt: series.created_at,
    bookings: await bookingViews(db, tenantId, rows),
  };
}

export const createSeries = command({
  name: 'bookings.series.create',
  permission: 'bookings.manage',
  input: seriesCreateRequest.extend({ id: z.uuid(), ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    if (await seriesIdTaken(tx, input.id)) {
      throw conflict('id-taken', 'A row with this id already exists; retry without it', 'id');
    }
    await assertParty(tx, ctx.tenantId, input);
    const loaded = await loadResource(tx, ctx.tenantId, input.resourceId, 'resourceId');
    const occurrences = expandRrule(
      parseRrule(input.rrule),
      input.startsAt,
      input.endsAt,
      loaded.tenant.timeZone,
      input.exdates,
    );
    const dates = new Set(occurrences.map((o) => o.date));
    input.moves.forEach((m, i) => {
      if (!dates.has(m.date)) {
        throw new DomainError('unknown-occurrence', 400, `No occurrence on ${m.date}`, `moves.${i}.date`);
      }
    });
    input.skip.forEach((d, i) => {
      if (!dates.has(d))
        throw new DomainError('unknown-occurrence', 400, `No occurrence on ${d}`, `skip.${i}`);
    });
    const skip = new Set(input.skip);
    const moves = new Map(input.moves.map((m) => [m.date, m]));
    const kept = occurrences.filter((o) => !skip.has(o.date));
    if (kept.length === 0) throw new DomainError('series-empty', 400, 'Every occurrence is skipped', 'skip');
    await insertSeries(tx, {
      id: input.id,
      tenant_id: ctx.tenantId,
      resource_id: input.resourceId,
      rrule: input.rrule,
      exdates: JSON.stringify([...new Set([...input.exdates, ...input.skip])].sort()),
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      title: input.title,
      member_id: input.memberId,
      customer_id: input.customerId,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    for (const o of kept) {
      const moved = moves.get(o.date);
      await writeBooking(tx, ctx, {
        id: derivedId(`series:${input.id}:${o.date}`),
        resourceId: input.resourceId,
        seriesId: input.id,
        startsAt: moved?.startsAt ?? o.startsAt,
        endsAt: moved?.endsAt ?? o.endsAt,
        seats: input.seats,
        title: input.title,
        notes: input.notes,
        memberId: input.memberId,
        customerId: input.customerId,
        field: `occurrences.${o.date}`,
      });
    }
    const view = await seriesView(tx, ctx.tenantId, input.id);
    return {
      result: view,
      opInput: withPaidAs(ctx, input),
      entity: { type: 'booking_series', id: input.id },
      after: { rrule: input.rrule, bookings: view.bookings.map((b) => b.id) },
    };
  },
});

const EDITABLE: BookingStatus[] = ['pending', 'confirmed'];

/**
 * The occurrences a scope reaches, in time order. "one" is the target itself;
 * "following" and "all" reach only occurrences not yet started (those that
 * have begun are history), whichever occurrence the edit is opened from.
 */
async function scopeRows(
  tx: Transaction<DB>,
  ctx: CommandContext,
  seriesId: string,
  bookingId: string,
  scope: 'one' | 'following' | 'all',
): Promise<BookingRow[]> {
  const target = await findBooking(tx, ctx.tenantId, bookingId);
  if (!target || target.series_id !== seriesId) {
    throw new DomainError('not-found', 404, 'Booking not found in this series', 'bookingId');
  }
  if (!EDITABLE.includes(target.status)) {
    throw conflict('booking-not-movable', `A ${target.status} occurrence cannot be changed`);
  }
  if (scope === 'one') return [target];
  const all = await listBookings(tx, ctx.tenantId, { seriesId, status: EDITABLE, limit: 5000 });
  const now = Date.parse(ctx.now);
  const from = scope === 'following' ? Date.parse(target.starts_at) : Number.NEGATIVE_INFINITY;
  const rows = all.filter((b) => {
    const start = Date.parse(b.starts_at);
    return start >= from && start > now;
  });
  if (rows.length === 0) {
    throw new DomainError('in-the-past', 400, 'Every occurrence this reaches has already started', 'scope');
  }
  return rows;
}

async function ownSeries(tx: Db, tenantId: string, id: string) {
  const series = await findSeries(tx, tenantId, id);
  if (!series) throw notFound('Series');
  return series;
}

/** The series (of this business) and the occurrences a scoped edit or cancel applies to. */
async function seriesScope(
  tx: Transaction<DB>,
  ctx: CommandContext,
  input: { seriesId: string; bookingId: string; scope: 'one' | 'following' | 'all' },
) {
  const series = await ownSeries(tx, ctx.tenantId, input.seriesId);
  const rows = await scopeRows(tx, ctx, series.id, input.bookingId, input.scope);
  return { series, rows };
}

/** Marks the series changed and answers with its view; `after` is the audit record. */
async function seriesOutcome(tx: Db, ctx: CommandContext, seriesId: string, after: Record<string, unknown>) {
  await touchSeries(tx, ctx.tenantId, seriesId, ctx.now);
  const view = await seriesView(tx, ctx.tenantId, seriesId);
  return { result: view, entity: { type: 'booking_series', id: seriesId }, after };
}

export const editSeries = command({
  name: 'bookings.series.edit',
  permission: 'bookings.manage',
  input: seriesEditRequest.extend({ seriesId: z.string().min(1).max(64), ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    const { series, rows } = await seriesScope(tx, ctx, input);
    const { timeZone } = (
      await loadResource(tx, ctx.tenantId, input.resourceId ?? series.resource_id, 'resourceId')
    ).tenant;
    const moves = input.startTime !== undefined || input.endTime !== undefined;
    const replaces = moves || input.resourceId !== undefined || input.seats !== undefined;
    const remaining = new Set(rows.map((r) => r.id));
    for (const row of rows) {
      if (replaces) {
        const start = utcToLocal(Date.parse(row.starts_at), timeZone);
        const end = utcToLocal(Date.parse(row.ends_at), timeZone);
        const startMin = input.startTime !== undefined ? minutesOf(input.startTime) : start.minute;
        const endMin = input.endTime !== undefined ? minutesOf(input.endTime) : end.minute;
        const endDate =
          input.endTime !== undefined || input.startTime !== undefined
            ? endMin > startMin
              ? start.date
              : addDays(start.date, 1)
            : end.date;
        await placeAgain(
          tx,
          ctx,
          row,
          {
            resourceId: input.resourceId ?? row.resource_id,
            startsAt: moves ? localToUtcIso(start.date, startMin, timeZone) : row.starts_at,
            endsAt: moves ? localToUtcIso(endDate, endMin, timeZone) : row.ends_at,
            seats: input.seats ?? Number(row.seats),
            checkStart: true,
          },
          { exclude: new Set(remaining), field: `occurrences.${start.date}` },
        );
      }
      if (input.title !== undefined) await setBookingTitle(tx, ctx.tenantId, row.id, input.title, ctx.now);
      remaining.delete(row.id);
    }
    return {
      ...(await seriesOutcome(tx, ctx, series.id, { scope: input.scope, bookings: rows.map((r) => r.id) })),
      opInput: withPaidAs(ctx, input),
    };
  },
});

export const cancelSeries = command({
  name: 'bookings.series.cancel',
  permission: 'bookings.manage',
  input: seriesCancelRequest.extend({ seriesId: z.string().min(1).max(64), ...paidAsField }),
  sync: { arbitration: 'hub-decides' },
  async handler(tx, input, ctx) {
    takeCarriedPayer(ctx, input);
    const { series, rows } = await seriesScope(tx, ctx, input);
    for (const row of rows) await cancelOne(tx, ctx, row, input.reason);
    return {
      ...(await seriesOutcome(tx, ctx, series.id, { scope: input.scope, cancelled: rows.map((r) => r.id) })),
      opInput: withPaidAs(ctx, input),
    };
  },
});

export { ownSeries };
