import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { bookingsApi } from '../../api/bookings';
import { fieldErrors, problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import type { AvailabilityResult } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { windowStarts } from './availability';
import { formResources, placeSearchErrors, SEARCH_CONTROL, searchClocks } from './availability-search';
import { type BookingDraft, BookingForm } from './BookingForm';
import { SlotButton, useSpan } from './ConflictPanel';
import { CoworkingNav } from './CoworkingNav';
import { addMinutes } from './calendar';
import { durationText } from './durations';
import { useLocationList, useResources } from './useBookingsData';
import { addDays, fromWallTime, todayIn } from './wall-clock';

const DURATIONS = [30, 60, 90, 120, 180, 240, 480];

/** /bookings/availability: free slots per resource for a window, a length, seats and amenities. */
export function AvailabilityScreen() {
  const t = useT();
  const { tenant } = useTenantSession();
  useDocumentTitle(t('availability.title'));
  const today = todayIn(tenant.timeZone);
  const [date, setDate] = useState(today);
  const [days, setDays] = useState('1');
  const [fromClock, setFromClock] = useState('08:00');
  const [toClock, setToClock] = useState('20:00');
  const [duration, setDuration] = useState(60);
  const [seats, setSeats] = useState('1');
  const [amenities, setAmenities] = useState('');
  const [locationId, setLocationId] = useState('');
  const [result, setResult] = useState<AvailabilityResult | null>(null);
  // The seats the shown slots were searched for: a slot opens the booking form with them.
  const [searchedSeats, setSearchedSeats] = useState(1);
  // ...and the location they were searched in: the form offers that location's resources, not the
  // select's current one (changed since without searching again).
  const [searchedLocation, setSearchedLocation] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [notice, setNotice] = useState('');
  const [locations] = useLocationList();
  // Every location's: a slot of any shown result finds its resource (name, rules, seats) in the form.
  const [resources] = useResources('');
  const resourceList =
    resources.state === 'loaded' ? formResources(resources.value.resources, searchedLocation) : [];
  const dateRef = useAutoFocus<HTMLInputElement>();
  const span = useSpan();

  async function search(event?: FormEvent, announce = true) {
    event?.preventDefault();
    setErrors({});
    setFormError(null);
    const clocks = searchClocks(fromClock, toClock);
    if ('errors' in clocks) return setErrors(clocks.errors);
    const { from, to } = clocks;
    const lastDay = addDays(date, Math.max(1, Number(days) || 1) - 1);
    try {
      const found = await bookingsApi.availability({
        from: fromWallTime(date, from, tenant.timeZone),
        to: fromWallTime(lastDay, to, tenant.timeZone),
        durationMin: duration,
        seats: Number(seats) || 1,
        amenities: amenities
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        locationId: locationId || undefined,
      });
      setResult(found);
      setSearchedSeats(Number(seats) || 1);
      setSearchedLocation(locationId);
      const count = found.resources.reduce((sum, r) => sum + r.windows.length, 0);
      if (announce) setNotice(t('availability.found', { count }));
    } catch (e) {
      const problem = problemOf(e);
      const placed = placeSearchErrors(fieldErrors(problem));
      setErrors(placed.errors);
      setFormError(placed.unplaced || Object.keys(placed.errors).length === 0 ? problem.code : null);
    }
  }

  const err = (control: string) => (errors[control] ? t.error(errors[control]) : undefined);
  const locationOptions = [
    { value: '', label: t('availability.anyLocation') },
    ...(locations.state === 'loaded'
      ? locations.value.locations.map((l) => ({ value: l.id, label: l.name }))
      : []),
  ];

  return (
    <section>
      <PageHeading>{t('availability.title')}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to="/bookings">{t('availability.back')}</Link>
      </p>
      <form
        noValidate
        onSubmit={search}
        className="toolbar availability-form"
        aria-label={t('availability.form')}
      >
        <TextField
          id="availability-date"
          ref={dateRef}
          type="date"
          label={t('availability.date')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
        <TextField
          id="availability-days"
          type="number"
          min={1}
          max={31}
          label={t('availability.days')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
        />
        <TextField
          id="availability-from"
          type="time"
          label={t('availability.fromTime')}
          value={fromClock}
          onChange={(e) => setFromClock(e.target.value)}
          error={err(SEARCH_CONTROL.from)}
        />
        <TextField
          id="availability-to"
          type="time"
          label={t('availability.toTime')}
          value={toClock}
          onChange={(e) => setToClock(e.target.value)}
          error={err(SEARCH_CONTROL.to)}
        />
        <SelectField
          id="availability-duration"
          label={t('bookings.duration')}
          options={DURATIONS.map((m) => ({ value: String(m), label: durationText(m) }))}
          value={String(duration)}
          onChange={(e) => setDuration(Number(e.target.value))}
        />
        <TextField
          id="availability-seats"
          type="number"
          min={1}
          label={t('bookings.seats')}
          value={seats}
          onChange={(e) => setSeats(e.target.value)}
          error={err(SEARCH_CONTROL.seats)}
        />
        <TextField
          id="availability-amenities"
          label={t('availability.amenities')}
          hint={t('availability.amenitiesHint')}
          value={amenities}
          onChange={(e) => setAmenities(e.target.value)}
        />
        <SelectField
          id="availability-location"
          label={t('bookings.location')}
          options={locationOptions}
          value={locationId}
          onChange={(e) => setLocationId(e.target.value)}
        />
        <button type="submit" className="button-primary">
          {t('availability.search')}
        </button>
      </form>
      <p role="status" className="form-status">
        {notice}
      </p>
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      {result &&
        (result.resources.length === 0 ? (
          <p className="muted empty-state">{t('availability.none')}</p>
        ) : (
          result.resources.map((r) => (
            <section
              key={r.resourceId}
              className="availability-resource"
              aria-labelledby={`avail-${r.resourceId}`}
            >
              <h2 id={`avail-${r.resourceId}`}>{r.name}</h2>
              {r.windows.length === 0 ? (
                <p className="muted">{t('availability.full')}</p>
              ) : (
                <ul className="availability-windows">
                  {r.windows.map((w) => (
                    <li key={w.startsAt}>
                      <p>{t('availability.window', { span: span(w.startsAt, w.endsAt) })}</p>
                      <ul
                        className="slot-list"
                        aria-label={t('availability.starts', { span: span(w.startsAt, w.endsAt) })}
                      >
                        {windowStarts(w, duration).map((startsAt) => (
                          <li key={startsAt}>
                            <SlotButton
                              slot={{
                                resourceId: r.resourceId,
                                startsAt,
                                endsAt: addMinutes(startsAt, duration),
                              }}
                              onSlot={(slot) => setDraft({ ...slot, seats: searchedSeats })}
                            />
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))
        ))}
      {draft && resourceList.length > 0 && (
        <BookingForm
          resources={resourceList}
          draft={draft}
          onSaved={(message) => {
            setDraft(null);
            setNotice(message);
            void search(undefined, false);
          }}
          onClose={() => setDraft(null)}
        />
      )}
    </section>
  );
}
