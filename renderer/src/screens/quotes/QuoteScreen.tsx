import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { quotesApi } from '../../api/sales-docs';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { StatusLine } from '../../components/StatusLine';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import { can, type QuoteView } from '../../contract';
import { printDocument } from '../../desktop';
import { useT } from '../../i18n';
import { useCart } from '../../stores/cart';
import { useTenantSession } from '../../stores/session';
import { DocumentEditForm } from '../invoices/DocumentFormScreen';
import { DocumentView } from '../invoices/DocumentView';
import { SendDocumentForm } from '../invoices/SendDocumentForm';
import { SalesNav } from '../sales/SalesNav';
import { cartFromQuote, freeTextLines, type QuoteProduct } from './quote-cart';

/**
 * One quote: edit it while open, print it (the A4 page the email attaches), email it to the
 * customer and, for owners and admins, convert it to an invoice or to a sale (its lines go into
 * the counter's cart; the cashier takes payment).
 */
export function QuoteScreen() {
  const t = useT();
  const { quoteId = '' } = useParams();
  const [loaded] = useRemote(useCallback(() => quotesApi.get(quoteId), [quoteId]));
  const [updated, setUpdated] = useState<QuoteView | null>(null);
  const quote = updated?.id === quoteId ? updated : loaded.state === 'loaded' ? loaded.value : null;
  const title = quote ? t('quote.title', { number: quote.number }) : t('quotes.title');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <SalesNav />
      <p>
        <Link to="/quotes">{t('quote.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {quote && <QuoteDetail key={quote.id} quote={quote} onChange={setUpdated} />}
    </section>
  );
}

export function QuoteDetail({ quote, onChange }: { quote: QuoteView; onChange(q: QuoteView): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const { role } = useTenantSession();
  const confirm = useConfirmAction();
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const cartInUse = useCart((s) => s.cart.lines.length > 0);
  const dispatch = useCart((s) => s.dispatch);
  const open = quote.status === 'open' || quote.status === 'sent';
  const freeLines = freeTextLines(quote);

  const loadIntoCart = async () => {
    const ids = [...new Set(quote.lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
    const products = new Map<string, QuoteProduct>(
      (await Promise.all(ids.map((id) => catalogApi.product(id)))).map((p) => [
        p.id,
        { id: p.id, sku: p.sku, name: p.name, unit: p.unit },
      ]),
    );
    dispatch({ type: 'replace', cart: cartFromQuote(quote, products, () => crypto.randomUUID()) });
    navigate('/sales');
  };
  const toSale = () => {
    setError(null);
    if (!cartInUse) {
      loadIntoCart().catch((e: unknown) => setError(problemOf(e).code));
      return;
    }
    confirm.ask({
      title: t('quote.toSaleTitle', { number: quote.number }),
      body: t('quote.toSaleBody'),
      confirmLabel: t('quote.toSaleConfirm'),
      danger: true,
      onConfirm: loadIntoCart,
    });
  };

  if (editing) {
    return (
      <DocumentEditForm
        kind="quote"
        document={quote}
        onSaved={(saved) => {
          onChange(saved);
          setEditing(false);
          setNotice(t('doc.saved'));
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }

  const send = async (request: { to?: string }) => {
    setError(null);
    try {
      onChange(await quotesApi.send(quote.id, request));
      setNotice(t('quote.sentDone'));
    } catch (e) {
      setError(problemOf(e).code);
    }
  };
  const convert = () =>
    confirm.ask({
      title: t('quote.convertTitle', { number: quote.number }),
      body: t('quote.convertBody'),
      confirmLabel: t('quote.convertConfirm'),
      onConfirm: async () => {
        const { invoice } = await quotesApi.convert(quote.id, {
          invoiceId: crypto.randomUUID(),
          issue: true,
        });
        navigate(`/invoices/${invoice.id}`);
      },
    });

  return (
    <>
      <div className="toolbar">
        {open && can(role, 'quotes.convert') && (
          <>
            <button
              type="button"
              className="button-primary"
              onClick={toSale}
              aria-describedby={freeLines.length > 0 ? 'quote-free-lines' : undefined}
              disabled={freeLines.length > 0}
            >
              {t('quote.toSale')}
            </button>
            <button type="button" className="button-secondary" onClick={convert}>
              {t('quote.convert')}
            </button>
          </>
        )}
        {open && can(role, 'quotes.create') && (
          <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
            {t('quote.edit')}
          </button>
        )}
        <button
          type="button"
          className="button-secondary"
          onClick={() => printDocument(quotesApi.printUrl(quote.id))}
        >
          {t('quote.print')}
        </button>
        <a href={quotesApi.pdfUrl(quote.id)} download={`${quote.number}.pdf`}>
          {t('quote.downloadPdf')}
        </a>
      </div>
      {open && can(role, 'quotes.convert') && freeLines.length > 0 && (
        <p id="quote-free-lines" className="muted">
          {t('quote.freeLines', { lines: freeLines.join(', ') })}
        </p>
      )}
      <StatusLine>{notice}</StatusLine>
      <FormAlert>{error && <p>{t.emailError(error)}</p>}</FormAlert>
      {quote.invoiceId && can(role, 'invoices.manage') && (
        <p>
          <Link to={`/invoices/${quote.invoiceId}`}>{t('quote.invoiceLink')}</Link>
        </p>
      )}
      {quote.saleId && quote.saleNumber && (
        <p>
          <Link to={`/sales/history/${quote.saleId}`}>
            {t('quote.saleLink', { number: quote.saleNumber })}
          </Link>
        </p>
      )}
      <dl className="details">
        <div>
          <dt>{t('invoices.status')}</dt>
          <dd>{t(`quote.status.${quote.status}`)}</dd>
        </div>
        <div>
          <dt>{t('invoices.customer')}</dt>
          <dd>
            <Link to={`/customers/${quote.customerId}`}>{quote.customerName}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('quotes.validUntil')}</dt>
          <dd>{format.day(quote.validUntil)}</dd>
        </div>
      </dl>
      <DocumentView document={quote} label={t('quote.lines')} />
      {open && can(role, 'quotes.create') && (
        <SendDocumentForm id="quote-email" submitLabel={t('quote.send')} onSend={send} />
      )}
      {confirm.dialog}
    </>
  );
}
