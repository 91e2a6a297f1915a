import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { InvoiceView, QuoteView } from '../../contract';
import { useT } from '../../i18n';

/**
 * A computed invoice's or quote's lines, tax breakdown and totals, as the server gave them, with
 * the columns of the printed page (core/mail/invoice.ts): each line's discount, taxable base and
 * total, so quantity × price − discount is the base (the total when prices include tax) and the
 * bases plus the taxes are the total. A sale's cart discount is in its lines' discounts.
 */
export function DocumentView({ document, label }: { document: InvoiceView | QuoteView; label: string }) {
  const t = useT();
  const format = useBusinessFormat();
  // Shown as what is taken off: a credit note's negated discount reads as added back.
  const off = (discount: number) => (discount === 0 ? '—' : format.money(-discount));
  const discounts = document.lines.reduce((sum, line) => sum + line.discount, 0);
  return (
    <>
      <div className="table-scroll">
        <table className="data-table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">{t('doc.description')}</th>
              <th scope="col" className="numeric">
                {t('doc.qty')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.unitPrice')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.discount')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.taxRate')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.subtotal')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {document.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.description}</th>
                <td className="numeric">{format.qty(line.qty)}</td>
                <td className="numeric">{format.money(line.unitPrice)}</td>
                <td className="numeric">{off(line.discount)}</td>
                <td className="numeric">{format.percent(line.taxRateBp)}</td>
                <td className="numeric">{format.money(line.base)}</td>
                <td className="numeric">{format.money(line.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {document.pricing.prices === 'inclusive' && <p className="muted">{t('doc.pricesIncludeTax')}</p>}
      <dl className="cart-totals" aria-label={t('doc.totals')}>
        {discounts !== 0 && (
          <div>
            <dt>{t('doc.discounts')}</dt>
            <dd>{format.money(-discounts)}</dd>
          </div>
        )}
        <div>
          <dt>{t('doc.subtotal')}</dt>
          <dd>{format.money(document.subtotal)}</dd>
        </div>
        {document.taxes.map((row) => (
          <div key={row.taxRateBp}>
            <dt>{t('doc.taxAt', { rate: format.percent(row.taxRateBp) })}</dt>
            <dd>{format.money(row.tax)}</dd>
          </div>
        ))}
        <div className="cart-total">
          <dt>{t('doc.total')}</dt>
          <dd>{format.money(document.total)}</dd>
        </div>
      </dl>
      {document.notes && <p>{document.notes}</p>}
    </>
  );
}
