import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, problemOf } from '../../api/client';
import { invoicesApi } from '../../api/sales-docs';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { StatusLine } from '../../components/StatusLine';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { can, type InvoiceView } from '../../contract';
import { printDocument } from '../../desktop';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { SalesNav } from '../sales/SalesNav';
import { useMethodName } from '../sales/useMethodName';
import { DocumentEditForm } from './DocumentFormScreen';
import { DocumentView } from './DocumentView';
import { MoneyDialog } from './MoneyDialog';
import { RefundDueNote } from './RefundDueNote';
import { SendDocumentForm } from './SendDocumentForm';

const PAYABLE = new Set(['issued', 'partially_paid']);

/**
 * One invoice or credit note: issue or discard a draft, take payments, void by credit note, print
 * and email.
 */
export function InvoiceScreen() {
  const t = useT();
  const { invoiceId = '' } = useParams();
  const [loaded] = useRemote(useCallback(() => invoicesApi.get(invoiceId), [invoiceId]));
  const [updated, setUpdated] = useState<InvoiceView | null>(null);
  const invoice = updated?.id === invoiceId ? updated : loaded.state === 'loaded' ? loaded.value : null;
  const title = invoice ? titleOf(t, invoice) : t('invoices.title');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <SalesNav />
      <p>
        <Link to="/invoices">{t('invoice.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {invoice && <InvoiceDetail key={invoice.id} invoice={invoice} onChange={setUpdated} />}
    </section>
  );
}

function titleOf(t: ReturnType<typeof useT>, invoice: InvoiceView): string {
  if (!invoice.number) return t(invoice.status === 'void' ? 'invoice.discardedTitle' : 'invoice.draftTitle');
  return t(invoice.kind === 'credit_note' ? 'invoice.creditNoteTitle' : 'invoice.title', {
    number: invoice.number,
  });
}

export function InvoiceDetail({
  invoice,
  onChange,
}: {
  invoice: InvoiceView;
  onChange(v: InvoiceView): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const methodName = useMethodName();
  const { role } = useTenantSession();
  const confirm = useConfirmAction();
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [paying, setPaying] = useState(false);
  const [creditNote, setCreditNote] = useState<{ id: string; number: string | null } | null>(
    invoice.creditNoteId ? { id: invoice.creditNoteId, number: invoice.creditNoteNumber } : null,
  );
  const [editing, setEditing] = useState(false);
  const manage = can(role, 'invoices.manage');
  // A draft, or a draft discarded (void with no number): nothing to print, send or pay.
  const numbered = invoice.number !== null;

  if (editing) {
    return (
      <DocumentEditForm
        kind="invoice"
        document={invoice}
        onSaved={(saved) => {
          onChange(saved);
          setEditing(false);
          setNotice(t('doc.saved'));
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(problemOf(e).code);
    }
  };
  const issue = () =>
    act(async () => {
      const issued = await invoicesApi.issue(invoice.id);
      onChange(issued);
      setNotice(t('invoice.issued', { number: issued.number ?? '' }));
    });
  const voidIt = () =>
    confirm.ask({
      title: t('invoice.voidTitle', { number: invoice.number ?? '' }),
      body: t('invoice.voidBody'),
      confirmLabel: t('invoice.voidConfirm'),
      danger: true,
      reason: { label: t('invoice.voidReason') },
      onConfirm: async (reason) => {
        const result = await invoicesApi.void(invoice.id, { creditNoteId: crypto.randomUUID(), reason });
        onChange(result.invoice);
        const { refundDue: due } = result.invoice;
        const owed = due > 0 ? t('invoice.refundDueVoid', { amount: format.money(due) }) : '';
        setNotice(owed);
        if (result.creditNote) {
          setCreditNote({ id: result.creditNote.id, number: result.creditNote.number });
          setNotice(`${t('invoice.voided', { number: result.creditNote.number ?? '' })} ${owed}`.trim());
        }
      },
    });
  /**
   * A draft has no number to cancel: voiding it (the same command) keeps it as void with no credit
   * note, and gives back the quote it was converted from.
   */
  const discard = () =>
    confirm.ask({
      title: t('invoice.discardTitle'),
      body: t('invoice.discardBody'),
      confirmLabel: t('invoice.discardConfirm'),
      danger: true,
      onConfirm: async () => {
        // Another register may have issued it since this screen loaded (the console pulled it):
        // voiding it then would cancel an issued invoice by credit note, not discard a draft.
        const current = await invoicesApi.get(invoice.id);
        if (current.status !== 'draft') {
          onChange(current);
          throw new ApiError({
            type: 'about:blank',
            title: 'Not a draft',
            status: 409,
            code: 'invoice-not-draft',
          });
        }
        await invoicesApi.void(invoice.id, { creditNoteId: crypto.randomUUID() });
        navigate('/invoices');
      },
    });
  const send = (request: { to?: string }) =>
    act(async () => {
      const { sentTo } = await invoicesApi.email(invoice.id, request);
      setNotice(t('invoice.emailed', { email: sentTo }));
    });

  return (
    <>
      {manage && (
        <div className="toolbar">
          {invoice.status === 'draft' && (
            <>
              <button type="button" className="button-primary" onClick={() => void issue()}>
                {t('invoice.issue')}
              </button>
              <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
                {t('invoice.edit')}
              </button>
              <button type="button" className="button-danger" onClick={discard}>
                {t('invoice.discard')}
              </button>
            </>
          )}
          {invoice.kind === 'invoice' && PAYABLE.has(invoice.status) && (
            <button type="button" className="button-primary" onClick={() => setPaying(true)}>
              {t('invoice.pay')}
            </button>
          )}
          {numbered && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => printDocument(invoicesApi.printUrl(invoice.id))}
            >
              {t('invoice.print')}
            </button>
          )}
          {numbered && (
            <a href={invoicesApi.pdfUrl(invoice.id)} download={`${invoice.number}.pdf`}>
              {t('invoice.downloadPdf')}
            </a>
          )}
          {invoice.kind === 'invoice' && invoice.status !== 'draft' && invoice.status !== 'void' && (
            <button type="button" className="button-danger" onClick={voidIt}>
              {t('invoice.void')}
            </button>
          )}
        </div>
      )}
      <StatusLine>{notice}</StatusLine>
      <FormAlert>{error && <p>{t.emailError(error)}</p>}</FormAlert>
      {creditNote && (
        <p>
          <Link to={`/invoices/${creditNote.id}`}>
            {t('invoice.creditNoteLink', { number: creditNote.number ?? '' }).trim()}
          </Link>
        </p>
      )}
      {invoice.correctsId && (
        <p>
          <Link to={`/invoices/${invoice.correctsId}`}>
            {t('invoice.correctsLink', { number: invoice.correctsNumber ?? '' }).trim()}
          </Link>
        </p>
      )}
      {invoice.refundCreditNotes.length > 0 && (
        <section aria-labelledby="invoice-refund-notes">
          <h2 id="invoice-refund-notes">{t('invoice.refundCreditNotes')}</h2>
          <ul>
            {invoice.refundCreditNotes.map((note) => (
              <li key={note.id}>
                <Link to={`/invoices/${note.id}`}>
                  {t('invoice.creditNoteLink', { number: note.number ?? '' }).trim()}
                </Link>{' '}
                ({format.money(note.total)})
              </li>
            ))}
          </ul>
        </section>
      )}
      <dl className="details">
        <div>
          <dt>{t('invoices.status')}</dt>
          <dd>{t(`invoice.status.${invoice.status}`)}</dd>
        </div>
        <div>
          <dt>{t('invoice.issueDate')}</dt>
          <dd>{invoice.issueDate ? format.day(invoice.issueDate) : '—'}</dd>
        </div>
        <div>
          <dt>{t('invoice.seller')}</dt>
          <dd>{[invoice.seller.name, invoice.seller.taxId].filter(Boolean).join(' · ') || '—'}</dd>
        </div>
        <div>
          <dt>{t('invoice.buyer')}</dt>
          <dd>
            <Link to={`/customers/${invoice.customerId}`}>{invoice.buyer.name ?? '—'}</Link>
            {invoice.buyer.taxId ? ` · ${invoice.buyer.taxId}` : ''}
          </dd>
        </div>
      </dl>
      <DocumentView document={invoice} label={t('invoice.lines')} />
      {invoice.kind === 'invoice' && numbered && (
        <>
          <dl className="cart-totals">
            <div>
              <dt>{t('invoice.paidTotal')}</dt>
              <dd>{format.money(invoice.paid)}</dd>
            </div>
            <div className="cart-total">
              <dt>{t('invoice.balance')}</dt>
              <dd>{format.money(invoice.balance)}</dd>
            </div>
          </dl>
          <RefundDueNote
            invoice={invoice}
            manage={manage}
            onGivenBack={(after, given) => {
              onChange(after);
              setNotice(t('invoice.givenBack', { amount: format.money(given) }));
            }}
            onTakenBack={(after, taken) => {
              onChange(after);
              setNotice(t('invoice.takenBack', { amount: format.money(taken) }));
            }}
          />
          <h2>{t('invoice.payments')}</h2>
          {invoice.payments.length === 0 ? (
            <p className="muted">{t('invoice.noPayments')}</p>
          ) : (
            <table className="data-table" aria-label={t('invoice.payments')}>
              <thead>
                <tr>
                  <th scope="col">{t('history.date')}</th>
                  <th scope="col">{t('pay.method')}</th>
                  <th scope="col">{t('pay.reference')}</th>
                  <th scope="col" className="numeric">
                    {t('pay.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {invoice.payments.map((p) => (
                  <tr key={p.id}>
                    <td>{format.dateTime(p.paidAt)}</td>
                    <td>{methodName(p.method)}</td>
                    <td>{p.reference ?? '—'}</td>
                    <td className="numeric">{format.money(p.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {manage && numbered && (
        <SendDocumentForm id="invoice-email" submitLabel={t('invoice.send')} onSend={send} />
      )}
      {paying && (
        <PaymentDialog
          invoice={invoice}
          onDone={(paid, amount) => {
            setPaying(false);
            onChange(paid);
            setNotice(t('invoice.paidDone', { amount: format.money(amount) }));
          }}
          onClose={() => setPaying(false)}
        />
      )}
      {confirm.dialog}
    </>
  );
}

/** A payment against the invoice: blank amount is the whole balance. */
function PaymentDialog({
  invoice,
  onDone,
  onClose,
}: {
  invoice: InvoiceView;
  onDone(invoice: InvoiceView, amount: number): void;
  onClose(): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <MoneyDialog
      idPrefix="invoice-pay"
      title={t('invoice.pay')}
      submitLabel={t('invoice.payRecord')}
      amountHint={`${t('invoice.balance')}: ${format.money(invoice.balance)}`}
      wholeAmount={invoice.balance}
      send={(movement) => invoicesApi.pay(invoice.id, movement)}
      onDone={onDone}
      onClose={onClose}
    />
  );
}
