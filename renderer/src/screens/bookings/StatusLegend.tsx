import { useT } from '../../i18n';
import { SHOWN_STATUSES, statusClass, statusKey } from './status';

/** What each colour means, in words: colour is never the only cue. */
export function StatusLegend() {
  const t = useT();
  return (
    <ul className="status-legend" aria-label={t('bookings.legend')}>
      {SHOWN_STATUSES.map((status) => (
        <li key={status}>
          <span className={`booking-swatch ${statusClass(status)}`} aria-hidden="true" />
          {t(statusKey(status))}
        </li>
      ))}
    </ul>
  );
}
