import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { CountDetail, CountLineView } from '../../contract';
import { can } from '../../contract';
import { parseQuantityInput, quantityInputText } from '../../decimal-input';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; detail: CountDetail }
  | { state: 'failed'; code: string };

/** One stock count: scan or type counted quantities, see differences, post it. A posted count is read-only. */
export function CountScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const { countId = '' } = useParams();
  const { role } = useTenantSession();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [notice, setNotice] = useState('');
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'post' | 'cancel' | null>(null);

  const reload = useCallback(() => {
    stockApi.count(countId).then(
      (detail) => setLoaded({ state: 'loaded', detail }),
      (e: unknown) => setLoaded({ state: 'failed', code: problemOf(e).code }),
    );
  }, [countId]);
  useEffect(reload, [reload]);

  const replaceLine = (line: CountLineView) =>
    setLoaded((current) =>
      current.state === 'loaded'
        ? {
            state: 'loaded',
            detail: {
              ...current.detail,
              lines: current.detail.lines.some((l) => l.productId === line.productId)
                ? current.detail.lines.map((l) => (l.productId === line.productId ? line : l))
                : [...current.detail.lines, line],
            },
          }
        : current,
    );

  if (loaded.state === 'loading') return <p className="muted">{t('app.loading')}</p>;
  if (loaded.state === 'failed') return <FormAlert>{t.error(loaded.code)}</FormAlert>;
  const { count, lines } = loaded.detail;
  const editable = count.status === 'open' && can(role, 'catalog.manage');
  const differences = lines.filter((l) => l.difference !== null && l.difference !== 0).length;

  return (
    <>
      <p>
        <Link to="/stock/counts">{t('counts.back')}</Link>
      </p>
      <h2>{t('counts.title', { location: count.locationName, date: format.date(count.createdAt) })}</h2>
      <p>
        <span className="tag">{t(`counts.status.${count.status}`)}</span>{' '}
        {count.status === 'posted' &&
          count.postedAt &&
          t('counts.postedAt', { date: format.dateTime(count.postedAt) })}
      </p>
      <p role="status" className="form-status">
        {notice}
      </p>
      <FormAlert>{errorCode && <p>{t.error(errorCode)}</p>}</FormAlert>
      {editable && (
        <ScanField
          countId={count.id}
          onScanned={(line) => {
            setErrorCode(null);
            replaceLine(line);
            setNotice(
              t('counts.scanned', { name: line.name, counted: format.qty(line.counted ?? 0, line.unit) }),
            );
          }}
          onError={setErrorCode}
        />
      )}
      {lines.length === 0 ? (
        <p className="muted">{t('counts.noLines')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('counts.lines')}>
            <thead>
              <tr>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col">{t('stock.product')}</th>
                <th scope="col" className="numeric">
                  {t('counts.expected')}
                </th>
                <th scope="col" className="numeric">
                  {t('counts.counted')}
                </th>
                <th scope="col" className="numeric">
                  {t('counts.difference')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.productId} data-difference={line.difference ? 'true' : undefined}>
                  <td>{line.sku}</td>
                  <th scope="row">{line.name}</th>
                  <td className="numeric">{format.qty(line.expected, line.unit)}</td>
                  <td className="numeric">
                    {editable ? (
                      <CountedInput
                        countId={count.id}
                        line={line}
                        onSaved={replaceLine}
                        onError={setErrorCode}
                      />
                    ) : line.counted === null ? (
                      '—'
                    ) : (
                      format.qty(line.counted, line.unit)
                    )}
                  </td>
                  <td className="numeric difference">
                    {line.difference === null
                      ? '—'
                      : `${line.difference > 0 ? '+' : ''}${format.qty(line.difference, line.unit)}`}
                    {line.difference !== null && line.difference !== 0 && (
                      <span className="sr-only"> {t('counts.mismatch')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={() => setConfirm('post')}>
            {t('counts.post')}
          </button>
          <button type="button" className="button-danger" onClick={() => setConfirm('cancel')}>
            {t('counts.cancel')}
          </button>
        </div>
      )}
      {confirm === 'post' && (
        <ConfirmDialog
          title={t('counts.confirmPost.title')}
          body={<p>{t.plural('counts.confirmPost.body', differences)}</p>}
          confirmLabel={t('counts.post')}
          onConfirm={async () => {
            const result = await stockApi.postCount(count.id);
            setNotice(t.plural('counts.posted', result.movements.length));
            reload();
          }}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'cancel' && (
        <ConfirmDialog
          title={t('counts.confirmCancel.title')}
          body={<p>{t('counts.confirmCancel.body')}</p>}
          confirmLabel={t('counts.cancel')}
          danger
          onConfirm={async () => {
            await stockApi.cancelCount(count.id);
            setNotice(t('counts.cancelled'));
            reload();
          }}
          onClose={() => setConfirm(null)}
        />
      )}
    </>
  );
}

interface ScanFieldProps {
  countId: string;
  onScanned(line: CountLineView): void;
  onError(code: string): void;
}

/** Focused on arrival: each scan (or a typed code and Enter) adds one to that product's counted quantity. */
function ScanField({ countId, onScanned, onError }: ScanFieldProps) {
  const t = useT();
  const [code, setCode] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const barcode = code.trim();
    if (!barcode) return;
    setCode('');
    stockApi.scan(countId, barcode).then(onScanned, (e: unknown) => onError(problemOf(e).code));
  };

  return (
    <TextField
      id="count-scan"
      ref={ref}
      label={t('counts.scan')}
      hint={t('counts.scanHint')}
      autoComplete="off"
      spellCheck={false}
      value={code}
      onChange={(e) => setCode(e.target.value)}
      onKeyDown={onKeyDown}
    />
  );
}

interface CountedInputProps {
  countId: string;
  line: CountLineView;
  onSaved(line: CountLineView): void;
  onError(code: string): void;
}

function CountedInput({ countId, line, onSaved, onError }: CountedInputProps) {
  const t = useT();
  const { locale } = useBusinessFormat();
  const shown = line.counted === null ? '' : quantityInputText(line.counted, locale);
  const [text, setText] = useState(shown);
  const [invalid, setInvalid] = useState(false);
  const lastShown = useRef(shown);
  // A scan landing while someone types must not wipe what they typed: follow
  // the server's value only while the field still shows the previous one.
  useEffect(() => {
    setText((current) => (current === lastShown.current ? shown : current));
    lastShown.current = shown;
  }, [shown]);

  const save = () => {
    if (text === shown) return;
    const parsed = parseQuantityInput(text, locale);
    if (!parsed.ok) {
      setInvalid(true);
      onError(parsed.code === 'amount-negative' ? 'quantity-negative' : 'quantity-not-a-number');
      return;
    }
    setInvalid(false);
    stockApi
      .setCounted(countId, line.productId, parsed.value)
      .then(onSaved, (e: unknown) => onError(problemOf(e).code));
  };

  return (
    <input
      className="qty-input"
      inputMode="decimal"
      aria-label={t('counts.countedOf', { name: line.name })}
      aria-invalid={invalid ? true : undefined}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        }
      }}
    />
  );
}
