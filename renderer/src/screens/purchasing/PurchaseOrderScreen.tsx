import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { can, type PurchaseOrderView, type ReceiveWarning } from '../../contract';
import { moneyInputText, parseMoneyInput, parseQuantityInput, quantityInputText } from '../../decimal-input';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { receiveFormShows, splitProblem } from './form-errors';
import { outstanding, receivesMoreThanOrdered } from './order-lines';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; order: PurchaseOrderView }
  | { state: 'failed'; code: string };
type Pending = 'send' | 'cancel' | 'close' | null;

export function PurchaseOrderScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { orderId = '' } = useParams();
  const { role } = useTenantSession();
  const location = useLocation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [notice, setNotice] = useState((location.state as { notice?: string } | null)?.notice ?? '');
  const [pending, setPending] = useState<Pending>(null);
  const [receiving, setReceiving] = useState(false);
  const [warnings, setWarnings] = useState<ReceiveWarning[]>([]);
  const manage = can(role, 'catalog.manage');

  const reload = useCallback(() => {
    purchasingApi.order(orderId).then(
      (order) => setLoaded({ state: 'loaded', order }),
      (e: unknown) => setLoaded({ state: 'failed', code: problemOf(e).code }),
    );
  }, [orderId]);
  useEffect(reload, [reload]);

  const order = loaded.state === 'loaded' ? loaded.order : null;
  useDocumentTitle(order ? t('orders.title', { number: order.number }) : t('purchasing.orders'));

  const act = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <section>
      <p>
        <Link to="/purchase-orders">{t('orders.back')}</Link>
      </p>
      <PageHeading>
        {order ? t('orders.title', { number: order.number }) : t('purchasing.orders')}
      </PageHeading>
      <p role="status" className="form-status">
        {notice}
      </p>
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {order && (
        <>
          <dl className="summary">
            <dt>{t('orders.supplier')}</dt>
            <dd>{order.supplierName}</dd>
            <dt>{t('orders.location')}</dt>
            <dd>{order.locationName}</dd>
            <dt>{t('orders.status')}</dt>
            <dd>
              <span className="tag">{t(`orderStatus.${order.status}`)}</span>
            </dd>
            <dt>{t('orders.createdAt')}</dt>
            <dd>{format.dateTime(order.createdAt)}</dd>
            {order.sentAt && (
              <>
                <dt>{t('orders.sent')}</dt>
                <dd>{format.dateTime(order.sentAt)}</dd>
              </>
            )}
            <dt>{t('orders.total')}</dt>
            <dd>{format.money(order.total)}</dd>
          </dl>
          {warnings.length > 0 && (
            <div className="notice" role="alert">
              <p>{t.plural('orders.overReceived', warnings.length)}</p>
            </div>
          )}
          {receiving ? (
            <ReceiveForm
              order={order}
              onCancel={() => setReceiving(false)}
              onReceived={(result) => {
                setReceiving(false);
                setWarnings(result);
                act(t('orders.received'));
              }}
            />
          ) : (
            <OrderLines order={order} />
          )}
          {manage && !receiving && (
            <div className="form-actions">
              {order.status === 'draft' && (
                <button type="button" className="button-primary" onClick={() => setPending('send')}>
                  {t('orders.send')}
                </button>
              )}
              {['sent', 'partially_received'].includes(order.status) && (
                <button type="button" className="button-primary" onClick={() => setReceiving(true)}>
                  {t('orders.receive')}
                </button>
              )}
              {['sent', 'partially_received'].includes(order.status) && (
                <button type="button" className="button-secondary" onClick={() => setPending('close')}>
                  {t('orders.close')}
                </button>
              )}
              {['draft', 'sent'].includes(order.status) && (
                <button type="button" className="button-danger" onClick={() => setPending('cancel')}>
                  {t('orders.cancel')}
                </button>
              )}
            </div>
          )}
          {pending && (
            <ConfirmDialog
              title={t(`orders.confirm.${pending}.title`, { number: order.number })}
              body={<p>{t(`orders.confirm.${pending}.body`, { supplier: order.supplierName })}</p>}
              confirmLabel={t(`orders.${pending}`)}
              danger={pending === 'cancel'}
              onConfirm={async () => {
                if (pending === 'send') await purchasingApi.send(order.id);
                if (pending === 'close') await purchasingApi.close(order.id);
                if (pending === 'cancel') await purchasingApi.cancel(order.id);
                act(t(`orders.done.${pending}`));
              }}
              onClose={() => setPending(null)}
            />
          )}
        </>
      )}
    </section>
  );
}

function OrderLines({ order }: { order: PurchaseOrderView }) {
  const t = useT();
  const format = useBusinessFormat();
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={t('orders.lines')}>
        <thead>
          <tr>
            <th scope="col">{t('catalog.sku')}</th>
            <th scope="col">{t('stock.product')}</th>
            <th scope="col" className="numeric">
              {t('orders.ordered')}
            </th>
            <th scope="col" className="numeric">
              {t('orders.receivedQty')}
            </th>
            <th scope="col" className="numeric">
              {t('orders.unitCost')}
            </th>
            <th scope="col" className="numeric">
              {t('orders.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.sku}</td>
              <th scope="row">{line.name}</th>
              <td className="numeric">{format.qty(line.qtyOrdered, line.unit)}</td>
              <td className="numeric">{format.qty(line.qtyReceived, line.unit)}</td>
              <td className="numeric">{format.money(line.unitCost)}</td>
              <td className="numeric">{format.money(line.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ReceiveFormProps {
  order: PurchaseOrderView;
  onReceived(warnings: ReceiveWarning[]): void;
  onCancel(): void;
}

/** Quantities prefilled with what is still outstanding; more than ordered is allowed and warned about. */
function ReceiveForm({ order, onReceived, onCancel }: ReceiveFormProps) {
  const t = useT();
  const format = useBusinessFormat();
  const [rows, setRows] = useState(() =>
    order.lines.map((line) => ({
      lineId: line.id,
      qty: quantityInputText(outstanding(line), format.locale),
      unitCost: moneyInputText(line.unitCost, format.currency, format.locale),
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const over = (i: number) => {
    const line = order.lines[i];
    const qty = parseQuantityInput(rows[i]?.qty ?? '', format.locale);
    return line !== undefined && qty.ok && receivesMoreThanOrdered(line, qty.value);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const local: Record<string, string> = {};
    const lines = rows.map((row, i) => {
      const qty = parseQuantityInput(row.qty, format.locale);
      const cost = parseMoneyInput(row.unitCost, format.currency, format.locale);
      if (!qty.ok)
        local[`lines.${i}.qty`] =
          qty.code === 'amount-negative' ? 'quantity-negative' : 'quantity-not-a-number';
      if (!cost.ok) local[`lines.${i}.unitCost`] = cost.code;
      return { lineId: row.lineId, qty: qty.ok ? qty.value : 0, unitCost: cost.ok ? cost.value : undefined };
    });
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    setFormError(null);
    try {
      const result = await purchasingApi.receive(order.id, { lines });
      onReceived(result.warnings ?? []);
    } catch (caught) {
      const problem = problemOf(caught);
      const { byField, formError: alert } = splitProblem(problem, receiveFormShows);
      setErrors(byField);
      setFormError(alert);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} aria-busy={busy} aria-label={t('orders.receiveTitle')}>
      <h2>{t('orders.receiveTitle')}</h2>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('stock.product')}</th>
              <th scope="col" className="numeric">
                {t('orders.outstanding')}
              </th>
              <th scope="col">{t('orders.receiveQty')}</th>
              <th scope="col">{t('orders.unitCost')}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line, i) => {
              const qtyError = errors[`lines.${i}.qty`];
              const costError = errors[`lines.${i}.unitCost`];
              return (
                <tr key={line.id}>
                  <th scope="row">{line.name}</th>
                  <td className="numeric">{format.qty(outstanding(line), line.unit)}</td>
                  <td>
                    <input
                      className="qty-input"
                      inputMode="decimal"
                      aria-label={t('orders.receiveQtyOf', { name: line.name })}
                      aria-invalid={qtyError ? true : undefined}
                      aria-describedby={
                        over(i) ? `receive-over-${i}` : qtyError ? `receive-qty-error-${i}` : undefined
                      }
                      value={rows[i]?.qty ?? ''}
                      onChange={(e) =>
                        setRows((all) => all.map((r, j) => (j === i ? { ...r, qty: e.target.value } : r)))
                      }
                    />{' '}
                    {t(`unit.short.${line.unit}`)}
                    {qtyError && (
                      <span id={`receive-qty-error-${i}`} className="field-error">
                        {t.error(qtyError)}
                      </span>
                    )}
                    {over(i) && (
                      <span id={`receive-over-${i}`} className="field-warning">
                        {t('orders.overWarning')}
                      </span>
                    )}
                  </td>
                  <td>
                    <input
                      className="qty-input"
                      inputMode="decimal"
                      aria-label={t('orders.unitCostOf', { name: line.name })}
                      aria-invalid={costError ? true : undefined}
                      value={rows[i]?.unitCost ?? ''}
                      onChange={(e) =>
                        setRows((all) =>
                          all.map((r, j) => (j === i ? { ...r, unitCost: e.target.value } : r)),
                        )
                      }
                    />
                    {costError && <span className="field-error">{t.error(costError)}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <div className="form-actions">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('orders.confirmReceive')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
