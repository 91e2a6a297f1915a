import type { BookingConflictProblem, FreeSlot, ResourceView } from '../../contract';
import { formatDate, formatTime } from '../../format';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { statusKey } from './status';

/** "Tue 1 Dec, 10:00–11:00" in the business's zone and locale. */
export function useSpan() {
  const { tenant } = useTenantSession();
  return (startsAt: string, endsAt: string) =>
    `${formatDate(startsAt, tenant, 'medium')}, ${formatTime(startsAt, tenant)}–${formatTime(endsAt, tenant)}`;
}

/** A free slot as a button that applies it. */
export function SlotButton({
  slot,
  resourceName,
  onSlot,
}: {
  slot: FreeSlot;
  resourceName?: string;
  onSlot(slot: FreeSlot): void;
}) {
  const t = useT();
  const span = useSpan();
  return (
    <button type="button" className="button-secondary slot-button" onClick={() => onSlot(slot)}>
      {t('bookings.useSlot', { slot: span(slot.startsAt, slot.endsAt) })}
      {resourceName && <span className="muted"> · {resourceName}</span>}
    </button>
  );
}

/** Why a booking was refused: the booking in the way and the nearest free slots to pick instead. */
export function ConflictPanel({
  conflict,
  resources,
  onSlot,
}: {
  conflict: BookingConflictProblem;
  resources: readonly Pick<ResourceView, 'id' | 'name'>[];
  onSlot(slot: FreeSlot): void;
}) {
  const t = useT();
  const span = useSpan();
  const nameOf = (resourceId: string) => resources.find((r) => r.id === resourceId)?.name ?? '';
  return (
    <section className="conflict-panel" aria-labelledby="conflict-title">
      <h3 id="conflict-title">{t('bookings.conflict.title')}</h3>
      <ul aria-label={t('bookings.conflict.bookings')}>
        {conflict.conflicts.map((c) => (
          <li key={c.id}>
            {t('bookings.conflict.with', {
              resource: nameOf(c.resourceId),
              span: span(c.startsAt, c.endsAt),
              status: t(statusKey(c.status)),
            })}
          </li>
        ))}
      </ul>
      {conflict.freeSlots.length === 0 ? (
        <p className="muted">{t('bookings.conflict.noSlots')}</p>
      ) : (
        <>
          <h4 id="conflict-slots">{t('bookings.conflict.slots')}</h4>
          <ul className="slot-list" aria-labelledby="conflict-slots">
            {conflict.freeSlots.map((slot) => (
              <li key={`${slot.resourceId}|${slot.startsAt}`}>
                <SlotButton slot={slot} onSlot={onSlot} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
