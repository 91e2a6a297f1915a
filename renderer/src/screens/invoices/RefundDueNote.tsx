import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { InvoiceView } from '../../contract';
import { useT } from '../../i18n';

/**
 * Money received that is the customer's (`refundDue`): paid before the invoice was voided, or paid
 * beyond its total (two registers took its payment offline). Said on the invoice, nothing otherwise.
 */
export function RefundDueNote({ invoice }: { invoice: Pick<InvoiceView, 'status' | 'refundDue'> }) {
  const t = useT();
  const format = useBusinessFormat();
  if (!(invoice.refundDue > 0)) return null;
  const amount = format.money(invoice.refundDue);
  return (
    <section className="notice" aria-labelledby="invoice-refund-due">
      <h2 id="invoice-refund-due">{t('invoice.refundDueTitle', { amount })}</h2>
      <p>
        {t(invoice.status === 'void' ? 'invoice.refundDueVoid' : 'invoice.refundDueOverpaid', { amount })}
      </p>
    </section>
  );
}
