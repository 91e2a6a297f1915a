import { useState } from 'react';
import { invoicesApi } from '../../api/sales-docs';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { InvoiceView } from '../../contract';
import { useT } from '../../i18n';
import { MoneyDialog } from './MoneyDialog';

interface RefundDueNoteProps {
  invoice: Pick<InvoiceView, 'id' | 'status' | 'refundDue'> & Partial<Pick<InvoiceView, 'overGiven'>>;
  /** Whether "record money given back" is offered (the roles that manage invoices). */
  manage?: boolean;
  onGivenBack?(invoice: InvoiceView, amount: number): void;
  /**
   * What the customer returned of money given too much back, recorded as a payment; "record money
   * returned" is offered (to those who manage invoices) only where the screen handles it.
   */
  onTakenBack?(invoice: InvoiceView, amount: number): void;
}

/**
 * Money received that is the customer's (`refundDue`): paid before the invoice was voided, or paid
 * beyond its total (two registers took its payment offline). Said on the invoice until the money
 * given back is recorded. Or money given back beyond what was owed (`overGiven`: two registers each
 * gave back the same refundDue offline), which the customer should return: said until what they
 * return is recorded. Nothing otherwise.
 */
export function RefundDueNote(props: RefundDueNoteProps) {
  if ((props.invoice.overGiven ?? 0) > 0) return <OverGivenNote {...props} />;
  return <OwedBackNote {...props} />;
}

function OwedBackNote({ invoice, manage = false, onGivenBack }: RefundDueNoteProps) {
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

/** Given too much back: what the customer should return, and where their returning it is recorded. */
function OverGivenNote({ invoice, manage = false, onTakenBack }: RefundDueNoteProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [open, setOpen] = useState(false);
  const overGiven = invoice.overGiven ?? 0;
  const amount = format.money(overGiven);
  return (
    <section className="notice" aria-labelledby="invoice-over-given">
      <h2 id="invoice-over-given">{t('invoice.overGivenTitle', { amount })}</h2>
      <p>{t('invoice.overGiven', { amount })}</p>
      {manage && onTakenBack && (
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          {t('invoice.takeBack')}
        </button>
      )}
      {open && (
        <MoneyDialog
          idPrefix="invoice-take-back"
          title={t('invoice.takeBack')}
          submitLabel={t('invoice.takeBackRecord')}
          amountHint={t('invoice.takeBackHint', { amount })}
          wholeAmount={overGiven}
          send={(movement) => invoicesApi.pay(invoice.id, movement)}
          onDone={(after, taken) => {
            setOpen(false);
            onTakenBack?.(after, taken);
          }}
          onClose={() => setOpen(false)}
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
