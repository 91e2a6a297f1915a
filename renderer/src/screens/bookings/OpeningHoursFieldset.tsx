import { useEffect, useRef } from 'react';
import { TextField } from '../../components/Field';
import { useT } from '../../i18n';
import type { TimeInterval, WeekHours } from './resource-form';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const NEW_INTERVAL: TimeInterval = { open: '09:00', close: '14:00' };

/** What a new interval of a day starts as: after the day's last one when it has any. */
export function nextInterval(day: readonly TimeInterval[]): TimeInterval {
  const last = day.at(-1);
  if (!last || last.close >= '23:00') return NEW_INTERVAL;
  const hour = Number(last.close.slice(0, 2));
  const open = `${String(hour + 1).padStart(2, '0')}:00`;
  return { open, close: hour + 4 >= 24 ? '23:59' : `${String(hour + 4).padStart(2, '0')}:00` };
}

/**
 * Opening hours, Monday first: each weekday's intervals as pairs of time inputs, with buttons
 * to add and remove intervals (a day without any is closed). Errors are looked up by the
 * request's keys (`openingHours.N.open|close`, N counting intervals in screen order), so the
 * form's checks and the server's field errors land on the same input.
 */
export function OpeningHoursFieldset({
  idPrefix,
  hours,
  onChange,
  error,
  groupError,
}: {
  idPrefix: string;
  hours: WeekHours;
  onChange(hours: WeekHours): void;
  /** The translated error of a request key, if any. */
  error(key: string): string | undefined;
  /** An error about the hours as a whole (e.g. too many intervals). */
  groupError?: string;
}) {
  const t = useT();
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const inputId = (d: number, k: number, end: 'open' | 'close') =>
    `${idPrefix}hours-${WEEKDAY_KEYS[d]}-${k + 1}-${end}`;
  const addId = (d: number) => `${idPrefix}hours-${WEEKDAY_KEYS[d]}-add`;
  const setDay = (d: number, day: TimeInterval[]) => onChange(hours.map((x, j) => (j === d ? day : x)));

  let offset = 0;
  return (
    <div className="weekday-hours">
      {hours.map((day, d) => {
        const key = WEEKDAY_KEYS[d] ?? 'mon';
        const dayName = t(`resources.hours.inSentence.${key}`);
        const first = offset;
        offset += day.length;
        return (
          <fieldset key={key} className="weekday-row">
            <legend>{t(`resources.weekday.${key}`)}</legend>
            {day.length === 0 && <p className="muted">{t('resources.hours.closed')}</p>}
            {day.map((interval, k) => {
              const n = first + k;
              const params = { n: k + 1, day: dayName };
              const setInterval = (patch: Partial<TimeInterval>) =>
                setDay(
                  d,
                  day.map((x, j) => (j === k ? { ...x, ...patch } : x)),
                );
              return (
                // An interval has no identity but its place in the day.
                <div
                  key={inputId(d, k, 'open')}
                  style={{
                    display: 'flex',
                    flexWrap: 'wrap',
                    gap: '0 1rem',
                    alignItems: 'flex-end',
                    flexBasis: '100%',
                  }}
                >
                  <TextField
                    id={inputId(d, k, 'open')}
                    type="time"
                    label={t('resources.opens')}
                    aria-label={t('resources.hours.opensFor', params)}
                    value={interval.open}
                    error={error(`openingHours.${n}.open`)}
                    onChange={(e) => setInterval({ open: e.target.value })}
                  />
                  <TextField
                    id={inputId(d, k, 'close')}
                    type="time"
                    label={t('resources.closes')}
                    aria-label={t('resources.hours.closesFor', params)}
                    value={interval.close}
                    error={error(`openingHours.${n}.close`)}
                    onChange={(e) => setInterval({ close: e.target.value })}
                  />
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={t('resources.hours.removeFor', params)}
                    onClick={() => {
                      focusNext.current = k > 0 ? inputId(d, k - 1, 'open') : addId(d);
                      setDay(
                        d,
                        day.filter((_, j) => j !== k),
                      );
                    }}
                  >
                    {t('resources.hours.remove')}
                  </button>
                </div>
              );
            })}
            <button
              id={addId(d)}
              type="button"
              className="button-secondary"
              aria-label={t('resources.hours.addFor', { day: dayName })}
              onClick={() => {
                focusNext.current = inputId(d, day.length, 'open');
                setDay(d, [...day, nextInterval(day)]);
              }}
            >
              {t('resources.hours.add')}
            </button>
            {d === 0 && day.length > 0 && (
              <button
                type="button"
                className="button-secondary"
                onClick={() =>
                  onChange(hours.map((x, j) => (j >= 1 && j <= 4 ? day.map((i) => ({ ...i })) : x)))
                }
              >
                {t('resources.hours.copyToWeekdays')}
              </button>
            )}
          </fieldset>
        );
      })}
      {groupError && <p className="field-error">{groupError}</p>}
    </div>
  );
}
