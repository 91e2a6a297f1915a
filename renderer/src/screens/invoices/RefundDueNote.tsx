import { useState } from 'react';
import { invoicesApi } from '../../api/sales-docs';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { InvoiceView } from '../../contract';
import { useT } from '../../i18n';
import { MoneyDialog } from './MoneyDialog';

interface RefundDueNoteProps {
  invoice: Pick<InvoiceView, 'id' | 'status' | 'refundDue'>;
  /** Whether "record money given back" is offered (the roles that manage invoices). */
  manage?: boolean;
  onGivenBack?(invoice: InvoiceView, amount: number): void;
}

/**
 * Money received that is the customer's (`refundDue`): paid before the invoice was voided, or paid
 * beyond its total (two registers took its payment offline). Said on the invoice until the money
 * given back is recorded; nothing otherwise.
 */
export function RefundDueNote({ invoice, manage = false, onGivenBack }: RefundDueNoteProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [open, setOpen] = useState(false);
  if (!(invoice.refundDue > 0)) return null;
  const amount = format.money(invoice.refundDue);
  return (
    <section className="notice" aria-labelledby="invoice-refund-due">
      <h2 id="invoice-refund-due">{t('invoice.refundDueTitle', { amount })}</h2>
      <p>
        {t(invoice.status === 'void' ? 'invoice.refundDueVoid' : 'invoice.refundDueOverpaid', { amount })}
      </p>
      {manage && (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t('invoice.giveBack')}
        </button>
      )}
      {open && (
        <GiveBackDialog
          invoice={invoice}
          onClose={() => setOpen(false)}
          onDone={(after, given) => {
            setOpen(false);
            onGivenBack?.(after, given);
          }}
        />
      )}
    </section>
  );
}

/** Money given back: blank amount is all that is owed back. */
function GiveBackDialog({
  invoice,
  onDone,
  onClose,
}: {
  invoice: RefundDueNoteProps['invoice'];
  onDone(invoice: InvoiceView, amount: number): void;
  onClose(): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <MoneyDialog
      idPrefix="invoice-give-back"
      title={t('invoice.giveBack')}
      submitLabel={t('invoice.giveBackRecord')}
      amountHint={t('invoice.giveBackHint', { amount: format.money(invoice.refundDue) })}
      wholeAmount={invoice.refundDue}
      send={(movement) => invoicesApi.giveBack(invoice.id, movement)}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
