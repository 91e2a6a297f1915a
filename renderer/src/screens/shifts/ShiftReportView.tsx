import { useBusinessFormat } from '../../components/useBusinessFormat';
import type { MethodAmount, ShiftReport } from '../../contract';
import { useT } from '../../i18n';
import { useMethodName } from '../sales/useMethodName';

/** The X (mid-shift) or Z (closed) report: printable on its own through the print styles. */
export function ShiftReportView({ report }: { report: ShiftReport }) {
  const t = useT();
  const format = useBusinessFormat();
  const methodName = useMethodName();
  const title = report.kind === 'X' ? t('shift.report.x') : t('shift.report.z');
  /** Per method under a line; money that left the drawer (`out`) with a minus. */
  const byMethod = (rows: MethodAmount[], out = false) =>
    rows.map((row) => (
      <div key={row.method}>
        <dt>{methodName(row.method)}</dt>
        <dd>{out ? signedMoney(-row.amount, format.money) : format.money(row.amount)}</dd>
      </div>
    ));
  return (
    <article className="shift-report print-area" data-paper="80mm" aria-label={title}>
      <h2>{title}</h2>
      <p>
        {t('shift.report.opened', { date: format.dateTime(report.shift.openedAt) })}
        {report.shift.openedBy && ` · ${report.shift.openedBy.name}`}
      </p>
      <p>{t('shift.report.asOf', { date: format.dateTime(report.asOf) })}</p>
      <dl className="report-figures">
        <div>
          <dt>{t('shift.report.float')}</dt>
          <dd>{format.money(report.openingFloat)}</dd>
        </div>
        <div>
          <dt>{t('shift.report.sales', { count: report.sales.count })}</dt>
          <dd>{format.money(report.sales.total)}</dd>
        </div>
        {byMethod(report.sales.byMethod)}
        <div>
          <dt>{t('shift.report.refunds', { count: report.refunds.count })}</dt>
          <dd>{signedMoney(-report.refunds.total, format.money)}</dd>
        </div>
        {report.invoicePayments.count > 0 && (
          <>
            <div>
              <dt>{t('shift.report.invoicePayments', { count: report.invoicePayments.count })}</dt>
              <dd>{format.money(report.invoicePayments.total)}</dd>
            </div>
            {byMethod(report.invoicePayments.byMethod)}
          </>
        )}
        {report.invoiceGiveBacks.count > 0 && (
          <>
            <div>
              <dt>{t('shift.report.invoiceGiveBacks', { count: report.invoiceGiveBacks.count })}</dt>
              <dd>{signedMoney(-report.invoiceGiveBacks.total, format.money)}</dd>
            </div>
            {byMethod(report.invoiceGiveBacks.byMethod, true)}
          </>
        )}
        <div>
          <dt>{t('shift.report.paidIn')}</dt>
          <dd>{format.money(report.paidIn)}</dd>
        </div>
        <div>
          <dt>{t('shift.report.paidOut')}</dt>
          <dd>{signedMoney(-report.paidOut, format.money)}</dd>
        </div>
      </dl>
      <table className="data-table" aria-label={t('shift.report.byMethod')}>
        <thead>
          <tr>
            <th scope="col">{t('pay.method')}</th>
            <th scope="col" className="numeric">
              {t('shift.expected')}
            </th>
            {report.counts && (
              <>
                <th scope="col" className="numeric">
                  {t('shift.counted')}
                </th>
                <th scope="col" className="numeric">
                  {t('shift.difference')}
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {report.expected.map((row) => {
            const count = report.counts?.find((c) => c.method === row.method);
            return (
              <tr key={row.method}>
                <th scope="row">{methodName(row.method)}</th>
                <td className="numeric">{format.money(row.amount)}</td>
                {report.counts && (
                  <>
                    <td className="numeric">{count ? format.money(count.counted) : '—'}</td>
                    <td className="numeric">{count ? signedMoney(count.difference, format.money) : '—'}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.afterClose.length > 0 && (
        <section aria-labelledby="report-after-close">
          <h3 id="report-after-close">{t('shift.report.afterClose')}</h3>
          <p className="muted">{t('shift.report.afterCloseHint')}</p>
          <dl className="report-figures">
            {report.afterClose.map((row) => (
              <div key={row.method}>
                <dt>{methodName(row.method)}</dt>
                <dd>{signedMoney(row.amount, format.money)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {report.taxes.length > 0 && (
        <dl className="report-figures">
          {report.taxes.map((tax) => (
            <div key={tax.rateBp}>
              <dt>{t('receipt.tax', { rate: format.percent(tax.rateBp), base: format.money(tax.base) })}</dt>
              <dd>{format.money(tax.tax)}</dd>
            </div>
          ))}
        </dl>
      )}
      {report.shift.closeNote && <p>{t('shift.report.note', { note: report.shift.closeNote })}</p>}
    </article>
  );
}

export function signedMoney(amount: number, money: (minor: number) => string): string {
  if (amount === 0) return money(0);
  return amount > 0 ? `+${money(amount)}` : `−${money(-amount)}`;
}
