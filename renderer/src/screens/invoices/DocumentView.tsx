import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { InvoiceView, QuoteView } from '../../contract';
import { useT } from '../../i18n';

/** A computed invoice's or quote's lines, tax breakdown and totals, as the server gave them. */
export function DocumentView({ document, label }: { document: InvoiceView | QuoteView; label: string }) {
  const t = useT();
  const format = useBusinessFormat();
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
                {t('doc.taxRate')}
              </th>
              <th scope="col" className="numeric">
                {t('doc.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {document.lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.description}</th>
                <td className="numeric">{format.qty(line.qty)}</td>
                <td className="numeric">{format.money(line.unitPrice)}</td>
                <td className="numeric">{format.percent(line.taxRateBp)}</td>
                <td className="numeric">{format.money(line.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="cart-totals" aria-label={t('doc.totals')}>
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
