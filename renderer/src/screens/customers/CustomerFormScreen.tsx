import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { customersApi } from '../../api/sales-docs';
import { TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { FormFooter } from '../../components/FormFooter';
import { PageHeading } from '../../components/PageHeading';
import { useApiForm } from '../../components/useApiForm';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useRemote } from '../../components/useRemote';
import type { CustomerView } from '../../contract';
import { useT } from '../../i18n';
import { SalesNav } from '../sales/SalesNav';

interface CustomerValues {
  name: string;
  taxId: string;
  email: string;
  phone: string;
  address: string;
  notes: string;
}

const BLANK: CustomerValues = { name: '', taxId: '', email: '', phone: '', address: '', notes: '' };

const valuesOf = (c: CustomerView): CustomerValues => ({
  name: c.name,
  taxId: c.taxId ?? '',
  email: c.email ?? '',
  phone: c.phone ?? '',
  address: c.address ?? '',
  notes: c.notes ?? '',
});

/** /customers/new and /customers/:customerId/edit. */
export function CustomerFormScreen() {
  const t = useT();
  const { customerId } = useParams();
  const [loaded] = useRemote(
    useCallback(() => (customerId ? customersApi.get(customerId) : Promise.resolve(null)), [customerId]),
  );
  const title = t(customerId ? 'customer.editTitle' : 'customer.newTitle');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <SalesNav />
      <p>
        <Link to={customerId ? `/customers/${customerId}` : '/customers'}>{t('customer.back')}</Link>
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && <CustomerForm customer={loaded.value} />}
    </section>
  );
}

function CustomerForm({ customer }: { customer: CustomerView | null }) {
  const t = useT();
  const navigate = useNavigate();
  const form = useApiForm({ initial: () => (customer ? valuesOf(customer) : BLANK) });
  const { values, change, errorFor } = form;
  const nameRef = useAutoFocus<HTMLInputElement>();
  const submit = form.submit(async (current) => {
    const saved = customer
      ? await customersApi.update(customer.id, current)
      : await customersApi.create({ ...current, id: crypto.randomUUID() });
    navigate(`/customers/${saved.id}`);
  });
  const text = (field: keyof CustomerValues) => ({
    value: values[field],
    error: field === 'email' ? errorFor(field, t.emailError) : errorFor(field),
    onChange: (e: { target: { value: string } }) => change({ [field]: e.target.value }),
  });
  return (
    <form ref={form.formRef} noValidate onSubmit={submit} aria-busy={form.busy} className="settings-form">
      <TextField
        id="customer-name"
        ref={nameRef}
        label={t('customer.name')}
        autoComplete="off"
        {...text('name')}
      />
      <TextField id="customer-tax-id" label={t('customer.taxId')} autoComplete="off" {...text('taxId')} />
      <TextField
        id="customer-email"
        type="email"
        label={t('customer.email')}
        autoComplete="off"
        {...text('email')}
      />
      <TextField
        id="customer-phone"
        type="tel"
        label={t('customer.phone')}
        autoComplete="off"
        {...text('phone')}
      />
      <TextAreaField id="customer-address" label={t('customer.address')} rows={2} {...text('address')} />
      <TextAreaField id="customer-notes" label={t('customer.notes')} rows={3} {...text('notes')} />
      <FormFooter form={form} submitLabel={t('customer.save')} />
    </form>
  );
}
