import { type FormEvent, useCallback, useState } from 'react';
import { customersApi } from '../../api/sales-docs';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { Dialog } from '../../components/Dialog';
import { useRemote } from '../../components/useRemote';
import { useT } from '../../i18n';
import { useCart } from '../../stores/cart';

/** The cart's optional customer: a button that names them and opens a picker. */
export function SaleCustomer({ onDone }: { onDone(notice: string | null): void }) {
  const t = useT();
  const customerId = useCart((s) => s.cart.customerId);
  const dispatch = useCart((s) => s.dispatch);
  const [open, setOpen] = useState(false);
  const [customer] = useRemote(
    useCallback(
      () =>
        customerId
          ? customersApi.get(customerId).then((c): PickedCustomer => ({ id: c.id, name: c.name }))
          : Promise.resolve(null),
      [customerId],
    ),
  );
  const current = customer.state === 'loaded' ? customer.value : null;
  const apply = (picked: PickedCustomer | null) => {
    dispatch({ type: 'customer', customerId: picked?.id ?? null });
    setOpen(false);
    onDone(picked ? t('sale.customerAttached', { name: picked.name }) : t('sale.customerRemoved'));
  };
  return (
    <div className="sale-customer no-print">
      <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
        {t('sale.customerButton', { name: current?.name ?? t('sale.customerNone') })}
      </button>
      {open && (
        <CustomerDialog
          initial={current}
          onApply={apply}
          onClose={() => {
            setOpen(false);
            onDone(null);
          }}
        />
      )}
    </div>
  );
}

interface CustomerDialogProps {
  initial: PickedCustomer | null;
  onApply(customer: PickedCustomer | null): void;
  onClose(): void;
}

function CustomerDialog({ initial, onApply, onClose }: CustomerDialogProps) {
  const t = useT();
  const [picked, setPicked] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(picked);
  };
  return (
    <Dialog title={t('sale.customer')} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        <CustomerPicker id="sale-customer" value={picked} onChange={setPicked} optional />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary">
            {t('sale.customerSet')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
