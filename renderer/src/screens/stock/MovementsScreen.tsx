import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { ProductPicker } from '../../components/ProductPicker';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { ProductLite } from '../../contract';
import { MOVEMENT_REASONS, type MovementView } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { endOfDay, startOfDay } from './day-range';
import { locationList, useLocations } from './useLocations';

const PAGE = 50;

interface Filters {
  product: ProductLite | null;
  locationId: string;
  reason: string;
  from: string;
  to: string;
}

type Page =
  | { state: 'loading' }
  | { state: 'loaded'; movements: MovementView[]; nextBefore: string | null; more: boolean }
  | { state: 'failed'; code: string };

/** The ledger, newest first; ?productId= comes from a product's page. */
export function MovementsScreen() {
  const t = useT();
  const { tenant } = useTenantSession();
  const [search] = useSearchParams();
  const [locations] = useLocations();
  const fromProduct = search.get('productId') ?? '';
  const [filters, setFilters] = useState<Filters>({
    product: null,
    locationId: '',
    reason: '',
    from: '',
    to: '',
  });
  const [applied, setApplied] = useState<Record<string, string | undefined>>({
    productId: fromProduct || undefined,
  });
  const [page, setPage] = useState<Page>({ state: 'loading' });
  const [moreError, setMoreError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setPage({ state: 'loading' });
    stockApi.movements({ ...applied, limit: String(PAGE) }).then(
      (r) => !cancelled && setPage({ state: 'loaded', ...r, more: false }),
      (e: unknown) => !cancelled && setPage({ state: 'failed', code: problemOf(e).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [applied]);

  async function loadMore() {
    if (page.state !== 'loaded' || !page.nextBefore || page.more) return;
    setMoreError(null);
    setPage({ ...page, more: true });
    try {
      const next = await stockApi.movements({ ...applied, limit: String(PAGE), before: page.nextBefore });
      setPage({
        state: 'loaded',
        movements: [...page.movements, ...next.movements],
        nextBefore: next.nextBefore,
        more: false,
      });
    } catch (error) {
      setMoreError(problemOf(error).code);
      setPage({ ...page, more: false });
    }
  }

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied({
      productId: filters.product?.id,
      locationId: filters.locationId || undefined,
      reason: filters.reason || undefined,
      from: filters.from ? startOfDay(filters.from, tenant.timeZone) : undefined,
      to: filters.to ? endOfDay(filters.to, tenant.timeZone) : undefined,
    });
  };
  const clear = () => {
    setFilters({ product: null, locationId: '', reason: '', from: '', to: '' });
    setApplied({});
  };
  const filtered = Object.values(applied).some(Boolean);

  return (
    <>
      <h2>{t('stock.movements')}</h2>
      <form noValidate onSubmit={apply} className="filters" aria-label={t('stock.filters')}>
        <ProductPicker
          id="movements-product"
          label={t('stock.product')}
          value={filters.product}
          onChange={(product) => setFilters((f) => ({ ...f, product }))}
        />
        <SelectField
          id="movements-location"
          label={t('stock.location')}
          value={filters.locationId}
          options={[
            { value: '', label: t('stock.anyLocation') },
            ...locationList(locations).map((l) => ({ value: l.id, label: l.name })),
          ]}
          onChange={(e) => setFilters((f) => ({ ...f, locationId: e.target.value }))}
        />
        <SelectField
          id="movements-reason"
          label={t('stock.reason')}
          value={filters.reason}
          options={[
            { value: '', label: t('stock.anyReason') },
            ...MOVEMENT_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) })),
          ]}
          onChange={(e) => setFilters((f) => ({ ...f, reason: e.target.value }))}
        />
        <TextField
          id="movements-from"
          type="date"
          label={t('stock.from')}
          value={filters.from}
          onChange={(e) => setFilters((f) => ({ ...f, from: e.target.value }))}
        />
        <TextField
          id="movements-to"
          type="date"
          label={t('stock.to')}
          value={filters.to}
          onChange={(e) => setFilters((f) => ({ ...f, to: e.target.value }))}
        />
        <div className="filters-actions">
          <button type="submit" className="button-primary">
            {t('stock.applyFilters')}
          </button>
          <button type="button" className="button-secondary" onClick={clear}>
            {t('stock.clearFilters')}
          </button>
        </div>
      </form>
      {page.state === 'loading' && (
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      )}
      {page.state === 'failed' && <FormAlert>{t.error(page.code)}</FormAlert>}
      {page.state === 'loaded' && page.movements.length === 0 && (
        <p className="muted">{filtered ? t('stock.noMatches') : t('stock.noMovements')}</p>
      )}
      {page.state === 'loaded' && page.movements.length > 0 && (
        <>
          <MovementsTable movements={page.movements} />
          {page.nextBefore && (
            <button
              type="button"
              className="button-secondary load-more"
              aria-disabled={page.more}
              onClick={() => void loadMore()}
            >
              {t('stock.loadMore')}
            </button>
          )}
          {moreError && <FormAlert>{t.error(moreError)}</FormAlert>}
        </>
      )}
    </>
  );
}

export function MovementsTable({ movements }: { movements: MovementView[] }) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t('stock.ledger')}>
        <thead>
          <tr>
            <th scope="col">{t('stock.when')}</th>
            <th scope="col">{t('stock.product')}</th>
            <th scope="col">{t('stock.location')}</th>
            <th scope="col" className="numeric">
              {t('stock.qty')}
            </th>
            <th scope="col">{t('stock.reason')}</th>
            <th scope="col">{t('stock.note')}</th>
            <th scope="col">{t('stock.who')}</th>
          </tr>
        </thead>
        <tbody>
          {movements.map((m) => (
            <tr key={m.id}>
              <td>{format.dateTime(m.createdAt)}</td>
              <th scope="row">
                {m.productName} <span className="muted">({m.sku})</span>
              </th>
              <td>{m.locationName}</td>
              <td className="numeric" data-sign={m.qty < 0 ? 'negative' : 'positive'}>
                {m.qty > 0 ? '+' : ''}
                {format.qty(m.qty, m.unit)}
              </td>
              <td>{t(`reason.${m.reason}`)}</td>
              <td>{m.note ?? ''}</td>
              <td>{m.actorName ?? t('audit.system')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
