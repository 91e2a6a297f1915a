import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { problemOf } from '../../api/client';
import { invoicesApi } from '../../api/sales-docs';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import type { SaleView } from '../../contract';
import { useT } from '../../i18n';

/** "Facturar": issues an invoice for a recorded sale; an invoice needs a customer, so one is asked for. */
export function InvoiceSaleDialog({ sale, onClose }: { sale: SaleView; onClose(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<PickedCustomer | null>(
    sale.customerId ? { id: sale.customerId, name: sale.customerName ?? '' } : null,
  );
  const [error, setError] = useState<{ field: string; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!customer) return setError({ field: 'customerId', code: 'customer-required' });
    setBusy(true);
    try {
      const invoice = await invoicesApi.fromSale(sale.id, {
        id: crypto.randomUUID(),
        customerId: customer.id,
      });
      navigate(`/invoices/${invoice.id}`);
    } catch (e) {
      const problem = problemOf(e);
      setError({ field: problem.field ?? 'form', code: problem.code });
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('invoice.fromSaleTitle', { number: sale.number })} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        <CustomerPicker
          id="sale-invoice-customer"
          value={customer}
          onChange={(picked) => {
            setCustomer(picked);
            setError(null);
          }}
          error={error?.field === 'customerId' ? t.error(error.code) : undefined}
        />
        <FormAlert>{error && error.field !== 'customerId' && <p>{t.error(error.code)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('invoice.fromSaleConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
