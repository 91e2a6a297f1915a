import { type FormEvent, useRef, useState } from 'react';
import { fieldErrors, problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { ProductPicker } from '../../components/ProductPicker';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import type { ProductLite } from '../../contract';
import { ADJUSTMENT_REASONS, type AdjustmentReason, REMOVING_REASONS } from '../../contract';
import { parseQuantityInput } from '../../decimal-input';
import { useT } from '../../i18n';
import { defaultLocationId, locationList, useLocations } from './useLocations';

/** Shared by adjustments and transfers: errors by field, a status line, a fresh id per movement. */
function useStockForm() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [opId, setOpId] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  async function run(local: Record<string, string>, action: () => Promise<string>) {
    if (busy) return;
    setFormError(null);
    setNotice('');
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      setNotice(await action());
      setErrors({});
      // The next movement is a new one; a retry of this one kept the same id.
      setOpId(crypto.randomUUID());
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, formError, notice, busy, opId, formRef, run };
}

export function AdjustScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const [locations] = useLocations();
  const [product, setProduct] = useState<ProductLite | null>(null);
  const [locationId, setLocationId] = useState('');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState<AdjustmentReason>('adjustment');
  const [note, setNote] = useState('');
  const form = useStockForm();
  const location = locationId || defaultLocationId(locations);
  const error = (field: string) => (form.errors[field] ? t.error(form.errors[field]) : undefined);
  // A write-off only removes: staff type how many units are written off, and the server takes them away.
  const removing = REMOVING_REASONS.includes(reason);
  const unit = product ? t(`unit.${product.unit}`) : null;
  const qtyLabel = removing
    ? unit
      ? t('adjust.writeOffQtyIn', { unit })
      : t('adjust.writeOffQty')
    : unit
      ? t('adjust.qtyIn', { unit })
      : t('adjust.qty');

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!product) local.productId = 'product-required';
    const parsed = parseQuantityInput(qty, format.locale, { signed: true });
    if (!parsed.ok)
      local.qty = parsed.code === 'amount-too-precise' ? 'quantity-too-precise' : 'quantity-not-a-number';
    else if (parsed.value === 0) local.qty = 'quantity-zero';
    if (reason === 'adjustment' && !note.trim()) local.note = 'note-required';
    void form.run(local, async () => {
      if (!product || !parsed.ok) return '';
      const movement = await stockApi.adjust({
        id: form.opId,
        productId: product.id,
        locationId: location,
        qty: parsed.value,
        reason,
        note: note.trim() || undefined,
      });
      setQty('');
      setNote('');
      return t(removing ? 'adjust.writeOffDone' : 'adjust.done', {
        qty: format.qty(removing ? -movement.qty : movement.qty, product.unit),
        name: movement.productName,
        location: movement.locationName,
      });
    });
  }

  return (
    <>
      <h2>{t('stock.adjust')}</h2>
      <p role="status" className="form-status">
        {form.notice}
      </p>
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="stock-form">
        <ProductPicker
          id="adjust-product"
          label={t('stock.product')}
          value={product}
          onChange={setProduct}
          error={error('productId')}
        />
        <SelectField
          id="adjust-location"
          label={t('stock.location')}
          value={location}
          options={locationList(locations).map((l) => ({ value: l.id, label: l.name }))}
          onChange={(e) => setLocationId(e.target.value)}
          error={error('locationId')}
        />
        <SelectField
          id="adjust-reason"
          label={t('stock.reason')}
          value={reason}
          options={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))}
          onChange={(e) => setReason(e.target.value as AdjustmentReason)}
          error={error('reason')}
        />
        <TextField
          id="adjust-qty"
          label={qtyLabel}
          hint={removing ? t('adjust.writeOffHint') : t('adjust.qtyHint')}
          inputMode="decimal"
          autoComplete="off"
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={error('qty')}
        />
        <TextField
          id="adjust-note"
          label={t('stock.note')}
          hint={reason === 'adjustment' ? t('adjust.noteRequired') : undefined}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={error('note')}
        />
        <FormAlert>{form.formError && <p>{t.error(form.formError)}</p>}</FormAlert>
        <button type="submit" className="button-primary" aria-disabled={form.busy}>
          {t('adjust.submit')}
        </button>
      </form>
    </>
  );
}

export function TransferScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const [locations] = useLocations();
  const [product, setProduct] = useState<ProductLite | null>(null);
  const [fromId, setFromId] = useState('');
  const [toId, setToId] = useState('');
  const [qty, setQty] = useState('');
  const [note, setNote] = useState('');
  const form = useStockForm();
  const list = locationList(locations);
  const from = fromId || defaultLocationId(locations);
  const to = toId || (list.find((l) => l.id !== from)?.id ?? '');
  const error = (field: string) => (form.errors[field] ? t.error(form.errors[field]) : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!product) local.productId = 'product-required';
    const parsed = parseQuantityInput(qty, format.locale);
    if (!parsed.ok)
      local.qty = parsed.code === 'amount-too-precise' ? 'quantity-too-precise' : 'quantity-not-positive';
    else if (parsed.value === 0) local.qty = 'quantity-not-positive';
    if (from === to) local.toLocationId = 'same-location';
    void form.run(local, async () => {
      if (!product || !parsed.ok) return '';
      const result = await stockApi.transfer({
        id: form.opId,
        productId: product.id,
        fromLocationId: from,
        toLocationId: to,
        qty: parsed.value,
        note: note.trim() || undefined,
      });
      setQty('');
      setNote('');
      return t('transfer.done', {
        qty: format.qty(parsed.value, product.unit),
        name: result.in.productName,
        from: result.out.locationName,
        to: result.in.locationName,
      });
    });
  }

  const options = list.map((l) => ({ value: l.id, label: l.name }));
  return (
    <>
      <h2>{t('stock.transfer')}</h2>
      <p role="status" className="form-status">
        {form.notice}
      </p>
      {list.length < 2 && locations.state === 'loaded' && <p className="notice">{t('transfer.needTwo')}</p>}
      <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="stock-form">
        <ProductPicker
          id="transfer-product"
          label={t('stock.product')}
          value={product}
          onChange={setProduct}
          error={error('productId')}
        />
        <SelectField
          id="transfer-from"
          label={t('transfer.from')}
          value={from}
          options={options}
          onChange={(e) => setFromId(e.target.value)}
          error={error('fromLocationId')}
        />
        <SelectField
          id="transfer-to"
          label={t('transfer.to')}
          value={to}
          options={options}
          onChange={(e) => setToId(e.target.value)}
          error={error('toLocationId')}
        />
        <TextField
          id="transfer-qty"
          label={product ? t('adjust.qtyIn', { unit: t(`unit.${product.unit}`) }) : t('adjust.qty')}
          inputMode="decimal"
          autoComplete="off"
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={error('qty')}
        />
        <TextField
          id="transfer-note"
          label={t('stock.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={error('note')}
        />
        <FormAlert>{form.formError && <p>{t.error(form.formError)}</p>}</FormAlert>
        <button type="submit" className="button-primary" aria-disabled={form.busy}>
          {t('transfer.submit')}
        </button>
      </form>
    </>
  );
}
