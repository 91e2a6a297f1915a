import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { catalogApi } from '../../api/catalog';
import { problemOf } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useBusinessFormat } from '../../components/useBusinessFormat';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { CSV_COLUMNS, type ImportPreview } from '../../contract';
import { isMessageKey, useT } from '../../i18n';
import { CatalogNav } from './CatalogNav';

type Stage =
  | { step: 'choose' }
  | { step: 'previewing' }
  | { step: 'preview'; preview: ImportPreview }
  | { step: 'importing'; preview: ImportPreview; done: number; total: number }
  | { step: 'done'; imported: number };

/** CSV import: preview with every row's errors, then one all-or-nothing import that streams its progress. */
export function ImportScreen() {
  const t = useT();
  const format = useBusinessFormat();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [errorCode, setErrorCode] = useState<string | null>(null);
  useDocumentTitle(t('catalog.import'));

  async function preview(event: FormEvent) {
    event.preventDefault();
    if (!file || stage.step === 'previewing') return;
    setErrorCode(null);
    setStage({ step: 'previewing' });
    try {
      setStage({ step: 'preview', preview: await catalogApi.previewImport(file) });
    } catch (error) {
      setErrorCode(problemOf(error).code);
      setStage({ step: 'choose' });
    }
  }

  async function runImport(previewed: ImportPreview) {
    if (!file) return;
    setErrorCode(null);
    setStage({ step: 'importing', preview: previewed, done: 0, total: previewed.valid });
    try {
      const imported = await catalogApi.runImport(file, (line) => {
        if (line.type === 'progress')
          setStage({ step: 'importing', preview: previewed, done: line.done, total: line.total });
      });
      setStage({ step: 'done', imported });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      setErrorCode(typeof code === 'string' ? code : problemOf(error).code);
      setStage({ step: 'preview', preview: previewed });
    }
  }

  const shown = stage.step === 'preview' || stage.step === 'importing' ? stage.preview : null;

  return (
    <section>
      <PageHeading>{t('catalog.import')}</PageHeading>
      <CatalogNav />
      <p className="muted">{t('import.intro', { columns: CSV_COLUMNS.join(', ') })}</p>
      <form noValidate onSubmit={preview} className="inline-form" aria-busy={stage.step === 'previewing'}>
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setStage({ step: 'choose' });
            }}
          />
        </div>
        <button type="submit" className="button-secondary" disabled={!file || stage.step === 'importing'}>
          {t('import.preview')}
        </button>
      </form>
      {stage.step === 'previewing' && (
        <p role="status" className="muted">
          {t('import.previewing')}
        </p>
      )}
      <FormAlert>{errorCode && <p>{t.error(errorCode)}</p>}</FormAlert>
      {shown && (
        <>
          <h2>{t('import.summary')}</h2>
          <p>{t('import.counts', { rows: shown.rows, valid: shown.valid, errors: shown.errors.length })}</p>
          {shown.errors.length > 0 && (
            <>
              <h3>{t('import.errors')}</h3>
              <p className="muted">{t('import.fixErrors')}</p>
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="sr-only">{t('import.errors')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.row')}</th>
                      <th scope="col">{t('import.field')}</th>
                      <th scope="col">{t('import.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.errors.map((error) => (
                      <tr key={`${error.row}-${error.field}-${error.code}`}>
                        <td>{error.row}</td>
                        <td>{error.field}</td>
                        <td>{isMessageKey(`errors.${error.code}`) ? t.error(error.code) : error.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {shown.sample.length > 0 && (
            <>
              <h3>{t('import.sample')}</h3>
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="sr-only">{t('import.sample')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('catalog.sku')}</th>
                      <th scope="col">{t('catalog.name')}</th>
                      <th scope="col">{t('catalog.category')}</th>
                      <th scope="col" className="numeric">
                        {t('catalog.price')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.sample.map((draft) => (
                      <tr key={draft.sku}>
                        <td>{draft.sku}</td>
                        <td>{draft.name}</td>
                        <td>{draft.categoryPath ?? '—'}</td>
                        <td className="numeric">{format.money(draft.price)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <button
            type="button"
            className="button-primary"
            disabled={shown.errors.length > 0 || shown.valid === 0 || stage.step === 'importing'}
            onClick={() => void runImport(shown)}
          >
            {t.plural('import.run', shown.valid)}
          </button>
        </>
      )}
      {stage.step === 'importing' && (
        <div className="import-progress">
          <label htmlFor="import-progress">{t('import.progress')}</label>
          <progress id="import-progress" max={Math.max(stage.total, 1)} value={stage.done} />
          <p aria-live="polite">{t('import.progressText', { done: stage.done, total: stage.total })}</p>
        </div>
      )}
      {stage.step === 'done' && (
        <div role="status" className="notice">
          <p>{t.plural('import.done', stage.imported)}</p>
          <Link to="/catalog">{t('import.toCatalog')}</Link>
        </div>
      )}
    </section>
  );
}
