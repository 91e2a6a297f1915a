import type { AuditEntryView } from '../../contract';
import { type FormatContext, formatDateTime } from '../../format';
import { type Translator, useT } from '../../i18n';
import { summariseChange } from './audit-diff';

interface AuditTableProps {
  entries: AuditEntryView[];
  /** Dates in this business's locale and time zone. */
  format: FormatContext;
  /** The signed-in account, marked "(you)". */
  me?: { id: string; name: string };
  caption?: string;
}

export function AuditTable({ entries, format, me, caption }: AuditTableProps) {
  const t = useT();
  const who = (entry: AuditEntryView) => {
    if (entry.actorId === null) return t('audit.system');
    if (entry.actorId === me?.id) return t('audit.you', { name: entry.actorName ?? me.name });
    return entry.actorName ?? entry.actorId;
  };
  return (
    <div className="table-scroll">
      <table className="audit-table">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.command')}</th>
            <th scope="col">{t('audit.entity')}</th>
            <th scope="col">{t('audit.changes')}</th>
            <th scope="col">{t('audit.device')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, format)}</time>
              </td>
              <td>{who(entry)}</td>
              <td>
                <code>{entry.command}</code>
              </td>
              <td>
                <code>{entry.entityType}</code> <span className="muted">{entry.entityId}</span>
              </td>
              <td>
                <ChangeSummary entry={entry} t={t} />
              </td>
              <td>
                <span className="muted">
                  {entry.deviceId} · {entry.seq}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeSummary({ entry, t }: { entry: AuditEntryView; t: Translator }) {
  const changes = summariseChange(entry.summary.before, entry.summary.after);
  if (changes.length === 0) return <span className="muted">{t('audit.noChanges')}</span>;
  const shown = (value: string | null) => value ?? t('audit.emptyValue');
  return (
    <ul className="change-list">
      {changes.map((change) => (
        <li key={change.key}>
          <code>{change.key || t('audit.wholeValue')}</code>: <del>{shown(change.before)}</del> →{' '}
          <ins>{shown(change.after)}</ins>
        </li>
      ))}
    </ul>
  );
}
