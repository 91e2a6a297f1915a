import { CheckboxField, TextField } from '../../components/Field';
import { useT } from '../../i18n';
import type { DayHours } from './resource-form';

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Opening hours, one interval per weekday (Monday first): open or not, opens, closes. */
export function WeekdayHours({
  hours,
  onChange,
  error,
}: {
  hours: DayHours[];
  onChange(hours: DayHours[]): void;
  error?: string;
}) {
  const t = useT();
  return (
    <div className="weekday-hours">
      {hours.map((day, i) => {
        const key = WEEKDAY_KEYS[i] ?? 'mon';
        const setDay = (patch: Partial<DayHours>) =>
          onChange(hours.map((d, j) => (j === i ? { ...d, ...patch } : d)));
        return (
          <fieldset key={key} className="weekday-row">
            <legend>{t(`resources.weekday.${key}`)}</legend>
            <CheckboxField
              id={`hours-${key}-open`}
              label={t('resources.openThatDay')}
              checked={day.open}
              onChange={(e) => setDay({ open: e.target.checked })}
            />
            {day.open && (
              <>
                <TextField
                  id={`hours-${key}-from`}
                  type="time"
                  label={t('resources.opens')}
                  value={day.from}
                  onChange={(e) => setDay({ from: e.target.value })}
                />
                <TextField
                  id={`hours-${key}-to`}
                  type="time"
                  label={t('resources.closes')}
                  value={day.to}
                  onChange={(e) => setDay({ to: e.target.value })}
                />
              </>
            )}
          </fieldset>
        );
      })}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
