import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { ProductPicker } from '../../components/ProductPicker';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import type { ProductLite, SupplierView } from '../../contract';
import { useT } from '../../i18n';
import { defaultLocationId, locationList, useLocations } from '../stock/useLocations';
import { orderFormShows, splitProblem } from './form-errors';
import { draftTotal, type LineDraft, linesOf } from './order-lines';

type Line = LineDraft & { key: string; product: ProductLite | null };

const emptyLine = (): Line => ({
  key: crypto.randomUUID(),
  product: null,
  productId: '',
  qty: '',
  unitCost: '',
});

export function PurchaseOrderFormScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const [locations] = useLocations();
  const [suppliers, setSuppliers] = useState<SupplierView[]>([]);
  const [supplierId, setSupplierId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [notes, setNotes] = useState('');
  const [lines, setLines] = useState<Line[]>(() => [emptyLine()]);
  const [newId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);
  useDocumentTitle(t('orders.new'));
  const location = locationId || defaultLocationId(locations);

  useEffect(() => {
    purchasingApi.suppliers().then(
      (r) => setSuppliers(r.suppliers),
      () => setSuppliers([]),
    );
  }, []);

  const update = (key: string, patch: Partial<Line>) =>
    setLines((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const error = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const converted = linesOf(lines, format);
    const local = converted.ok ? {} : converted.errors;
    if (!supplierId) Object.assign(local, { supplierId: 'supplier-required' });
    if (!converted.ok || !supplierId) {
      setErrors(local);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const order = await purchasingApi.createOrder({
        id: newId,
        supplierId,
        locationId: location || undefined,
        notes,
        lines: converted.lines,
      });
      navigate(`/purchase-orders/${order.id}`, {
        replace: true,
        state: { notice: t('orders.created', { number: order.number }) },
      });
    } catch (caught) {
      const problem = problemOf(caught);
      const { byField, formError: alert } = splitProblem(problem, orderFormShows);
      setErrors(byField);
      setFormError(alert);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <p>
        <Link to="/purchase-orders">{t('orders.back')}</Link>
      </p>
      <PageHeading>{t('orders.new')}</PageHeading>
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy}>
        <div className="form-grid">
          <SelectField
            id="order-supplier"
            label={t('orders.supplier')}
            value={supplierId}
            options={[
              { value: '', label: t('product.chooseSupplier') },
              ...suppliers.map((s) => ({ value: s.id, label: s.name })),
            ]}
            onChange={(e) => setSupplierId(e.target.value)}
            error={error('supplierId')}
          />
          <SelectField
            id="order-location"
            label={t('orders.location')}
            value={location}
            options={locationList(locations).map((l) => ({ value: l.id, label: l.name }))}
            onChange={(e) => setLocationId(e.target.value)}
            error={error('locationId')}
          />
        </div>
        {suppliers.length === 0 && (
          <p className="muted">
            {t('orders.noSuppliers')} <Link to="/suppliers">{t('purchasing.suppliers')}</Link>
          </p>
        )}
        <fieldset>
          <legend>{t('orders.lines')}</legend>
          {errors.lines && <p className="field-error">{t.error(errors.lines)}</p>}
          {lines.map((line, i) => (
            <fieldset key={line.key} className="order-line">
              <legend>{t('orders.lineN', { n: i + 1 })}</legend>
              <ProductPicker
                id={`order-line-product-${i}`}
                label={t('stock.product')}
                value={line.product}
                onChange={(product) => update(line.key, { product, productId: product?.id ?? '' })}
                error={error(`lines.${i}.productId`)}
              />
              <TextField
                id={`order-line-qty-${i}`}
                label={
                  line.product ? t('adjust.qtyIn', { unit: t(`unit.${line.product.unit}`) }) : t('orders.qty')
                }
                inputMode="decimal"
                autoComplete="off"
                value={line.qty}
                onChange={(e) => update(line.key, { qty: e.target.value })}
                error={error(`lines.${i}.qty`)}
              />
              <TextField
                id={`order-line-cost-${i}`}
                label={t('orders.unitCost')}
                hint={t('product.moneyHint', { currency: format.currency })}
                inputMode="decimal"
                autoComplete="off"
                value={line.unitCost}
                onChange={(e) => update(line.key, { unitCost: e.target.value })}
                error={error(`lines.${i}.unitCost`)}
              />
              {lines.length > 1 && (
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))}
                >
                  {t('orders.removeLine', { n: i + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() => setLines((all) => [...all, emptyLine()])}
          >
            {t('orders.addLine')}
          </button>
        </fieldset>
        <p className="order-total" aria-live="polite">
          {t('orders.totalIs', { total: format.money(draftTotal(lines, format)) })}
        </p>
        <TextAreaField
          id="order-notes"
          label={t('orders.notes')}
          rows={2}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('orders.create')}
        </button>
      </form>
    </section>
  );
}
