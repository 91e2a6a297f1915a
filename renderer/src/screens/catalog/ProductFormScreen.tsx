import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { catalogApi } from '../../api/catalog';
import { fieldErrors, problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import {
  type CategoryView,
  type CreateProductRequest,
  can,
  type PriceHistoryEntry,
  type ProductDetail,
  type SupplierView,
  UNITS,
  type Unit,
} from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { categoryOptions } from './category-tree';
import {
  draftOf,
  EMPTY_PRODUCT,
  type ProductDraft,
  requestOf,
  type SupplierDraft,
  updateOf,
} from './product-draft';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; product: ProductDetail | null }
  | { state: 'failed'; code: string };

/** New product (/catalog/products/new) or an existing one (/catalog/products/:id); read-only without catalog.manage. */
export function ProductFormScreen() {
  const t = useT();
  const { productId } = useParams();
  const location = useLocation();
  const [loaded, setLoaded] = useState<Loaded>(
    productId ? { state: 'loading' } : { state: 'loaded', product: null },
  );
  // "Producto creado." arrives with the navigation from the new-product form, which reuses this screen.
  const routeNotice = (location.state as { notice?: string } | null)?.notice ?? '';
  const [savedNotice, setNotice] = useState('');
  const notice = savedNotice || routeNotice;

  const reload = useCallback(() => {
    if (!productId) return;
    catalogApi.product(productId).then(
      (product) => setLoaded({ state: 'loaded', product }),
      (error: unknown) => setLoaded({ state: 'failed', code: problemOf(error).code }),
    );
  }, [productId]);
  useEffect(reload, [reload]);

  const title =
    loaded.state === 'loaded' && loaded.product
      ? loaded.product.name
      : productId
        ? t('app.loading')
        : t('product.new');
  useDocumentTitle(title);

  return (
    <section>
      <p>
        <Link to="/catalog">{t('product.back')}</Link>
      </p>
      <PageHeading>{title}</PageHeading>
      <p role="status" className="form-status">
        {notice}
      </p>
      {loaded.state === 'loading' && (
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      )}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && (
        <ProductForm
          key={loaded.product?.updatedAt ?? 'new'}
          product={loaded.product}
          onSaved={(message) => {
            setNotice(message);
            reload();
          }}
          onReload={() => {
            setNotice('');
            reload();
          }}
        />
      )}
    </section>
  );
}

interface ProductFormProps {
  product: ProductDetail | null;
  /** After saving an existing product: the message for the status line; the screen reloads it. */
  onSaved(message: string): void;
  /** Someone else changed the product since it was loaded: load it again (this form's edits are dropped). */
  onReload(): void;
}

function ProductForm({ product, onSaved, onReload }: ProductFormProps) {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const navigate = useNavigate();
  const manage = can(role, 'catalog.manage');
  const [draft, setDraft] = useState<ProductDraft>(() =>
    product ? draftOf(product, format) : EMPTY_PRODUCT,
  );
  const [newId] = useState(() => crypto.randomUUID());
  const [categories, setCategories] = useState<CategoryView[]>([]);
  const [suppliers, setSuppliers] = useState<SupplierView[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The server answered 409 product-changed: the form holds an old version of the product.
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const reloadRef = useRef<HTMLButtonElement>(null);
  useFocusFirstInvalid(formRef, attempt);
  useEffect(() => {
    if (changedElsewhere) reloadRef.current?.focus();
  }, [changedElsewhere]);

  useEffect(() => {
    catalogApi.categories().then(
      (r) => setCategories(r.categories),
      () => setCategories([]),
    );
    purchasingApi.suppliers().then(
      (r) => setSuppliers(r.suppliers),
      () => setSuppliers([]),
    );
  }, []);

  const change = (patch: Partial<ProductDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };
  const error = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !manage) return;
    setFormError(null);
    setChangedElsewhere(false);
    // An existing product sends only what the person changed, with the version it was loaded at.
    const converted = product ? updateOf(product, draft, format) : requestOf(draft, format);
    if (!converted.ok) {
      setErrors(converted.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      if (product) {
        await catalogApi.updateProduct(product.id, converted.body);
        onSaved(t('product.saved'));
      } else {
        const created = await catalogApi.createProduct({
          id: newId,
          ...(converted.body as Omit<CreateProductRequest, 'id'>),
        });
        navigate(`/catalog/products/${created.id}`, {
          replace: true,
          state: { notice: t('product.created') },
        });
      }
    } catch (caught) {
      const problem = problemOf(caught);
      if (problem.code === 'product-changed') {
        setChangedElsewhere(true);
        return;
      }
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const moneyHint = t('product.moneyHint', { currency: format.currency });

  return (
    <>
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="product-form">
        <fieldset disabled={!manage} className="plain-fieldset">
          <div className="form-grid">
            <TextField
              id="product-sku"
              label={t('product.sku')}
              autoComplete="off"
              spellCheck={false}
              value={draft.sku}
              onChange={(e) => change({ sku: e.target.value })}
              error={error('sku')}
            />
            <TextField
              id="product-name"
              label={t('product.name')}
              autoComplete="off"
              value={draft.name}
              onChange={(e) => change({ name: e.target.value })}
              error={error('name')}
            />
          </div>
          <TextAreaField
            id="product-description"
            label={t('product.description')}
            rows={3}
            value={draft.description}
            onChange={(e) => change({ description: e.target.value })}
            error={error('description')}
          />
          <div className="form-grid">
            <SelectField
              id="product-category"
              label={t('product.category')}
              value={draft.categoryId}
              options={[{ value: '', label: t('product.noCategory') }, ...categoryOptions(categories)]}
              onChange={(e) => change({ categoryId: e.target.value })}
              error={error('categoryId')}
            />
            <SelectField
              id="product-unit"
              label={t('product.unit')}
              value={draft.unit}
              options={UNITS.map((unit) => ({ value: unit, label: t(`unit.${unit}`) }))}
              onChange={(e) => change({ unit: e.target.value as Unit })}
              error={error('unit')}
            />
          </div>
          <div className="form-grid">
            <TextField
              id="product-price"
              label={t('product.price')}
              hint={moneyHint}
              inputMode="decimal"
              autoComplete="off"
              value={draft.price}
              onChange={(e) => change({ price: e.target.value })}
              error={error('price')}
            />
            <TextField
              id="product-cost"
              label={t('product.cost')}
              hint={
                product ? t('product.averageCost', { cost: format.money(product.averageCost) }) : moneyHint
              }
              inputMode="decimal"
              autoComplete="off"
              value={draft.cost}
              onChange={(e) => change({ cost: e.target.value })}
              error={error('cost')}
            />
            <TextField
              id="product-tax"
              label={t('product.taxRate')}
              inputMode="decimal"
              autoComplete="off"
              value={draft.taxRate}
              onChange={(e) => change({ taxRate: e.target.value })}
              error={error('taxRateBp')}
            />
          </div>
          <CheckboxField
            id="product-tracked"
            label={t('product.tracked')}
            hint={t('product.trackedHint')}
            checked={draft.tracked}
            onChange={(e) => change({ tracked: e.target.checked })}
          />
          <CheckboxField
            id="product-active"
            label={t('product.active')}
            checked={draft.active}
            onChange={(e) => change({ active: e.target.checked })}
          />
          <div className="form-grid">
            <TextField
              id="product-reorder-point"
              label={t('product.reorderPoint')}
              hint={t('product.reorderPointHint')}
              inputMode="decimal"
              value={draft.reorderPoint}
              onChange={(e) => change({ reorderPoint: e.target.value })}
              error={error('reorderPoint')}
            />
            <TextField
              id="product-reorder-qty"
              label={t('product.reorderQty')}
              inputMode="decimal"
              value={draft.reorderQty}
              onChange={(e) => change({ reorderQty: e.target.value })}
              error={error('reorderQty')}
            />
          </div>
          <Barcodes
            barcodes={draft.barcodes}
            errors={errors}
            onChange={(barcodes) => {
              setDraft((current) => ({ ...current, barcodes }));
              setErrors((current) =>
                Object.fromEntries(
                  Object.entries(current).filter(([field]) => !field.startsWith('barcodes')),
                ),
              );
            }}
          />
          <ProductSuppliers
            rows={draft.suppliers}
            suppliers={suppliers}
            errors={errors}
            moneyHint={moneyHint}
            onChange={(rows) => {
              setDraft((current) => ({ ...current, suppliers: rows }));
              setErrors((current) =>
                Object.fromEntries(
                  Object.entries(current).filter(([field]) => !field.startsWith('suppliers')),
                ),
              );
            }}
          />
        </fieldset>
        <FormAlert>
          {formError && <p>{t.error(formError)}</p>}
          {changedElsewhere && (
            <>
              <p>{t('errors.product-changed')}</p>
              <button ref={reloadRef} type="button" className="button-secondary" onClick={onReload}>
                {t('product.reloadChanged')}
              </button>
            </>
          )}
        </FormAlert>
        {manage && (
          <div className="form-actions">
            <button type="submit" className="button-primary" aria-disabled={busy}>
              {product ? t('product.save') : t('product.create')}
            </button>
            {product && (
              <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>
                {t('product.delete')}
              </button>
            )}
          </div>
        )}
      </form>
      {product && (
        <>
          <h2>{t('product.onHandTitle')}</h2>
          <p>
            {product.tracked ? format.qty(product.onHand, product.unit) : t('catalog.untracked')}{' '}
            <Link to={`/stock?productId=${product.id}`}>{t('product.movements')}</Link>
          </p>
          <PriceHistory entries={product.priceHistory} />
        </>
      )}
      {confirmDelete && product && (
        <ConfirmDialog
          title={t('product.confirmDelete.title', { name: product.name })}
          body={<p>{t('product.confirmDelete.body')}</p>}
          confirmLabel={t('product.delete')}
          danger
          onConfirm={async () => {
            await catalogApi.deleteProduct(product.id);
            navigate('/catalog');
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </>
  );
}

interface BarcodesProps {
  barcodes: string[];
  errors: Record<string, string>;
  onChange(barcodes: string[]): void;
}

/** Codes as chips. Enter in the field (a scanner's or a person's) adds a chip and never submits the form. */
function Barcodes({ barcodes, errors, onChange }: BarcodesProps) {
  const t = useT();
  const [code, setCode] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const add = () => {
    const value = code.trim();
    if (!value) return;
    if (barcodes.includes(value)) {
      setLocalError('barcode-duplicate');
      return;
    }
    onChange([...barcodes, value]);
    setCode('');
    setLocalError(null);
  };

  return (
    <fieldset className="barcodes">
      <legend>{t('product.barcodes')}</legend>
      {barcodes.length > 0 ? (
        <ul className="chips" aria-label={t('product.barcodes')}>
          {barcodes.map((barcode, i) => {
            const chipError = errors[`barcodes.${i}`];
            return (
              <li key={barcode} className="chip" data-invalid={chipError ? 'true' : undefined}>
                <span id={`barcode-${i}`}>{barcode}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('product.removeBarcode', { code: barcode })}
                  aria-describedby={chipError ? `barcode-${i}-error` : undefined}
                  onClick={() => {
                    onChange(barcodes.filter((_, j) => j !== i));
                    inputRef.current?.focus();
                  }}
                >
                  ×
                </button>
                {chipError && (
                  <span id={`barcode-${i}-error`} className="field-error" aria-invalid="true" tabIndex={-1}>
                    {t.error(chipError)}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('product.noBarcodes')}</p>
      )}
      <div className="inline-form">
        <TextField
          id="product-barcode"
          ref={inputRef}
          label={t('product.barcode')}
          hint={t('product.barcodeHint')}
          autoComplete="off"
          spellCheck={false}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            setLocalError(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            add();
          }}
          error={localError ? t.error(localError) : errors.barcodes ? t.error(errors.barcodes) : undefined}
        />
        <button type="button" className="button-secondary" onClick={add}>
          {t('product.addBarcode')}
        </button>
      </div>
    </fieldset>
  );
}

interface ProductSuppliersProps {
  rows: SupplierDraft[];
  suppliers: SupplierView[];
  errors: Record<string, string>;
  moneyHint: string;
  onChange(rows: SupplierDraft[]): void;
}

function ProductSuppliers({ rows, suppliers, errors, moneyHint, onChange }: ProductSuppliersProps) {
  const t = useT();
  const update = (i: number, patch: Partial<SupplierDraft>) =>
    onChange(
      rows.map((row, j) => {
        if (j === i) return { ...row, ...patch };
        // Only one preferred supplier: choosing one clears the others.
        return patch.preferred ? { ...row, preferred: false } : row;
      }),
    );
  const error = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);

  return (
    <fieldset className="product-suppliers">
      <legend>{t('product.suppliers')}</legend>
      {rows.length === 0 && <p className="muted">{t('product.noSuppliers')}</p>}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved, and only the last is added
        <fieldset key={i} className="supplier-row">
          <legend>{t('product.supplierN', { n: i + 1 })}</legend>
          <SelectField
            id={`product-supplier-${i}`}
            label={t('product.supplier')}
            value={row.supplierId}
            options={[
              { value: '', label: t('product.chooseSupplier') },
              ...suppliers.map((s) => ({ value: s.id, label: s.name })),
            ]}
            onChange={(e) => update(i, { supplierId: e.target.value })}
            error={error(`suppliers.${i}.supplierId`)}
          />
          <TextField
            id={`product-supplier-sku-${i}`}
            label={t('product.supplierSku')}
            autoComplete="off"
            value={row.supplierSku}
            onChange={(e) => update(i, { supplierSku: e.target.value })}
            error={error(`suppliers.${i}.supplierSku`)}
          />
          <TextField
            id={`product-supplier-cost-${i}`}
            label={t('product.supplierCost')}
            hint={moneyHint}
            inputMode="decimal"
            value={row.cost}
            onChange={(e) => update(i, { cost: e.target.value })}
            error={error(`suppliers.${i}.cost`)}
          />
          <CheckboxField
            id={`product-supplier-preferred-${i}`}
            label={t('product.preferred')}
            checked={row.preferred}
            onChange={(e) => update(i, { preferred: e.target.checked })}
          />
          <button
            type="button"
            className="button-secondary"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {t('product.removeSupplier', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button-secondary"
        onClick={() =>
          onChange([...rows, { supplierId: '', supplierSku: '', cost: '', preferred: rows.length === 0 }])
        }
      >
        {t('product.addSupplier')}
      </button>
    </fieldset>
  );
}

function PriceHistory({ entries }: { entries: PriceHistoryEntry[] }) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <>
      <h2>{t('product.history')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('product.historyEmpty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('product.historyWhen')}</th>
                <th scope="col">{t('product.historyField')}</th>
                <th scope="col" className="numeric">
                  {t('product.historyOld')}
                </th>
                <th scope="col" className="numeric">
                  {t('product.historyNew')}
                </th>
                <th scope="col">{t('product.historyWho')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={`${entry.changedAt}-${entry.field}`}>
                  <td>{format.dateTime(entry.changedAt)}</td>
                  <td>{t(`product.historyField.${entry.field}`)}</td>
                  <td className="numeric">{entry.oldValue === null ? '—' : format.money(entry.oldValue)}</td>
                  <td className="numeric">{format.money(entry.newValue)}</td>
                  <td>{entry.actorName ?? t('audit.system')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
