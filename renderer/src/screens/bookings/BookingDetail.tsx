import { type FormEvent, useRef, useState } from 'react';
import { bookingsApi, seriesApi } from '../../api/bookings';
import { problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import {
  type BookingConflictProblem,
  type BookingView,
  can,
  type FreeSlot,
  type ResourceView,
  SERIES_SCOPES,
  type SeriesScope,
} from '../../contract';
import { type Translator, useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { MOVE_FIELD_OF, type Refusal, refusedBeforeSending, refusedByServer } from './booking-refusal';
import { ConflictPanel, useSpan } from './ConflictPanel';
import { addMinutes, minutesBetween } from './calendar';
import { cancelWarning, checkInWindow, lateCancellation } from './cancellation';
import { durationOptions, durationText } from './durations';
import {
  canCancel,
  canCheckIn,
  canCheckOut,
  canDecide,
  canMove,
  shownStatus,
  statusClass,
  statusKey,
} from './status';
import { clockToMinutes, fromWallTime, minutesToClock, toWallTime } from './wall-clock';

interface BookingDetailProps {
  booking: BookingView;
  resources: readonly ResourceView[];
  /** The booking changed (or was cancelled): the message to announce. */
  onChanged(message: string): void;
  onClose(): void;
  /** Picks the booking up to move it in the calendar with the arrow keys. */
  onPickUp?(): void;
}

type Confirm = 'cancel' | 'reject' | null;

/**
 * Whose credits paid the booking and who it is billed to, when that is not only the booked
 * member (a company's person): "Créditos de Acme S.L.: 2 h", "Se factura a Acme S.L.".
 */
export function whoPays(t: Translator, booking: Pick<BookingView, 'memberId' | 'price'>): string[] {
  const { creditsFrom = [], billedTo = null } = booking.price;
  const others =
    creditsFrom.some((c) => c.memberId !== booking.memberId) ||
    (billedTo !== null && billedTo.memberId !== booking.memberId);
  if (!others) return [];
  return [
    ...creditsFrom.map((c) =>
      t('bookings.detail.creditsOf', { name: c.name, time: durationText(c.minutes) }),
    ),
    ...(billedTo ? [t('bookings.detail.billedTo', { name: billedTo.name })] : []),
  ];
}

/** One booking: who, when, status and code; check in/out, cancel, move, extend, approve/reject. */
export function BookingDetail({ booking, resources, onChanged, onClose, onPickUp }: BookingDetailProps) {
  const t = useT();
  const format = useBusinessFormat();
  const span = useSpan();
  const { role } = useTenantSession();
  const manager = can(role, 'resources.manage');
  const resource = resources.find((r) => r.id === booking.resourceId);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<'move' | 'extend' | null>(null);

  async function act(action: () => Promise<BookingView>, message: string) {
    setError(null);
    try {
      await action();
      onChanged(message);
    } catch (e) {
      setError(problemOf(e).code);
    }
  }

  const now = new Date();
  const late = resource
    ? lateCancellation(booking, resource.effectiveRules, now)
    : { late: false, fee: 0, started: false, ended: false };
  const warning = cancelWarning(t, late, format.money);
  const checkIn = resource
    ? checkInWindow(booking, resource.effectiveRules, now)
    : ({ state: 'open' } as const);
  const shown = shownStatus(booking);
  const party = booking.memberName
    ? t('bookings.detail.member', { name: booking.memberName })
    : booking.customerName
      ? t('bookings.detail.customer', { name: booking.customerName })
      : t('bookings.detail.nobody');

  return (
    <Dialog
      title={t('bookings.detail.title', { code: booking.code })}
      onClose={onClose}
      className="booking-dialog"
    >
      <div className="dialog-body">
        <dl className="booking-details">
          <dt>{t('bookings.status')}</dt>
          <dd>
            <span className={`booking-badge ${statusClass(shown)}`}>{t(statusKey(shown))}</span>
            {shown === 'awaiting_hub' && (
              <p className="muted booking-hub-note">{t('bookings.awaitingHub.explain')}</p>
            )}
          </dd>
          <dt>{t('bookings.resource')}</dt>
          <dd>{booking.resourceName}</dd>
          <dt>{t('bookings.when')}</dt>
          <dd>{span(booking.startsAt, booking.endsAt)}</dd>
          <dt>{t('bookings.party')}</dt>
          <dd>{party}</dd>
          {booking.title && (
            <>
              <dt>{t('bookings.title')}</dt>
              <dd>{booking.title}</dd>
            </>
          )}
          {booking.seats > 1 && (
            <>
              <dt>{t('bookings.seats')}</dt>
              <dd>{booking.seats}</dd>
            </>
          )}
          <dt>{t('bookings.code')}</dt>
          <dd className="booking-code">{booking.code}</dd>
          {/* Cancelled late, what it still costs is the fee: one row, not the fee twice. */}
          <dt>{booking.lateFee > 0 ? t('bookings.lateFee') : t('bookings.price')}</dt>
          <dd>
            {format.money(booking.lateFee > 0 ? booking.lateFee : booking.price.due)}
            {booking.price.creditMinutes > 0 &&
              ` · ${t('bookings.detail.credited', { time: durationText(booking.price.creditMinutes) })}`}
          </dd>
          {whoPays(t, booking).map((line) => (
            <dd key={line} data-testid="booking-who-pays">
              {line}
            </dd>
          ))}
          {booking.checkedInAt && (
            <>
              <dt>{t('bookings.checkedInAt')}</dt>
              <dd>{format.dateTime(booking.checkedInAt)}</dd>
            </>
          )}
          {booking.notes && (
            <>
              <dt>{t('bookings.notes')}</dt>
              <dd>{booking.notes}</dd>
            </>
          )}
          {booking.reason && (
            <>
              <dt>{t('bookings.reason')}</dt>
              <dd>{booking.reason}</dd>
            </>
          )}
        </dl>
      </div>
      <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
      <div className="dialog-actions booking-actions">
        {canCheckIn(shown) && checkIn.state === 'early' && (
          <p className="muted">{t('bookings.checkInOpensAt', { time: format.dateTime(checkIn.opensAt) })}</p>
        )}
        {canCheckIn(shown) && checkIn.state === 'closed' && (
          <p className="muted">{t('bookings.checkInClosed')}</p>
        )}
        {canCheckIn(shown) && checkIn.state === 'open' && (
          <button
            type="button"
            className="button-primary"
            onClick={() =>
              act(() => bookingsApi.checkIn(booking.id), t('bookings.checkedIn', { code: booking.code }))
            }
          >
            {t('bookings.checkIn')}
          </button>
        )}
        {canCheckOut(shown) && (
          <button
            type="button"
            className="button-primary"
            onClick={() =>
              act(() => bookingsApi.checkOut(booking.id), t('bookings.checkedOut', { code: booking.code }))
            }
          >
            {t('bookings.checkOut')}
          </button>
        )}
        {manager && canDecide(shown) && (
          <>
            {/* After its check-in window a request can only be rejected (the server answers booking-started). */}
            {checkIn.state !== 'closed' && (
              <button
                type="button"
                className="button-primary"
                onClick={() => act(() => bookingsApi.approve(booking.id), t('bookings.approved'))}
              >
                {t('bookings.approve')}
              </button>
            )}
            <button type="button" className="button-secondary" onClick={() => setConfirm('reject')}>
              {t('bookings.reject')}
            </button>
          </>
        )}
        {canMove(shown) && (
          <button type="button" className="button-secondary" onClick={() => setEditing('move')}>
            {t('bookings.move')}
          </button>
        )}
        {(canMove(shown) || canCheckOut(shown)) && (
          <button type="button" className="button-secondary" onClick={() => setEditing('extend')}>
            {t('bookings.extend')}
          </button>
        )}
        {canMove(shown) && onPickUp && (
          <button type="button" className="button-secondary" onClick={onPickUp}>
            {t('bookings.moveInCalendar')}
          </button>
        )}
        {canCancel(shown) && !late.ended && (
          <button type="button" className="button-danger" onClick={() => setConfirm('cancel')}>
            {t('bookings.cancel')}
          </button>
        )}
        <button type="button" className="button-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      {editing === 'move' && (
        <MoveForm
          booking={booking}
          resources={resources}
          onDone={onChanged}
          onClose={() => setEditing(null)}
        />
      )}
      {editing === 'extend' && (
        <ExtendForm
          booking={booking}
          resource={resource}
          onDone={onChanged}
          onClose={() => setEditing(null)}
        />
      )}
      {confirm === 'cancel' && booking.seriesId && (
        <SeriesCancelDialog
          booking={booking}
          seriesId={booking.seriesId}
          warning={warning}
          onDone={onChanged}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'cancel' && !booking.seriesId && (
        <ConfirmDialog
          title={t('bookings.cancelTitle', { code: booking.code })}
          body={
            <>
              <p>{t('bookings.cancelBody', { span: span(booking.startsAt, booking.endsAt) })}</p>
              {warning && (
                <p className="booking-warning" role="note">
                  {warning}
                </p>
              )}
            </>
          }
          confirmLabel={t('bookings.cancelConfirm')}
          danger
          reason={{ label: t('bookings.reason') }}
          onConfirm={async (reason) => {
            await bookingsApi.cancel(booking.id, { reason });
            onChanged(t('bookings.cancelled', { code: booking.code }));
          }}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'reject' && (
        <ConfirmDialog
          title={t('bookings.rejectTitle', { code: booking.code })}
          body={<p>{t('bookings.rejectBody')}</p>}
          confirmLabel={t('bookings.reject')}
          danger
          reason={{ label: t('bookings.reason') }}
          onConfirm={async (reason) => {
            await bookingsApi.reject(booking.id, { reason });
            onChanged(t('bookings.rejected'));
          }}
          onClose={() => setConfirm(null)}
        />
      )}
    </Dialog>
  );
}

/** Another time, length or resource for a booking; a refusal shows the free slots to pick. */
function MoveForm({
  booking,
  resources,
  onDone,
  onClose,
}: {
  booking: BookingView;
  resources: readonly ResourceView[];
  onDone(message: string): void;
  onClose(): void;
}) {
  const t = useT();
  const { tenant } = useTenantSession();
  const start = toWallTime(booking.startsAt, tenant.timeZone);
  const [resourceId, setResourceId] = useState(booking.resourceId);
  const [date, setDate] = useState(start.date);
  const [clock, setClock] = useState(minutesToClock(start.minutes));
  const [duration, setDuration] = useState(minutesBetween(booking.startsAt, booking.endsAt));
  const [conflict, setConflict] = useState<BookingConflictProblem | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [scope, setScope] = useState<SeriesScope>('one');
  // Each refused move puts focus on the first invalid field (its error is read with it).
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);
  const submitRef = useRef<HTMLButtonElement>(null);
  // Following/all keep each occurrence's own day (the series edit changes times, length and space only).
  const wholeSeries = booking.seriesId !== null && scope !== 'one';
  const resource = resources.find((r) => r.id === resourceId);
  const durations = resource ? durationOptions(resource.effectiveRules) : [];
  if (!durations.includes(duration)) durations.push(duration);
  durations.sort((a, b) => a - b);

  function refuse(refusal: Refusal) {
    setConflict(refusal.conflict);
    setErrors(refusal.errors);
    setFormError(refusal.formError);
    setAttempt(refusal.attempt);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const minutes = clockToMinutes(clock);
    if (minutes === null || !date) return refuse(refusedBeforeSending({ start: 'invalid-time' }, attempt));
    const startsAt = fromWallTime(date, minutes, tenant.timeZone);
    try {
      if (booking.seriesId && wholeSeries) {
        // Following/all: the new wall-clock times apply on each occurrence's own date.
        await seriesApi.edit(booking.seriesId, {
          scope,
          bookingId: booking.id,
          startTime: minutesToClock(minutes),
          endTime: minutesToClock(minutes + duration),
          resourceId,
        });
        onDone(t('bookings.seriesMoved'));
        return;
      }
      await bookingsApi.move(booking.id, { resourceId, startsAt, endsAt: addMinutes(startsAt, duration) });
      onDone(t('bookings.moved', { code: booking.code }));
    } catch (e) {
      refuse(refusedByServer(problemOf(e), MOVE_FIELD_OF, attempt));
    }
  }

  function applySlot(slot: FreeSlot) {
    const wall = toWallTime(slot.startsAt, tenant.timeZone);
    setResourceId(slot.resourceId);
    setDate(wall.date);
    setClock(minutesToClock(wall.minutes));
    setConflict(null);
    setFormError(null);
    // The slot's button goes with the conflict panel: focus Move (as the booking form focuses Save).
    submitRef.current?.focus();
  }

  return (
    <Dialog title={t('bookings.moveTitle', { code: booking.code })} onClose={onClose}>
      <form ref={formRef} noValidate onSubmit={submit} className="dialog-form">
        {booking.seriesId && <ScopeField id="move-scope" value={scope} onChange={setScope} />}
        <SelectField
          id="move-resource"
          label={t('bookings.resource')}
          options={resources.map((r) => ({ value: r.id, label: r.name }))}
          value={resourceId}
          error={errors.resourceId ? t.error(errors.resourceId) : undefined}
          onChange={(e) => setResourceId(e.target.value)}
        />
        {!wholeSeries && (
          <TextField
            id="move-date"
            type="date"
            label={t('bookings.date')}
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        )}
        <TextField
          id="move-start"
          type="time"
          label={t('bookings.start')}
          hint={wholeSeries ? t('bookings.seriesMoveKeepsDays') : undefined}
          value={clock}
          error={errors.start ? t.error(errors.start) : undefined}
          onChange={(e) => setClock(e.target.value)}
        />
        <SelectField
          id="move-duration"
          label={t('bookings.duration')}
          options={durations.map((m) => ({ value: String(m), label: durationText(m) }))}
          value={String(duration)}
          error={errors.duration ? t.error(errors.duration) : undefined}
          onChange={(e) => setDuration(Number(e.target.value))}
        />
        {conflict && <ConflictPanel conflict={conflict} resources={resources} onSlot={applySlot} />}
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button ref={submitRef} type="submit" className="button-primary">
            {t('bookings.moveConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A later end for a booking (also while the person is in). */
function ExtendForm({
  booking,
  resource,
  onDone,
  onClose,
}: {
  booking: BookingView;
  resource: ResourceView | undefined;
  onDone(message: string): void;
  onClose(): void;
}) {
  const t = useT();
  const current = minutesBetween(booking.startsAt, booking.endsAt);
  const options = (resource ? durationOptions(resource.effectiveRules) : []).filter((m) => m > current);
  const [duration, setDuration] = useState(options[0] ?? current);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await bookingsApi.extend(booking.id, { endsAt: addMinutes(booking.startsAt, duration) });
      onDone(t('bookings.extended', { code: booking.code }));
    } catch (e) {
      setError(problemOf(e).code);
    }
  }

  return (
    <Dialog title={t('bookings.extendTitle', { code: booking.code })} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        {options.length === 0 ? (
          <p className="muted">{t('bookings.extendNone')}</p>
        ) : (
          <SelectField
            id="extend-duration"
            label={t('bookings.newDuration')}
            options={options.map((m) => ({ value: String(m), label: durationText(m) }))}
            value={String(duration)}
            onChange={(e) => setDuration(Number(e.target.value))}
          />
        )}
        <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {options.length > 0 && (
            <button type="submit" className="button-primary">
              {t('bookings.extendConfirm')}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}

/** One occurrence, it and the following ones, or the whole series. */
function ScopeField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: SeriesScope;
  onChange(scope: SeriesScope): void;
}) {
  const t = useT();
  return (
    <fieldset className="booking-party">
      <legend>{t('bookings.scope')}</legend>
      {SERIES_SCOPES.map((scope) => (
        <label key={scope} className="radio">
          <input
            type="radio"
            name={id}
            value={scope}
            checked={value === scope}
            onChange={() => onChange(scope)}
          />
          {t(`bookings.scope.${scope}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Cancelling a booking of a series: this one, it and the following ones, or all not yet started. */
function SeriesCancelDialog({
  booking,
  seriesId,
  warning,
  onDone,
  onClose,
}: {
  booking: BookingView;
  seriesId: string;
  warning: string | null;
  onDone(message: string): void;
  onClose(): void;
}) {
  const t = useT();
  const span = useSpan();
  const [scope, setScope] = useState<SeriesScope>('one');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await seriesApi.cancel(seriesId, { scope, bookingId: booking.id, reason });
      onDone(t('bookings.cancelled', { code: booking.code }));
    } catch (e) {
      setError(problemOf(e).code);
    }
  }

  return (
    <Dialog title={t('bookings.cancelTitle', { code: booking.code })} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        <div className="dialog-body">
          <p>{t('bookings.cancelBody', { span: span(booking.startsAt, booking.endsAt) })}</p>
          {warning && (
            <p className="booking-warning" role="note">
              {warning}
            </p>
          )}
        </div>
        <ScopeField id="cancel-scope" value={scope} onChange={setScope} />
        <TextField
          id="cancel-reason"
          label={t('bookings.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <FormAlert>{error && <p>{t.error(error)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-danger">
            {t('bookings.cancelConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
