import { useCallback, useState } from 'react';
import { customersApi } from '../api/sales-docs';
import type { CustomerView } from '../contract';
import { useT } from '../i18n';
import { SelectField, TextField } from './Field';
import { useDebounced } from './useDebounced';
import { useRemote } from './useRemote';

export interface PickedCustomer {
  id: string;
  name: string;
}

interface CustomerPickerProps {
  /** Prefix of the controls' ids: `<id>-search` and `<id>`. */
  id: string;
  value: PickedCustomer | null;
  onChange(customer: PickedCustomer | null): void;
  /** Already translated error message, shown on the choice. */
  error?: string;
  /** The empty choice reads "No customer" (optional on a sale) instead of "Choose a customer". */
  optional?: boolean;
  /** What the empty choice reads instead (e.g. "All" in a list filter); already translated. */
  emptyLabel?: string;
}

const label = (c: CustomerView) => (c.taxId ? `${c.name} · ${c.taxId}` : c.name);

/**
 * Choosing a customer with the keyboard: type in the search field (name, tax id, email or phone),
 * then pick from the list below it. The chosen one stays listed while the search changes.
 */
export function CustomerPicker({ id, value, onChange, error, optional, emptyLabel }: CustomerPickerProps) {
  const t = useT();
  const [q, setQ] = useState('');
  const settled = useDebounced(q);
  const [found] = useRemote(useCallback(() => customersApi.list(settled), [settled]));
  const customers = found.state === 'loaded' ? found.value.customers : [];
  // The list holds the first page of matches: say so when there are more, so a missing name is searched for.
  const more = found.state === 'loaded' && found.value.total > customers.length;
  const options = [
    { value: '', label: emptyLabel ?? t(optional ? 'customerPicker.none' : 'customerPicker.choose') },
    ...(value && !customers.some((c) => c.id === value.id) ? [{ value: value.id, label: value.name }] : []),
    ...customers.map((c) => ({ value: c.id, label: label(c) })),
  ];
  return (
    <div className="customer-picker">
      <TextField
        id={`${id}-search`}
        type="search"
        label={t('customerPicker.search')}
        hint={t('customers.searchHint')}
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <SelectField
        id={id}
        label={t('customerPicker.label')}
        options={options}
        value={value?.id ?? ''}
        hint={
          more && found.state === 'loaded'
            ? t('picker.more', { shown: customers.length, total: found.value.total })
            : undefined
        }
        error={error}
        onChange={(e) => {
          const picked = customers.find((c) => c.id === e.target.value);
          onChange(
            picked ? { id: picked.id, name: picked.name } : e.target.value === value?.id ? value : null,
          );
        }}
      />
    </div>
  );
}
