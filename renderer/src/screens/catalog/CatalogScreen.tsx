import { type KeyboardEvent, useEffect, useReducer, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { isTypingTarget, ScanDetector } from '../../components/scan-detector';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type CategoryView, can, type ProductView } from '../../contract';
import { saveDownload } from '../../desktop';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { CatalogNav } from './CatalogNav';
import { categoryOptions } from './category-tree';
import {
  filterParams,
  INITIAL_LIST,
  type ListState,
  listParams,
  listReducer,
  moveSelection,
  pageCount,
  SORT_KEYS,
  type SortKey,
  type StatusFilter,
} from './list-state';

type Page =
  | { state: 'loading' }
  | { state: 'loaded'; products: ProductView[]; total: number }
  | { state: 'failed'; code: string };

/** The product list: search as you type, filters, sort, pages of 50 and keyboard row selection. */
export function CatalogScreen() {
  const t = useT();
  const { role } = useTenantSession();
  const navigate = useNavigate();
  const [list, dispatch] = useReducer(listReducer, INITIAL_LIST);
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const [page, setPage] = useState<Page>({ state: 'loading' });
  const [categories, setCategories] = useState<CategoryView[]>([]);
  const [scanError, setScanError] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  useDocumentTitle(t('nav.catalog'));

  useEffect(() => dispatch({ type: 'search', q }), [q]);

  useEffect(() => {
    let cancelled = false;
    setPage((current) => (current.state === 'loaded' ? current : { state: 'loading' }));
    catalogApi.products(listParams(list)).then(
      (result) => !cancelled && setPage({ state: 'loaded', ...result }),
      (error: unknown) => !cancelled && setPage({ state: 'failed', code: problemOf(error).code }),
    );
    return () => {
      cancelled = true;
    };
  }, [list]);

  useEffect(() => {
    catalogApi.categories().then(
      (result) => setCategories(result.categories),
      () => setCategories([]),
    );
  }, []);

  // A scan while no field has focus opens the scanned product.
  useEffect(() => {
    const detector = new ScanDetector();
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (isTypingTarget(event.target)) return;
      const result = detector.feed({ key: event.key, time: event.timeStamp });
      if (result?.kind !== 'scan') return;
      setScanError(null);
      catalogApi.byBarcode(result.code).then(
        (product) => navigate(`/catalog/products/${product.id}`),
        (error: unknown) => setScanError(problemOf(error).code),
      );
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const rowLinks = () => [...(tableRef.current?.querySelectorAll<HTMLAnchorElement>('a.row-link') ?? [])];

  const onTableKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const links = rowLinks();
    const current = links.indexOf(document.activeElement as HTMLAnchorElement);
    links[moveSelection(current, event.key === 'ArrowDown' ? 1 : -1, links.length)]?.focus();
  };

  const filtered = list.q !== '' || list.categoryId !== '' || list.lowStock || list.status !== 'active';
  const total = page.state === 'loaded' ? page.total : 0;

  return (
    <section>
      <PageHeading>{t('nav.catalog')}</PageHeading>
      <CatalogNav />
      <div className="toolbar">
        {can(role, 'catalog.manage') && (
          <Link to="/catalog/products/new" className="button-primary button-link">
            {t('catalog.newProduct')}
          </Link>
        )}
        <ExportButton list={list} />
      </div>
      <form className="filters" aria-label={t('catalog.filters')} onSubmit={(e) => e.preventDefault()}>
        <TextField
          id="catalog-search"
          type="search"
          label={t('catalog.search')}
          hint={t('catalog.searchHint')}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              rowLinks()[0]?.focus();
            }
          }}
        />
        <SelectField
          id="catalog-category"
          label={t('catalog.category')}
          value={list.categoryId}
          options={[{ value: '', label: t('catalog.anyCategory') }, ...categoryOptions(categories)]}
          onChange={(e) => dispatch({ type: 'filter', patch: { categoryId: e.target.value } })}
        />
        <SelectField
          id="catalog-status"
          label={t('catalog.status')}
          value={list.status}
          options={(['active', 'inactive', 'all'] as const).map((s) => ({
            value: s,
            label: t(`catalog.status.${s}`),
          }))}
          onChange={(e) => dispatch({ type: 'filter', patch: { status: e.target.value as StatusFilter } })}
        />
        <SelectField
          id="catalog-sort"
          label={t('catalog.sortBy')}
          value={list.sort}
          options={SORT_KEYS.map((key) => ({ value: key, label: t(`catalog.sort.${key}`) }))}
          onChange={(e) => dispatch({ type: 'sort', sort: e.target.value as SortKey })}
        />
        <CheckboxField
          id="catalog-low"
          label={t('catalog.lowOnly')}
          checked={list.lowStock}
          onChange={(e) => dispatch({ type: 'filter', patch: { lowStock: e.target.checked } })}
        />
      </form>
      {scanError && <FormAlert>{t.error(scanError)}</FormAlert>}
      {page.state === 'loading' && (
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      )}
      {page.state === 'failed' && <FormAlert>{t.error(page.code)}</FormAlert>}
      {page.state === 'loaded' && page.products.length === 0 && (
        <p className="muted empty-state">{filtered ? t('catalog.noMatches') : t('catalog.empty')}</p>
      )}
      {page.state === 'loaded' && page.products.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {t.plural('catalog.count', total)}
          </p>
          <div className="table-scroll">
            <table className="data-table selectable-table" aria-label={t('catalog.products')}>
              <thead>
                <tr>
                  <SortHeader list={list} sort="sku" label={t('catalog.sku')} onSort={dispatch} />
                  <SortHeader list={list} sort="name" label={t('catalog.name')} onSort={dispatch} />
                  <th scope="col">{t('catalog.category')}</th>
                  <SortHeader list={list} sort="price" label={t('catalog.price')} onSort={dispatch} numeric />
                  <th scope="col" className="numeric">
                    {t('catalog.onHand')}
                  </th>
                  <th scope="col">{t('catalog.status')}</th>
                </tr>
              </thead>
              <tbody ref={tableRef} onKeyDown={onTableKey}>
                {page.products.map((product) => (
                  <ProductRow key={product.id} product={product} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{t('catalog.keyboardHint')}</p>
          <Pagination list={list} total={total} onPage={(n) => dispatch({ type: 'page', page: n, total })} />
        </>
      )}
    </section>
  );
}

function ProductRow({ product }: { product: ProductView }) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <tr>
      <td>{product.sku}</td>
      <th scope="row">
        <Link className="row-link" to={`/catalog/products/${product.id}`}>
          {product.name}
        </Link>
      </th>
      <td>{product.categoryName ?? '—'}</td>
      <td className="numeric">{format.money(product.price)}</td>
      <td
        className="numeric"
        data-low={product.tracked && product.onHand <= product.reorderPoint ? 'true' : undefined}
      >
        {product.tracked ? format.qty(product.onHand, product.unit) : t('catalog.untracked')}
      </td>
      <td>
        <span className="tag">{product.active ? t('catalog.active') : t('catalog.inactive')}</span>
      </td>
    </tr>
  );
}

interface SortHeaderProps {
  list: ListState;
  sort: SortKey;
  label: string;
  numeric?: boolean;
  onSort(action: { type: 'sort'; sort: SortKey }): void;
}

function SortHeader({ list, sort, label, numeric, onSort }: SortHeaderProps) {
  const active = list.sort === sort;
  return (
    <th
      scope="col"
      className={numeric ? 'numeric' : undefined}
      aria-sort={active ? (list.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => onSort({ type: 'sort', sort })}>
        {label}
        <span aria-hidden="true">{active ? (list.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

function Pagination({ list, total, onPage }: { list: ListState; total: number; onPage(page: number): void }) {
  const t = useT();
  const pages = pageCount(total);
  return (
    <nav className="pagination" aria-label={t('catalog.pagination')}>
      <button
        type="button"
        className="button-secondary"
        disabled={list.page === 0}
        onClick={() => onPage(list.page - 1)}
      >
        {t('catalog.previousPage')}
      </button>
      <p aria-live="polite">{t('catalog.pageOf', { page: list.page + 1, pages })}</p>
      <button
        type="button"
        className="button-secondary"
        disabled={list.page + 1 >= pages}
        onClick={() => onPage(list.page + 1)}
      >
        {t('catalog.nextPage')}
      </button>
    </nav>
  );
}

/** The filtered list as CSV: saved through the desktop dialog, or downloaded by the browser. */
function ExportButton({ list }: { list: ListState }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [errorCode, setErrorCode] = useState<string | null>(null);

  async function exportCsv() {
    if (busy) return;
    setBusy(true);
    setErrorCode(null);
    try {
      const { fileName, blob } = await catalogApi.exportCsv(filterParams(list));
      const saved = await saveDownload(fileName ?? 'productos.csv', blob, {
        name: 'CSV',
        extensions: ['csv'],
      });
      if (!saved.ok) setErrorCode(saved.code);
    } catch (error) {
      setErrorCode(problemOf(error).code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="button-secondary"
        aria-disabled={busy}
        onClick={() => void exportCsv()}
      >
        {t('catalog.export')}
      </button>
      {errorCode && <FormAlert>{t.error(errorCode)}</FormAlert>}
    </>
  );
}
