import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { catalogApi } from '../../api/catalog';
import { fieldErrors, problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { CountView } from '../../contract';
import { type CategoryView, can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { categoryOptions } from '../catalog/category-tree';
import { defaultLocationId, locationList, useLocations } from './useLocations';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; counts: CountView[] }
  | { state: 'failed'; code: string };

export function CountsScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const [counts, setCounts] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    stockApi.counts().then(
      (r) => setCounts({ state: 'loaded', counts: r.counts }),
      (e: unknown) => setCounts({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);

  return (
    <>
      <h2>{t('stock.counts')}</h2>
      {can(role, 'catalog.manage') && <NewCount />}
      {counts.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {counts.state === 'failed' && <FormAlert>{t.error(counts.code)}</FormAlert>}
      {counts.state === 'loaded' && counts.counts.length === 0 && (
        <p className="muted">{t('counts.empty')}</p>
      )}
      {counts.state === 'loaded' && counts.counts.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('stock.counts')}>
            <thead>
              <tr>
                <th scope="col">{t('counts.started')}</th>
                <th scope="col">{t('stock.location')}</th>
                <th scope="col">{t('counts.status')}</th>
                <th scope="col" className="numeric">
                  {t('counts.progress')}
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.counts.map((count) => (
                <tr key={count.id}>
                  <th scope="row">
                    <Link to={`/stock/counts/${count.id}`}>{format.dateTime(count.createdAt)}</Link>
                  </th>
                  <td>{count.locationName}</td>
                  <td>
                    <span className="tag">{t(`counts.status.${count.status}`)}</span>
                  </td>
                  <td className="numeric">
                    {t('counts.progressOf', { counted: count.countedLines, total: count.lineCount })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function NewCount() {
  const t = useT();
  const navigate = useNavigate();
  const [locations] = useLocations();
  const [categories, setCategories] = useState<CategoryView[]>([]);
  const [locationId, setLocationId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [newId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const location = locationId || defaultLocationId(locations);

  useEffect(() => {
    catalogApi.categories().then(
      (r) => setCategories(r.categories),
      () => setCategories([]),
    );
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      const count = await stockApi.startCount({
        id: newId,
        locationId: location,
        categoryId: categoryId || undefined,
      });
      navigate(`/stock/counts/${count.id}`);
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} aria-busy={busy} className="inline-form" aria-label={t('counts.new')}>
      <SelectField
        id="count-location"
        label={t('stock.location')}
        value={location}
        options={locationList(locations).map((l) => ({ value: l.id, label: l.name }))}
        onChange={(e) => setLocationId(e.target.value)}
        error={errors.locationId ? t.error(errors.locationId) : undefined}
      />
      <SelectField
        id="count-category"
        label={t('counts.category')}
        value={categoryId}
        options={[{ value: '', label: t('counts.allCategories') }, ...categoryOptions(categories)]}
        onChange={(e) => setCategoryId(e.target.value)}
        error={errors.categoryId ? t.error(errors.categoryId) : undefined}
      />
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t('counts.new')}
      </button>
    </form>
  );
}
