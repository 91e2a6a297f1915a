import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { bookingsApi, conflictOf } from '../../api/bookings';
import { problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type BookingConflictProblem, type BookingView, can, type FreeSlot } from '../../contract';
import { formatDate } from '../../format';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { BookingDetail } from './BookingDetail';
import { type BookingDraft, BookingForm } from './BookingForm';
import { CalendarGrid } from './CalendarGrid';
import { ConflictPanel } from './ConflictPanel';
import { CoworkingNav } from './CoworkingNav';
import {
  addMinutes,
  buildGrid,
  type CalendarView,
  cellAt,
  gridHours,
  gridSlot,
  minutesBetween,
  placeBookings,
  rangeOf,
  shiftAnchor,
  visibleDays,
} from './calendar';
import type { DragEffect } from './drag';
import { browse, clampMode, type GridEffect, type GridMode, pickUp } from './grid-keyboard';
import { StatusLegend } from './StatusLegend';
import { useBookingsIn, useLocationList, useResources } from './useBookingsData';
import { addDays, fromWallTime, todayIn } from './wall-clock';

type Open = { kind: 'new'; draft: BookingDraft } | { kind: 'detail'; bookingId: string } | null;

/** /bookings: the day or week calendar of a location, resources as columns. */
export function CalendarScreen() {
  const t = useT();
  const { tenant, role } = useTenantSession();
  useDocumentTitle(t('bookings.calendarTitle'));
  const [params, setParams] = useSearchParams();
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'day';
  const anchor = params.get('date') ?? todayIn(tenant.timeZone);
  const [locations] = useLocationList();
  const locationList = locations.state === 'loaded' ? locations.value.locations : [];
  const locationId =
    params.get('location') ?? (locationList.find((l) => l.isDefault) ?? locationList[0])?.id ?? '';
  const setParam = (patch: Record<string, string>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(patch)) next.set(k, v);
      return next;
    });

  const [resources] = useResources(locationId);
  const resourceList = resources.state === 'loaded' ? resources.value.resources : [];
  const days = visibleDays(view, anchor);
  const from = fromWallTime(days[0] ?? anchor, 0, tenant.timeZone);
  const to = fromWallTime(addDays(days.at(-1) ?? anchor, 1), 0, tenant.timeZone);
  const [bookings, reloadBookings] = useBookingsIn(locationId, from, to);
  const bookingList = bookings.state === 'loaded' ? bookings.value.bookings : [];

  const grid = useMemo(
    () =>
      buildGrid({
        view,
        anchor,
        timeZone: tenant.timeZone,
        resources: resourceList,
        slotMinutes: gridSlot(resourceList),
        ...gridHours(resourceList, visibleDays(view, anchor)),
      }),
    [view, anchor, tenant.timeZone, resourceList],
  );
  const shown = useMemo(
    () => bookingList.filter((b) => b.status !== 'cancelled' && b.status !== 'rejected'),
    [bookingList],
  );
  const placements = useMemo(() => placeBookings(grid, shown), [grid, shown]);

  const [mode, setMode] = useState<GridMode>(browse());
  const inside = mode.focus.col < grid.columns.length && mode.focus.row < grid.rows;
  const current = inside ? mode : clampMode(mode, { cols: grid.columns.length, rows: grid.rows });
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState('');
  const [moveError, setMoveError] = useState<{
    code: string;
    conflict: BookingConflictProblem | null;
    booking: BookingView;
  } | null>(null);

  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    reloadBookings();
  };

  const statusRef = useRef<HTMLParagraphElement>(null);
  const moveErrorRef = useRef<HTMLParagraphElement>(null);
  /** Focuses an element once React has drawn the change. */
  const focusSoon = (find: () => HTMLElement | null | undefined) =>
    requestAnimationFrame(() => find()?.focus());

  /**
   * Moves a booking (dropped in the grid, or a free slot of the conflict panel). From the panel
   * the panel stays until the answer, and then focus goes somewhere sensible instead of
   * dropping to the page with the slot button: to the cell where the booking now starts (or
   * the status message when that is not shown), or to the new refusal when it was lost.
   */
  async function move(
    booking: BookingView,
    resourceId: string,
    startsAt: string,
    endsAt: string,
    from: 'grid' | 'panel' = 'grid',
  ) {
    if (from === 'grid') setMoveError(null);
    try {
      await bookingsApi.move(booking.id, { resourceId, startsAt, endsAt });
      setMoveError(null);
      done(t('bookings.moved', { code: booking.code }));
      if (from === 'panel') {
        const cell = cellAt(grid, resourceId, startsAt);
        if (cell) setMode(browse(cell));
        focusSoon(() =>
          cell
            ? document.querySelector<HTMLElement>(`[data-col="${cell.col}"][data-row="${cell.row}"]`)
            : statusRef.current,
        );
      }
    } catch (error) {
      const problem = problemOf(error);
      setMoveError({ code: problem.code, conflict: conflictOf(problem), booking });
      setNotice('');
      if (from === 'panel') {
        focusSoon(() =>
          !document.activeElement || document.activeElement === document.body ? moveErrorRef.current : null,
        );
      }
    }
  }

  function onEffect(effect: GridEffect | DragEffect) {
    if (effect.type === 'open') {
      setOpen({ kind: 'detail', bookingId: effect.bookingId });
    } else if (effect.type === 'create') {
      const range = rangeOf(grid, effect.col, effect.rowStart, effect.rowEnd);
      const resource = resourceList.find((r) => r.id === range.resourceId);
      const minimum = resource?.effectiveRules.minDurationMin ?? 0;
      const endsAt =
        minutesBetween(range.startsAt, range.endsAt) < minimum
          ? addMinutes(range.startsAt, minimum)
          : range.endsAt;
      setOpen({ kind: 'new', draft: { ...range, endsAt } });
    } else if (effect.type === 'move') {
      const booking = bookingList.find((b) => b.id === effect.bookingId);
      if (!booking) return;
      const range = rangeOf(grid, effect.col, effect.rowStart, effect.rowStart + 1);
      void move(
        booking,
        range.resourceId,
        range.startsAt,
        addMinutes(range.startsAt, minutesBetween(booking.startsAt, booking.endsAt)),
      );
    } else if (effect.type === 'move-cancelled') {
      setNotice(t('bookings.moveCancelled'));
    }
  }

  const opened = open?.kind === 'detail' ? bookingList.find((b) => b.id === open.bookingId) : undefined;

  async function releaseNoShows() {
    try {
      const { released } = await bookingsApi.releaseNoShows();
      done(t('bookings.noShowsReleased', { count: released.length }));
    } catch (error) {
      setNotice(t.error(problemOf(error).code));
    }
  }

  function newBooking() {
    const first = resourceList[0];
    if (!first) return;
    const range = rangeOf(grid, 0, 0, 1);
    setOpen({
      kind: 'new',
      draft: {
        resourceId: first.id,
        startsAt: range.startsAt,
        endsAt: addMinutes(range.startsAt, first.effectiveRules.minDurationMin),
      },
    });
  }

  const periodLabel =
    view === 'day'
      ? formatDate(`${anchor}T12:00:00Z`, { locale: tenant.locale, timeZone: 'UTC' }, 'full')
      : t('bookings.weekOf', {
          from: formatDate(`${days[0]}T12:00:00Z`, { locale: tenant.locale, timeZone: 'UTC' }, 'medium'),
          to: formatDate(`${days.at(-1)}T12:00:00Z`, { locale: tenant.locale, timeZone: 'UTC' }, 'medium'),
        });

  return (
    <section className="bookings-screen">
      <PageHeading>{t('bookings.calendarTitle')}</PageHeading>
      <CoworkingNav />
      <div className="toolbar booking-toolbar">
        <SelectField
          id="calendar-location"
          label={t('bookings.location')}
          options={locationList.map((l) => ({ value: l.id, label: l.name }))}
          value={locationId}
          onChange={(e) => setParam({ location: e.target.value })}
        />
        <fieldset className="segmented">
          <legend>{t('bookings.view')}</legend>
          {(['day', 'week'] as const).map((v) => (
            <button
              key={v}
              type="button"
              className="button-secondary"
              aria-pressed={view === v}
              onClick={() => setParam({ view: v })}
            >
              {t(`bookings.view.${v}`)}
            </button>
          ))}
        </fieldset>
        <div className="date-stepper">
          <button
            type="button"
            className="button-secondary"
            onClick={() => setParam({ date: shiftAnchor(view, anchor, -1) })}
          >
            {t(view === 'day' ? 'bookings.prevDay' : 'bookings.prevWeek')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setParam({ date: todayIn(tenant.timeZone) })}
          >
            {t('bookings.today')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setParam({ date: shiftAnchor(view, anchor, 1) })}
          >
            {t(view === 'day' ? 'bookings.nextDay' : 'bookings.nextWeek')}
          </button>
        </div>
        <TextField
          id="calendar-date"
          type="date"
          label={t('bookings.goToDate')}
          value={anchor}
          onChange={(e) => e.target.value && setParam({ date: e.target.value })}
        />
        <button
          type="button"
          className="button-primary"
          onClick={newBooking}
          disabled={resourceList.length === 0}
        >
          {t('bookings.new')}
        </button>
        <button type="button" className="button-secondary" onClick={releaseNoShows}>
          {t('bookings.releaseNoShows')}
        </button>
        <Link to="/bookings/availability" className="button-secondary button-link">
          {t('bookings.availability')}
        </Link>
        <Link to="/bookings/check-in" className="button-secondary button-link">
          {t('bookings.kiosk')}
        </Link>
      </div>
      <h2 className="booking-period">{periodLabel}</h2>
      <p role="status" className="form-status" ref={statusRef} tabIndex={-1}>
        {notice}
      </p>
      {moveError && (
        <FormAlert>
          <p ref={moveErrorRef} tabIndex={-1}>
            {t.error(moveError.code)}
          </p>
          {moveError.conflict && (
            <ConflictPanel
              conflict={moveError.conflict}
              resources={resourceList}
              onSlot={(slot: FreeSlot) =>
                void move(moveError.booking, slot.resourceId, slot.startsAt, slot.endsAt, 'panel')
              }
            />
          )}
        </FormAlert>
      )}
      {(resources.state === 'loading' || locations.state === 'loading') && (
        <p className="muted">{t('app.loading')}</p>
      )}
      {resources.state === 'failed' && <FormAlert>{t.error(resources.code)}</FormAlert>}
      {bookings.state === 'failed' && <FormAlert>{t.error(bookings.code)}</FormAlert>}
      {resources.state === 'loaded' && resourceList.length === 0 && (
        <div className="empty-state">
          <p>{t('bookings.noResources')}</p>
          {can(role, 'resources.manage') && <Link to="/resources/new">{t('resources.new')}</Link>}
        </div>
      )}
      {resourceList.length > 0 && (
        <>
          <p id="bookings-grid-help" className="muted">
            {t('bookings.gridHelp')}
          </p>
          {current.kind === 'moving' && (
            <p className="moving-banner" role="status">
              {t('bookings.movingHelp')}
            </p>
          )}
          <StatusLegend />
          <div className="booking-grid-scroll">
            <CalendarGrid
              grid={grid}
              placements={placements}
              mode={current}
              onMode={setMode}
              onEffect={onEffect}
            />
          </div>
          {shown.length === 0 && bookings.state === 'loaded' && (
            <p className="muted">{t('bookings.emptyPeriod')}</p>
          )}
        </>
      )}
      {open?.kind === 'new' && (
        <BookingForm
          resources={resourceList}
          draft={open.draft}
          onSaved={done}
          onClose={() => setOpen(null)}
        />
      )}
      {opened && (
        <BookingDetail
          booking={opened}
          resources={resourceList}
          onChanged={done}
          onClose={() => setOpen(null)}
          onPickUp={() => {
            const placement = placements.find((p) => p.booking.id === opened.id);
            setOpen(null);
            if (placement) {
              setMode(
                pickUp({
                  id: opened.id,
                  col: placement.col,
                  rowStart: placement.rowStart,
                  rowSpan: placement.rowSpan,
                }),
              );
              setNotice(t('bookings.movingHelp'));
              requestAnimationFrame(() =>
                document
                  .querySelector<HTMLElement>(
                    `[data-col="${placement.col}"][data-row="${placement.rowStart}"]`,
                  )
                  ?.focus(),
              );
            }
          }}
        />
      )}
    </section>
  );
}
