import { useCallback, useEffect, useState } from 'react';
import { bookingsApi } from '../../api/bookings';
import { problemOf } from '../../api/client';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { BOOKING_STATUSES, type BookingStatus } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { BookingDetail } from './BookingDetail';
import { bookingLabel } from './CalendarGrid';
import { useSpan } from './ConflictPanel';
import { CoworkingNav } from './CoworkingNav';
import { MemberPicker, type PickedMember } from './MemberPicker';
import { shownStatus, statusClass, statusKey } from './status';
import { type ListedPages, useResources, withPage } from './useBookingsData';
import { addDays, fromWallTime, todayIn } from './wall-clock';

/** Bookings a page of the list shows at once; "Show more" adds the next. */
const PAGE_SIZE = 200;

/** /bookings/list: bookings in a date range, filtered by resource, status and member, a page at a time. */
export function BookingsListScreen() {
  const t = useT();
  const { tenant } = useTenantSession();
  const format = useBusinessFormat();
  const span = useSpan();
  useDocumentTitle(t('bookings.listTitle'));
  const today = todayIn(tenant.timeZone);
  const [fromDate, setFromDate] = useState(today);
  const [toDate, setToDate] = useState(addDays(today, 30));
  const [resourceId, setResourceId] = useState('');
  const [status, setStatus] = useState<BookingStatus | ''>('');
  const [member, setMember] = useState<PickedMember | null>(null);
  const [filterMember, setFilterMember] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [resources] = useResources('', true);
  const resourceList = resources.state === 'loaded' ? resources.value.resources : [];
  const filters = useCallback(
    () => ({
      from: fromDate ? fromWallTime(fromDate, 0, tenant.timeZone) : undefined,
      to: toDate ? fromWallTime(addDays(toDate, 1), 0, tenant.timeZone) : undefined,
      resourceId: resourceId || undefined,
      status: status || undefined,
      memberId: filterMember ? member?.id : undefined,
      limit: PAGE_SIZE,
    }),
    [fromDate, toDate, resourceId, status, member, filterMember, tenant.timeZone],
  );
  const [bookings, reload] = useRemote(useCallback(() => bookingsApi.page(filters()), [filters]));
  // The first page, then each page "Show more" brought; new filters (or a reload) start again.
  const [listed, setListed] = useState<ListedPages | null>(null);
  const [moreState, setMoreState] = useState<{ loading: boolean; code: string | null }>({
    loading: false,
    code: null,
  });
  useEffect(() => {
    setListed(bookings.state === 'loaded' ? withPage(null, bookings.value) : null);
    setMoreState({ loading: false, code: null });
  }, [bookings]);
  const showMore = () => {
    if (!listed?.next) return;
    const after = listed.next;
    setMoreState({ loading: true, code: null });
    bookingsApi.page({ ...filters(), after }).then(
      (page) => {
        setListed((current) => (current?.next === after ? withPage(current, page) : current));
        setMoreState({ loading: false, code: null });
      },
      (error: unknown) => setMoreState({ loading: false, code: problemOf(error).code }),
    );
  };
  const list = listed?.bookings ?? [];
  const opened = list.find((b) => b.id === openId);

  return (
    <section>
      <PageHeading>{t('bookings.listTitle')}</PageHeading>
      <CoworkingNav />
      <form
        className="toolbar booking-filters"
        aria-label={t('bookings.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <TextField
          id="list-from"
          type="date"
          label={t('bookings.from')}
          value={fromDate}
          onChange={(e) => setFromDate(e.target.value)}
        />
        <TextField
          id="list-to"
          type="date"
          label={t('bookings.to')}
          value={toDate}
          onChange={(e) => setToDate(e.target.value)}
        />
        <SelectField
          id="list-resource"
          label={t('bookings.resource')}
          options={[
            { value: '', label: t('bookings.allResources') },
            ...resourceList.map((r) => ({ value: r.id, label: r.name })),
          ]}
          value={resourceId}
          onChange={(e) => setResourceId(e.target.value)}
        />
        <SelectField
          id="list-status"
          label={t('bookings.status')}
          options={[
            { value: '', label: t('bookings.allStatuses') },
            ...BOOKING_STATUSES.map((s) => ({ value: s, label: t(statusKey(s)) })),
          ]}
          value={status}
          onChange={(e) => setStatus(e.target.value as BookingStatus | '')}
        />
        <div className="field field-checkbox">
          <input
            id="list-by-member"
            type="checkbox"
            checked={filterMember}
            onChange={(e) => setFilterMember(e.target.checked)}
          />
          <label htmlFor="list-by-member">{t('bookings.byMember')}</label>
        </div>
        {filterMember && <MemberPicker id="list-member" value={member} onChange={setMember} />}
      </form>
      <p role="status" className="form-status">
        {notice}
      </p>
      {bookings.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {bookings.state === 'failed' && <FormAlert>{t.error(bookings.code)}</FormAlert>}
      {bookings.state === 'loaded' &&
        (list.length === 0 ? (
          <p className="muted empty-state">{t('bookings.listEmpty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" aria-label={t('bookings.listTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('bookings.when')}</th>
                  <th scope="col">{t('bookings.resource')}</th>
                  <th scope="col">{t('bookings.party')}</th>
                  <th scope="col">{t('bookings.status')}</th>
                  <th scope="col">{t('bookings.code')}</th>
                  <th scope="col" className="numeric">
                    {t('bookings.price')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      <button type="button" className="booking-link-button" onClick={() => setOpenId(b.id)}>
                        {span(b.startsAt, b.endsAt)}
                      </button>
                    </th>
                    <td>{b.resourceName}</td>
                    <td>{b.memberName ?? b.customerName ?? bookingLabel(b)}</td>
                    <td>
                      <span className={`booking-badge ${statusClass(shownStatus(b))}`}>
                        {t(statusKey(shownStatus(b)))}
                      </span>
                    </td>
                    <td className="booking-code">{b.code}</td>
                    <td className="numeric">{format.money(b.price.due)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {bookings.state === 'loaded' && listed && listed.total > 0 && (
        <div className="toolbar booking-list-pages">
          <p className="muted" aria-live="polite">
            {t('bookings.listCount', { shown: list.length, total: listed.total })}
          </p>
          {listed.next && (
            <button type="button" onClick={showMore} disabled={moreState.loading}>
              {moreState.loading ? t('app.loading') : t('bookings.listMore')}
            </button>
          )}
        </div>
      )}
      {moreState.code && <FormAlert>{t.error(moreState.code)}</FormAlert>}
      {opened && (
        <BookingDetail
          booking={opened}
          resources={resourceList}
          onChanged={(message) => {
            setNotice(message);
            setOpenId(null);
            reload();
          }}
          onClose={() => setOpenId(null)}
        />
      )}
    </section>
  );
}
