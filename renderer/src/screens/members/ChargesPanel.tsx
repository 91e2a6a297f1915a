import { useState } from 'react';
import { Link } from 'react-router';
import { membersApi, membershipsApi } from '../../api/members';
import { StatusLine } from '../../components/StatusLine';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { can, type InvoiceView, type MemberDetail } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

/**
 * What the member owes and has not been invoiced yet, with "Charge now" (one invoice for all of it).
 * The total (row and confirmation) is the invoice's: with prices before tax, net, tax and total.
 */
export function ChargesPanel({ detail, reload }: { detail: MemberDetail; reload(): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const { role } = useTenantSession();
  const confirm = useConfirmAction();
  const [issued, setIssued] = useState<InvoiceView | null>(null);
  const charges = detail.openCharges;
  // What "charge now" invoices: the server prices the open charges as the invoice will (credits
  // taken off, tax added when prices exclude it). Without it (only credits open, or an older
  // server) the charges' sum.
  const quote = detail.chargeNow ?? null;
  const total = quote ? quote.total : charges.reduce((sum, c) => sum + c.amount, 0);
  // Amounts stored before tax: the invoice adds it.
  const beforeTax = quote?.prices === 'exclusive';
  // Credits (a booking made cheaper after it was invoiced) are taken off the next invoice's lines:
  // with nothing positive to invoice there is nothing to charge now.
  const chargeable = charges.some((c) => c.amount > 0);
  const invoicer = can(role, 'invoices.manage');
  const chargeNow = () =>
    confirm.ask({
      title: t('charges.chargeNowTitle'),
      body: t('charges.chargeNowBody', { count: charges.length, total: format.money(total) }),
      confirmLabel: t('charges.chargeNow'),
      onConfirm: async () => {
        setIssued(await membersApi.chargeNow(detail.member.id));
        reload();
      },
    });
  const invoicePeriod = (membershipId: string) =>
    confirm.ask({
      title: t('charges.invoicePeriodTitle'),
      body: t('charges.invoicePeriodBody'),
      confirmLabel: t('charges.invoicePeriod'),
      onConfirm: async () => {
        setIssued(await membershipsApi.invoicePeriod(membershipId));
        reload();
      },
    });
  return (
    <>
      <h2>{t('charges.title')}</h2>
      {charges.length === 0 ? (
        <p className="muted">{t('charges.none')}</p>
      ) : (
        <table className="data-table" aria-label={t('charges.title')}>
          <thead>
            <tr>
              <th scope="col">{t('charges.description')}</th>
              <th scope="col">{t('charges.date')}</th>
              <th scope="col" className="numeric">
                {t(beforeTax ? 'charges.amountBeforeTax' : 'charges.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {charges.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.description}</th>
                <td>{format.date(c.createdAt)}</td>
                <td className="numeric">{format.money(c.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {quote && beforeTax && (
              <>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('charges.subtotal')}
                  </th>
                  <td className="numeric">{format.money(quote.subtotal)}</td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('charges.tax')}
                  </th>
                  <td className="numeric">{format.money(quote.tax)}</td>
                </tr>
              </>
            )}
            <tr>
              <th scope="row" colSpan={2}>
                {total < 0 ? t('charges.creditTotal') : t('charges.total')}
              </th>
              <td className="numeric">{format.money(Math.abs(total))}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {total < 0 && <p className="muted">{t('charges.creditNote')}</p>}
      {invoicer && (
        <div className="toolbar">
          {chargeable && (
            <button type="button" className="button-primary" onClick={chargeNow}>
              {t('charges.chargeNow')}
            </button>
          )}
          {detail.membership && detail.membership.status !== 'ended' && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => invoicePeriod((detail.membership as { id: string }).id)}
            >
              {t('charges.invoicePeriod')}
            </button>
          )}
        </div>
      )}
      <StatusLine>{issued ? t('charges.issued', { number: issued.number ?? '' }) : ''}</StatusLine>
      {issued && (
        <p>
          <Link to={`/invoices/${issued.id}`}>
            {t('charges.openInvoice', { number: issued.number ?? '' })}
          </Link>
        </p>
      )}
      {confirm.dialog}
    </>
  );
}
