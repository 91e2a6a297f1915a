import { useState } from 'react';
import { ProductPicker } from '../../components/ProductPicker';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useT } from '../../i18n';
import {
  type DocumentLineDraft,
  emptyLine,
  lineFromProduct,
  type Pricing,
  previewDocument,
} from './document-lines';

interface DocumentLinesEditorProps {
  lines: readonly DocumentLineDraft[];
  pricing: Pricing;
  /** Field errors keyed `lines.<i>.<field>`, as the API and `documentLinesOf` name them. */
  errors: Record<string, string>;
  onChange(lines: DocumentLineDraft[]): void;
}

/**
 * The lines of an invoice or quote as a table of inputs, with a live totals preview below
 * (priced by the server's money engine). A line added from the catalog keeps its product, so
 * a quote made of products can be sold at the counter.
 */
export function DocumentLinesEditor({ lines, pricing, errors, onChange }: DocumentLinesEditorProps) {
  const t = useT();
  const format = useBusinessFormat();
  const preview = previewDocument(lines, format, pricing);
  const [pickerKey, setPickerKey] = useState(0);
  const edit = (index: number, patch: Partial<DocumentLineDraft>) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const add = () => {
    onChange([...lines, emptyLine(crypto.randomUUID(), lines.at(-1)?.taxRate ?? '')]);
    // The new line's description is where the person types next.
    requestAnimationFrame(() => document.getElementById(`line-${lines.length}-description`)?.focus());
  };
  const remove = (index: number) => onChange(lines.filter((_, i) => i !== index));
  const addProduct = (product: Parameters<typeof lineFromProduct>[1] | null) => {
    if (!product) return;
    const line = lineFromProduct(crypto.randomUUID(), product, format);
    // An untouched empty first line is replaced rather than left blank above the product.
    const [only] = lines;
    const blank = lines.length === 1 && only && !only.description.trim() && !only.unitPrice.trim();
    onChange(blank ? [line] : [...lines, line]);
    setPickerKey((k) => k + 1);
    const index = blank ? 0 : lines.length;
    requestAnimationFrame(() => document.getElementById(`line-${index}-qty`)?.focus());
  };

  const cell = (
    index: number,
    field: keyof Omit<DocumentLineDraft, 'key'>,
    apiField: string,
    label: string,
  ) => {
    const id = `line-${index}-${field}`;
    const code = errors[`lines.${index}.${apiField}`];
    return (
      <>
        <input
          id={id}
          aria-label={label}
          autoComplete="off"
          inputMode={field === 'description' ? undefined : 'decimal'}
          value={lines[index]?.[field] ?? ''}
          onChange={(e) => edit(index, { [field]: e.target.value })}
          {...(code ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})}
        />
        {code && (
          <p id={`${id}-error`} className="field-error">
            {t.error(code)}
          </p>
        )}
      </>
    );
  };

  return (
    <fieldset className="document-lines">
      <legend>{t('doc.lines')}</legend>
      <div className="table-scroll">
        <table className="data-table" aria-label={t('doc.lines')}>
          <thead>
            <tr>
              <th scope="col">{t('doc.description')}</th>
              <th scope="col">{t('doc.qty')}</th>
              <th scope="col">{t('doc.unitPrice')}</th>
              <th scope="col">{t('doc.taxRate')}</th>
              <th scope="col">{t('doc.discount')}</th>
              <th scope="col" className="numeric">
                {t('doc.amount')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('sale.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const n = i + 1;
              const row = preview.lines[i];
              return (
                <tr key={line.key}>
                  <td>
                    {cell(i, 'description', 'description', t('doc.descriptionOf', { n }))}
                    {line.productId && <span className="muted">{t('doc.fromCatalog')}</span>}
                  </td>
                  <td>{cell(i, 'qty', 'qty', t('doc.qtyOf', { n }))}</td>
                  <td>{cell(i, 'unitPrice', 'unitPrice', t('doc.unitPriceOf', { n }))}</td>
                  <td>{cell(i, 'taxRate', 'taxRateBp', t('doc.taxRateOf', { n }))}</td>
                  <td>{cell(i, 'discount', 'discount', t('doc.discountOf', { n }))}</td>
                  <td className="numeric">{row ? format.money(row.total) : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button-secondary"
                      aria-label={t('doc.removeLine', { n })}
                      disabled={lines.length === 1}
                      onClick={() => remove(i)}
                    >
                      {t('sale.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errors.lines && <p className="field-error">{t.error(errors.lines)}</p>}
      <ProductPicker
        key={pickerKey}
        id="document-add-product"
        label={t('doc.addProduct')}
        value={null}
        onChange={addProduct}
      />
      <button type="button" className="button-secondary" onClick={add}>
        {t('doc.addLine')}
      </button>
      <dl className="cart-totals" aria-label={t('doc.totals')}>
        <div>
          <dt>{t('doc.subtotal')}</dt>
          <dd>{format.money(preview.subtotal)}</dd>
        </div>
        {preview.taxes.map((row) => (
          <div key={row.taxRateBp}>
            <dt>{t('doc.taxAt', { rate: format.percent(row.taxRateBp) })}</dt>
            <dd>{format.money(row.tax)}</dd>
          </div>
        ))}
        <div className="cart-total">
          <dt>{t('doc.total')}</dt>
          <dd>{format.money(preview.total)}</dd>
        </div>
      </dl>
      <p className="muted">{t('doc.previewNote')}</p>
    </fieldset>
  );
}
