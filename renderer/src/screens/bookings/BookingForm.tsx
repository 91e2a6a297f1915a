import { type FormEvent, useEffect, useRef, useState } from 'react';
import { bookingsApi, seriesApi } from '../../api/bookings';
import { problemOf } from '../../api/client';
import { SubmitAttempt } from '../../api/submit-attempt';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import type { BookingConflictProblem, FreeSlot, ResourceView, SeriesPreview } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { BOOKING_FIELD_OF, type Refusal, refusedBeforeSending, refusedByServer } from './booking-refusal';
import { ConflictPanel } from './ConflictPanel';
import { addMinutes, minutesBetween } from './calendar';
import { durationOptions, durationText } from './durations';
import { MemberPicker, type PickedMember } from './MemberPicker';
import { decide, NO_REPEAT, type OccurrenceChoice, type RepeatOptions, toRrule } from './recurrence';
import { SeriesPreviewTable } from './SeriesPreviewTable';
import { clockToMinutes, fromWallTime, minutesToClock, toWallTime } from './wall-clock';

export interface BookingDraft {
  resourceId: string;
  startsAt: string;
  endsAt: string;
  /** Seats asked for (an availability search for 4 seats opens the form with 4). */
  seats?: number;
}

interface BookingFormProps {
  resources: readonly ResourceView[];
  draft: BookingDraft;
  onSaved(message: string): void;
  onClose(): void;
}

type Party = 'member' | 'customer' | 'none';

interface Values {
  resourceId: string;
  date: string;
  start: string;
  duration: number;
  seats: string;
  party: Party;
  member: PickedMember | null;
  customer: PickedCustomer | null;
  title: string;
  notes: string;
  repeat: RepeatOptions;
}

/** New booking, in a dialog: one booking or a repeating series with a preview of every date. */
export function BookingForm({ resources, draft, onSaved, onClose }: BookingFormProps) {
  const t = useT();
  const { tenant } = useTenantSession();
  const zone = tenant.timeZone;
  const start = toWallTime(draft.startsAt, zone);
  const [values, setValues] = useState<Values>({
    resourceId: draft.resourceId,
    date: start.date,
    start: minutesToClock(start.minutes),
    duration: minutesBetween(draft.startsAt, draft.endsAt),
    seats: String(draft.seats ?? 1),
    party: 'customer',
    member: null,
    customer: null,
    title: '',
    notes: '',
    repeat: NO_REPEAT,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<BookingConflictProblem | null>(null);
  const [preview, setPreview] = useState<SeriesPreview | null>(null);
  const [choices, setChoices] = useState<Record<string, OccurrenceChoice>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const submitRef = useRef<HTMLButtonElement>(null);
  // Each refused save moves focus to the first invalid field (its error is read with it).
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, refusals);
  // Save pressed again after a lost answer sends the same id and Idempotency-Key: one booking.
  const attempt = useRef(new SubmitAttempt());

  const resource = resources.find((r) => r.id === values.resourceId) ?? resources[0];
  const rules = resource?.effectiveRules;
  const durations = rules ? durationOptions(rules) : [values.duration];
  if (!durations.includes(values.duration)) durations.push(values.duration);
  durations.sort((a, b) => a - b);
  const rrule = toRrule(values.repeat);
  const quote = useQuote(
    values.resourceId,
    values.date,
    values.start,
    values.duration,
    zone,
    Number(values.seats) || 1,
  );
  const format = useBusinessFormat();

  const change = (patch: Partial<Values>) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors({});
    setFormError(null);
    setConflict(null);
    // The preview describes the series as it was; any change makes it stale.
    setPreview(null);
    setChoices({});
  };
  const changeRepeat = (patch: Partial<RepeatOptions>) => change({ repeat: { ...values.repeat, ...patch } });

  function times(): { startsAt: string; endsAt: string } | null {
    const minutes = clockToMinutes(values.start);
    if (minutes === null || !values.date) {
      refuse(refusedBeforeSending({ start: 'invalid-time' }, refusals));
      return null;
    }
    const startsAt = fromWallTime(values.date, minutes, zone);
    return { startsAt, endsAt: addMinutes(startsAt, values.duration) };
  }

  function refuse(refusal: Refusal) {
    if (refusal.conflict) setConflict(refusal.conflict);
    setErrors(refusal.errors);
    setFormError(refusal.formError);
    setRefusals(refusal.attempt);
  }

  const party = () => ({
    memberId: values.party === 'member' ? (values.member?.id ?? null) : null,
    customerId: values.party === 'customer' ? (values.customer?.id ?? null) : null,
  });

  async function showPreview(range: { startsAt: string; endsAt: string }, rule: string) {
    const result = await seriesApi.preview({
      resourceId: values.resourceId,
      ...range,
      rrule: rule,
      seats: Number(values.seats) || 1,
    });
    setPreview(result);
    setChoices({});
    const conflicts = result.occurrences.filter((o) => o.conflicts.length > 0 || o.problem).length;
    setNotice(t('bookings.preview.ready', { count: result.occurrences.length, conflicts }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const range = times();
    if (!range) return;
    if (values.party === 'member' && !values.member) {
      return refuse(refusedBeforeSending({ member: 'member-required' }, refusals));
    }
    setBusy(true);
    setFormError(null);
    try {
      if (!rrule) {
        const body = {
          resourceId: values.resourceId,
          ...range,
          seats: Number(values.seats) || 1,
          title: values.title,
          notes: values.notes,
          ...party(),
        };
        const { id, key } = attempt.current.idsFor(body);
        const booking = await bookingsApi.create({ id, ...body }, key);
        attempt.current.done();
        onSaved(t('bookings.saved', { code: booking.code }));
        return;
      }
      if (!preview) {
        await showPreview(range, rrule);
        return;
      }
      const decisions = decide(preview.occurrences, choices);
      if (decisions.unresolved.length > 0) {
        setFormError('series-unresolved');
        return;
      }
      const body = {
        resourceId: values.resourceId,
        ...range,
        rrule,
        seats: Number(values.seats) || 1,
        title: values.title,
        notes: values.notes,
        ...party(),
        skip: decisions.skip,
        moves: decisions.moves,
      };
      const { id, key } = attempt.current.idsFor(body);
      const series = await seriesApi.create({ id, ...body }, key);
      attempt.current.done();
      const booked = series.bookings.filter((b) => b.status !== 'cancelled').length;
      onSaved(t('bookings.seriesSaved', { count: booked }));
    } catch (error) {
      // Only the controls on screen can show an error; the alert says the rest.
      const shown = Object.fromEntries(
        Object.entries(BOOKING_FIELD_OF).filter(
          ([, control]) =>
            (control !== 'seats' || (resource?.capacity ?? 1) > 1) &&
            (control !== 'member' || values.party === 'member') &&
            (control !== 'customer' || values.party === 'customer'),
        ),
      );
      refuse(refusedByServer(problemOf(error), shown, refusals));
    } finally {
      setBusy(false);
    }
  }

  function applySlot(slot: FreeSlot) {
    const wall = toWallTime(slot.startsAt, zone);
    change({
      resourceId: slot.resourceId,
      date: wall.date,
      start: minutesToClock(wall.minutes),
      duration: minutesBetween(slot.startsAt, slot.endsAt),
    });
    setNotice(t('bookings.slotApplied'));
    submitRef.current?.focus();
  }

  const err = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);
  const decisions = preview ? decide(preview.occurrences, choices) : null;
  const resourceOptions = resources.map((r) => ({ value: r.id, label: r.name }));

  return (
    <Dialog title={t('bookings.new')} onClose={onClose} className="booking-dialog">
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="dialog-form booking-form">
        <div className="booking-form-grid">
          <SelectField
            id="booking-resource"
            label={t('bookings.resource')}
            options={resourceOptions}
            value={values.resourceId}
            error={err('resourceId')}
            onChange={(e) => change({ resourceId: e.target.value })}
          />
          <TextField
            id="booking-date"
            type="date"
            label={t('bookings.date')}
            value={values.date}
            onChange={(e) => change({ date: e.target.value })}
          />
          <TextField
            id="booking-start"
            type="time"
            step={(rules?.slotGranularityMin ?? 15) * 60}
            label={t('bookings.start')}
            hint={t('bookings.startHint', { zone })}
            value={values.start}
            error={err('start')}
            onChange={(e) => change({ start: e.target.value })}
          />
          <SelectField
            id="booking-duration"
            label={t('bookings.duration')}
            options={durations.map((m) => ({ value: String(m), label: durationText(m) }))}
            value={String(values.duration)}
            error={err('duration')}
            onChange={(e) => change({ duration: Number(e.target.value) })}
          />
          {resource && resource.capacity > 1 && (
            <TextField
              id="booking-seats"
              type="number"
              inputMode="numeric"
              min={1}
              max={resource.capacity}
              label={t('bookings.seats')}
              hint={t('bookings.seatsHint', { capacity: resource.capacity })}
              value={values.seats}
              error={err('seats')}
              onChange={(e) => change({ seats: e.target.value })}
            />
          )}
        </div>
        <p className="muted" aria-live="polite">
          {quote !== null && t('bookings.quote', { price: format.money(quote) })}
        </p>
        <fieldset className="booking-party">
          <legend>{t('bookings.party')}</legend>
          {(['member', 'customer', 'none'] as const).map((p) => (
            <label key={p} className="radio">
              <input
                type="radio"
                name="booking-party"
                value={p}
                checked={values.party === p}
                onChange={() => change({ party: p })}
              />
              {t(`bookings.party.${p}`)}
            </label>
          ))}
        </fieldset>
        {values.party === 'member' && (
          <MemberPicker
            id="booking-member"
            value={values.member}
            onChange={(member) => change({ member })}
            error={err('member')}
          />
        )}
        {values.party === 'customer' && (
          <CustomerPicker
            id="booking-customer"
            optional
            value={values.customer}
            onChange={(customer) => change({ customer })}
            error={err('customer')}
          />
        )}
        <TextField
          id="booking-title"
          label={t('bookings.title')}
          autoComplete="off"
          value={values.title}
          error={err('title')}
          onChange={(e) => change({ title: e.target.value })}
        />
        <TextAreaField
          id="booking-notes"
          label={t('bookings.notes')}
          rows={2}
          value={values.notes}
          error={err('notes')}
          onChange={(e) => change({ notes: e.target.value })}
        />
        <RepeatFields repeat={values.repeat} onChange={changeRepeat} error={err('repeat')} />
        {conflict && <ConflictPanel conflict={conflict} resources={resources} onSlot={applySlot} />}
        {preview && (
          <SeriesPreviewTable
            preview={preview}
            choices={choices}
            onChoice={(date, choice) => {
              setChoices((current) => ({ ...current, [date]: choice }));
              setFormError(null);
            }}
          />
        )}
        <p role="status" className="form-status">
          {notice}
        </p>
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button ref={submitRef} type="submit" className="button-primary" aria-disabled={busy}>
            {!rrule
              ? t('bookings.save')
              : !preview
                ? t('bookings.preview.show')
                : t('bookings.preview.save', { count: decisions?.booked ?? 0 })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RepeatFields({
  repeat,
  onChange,
  error,
}: {
  repeat: RepeatOptions;
  onChange(patch: Partial<RepeatOptions>): void;
  error?: string;
}) {
  const t = useT();
  return (
    <fieldset className="booking-repeat">
      <legend>{t('bookings.repeat')}</legend>
      <SelectField
        id="booking-repeat"
        label={t('bookings.repeat.frequency')}
        options={(['none', 'daily', 'weekly', 'monthly'] as const).map((f) => ({
          value: f,
          label: t(`bookings.repeat.${f}`),
        }))}
        value={repeat.frequency}
        error={error}
        onChange={(e) => onChange({ frequency: e.target.value as RepeatOptions['frequency'] })}
      />
      {repeat.frequency !== 'none' && (
        <>
          <TextField
            id="booking-repeat-interval"
            type="number"
            min={1}
            max={99}
            label={t('bookings.repeat.interval')}
            value={String(repeat.interval)}
            onChange={(e) => onChange({ interval: Math.max(1, Number(e.target.value) || 1) })}
          />
          <SelectField
            id="booking-repeat-end"
            label={t('bookings.repeat.end')}
            options={[
              { value: 'count', label: t('bookings.repeat.endCount') },
              { value: 'until', label: t('bookings.repeat.endUntil') },
            ]}
            value={repeat.end}
            onChange={(e) => onChange({ end: e.target.value as RepeatOptions['end'] })}
          />
          {repeat.end === 'count' ? (
            <TextField
              id="booking-repeat-count"
              type="number"
              min={1}
              max={500}
              label={t('bookings.repeat.count')}
              value={String(repeat.count)}
              onChange={(e) => onChange({ count: Math.max(1, Number(e.target.value) || 1) })}
            />
          ) : (
            <TextField
              id="booking-repeat-until"
              type="date"
              label={t('bookings.repeat.until')}
              value={repeat.until}
              onChange={(e) => onChange({ until: e.target.value })}
            />
          )}
        </>
      )}
    </fieldset>
  );
}

/** The price the booking would have at the resource's rates (before member credits), or null. */
function useQuote(
  resourceId: string,
  date: string,
  start: string,
  duration: number,
  zone: string,
  seats: number,
): number | null {
  const [gross, setGross] = useState<number | null>(null);
  useEffect(() => {
    const minutes = clockToMinutes(start);
    if (!resourceId || !date || minutes === null || duration <= 0) {
      setGross(null);
      return;
    }
    let current = true;
    const startsAt = fromWallTime(date, minutes, zone);
    bookingsApi.quote({ resourceId, startsAt, endsAt: addMinutes(startsAt, duration), seats }).then(
      (q) => current && setGross(q.gross),
      () => current && setGross(null),
    );
    return () => {
      current = false;
    };
  }, [resourceId, date, start, duration, zone, seats]);
  return gross;
}
