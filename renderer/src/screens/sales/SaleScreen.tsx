import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { problemOf } from '../../api/client';
import { posApi, shiftsApi } from '../../api/pos';
import { SubmitAttempt } from '../../api/submit-attempt';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useConfirmAction } from '../../components/useConfirmAction';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type Remote, useRemote } from '../../components/useRemote';
import type { PosSettings, ProductLite, SaleView, ShiftView } from '../../contract';
import { quantityInputText } from '../../decimal-input';
import { printPage } from '../../desktop';
import { useT } from '../../i18n';
import { useCart } from '../../stores/cart';
import { CartTable } from './CartTable';
import { asksWeight, type Cart, type CartPreview, counterPricing, parseWeight, previewCart } from './cart';
import { discountInputText, parseDiscountInput } from './discount-input';
import { ParkedDialog } from './ParkedDialog';
import { PayDialog } from './PayDialog';
import { PAPERS, type Paper, readPaper, savePaper } from './paper';
import { Receipt } from './Receipt';
import { SaleCustomer } from './SaleCustomer';
import { SalesNav } from './SalesNav';
import { ScanSearch } from './ScanSearch';
import { commandFor, keyLabel, SALE_SHORTCUTS, type SaleCommand } from './shortcuts';
import type { Tender } from './tenders';

type Open = 'pay' | 'discount' | 'parked' | null;

/** The counter: scan or search, adjust the cart, take payment, print the receipt. */
export function SaleScreen() {
  const t = useT();
  useDocumentTitle(t('sale.title'));
  const [shift] = useRemote(shiftsApi.current);
  return (
    <section className="sale-screen">
      <PageHeading>{t('sale.title')}</PageHeading>
      <SalesNav />
      {shift.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {shift.state === 'failed' && <FormAlert>{t.error(shift.code)}</FormAlert>}
      {shift.state === 'loaded' && (shift.value ? <Counter shift={shift.value} /> : <NoShift />)}
    </section>
  );
}

function NoShift() {
  const t = useT();
  const ref = useAutoFocus<HTMLAnchorElement>();
  return (
    <section className="notice" aria-label={t('sale.noShift.title')}>
      <h2>{t('sale.noShift.title')}</h2>
      <p>{t('sale.noShift.body')}</p>
      <Link ref={ref} to="/shifts/open" className="button-primary button-link">
        {t('sale.noShift.open')}
      </Link>
    </section>
  );
}

function Counter({ shift }: { shift: ShiftView }) {
  const t = useT();
  const format = useBusinessFormat();
  const cart = useCart((s) => s.cart);
  const dispatch = useCart((s) => s.dispatch);
  const [settingsRemote, reloadSettings] = useRemote(posApi.settings);
  // No totals and no payment on a guess: they wait for the business's own pricing rules.
  const settings = settingsRemote.state === 'loaded' ? settingsRemote.value : null;
  const [open, setOpen] = useState<Open>(null);
  // A weighed product scanned or picked: its quantity is asked before it joins the cart.
  const [weighing, setWeighing] = useState<ProductLite | null>(null);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [receipt, setReceipt] = useState<SaleView | null>(null);
  const [paper, setPaper] = useState<Paper>(() => readPaper());
  const scanRef = useRef<HTMLInputElement>(null);
  // Pay pressed again after a lost answer sends the same sale id and Idempotency-Key: one sale.
  const attempt = useRef(new SubmitAttempt());
  const confirm = useConfirmAction();
  // A cart converting a quote is priced in the quote's mode.
  const pricing = counterPricing(cart, settings);
  const preview = pricing ? previewCart(cart, pricing) : null;
  // The pay dialog offers the business's payment methods: it needs the settings too.
  const canPay = settings !== null && preview !== null;
  // Pay pressed while the settings load is kept: the dialog opens as soon as they arrive.
  const [payAsked, setPayAsked] = useState(false);

  const focusScan = useCallback(() => scanRef.current?.focus(), []);
  // The layout focuses the heading after navigating; the cashier's place is the scan field.
  useEffect(() => {
    const frame = requestAnimationFrame(focusScan);
    return () => cancelAnimationFrame(frame);
  }, [focusScan]);

  const add = useCallback(
    (product: ProductLite) => {
      setErrorCode(null);
      if (asksWeight(product)) {
        setWeighing(product);
        return;
      }
      dispatch({ type: 'add', product, lineId: crypto.randomUUID() });
      setNotice(t('sale.added', { name: product.name }));
    },
    [dispatch, t],
  );

  const park = async () => {
    if (cart.lines.length === 0) return;
    // A parked cart keeps products and quantities only: the quote's prices would be lost on resume.
    if (cart.quote) {
      setErrorCode('quote-cart-not-parkable');
      return;
    }
    try {
      await posApi.park({ id: crypto.randomUUID(), cart: parkedCart(cart) });
      dispatch({ type: 'clear' });
      setNotice(t('sale.parked'));
    } catch (error) {
      setErrorCode(problemOf(error).code);
    }
    focusScan();
  };

  const newSale = () => {
    if (cart.lines.length === 0) {
      setReceipt(null);
      focusScan();
      return;
    }
    confirm.ask({
      title: t('sale.newSale.title'),
      body: t('sale.newSale.body'),
      confirmLabel: t('sale.newSale.confirm'),
      danger: true,
      onConfirm: async () => {
        dispatch({ type: 'clear' });
        setReceipt(null);
        setNotice(t('sale.cleared'));
      },
    });
  };

  const run = (command: SaleCommand) => {
    setErrorCode(null);
    if (command === 'pay') {
      if (!canPay) {
        setNotice(t('sale.payWaitsForSettings'));
        setPayAsked(true);
      } else if (cart.lines.length === 0) setErrorCode('cart-empty');
      else setOpen('pay');
    } else if (command === 'discount') {
      if (cart.lines.length > 0) setOpen('discount');
    } else if (command === 'park') void park();
    else if (command === 'newSale') newSale();
    else focusScan();
  };

  useEffect(() => {
    if (!payAsked) return;
    if (settingsRemote.state === 'failed') setPayAsked(false);
    else if (canPay) {
      setPayAsked(false);
      if (cart.lines.length === 0) setErrorCode('cart-empty');
      else setOpen('pay');
    }
  }, [payAsked, canPay, settingsRemote.state, cart.lines.length]);

  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const command = commandFor(event);
      if (!command) return;
      event.preventDefault();
      runRef.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const record = async (tenders: Tender[]) => {
    const body = saleRequest(cart, tenders);
    const { id, key } = attempt.current.idsFor(body);
    const sale = await posApi.recordSale({ id, ...body }, key);
    attempt.current.done();
    dispatch({ type: 'clear' });
    setOpen(null);
    setReceipt(sale);
    setNotice(
      sale.change > 0
        ? t('sale.recordedWithChange', { number: sale.number, change: format.money(sale.change) })
        : t('sale.recorded', { number: sale.number }),
    );
    focusScan();
  };

  const choosePaper = (value: Paper) => {
    setPaper(value);
    savePaper(value);
  };

  return (
    <div className="counter">
      <p className="muted no-print">
        {t('sale.shiftOpen', { date: format.dateTime(shift.openedAt) })}{' '}
        <Link to="/shifts">{t('sale.shiftLink')}</Link>
      </p>
      <ul className="shortcut-bar no-print" aria-label={t('sale.shortcuts')}>
        {SALE_SHORTCUTS.map((shortcut) => (
          <li key={shortcut.key}>
            <button
              type="button"
              className="button-secondary"
              disabled={shortcut.command === 'pay' && !canPay}
              onClick={() => run(shortcut.command)}
            >
              <kbd>{keyLabel(shortcut.key)}</kbd> {t(shortcut.label)}
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="button-secondary" onClick={() => setOpen('parked')}>
            {t('sale.parkedList')}
          </button>
        </li>
      </ul>
      <div className="counter-main no-print">
        <SaleCustomer
          onDone={(text) => {
            if (text) setNotice(text);
            // After the dialog has closed and handed focus back to its button.
            requestAnimationFrame(focusScan);
          }}
        />
        {cart.quote && (
          <p className="notice">
            <Link to={`/quotes/${cart.quote.id}`}>{t('sale.fromQuote', { number: cart.quote.number })}</Link>
          </p>
        )}
        <ScanSearch ref={scanRef} onAdd={add} onError={setErrorCode} />
        <p role="status" className="form-status">
          {notice}
        </p>
        <FormAlert>{errorCode && <p>{t.error(errorCode)}</p>}</FormAlert>
        <CartTable
          lines={cart.lines}
          previews={preview?.lines ?? null}
          onError={setErrorCode}
          onDone={focusScan}
        />
        <CartTotals preview={preview} settings={settingsRemote} onRetry={reloadSettings} />
      </div>
      {receipt && (
        <section className="last-receipt" aria-label={t('receipt.last')}>
          <h2 className="no-print">{t('receipt.last')}</h2>
          <div className="toolbar no-print">
            <label htmlFor="receipt-paper">{t('receipt.paper')}</label>
            <select id="receipt-paper" value={paper} onChange={(e) => choosePaper(e.target.value as Paper)}>
              {PAPERS.map((p) => (
                <option key={p} value={p}>
                  {t(`receipt.paper.${p}`)}
                </option>
              ))}
            </select>
            <button type="button" className="button-primary" onClick={() => void printPage()}>
              {t('receipt.print')}
            </button>
          </div>
          <Receipt sale={receipt} paper={paper} />
        </section>
      )}
      {open === 'pay' && settings && preview && (
        <PayDialog
          total={preview.total}
          methods={settings.paymentMethods}
          onPay={record}
          onClose={() => {
            setOpen(null);
            focusScan();
          }}
        />
      )}
      {weighing && (
        <WeightDialog
          product={weighing}
          onAdd={(qty) => {
            dispatch({ type: 'add', product: weighing, qty, lineId: crypto.randomUUID() });
            setNotice(t('sale.addedQty', { name: weighing.name, qty: format.qty(qty, weighing.unit) }));
            setWeighing(null);
            focusScan();
          }}
          onClose={() => {
            setWeighing(null);
            focusScan();
          }}
        />
      )}
      {open === 'discount' && (
        <CartDiscountDialog
          cart={cart}
          onClose={() => {
            setOpen(null);
            focusScan();
          }}
        />
      )}
      {open === 'parked' && (
        <ParkedDialog
          cartInUse={cart.lines.length > 0}
          onResume={(resumed) => {
            dispatch({ type: 'replace', cart: resumed });
            setOpen(null);
            setNotice(t('sale.resumed'));
            focusScan();
          }}
          onClose={() => {
            setOpen(null);
            focusScan();
          }}
        />
      )}
      {confirm.dialog}
    </div>
  );
}

/**
 * The cart's totals once its pricing rules are known; until then a loading line, and when the
 * counter settings cannot be loaded, the error with a retry (payment waits for them).
 */
function CartTotals({
  preview,
  settings,
  onRetry,
}: {
  preview: CartPreview | null;
  settings: Remote<PosSettings>;
  onRetry(): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <>
      {settings.state === 'failed' && (
        <div role="alert" className="form-alert">
          <p>{t('sale.settingsFailed')}</p>
          <p>{t.error(settings.code)}</p>
          <button type="button" className="button-secondary" onClick={onRetry}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {preview ? (
        <>
          <dl className="cart-totals" aria-label={t('sale.totals')}>
            <div>
              <dt>{t('sale.subtotal')}</dt>
              <dd>{format.money(preview.subtotal)}</dd>
            </div>
            {preview.cartDiscount > 0 && (
              <div>
                <dt>{t('sale.discount')}</dt>
                <dd>−{format.money(preview.cartDiscount)}</dd>
              </div>
            )}
            {preview.addedTax > 0 && (
              <div>
                <dt>{t('sale.tax')}</dt>
                <dd>{format.money(preview.addedTax)}</dd>
              </div>
            )}
            <div className="cart-total">
              <dt>{t('sale.total')}</dt>
              <dd>{format.money(preview.total)}</dd>
            </div>
          </dl>
          <p className="muted">{t('sale.previewNote')}</p>
        </>
      ) : (
        settings.state === 'loading' && <p className="muted">{t('sale.totalsLoading')}</p>
      )}
    </>
  );
}

/** The cart as it is parked: product ids and quantities; names and prices are read again on resume. */
function parkedCart(cart: Cart) {
  return {
    lines: cart.lines.map((line) => ({ productId: line.product.id, qty: line.qty, discount: line.discount })),
    cartDiscount: cart.discount,
    customerId: cart.customerId,
    note: cart.note || null,
  };
}

/**
 * The request that records `cart` paid with `tenders`, without the sale's id (SubmitAttempt gives
 * it, the same when Pay is pressed again after a lost answer).
 */
function saleRequest(cart: Cart, tenders: Tender[]) {
  return {
    lines: cart.lines.map((line) => ({
      id: line.id,
      productId: line.product.id,
      qty: line.qty,
      ...(line.discount ? { discount: line.discount } : {}),
      ...(line.quoteLineId ? { quoteLineId: line.quoteLineId } : {}),
    })),
    ...(cart.discount ? { cartDiscount: cart.discount } : {}),
    ...(cart.quote ? { quoteId: cart.quote.id } : {}),
    // Cash goes as tendered: the server gives back the change.
    payments: tenders.map(({ id, method, amount, tendered, reference }) => ({
      id,
      method,
      amount: tendered ?? amount,
      ...(reference ? { reference } : {}),
    })),
    ...(cart.customerId ? { customerId: cart.customerId } : {}),
    ...(cart.note ? { note: cart.note } : {}),
  };
}

/** How much of a weighed (or poured, or cut) product goes in the cart, read off the scale. */
export function WeightDialog({
  product,
  onAdd,
  onClose,
}: {
  product: ProductLite;
  onAdd(qty: number): void;
  onClose(): void;
}) {
  const t = useT();
  const format = useBusinessFormat();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseWeight(text, format.locale);
    if (!parsed.ok) {
      setError(parsed.code);
      ref.current?.focus();
      return;
    }
    onAdd(parsed.qty);
  };
  return (
    <Dialog title={t('sale.weigh.title', { name: product.name })} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        <TextField
          id="sale-weight"
          ref={ref}
          label={t('sale.weigh.field', { unit: t(`unit.short.${product.unit}`) })}
          hint={t('sale.weigh.hint', { example: quantityInputText(0.35, format.locale) })}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
          error={error ? t.error(error) : undefined}
        />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary">
            {t('sale.weigh.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function CartDiscountDialog({ cart, onClose }: { cart: Cart; onClose(): void }) {
  const t = useT();
  const format = useBusinessFormat();
  const dispatch = useCart((s) => s.dispatch);
  const [text, setText] = useState(() => discountInputText(cart.discount, format.currency, format.locale));
  const [error, setError] = useState<string | null>(null);
  const ref = useAutoFocus<HTMLInputElement>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDiscountInput(text, format.currency, format.locale);
    if (!parsed.ok) {
      setError(parsed.code);
      return;
    }
    dispatch({ type: 'cart-discount', discount: parsed.discount });
    onClose();
  };
  return (
    <Dialog title={t('sale.cartDiscount')} onClose={onClose}>
      <form noValidate onSubmit={submit} className="dialog-form">
        <TextField
          id="cart-discount"
          ref={ref}
          label={t('sale.cartDiscountField')}
          hint={t('sale.discountHint')}
          inputMode="decimal"
          autoComplete="off"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
          error={error ? t.error(error) : undefined}
        />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary">
            {t('sale.applyDiscount')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
