import { type KeyboardEvent, type Ref, useEffect, useId, useRef, useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { ScanDetector } from '../../components/scan-detector';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDebounced } from '../../components/useDebounced';
import type { ProductLite } from '../../contract';
import { useT } from '../../i18n';

interface ScanSearchProps {
  ref: Ref<HTMLInputElement>;
  onAdd(product: ProductLite): void;
  onError(code: string): void;
}

/**
 * The counter's one field: a scanner's burst ending in Enter adds by barcode; typing searches,
 * ↑/↓ choose and Enter adds. A combobox, so screen readers hear the results as options.
 */
export function ScanSearch({ ref, onAdd, onError }: ScanSearchProps) {
  const t = useT();
  const format = useBusinessFormat();
  const listId = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<ProductLite[]>([]);
  const [active, setActive] = useState(-1);
  const detector = useRef(new ScanDetector());
  const q = useDebounced(text.trim(), 150);

  useEffect(() => {
    if (q === '') {
      setResults([]);
      return;
    }
    let cancelled = false;
    catalogApi.search(q, 8).then(
      (answer) => {
        if (cancelled) return;
        setResults(answer.results.filter((p) => p.active));
        setActive(answer.results.length > 0 ? 0 : -1);
      },
      () => !cancelled && setResults([]),
    );
    return () => {
      cancelled = true;
    };
  }, [q]);

  const reset = () => {
    setText('');
    setResults([]);
    setActive(-1);
  };

  const addByBarcode = (code: string) => {
    reset();
    catalogApi.byBarcode(code).then(onAdd, (error: unknown) => onError(problemOf(error).code));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const fed = detector.current.feed({ key: event.key, time: event.timeStamp });
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + results.length) % results.length);
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // The field holds the whole code even when the detector saw a slow gap inside the burst.
    const typed = event.currentTarget.value.trim();
    if (fed?.kind === 'scan') {
      addByBarcode(typed || fed.code);
      return;
    }
    const chosen = results[active];
    // The list may be from an older query while the newest is on its way: trust it only when current.
    if (chosen && q === typed) {
      reset();
      onAdd(chosen);
      return;
    }
    if (typed !== '') addByBarcode(typed);
  };

  const expanded = results.length > 0;
  return (
    <div className="scan-search">
      <label htmlFor="sale-scan">{t('sale.scan')}</label>
      <p id="sale-scan-hint" className="field-hint">
        {t('sale.scanHint')}
      </p>
      <input
        id="sale-scan"
        ref={ref}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby="sale-scan-hint"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label={t('sale.results')}
        className="scan-results"
        hidden={!expanded}
      >
        {results.map((product, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input handles the keys for its options
          <div
            key={product.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            tabIndex={-1}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              reset();
              onAdd(product);
            }}
          >
            <span>{product.name}</span> <span className="muted">{product.sku}</span>{' '}
            <span className="numeric">{format.money(product.price)}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
