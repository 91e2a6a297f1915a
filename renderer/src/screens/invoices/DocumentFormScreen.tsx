import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, problemOf } from '../../api/client';
import { customersApi, invoicesApi, quotesApi } from '../../api/sales-docs';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import { useT } from '../../i18n';
import { SalesNav } from '../sales/SalesNav';
import { DocumentLinesEditor } from './DocumentLinesEditor';
import { type DocumentLineDraft, documentLinesOf, emptyLine, type PriceMode } from './document-lines';

type Kind = 'invoice' | 'quote';

const COPY = {
  invoice: { title: 'invoiceForm.title', save: 'invoiceForm.save', back: 'invoice.back', list: '/invoices' },
  quote: { title: 'quoteForm.title', save: 'quoteForm.save', back: 'quote.back', list: '/quotes' },
} as const;

/** /invoices/new (a draft, `?customerId=` preselects the customer) and /quotes/new. */
export function DocumentFormScreen({ kind }: { kind: Kind }) {
  const t = useT();
  const [search] = useSearchParams();
  const preset = search.get('customerId');
  const [customer] = useRemote(
    useCallback(
      () =>
        preset ? customersApi.get(preset).then((c) => ({ id: c.id, name: c.name })) : Promise.resolve(null),
      [preset],
    ),
  );
  useDocumentTitle(t(COPY[kind].title));
  return (
    <section>
      <PageHeading>{t(COPY[kind].title)}</PageHeading>
      <SalesNav />
      <p>
        <Link to={COPY[kind].list}>{t(COPY[kind].back)}</Link>
      </p>
      {customer.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {customer.state === 'failed' && <FormAlert>{t.error(customer.code)}</FormAlert>}
      {customer.state === 'loaded' && <DocumentForm kind={kind} initialCustomer={customer.value} />}
    </section>
  );
}

function DocumentForm({ kind, initialCustomer }: { kind: Kind; initialCustomer: PickedCustomer | null }) {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState(initialCustomer);
  const [prices, setPrices] = useState<PriceMode>('exclusive');
  const [lines, setLines] = useState<DocumentLineDraft[]>(() => [emptyLine(crypto.randomUUID())]);
  const [notes, setNotes] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  const fail = (fields: Record<string, string>, code: string | null) => {
    setErrors(fields);
    setFormError(code);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const parsed = documentLinesOf(lines, format);
    const local = parsed.ok ? {} : { ...parsed.errors };
    if (!customer) local.customerId = 'customer-required';
    if (!parsed.ok || !customer) return fail(local, null);
    setBusy(true);
    try {
      const common = {
        id: crypto.randomUUID(),
        customerId: customer.id,
        lines: parsed.lines,
        pricing: { prices, rounding: 'line' as const },
        notes: notes.trim() || null,
      };
      if (kind === 'invoice') {
        const invoice = await invoicesApi.create(common);
        navigate(`/invoices/${invoice.id}`);
      } else {
        const quote = await quotesApi.create({ ...common, ...(validUntil ? { validUntil } : {}) });
        navigate(`/quotes/${quote.id}`);
      }
    } catch (error) {
      const problem = problemOf(error);
      const fields = fieldErrors(problem);
      fail(fields, Object.keys(fields).length > 0 ? null : problem.code);
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="document-form">
      <CustomerPicker
        id="document-customer"
        value={customer}
        onChange={(picked) => {
          setCustomer(picked);
          setErrors(({ customerId: _, ...rest }) => rest);
        }}
        error={errors.customerId ? t.error(errors.customerId) : undefined}
      />
      <SelectField
        id="document-prices"
        label={t('doc.prices')}
        value={prices}
        onChange={(e) => setPrices(e.target.value as PriceMode)}
        options={[
          { value: 'exclusive', label: t('doc.prices.exclusive') },
          { value: 'inclusive', label: t('doc.prices.inclusive') },
        ]}
      />
      {kind === 'quote' && (
        <TextField
          id="quote-valid-until"
          type="date"
          label={t('quotes.validUntil')}
          hint={t('quoteForm.validUntilHint')}
          value={validUntil}
          onChange={(e) => setValidUntil(e.target.value)}
          error={errors.validUntil ? t.error(errors.validUntil) : undefined}
        />
      )}
      <DocumentLinesEditor
        lines={lines}
        prices={prices}
        errors={errors}
        onChange={(next) => {
          setLines(next);
          setErrors({});
        }}
      />
      <TextAreaField
        id="document-notes"
        label={t('doc.notes')}
        rows={2}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
      />
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {t(COPY[kind].save)}
      </button>
    </form>
  );
}
