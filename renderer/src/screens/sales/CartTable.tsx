import { type KeyboardEvent, memo, useState } from 'react';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { parseQuantityInput, quantityInputText } from '../../decimal-input';
import { useT } from '../../i18n';
import { useCart } from '../../stores/cart';
import { type CartLine, isMeasured, type LinePreview } from './cart';
import { discountInputText, parseDiscountInput } from './discount-input';

interface CartTableProps {
  lines: readonly CartLine[];
  /** Null while the cart's pricing rules are not known: the amounts wait for them. */
  previews: readonly LinePreview[] | null;
  onError(code: string | null): void;
  /** Where focus goes after an edit is committed with Enter. */
  onDone(): void;
}

export function CartTable({ lines, previews, onError, onDone }: CartTableProps) {
  const t = useT();
  if (lines.length === 0) return <p className="muted cart-empty">{t('sale.emptyCart')}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table cart-table" aria-label={t('sale.cart')}>
        <thead>
          <tr>
            <th scope="col">{t('sale.product')}</th>
            <th scope="col" className="numeric">
              {t('sale.qty')}
            </th>
            <th scope="col" className="numeric">
              {t('sale.unitPrice')}
            </th>
            <th scope="col" className="numeric">
              {t('sale.lineDiscount')}
            </th>
            <th scope="col" className="numeric">
              {t('sale.lineTotal')}
            </th>
            <th scope="col">
              <span className="sr-only">{t('sale.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <CartRow
              key={line.id}
              line={line}
              net={previews ? (previews[i]?.net ?? 0) : null}
              onError={onError}
              onDone={onDone}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CartRowProps {
  line: CartLine;
  net: number | null;
  onError(code: string | null): void;
  onDone(): void;
}

/** One cart line; memoized so a scan re-renders only the new row, not the whole table. */
const CartRow = memo(function CartRow({ line, net, onError, onDone }: CartRowProps) {
  const t = useT();
  const format = useBusinessFormat();
  const dispatch = useCart((s) => s.dispatch);
  return (
    <tr data-line-id={line.id}>
      <th scope="row">{line.product.name}</th>
      <td className="numeric">
        <LineInput
          label={t('sale.qtyOf', { name: line.product.name })}
          initial={quantityInputText(line.qty, format.locale)}
          suffix={t(`unit.short.${line.product.unit}`)}
          inputMode={isMeasured(line.product.unit) ? 'decimal' : 'numeric'}
          onCommit={(text) => {
            const parsed = parseQuantityInput(text, format.locale);
            if (!parsed.ok) return parsed.code;
            if (!isMeasured(line.product.unit) && !Number.isInteger(parsed.value)) {
              return 'quantity-not-whole';
            }
            dispatch({ type: 'set-qty', lineId: line.id, qty: parsed.value });
            return null;
          }}
          onError={onError}
          onDone={onDone}
        />
      </td>
      <td className="numeric">{format.money(line.product.price)}</td>
      <td className="numeric">
        <LineInput
          label={t('sale.discountOf', { name: line.product.name })}
          initial={discountInputText(line.discount, format.currency, format.locale)}
          inputMode="decimal"
          onCommit={(text) => {
            const parsed = parseDiscountInput(text, format.currency, format.locale);
            if (!parsed.ok) return parsed.code;
            dispatch({ type: 'line-discount', lineId: line.id, discount: parsed.discount });
            return null;
          }}
          onError={onError}
          onDone={onDone}
        />
      </td>
      <td className="numeric">
        {net === null ? (
          <>
            <span aria-hidden="true">…</span>
            <span className="sr-only">{t('sale.linePending')}</span>
          </>
        ) : (
          format.money(net)
        )}
      </td>
      <td>
        <button
          type="button"
          className="button-secondary"
          aria-label={t('sale.removeLine', { name: line.product.name })}
          onClick={() => {
            dispatch({ type: 'remove', lineId: line.id });
            onDone();
          }}
        >
          {t('sale.remove')}
        </button>
      </td>
    </tr>
  );
});

interface LineInputProps {
  label: string;
  initial: string;
  suffix?: string;
  inputMode: 'decimal' | 'numeric';
  /** Applies the text; answers an error code, or null when applied. */
  onCommit(text: string): string | null;
  onError(code: string | null): void;
  onDone(): void;
}

/** A cell edited in place: Enter or leaving the cell applies it, Escape puts the old value back. */
function LineInput({ label, initial, suffix, inputMode, onCommit, onError, onDone }: LineInputProps) {
  const [text, setText] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const commit = () => {
    if (text === null) return true;
    const code = onCommit(text);
    setInvalid(code !== null);
    onError(code);
    if (code === null) setText(null);
    return code === null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (commit()) onDone();
    } else if (event.key === 'Escape') {
      setText(null);
      setInvalid(false);
    }
  };
  return (
    <span className="line-input">
      <input
        type="text"
        inputMode={inputMode}
        aria-label={label}
        aria-invalid={invalid || undefined}
        size={6}
        value={text ?? initial}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {suffix && <span className="muted"> {suffix}</span>}
    </span>
  );
}
