import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { SaleView } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { Barcode } from './Barcode';
import type { Paper } from './paper';
import { lineAmount, receiptTotals, type TotalRow } from './receipt-totals';
import { useMethodName } from './useMethodName';

const TOTAL_LABELS = {
  subtotal: 'sale.subtotal',
  lineDiscounts: 'receipt.lineDiscounts',
  cartDiscount: 'sale.discount',
} as const;

/**
 * A recorded sale as the customer's receipt. Print styles lay it out for a 58 or 80 mm thermal
 * roll or an A4 page (`data-paper`); on screen it is the same text in a narrow column. A sale
 * refunded since (in full or in part) lists each refund after its totals, and what it still
 * stands at: a reprint must not read as if the whole sale stood.
 */
export function Receipt({
  sale,
  paper,
  reprint = false,
}: {
  sale: SaleView;
  paper: Paper;
  reprint?: boolean;
}) {
  const t = useT();
  const format = useBusinessFormat();
  const { tenant } = useTenantSession();
  const methodName = useMethodName();
  const totals = receiptTotals(sale);
  const taxLabel = (tax: SaleView['taxes'][number], included = false) =>
    t(included ? 'receipt.taxIncluded' : 'receipt.tax', {
      rate: format.percent(tax.taxRateBp),
      base: format.money(tax.base),
    });
  const minus = (amount: number) => `−${format.money(amount)}`;
  const rowLabel = (row: TotalRow) => (row.kind === 'tax' ? taxLabel(row.tax) : t(TOTAL_LABELS[row.kind]));
  return (
    <article
      className="receipt print-area"
      data-paper={paper}
      aria-label={t('receipt.label', { number: sale.number })}
    >
      <header className="receipt-header">
        {tenant.logo && <img src={tenant.logo} alt="" className="receipt-logo" />}
        <p className="receipt-business">{tenant.legalName ?? tenant.name}</p>
        {tenant.taxId && <p>{t('receipt.taxId', { taxId: tenant.taxId })}</p>}
        {tenant.address && <p>{tenant.address}</p>}
        <p>{t('receipt.number', { number: sale.number })}</p>
        <p>{format.dateTime(sale.createdAt)}</p>
        {sale.actorName && <p>{t('receipt.cashier', { name: sale.actorName })}</p>}
        {reprint && <p className="receipt-reprint">{t('receipt.reprint')}</p>}
      </header>
      <table className="receipt-lines">
        <caption className="sr-only">{t('receipt.lines')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sale.product')}</th>
            <th scope="col" className="numeric">
              {t('sale.qty')}
            </th>
            <th scope="col" className="numeric">
              {t('sale.lineTotal')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">
                {line.name}
                {line.lineDiscount > 0 && (
                  <span className="receipt-discount">
                    {' '}
                    {t('receipt.discount', { amount: format.money(line.lineDiscount) })}
                  </span>
                )}
              </th>
              <td className="numeric">
                {format.qty(line.qty, line.unit)} × {format.money(line.unitPrice)}
              </td>
              <td className="numeric">{format.money(lineAmount(line))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="receipt-totals">
        {totals.summands.map((row) => (
          <div key={row.kind === 'tax' ? `tax-${row.tax.taxRateBp}` : row.kind}>
            <dt>{rowLabel(row)}</dt>
            <dd>{row.amount < 0 ? minus(-row.amount) : format.money(row.amount)}</dd>
          </div>
        ))}
        <div className="receipt-total">
          <dt>{t('sale.total')}</dt>
          <dd>{format.money(totals.total)}</dd>
        </div>
        {totals.contained.map((tax) => (
          <div key={`tax-${tax.taxRateBp}`}>
            <dt>{taxLabel(tax, true)}</dt>
            <dd>{format.money(tax.tax)}</dd>
          </div>
        ))}
        {sale.payments.map((payment) => (
          <div key={payment.id}>
            <dt>
              {methodName(payment.method)}
              {payment.reference ? ` · ${payment.reference}` : ''}
            </dt>
            <dd>{format.money(payment.amount)}</dd>
          </div>
        ))}
        {sale.change > 0 && (
          <div>
            <dt>{t('receipt.change')}</dt>
            <dd>{format.money(sale.change)}</dd>
          </div>
        )}
      </dl>
      {sale.refunds.length > 0 && (
        // Refunds made since: the sale above stays as recorded, what went back is listed after it.
        <section className="receipt-refunds" aria-label={t('receipt.refunds')}>
          <h2 className="receipt-total">{t('receipt.refunds')}</h2>
          {sale.refunds.map((refund) => (
            <div key={refund.id}>
              <p>{t('receipt.refund', { number: refund.number, date: format.dateTime(refund.createdAt) })}</p>
              <table className="receipt-lines">
                <caption className="sr-only">{t('receipt.refundLines', { number: refund.number })}</caption>
                <tbody>
                  {refund.lines.map((line) => (
                    <tr key={line.saleLineId}>
                      <th scope="row">{line.name}</th>
                      <td className="numeric">{format.qty(line.qty, line.unit)}</td>
                      <td className="numeric">{minus(line.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="receipt-totals">
                {refund.payments.map((payment, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a refund's payments have no id of their own
                  <div key={i}>
                    <dt>{t('receipt.refundPaid', { method: methodName(payment.method) })}</dt>
                    <dd>{minus(payment.amount)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
          <dl className="receipt-totals">
            <div>
              <dt>{t('receipt.refundedTotal')}</dt>
              <dd>{minus(sale.refundedTotal)}</dd>
            </div>
            <div className="receipt-total">
              <dt>{t('receipt.net')}</dt>
              <dd>{format.money(sale.total - sale.refundedTotal)}</dd>
            </div>
          </dl>
        </section>
      )}
      <p className="receipt-thanks">{t('receipt.thanks')}</p>
      <Barcode value={sale.number} label={t('receipt.number', { number: sale.number })} />
    </article>
  );
}
