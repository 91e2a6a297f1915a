import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fieldErrors, problemOf } from '../../api/client';
import { posApi } from '../../api/pos';
import { customersApi, invoicesApi, quotesApi } from '../../api/sales-docs';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import type { InvoiceView, QuoteView } from '../../contract';
import { useT } from '../../i18n';
import { SalesNav } from '../sales/SalesNav';
import { DocumentLinesEditor } from './DocumentLinesEditor';
import {
  type DocumentLineDraft,
  documentLinesOf,
  emptyLine,
  lineFromView,
  type PriceMode,
  type Pricing,
  type RoundingScope,
} from './document-lines';

type Kind = 'invoice' | 'quote';

const COPY = {
  invoice: { title: 'invoiceForm.title', save: 'invoiceForm.save', back: 'invoice.back', list: '/invoices' },
  quote: { title: 'quoteForm.title', save: 'quoteForm.save', back: 'quote.back', list: '/quotes' },
} as const;

/** Until the settings answer (or if they cannot), new documents use the counter's default. */
const FALLBACK_PRICING: Pricing = { prices: 'inclusive', rounding: 'line' };

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
  // New documents follow the business's price mode and rounding (its counter settings).
  const [settings] = useRemote(
    useCallback(
      () =>
        posApi.settings().then(
          (s): Pricing => ({ prices: s.prices, rounding: s.rounding }),
          () => FALLBACK_PRICING,
        ),
      [],
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
      {(customer.state === 'loading' || settings.state === 'loading') && (
        <p className="muted">{t('app.loading')}</p>
      )}
      {customer.state === 'failed' && <FormAlert>{t.error(customer.code)}</FormAlert>}
      {customer.state === 'loaded' && settings.state === 'loaded' && (
        <DocumentForm kind={kind} initialCustomer={customer.value} initialPricing={settings.value} />
      )}
    </section>
  );
}

type Editing =
  | { kind: 'invoice'; document: InvoiceView; onSaved(v: InvoiceView): void; onCancel(): void }
  | { kind: 'quote'; document: QuoteView; onSaved(v: QuoteView): void; onCancel(): void };

/** A draft invoice or an open quote, edited in place on its own screen. */
export function DocumentEditForm(props: Editing) {
  const customer =
    props.kind === 'invoice'
      ? { id: props.document.customerId, name: props.document.buyer.name ?? '' }
      : { id: props.document.customerId, name: props.document.customerName };
  return (
    <DocumentForm
      kind={props.kind}
      initialCustomer={customer}
      initialPricing={props.document.pricing}
      editing={props}
    />
  );
}

interface DocumentFormProps {
  kind: Kind;
  initialCustomer: PickedCustomer | null;
  initialPricing: Pricing;
  editing?: Editing;
}

function DocumentForm({ kind, initialCustomer, initialPricing, editing }: DocumentFormProps) {
  const t = useT();
  const format = useBusinessFormat();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState(initialCustomer);
  const [prices, setPrices] = useState<PriceMode>(initialPricing.prices);
  const [rounding, setRounding] = useState<RoundingScope>(initialPricing.rounding);
  const [lines, setLines] = useState<DocumentLineDraft[]>(() =>
    editing ? editing.document.lines.map((l) => lineFromView(l, format)) : [emptyLine(crypto.randomUUID())],
  );
  const [notes, setNotes] = useState(editing?.document.notes ?? '');
  const [validUntil, setValidUntil] = useState(editing?.kind === 'quote' ? editing.document.validUntil : '');
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

  const save = async (common: {
    customerId: string;
    lines: NonNullable<ReturnType<typeof documentLinesOf> & { ok: true }>['lines'];
    pricing: Pricing;
    notes: string | null;
  }) => {
    const valid = validUntil ? { validUntil } : {};
    if (editing?.kind === 'invoice') {
      editing.onSaved(await invoicesApi.update(editing.document.id, common));
    } else if (editing?.kind === 'quote') {
      editing.onSaved(await quotesApi.update(editing.document.id, { ...common, ...valid }));
    } else if (kind === 'invoice') {
      const invoice = await invoicesApi.create({ id: crypto.randomUUID(), ...common });
      navigate(`/invoices/${invoice.id}`);
    } else {
      const quote = await quotesApi.create({ id: crypto.randomUUID(), ...common, ...valid });
      navigate(`/quotes/${quote.id}`);
    }
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
      await save({
        customerId: customer.id,
        lines: parsed.lines,
        pricing: { prices, rounding },
        notes: notes.trim() || null,
      });
    } catch (error) {
      const problem = problemOf(error);
      const fields = fieldErrors(problem);
      fail(fields, Object.keys(fields).length > 0 ? null : problem.code);
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={submit}
      aria-busy={busy}
      aria-label={editing ? t('doc.editForm') : undefined}
      className="document-form"
    >
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
      <SelectField
        id="document-rounding"
        label={t('doc.rounding')}
        value={rounding}
        onChange={(e) => setRounding(e.target.value as RoundingScope)}
        options={[
          { value: 'line', label: t('doc.rounding.line') },
          { value: 'total', label: t('doc.rounding.total') },
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
        pricing={{ prices, rounding }}
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
      <div className="toolbar">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {editing ? t('doc.saveChanges') : t(COPY[kind].save)}
        </button>
        {editing && (
          <button type="button" className="button-secondary" onClick={editing.onCancel}>
            {t('doc.cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}
