import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { catalogApi } from '../api/catalog';
import type { ProductLite } from '../contract';
import { useT } from '../i18n';
import { useDebounced } from './useDebounced';

interface ProductPickerProps {
  id: string;
  label: string;
  value: ProductLite | null;
  onChange(product: ProductLite | null): void;
  error?: string;
}

/**
 * Search-as-you-type product choice (name, SKU or barcode), as an ARIA combobox:
 * ↑/↓ move through the results, Enter chooses, Escape closes.
 */
export function ProductPicker({ id, label, value, onChange, error }: ProductPickerProps) {
  const t = useT();
  const listId = useId();
  const [text, setText] = useState(value ? `${value.name} (${value.sku})` : '');
  const q = useDebounced(text, 200);
  const [results, setResults] = useState<ProductLite[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => {
    if (!value) return;
    setText(`${value.name} (${value.sku})`);
  }, [value]);

  useEffect(() => {
    if (!open || q.trim() === '') {
      setResults([]);
      return;
    }
    let cancelled = false;
    catalogApi.search(q.trim(), 10).then(
      (r) => {
        if (cancelled) return;
        setResults(r.results);
        setActive(r.results.length > 0 ? 0 : -1);
      },
      () => !cancelled && setResults([]),
    );
    return () => {
      cancelled = true;
    };
  }, [q, open]);

  const choose = (product: ProductLite) => {
    onChange(product);
    setText(`${product.name} (${product.sku})`);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.min(Math.max(0, i + delta), results.length - 1));
    } else if (event.key === 'Enter' && open) {
      // Enter chooses a result and never submits the surrounding form.
      event.preventDefault();
      const product = results[active];
      if (product) choose(product);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const errorId = `${id}-error`;
  const showList = open && results.length > 0;
  return (
    <div className="field product-picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          if (value) onChange(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <div id={listId} role="listbox" aria-label={label} className="picker-list" hidden={!showList}>
        {results.map((product, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard
          <div
            key={product.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(product)}
          >
            {product.name} <span className="muted">({product.sku})</span>
          </div>
        ))}
      </div>
      {open && q.trim() !== '' && results.length === 0 && <p className="muted">{t('picker.noResults')}</p>}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
