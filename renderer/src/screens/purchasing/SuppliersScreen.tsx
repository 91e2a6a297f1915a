import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { fieldErrors, problemOf } from '../../api/client';
import { purchasingApi } from '../../api/purchasing';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDebounced } from '../../components/useDebounced';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { can, type SupplierView } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { PurchasingNav } from './PurchasingNav';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; suppliers: SupplierView[] }
  | { state: 'failed'; code: string };
type Editing =
  | { kind: 'new' }
  | { kind: 'edit'; supplier: SupplierView }
  | { kind: 'delete'; supplier: SupplierView }
  | null;

export function SuppliersScreen() {
  const t = useT();
  const { role } = useTenantSession();
  const manage = can(role, 'catalog.manage');
  const [text, setText] = useState('');
  const q = useDebounced(text);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState('');
  useDocumentTitle(t('purchasing.suppliers'));

  const reload = useCallback(() => {
    purchasingApi.suppliers(q.trim() || undefined).then(
      (r) => setLoaded({ state: 'loaded', suppliers: r.suppliers }),
      (e: unknown) => setLoaded({ state: 'failed', code: problemOf(e).code }),
    );
  }, [q]);
  useEffect(reload, [reload]);

  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    reload();
  };

  return (
    <section>
      <PageHeading>{t('purchasing.suppliers')}</PageHeading>
      <PurchasingNav />
      <p role="status" className="form-status">
        {notice}
      </p>
      <div className="toolbar">
        {manage && (
          <button type="button" className="button-primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('suppliers.new')}
          </button>
        )}
      </div>
      <TextField
        id="suppliers-search"
        type="search"
        label={t('suppliers.search')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && loaded.suppliers.length === 0 && (
        <p className="muted">{q ? t('suppliers.noMatches') : t('suppliers.empty')}</p>
      )}
      {loaded.state === 'loaded' && loaded.suppliers.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('purchasing.suppliers')}>
            <thead>
              <tr>
                <th scope="col">{t('suppliers.name')}</th>
                <th scope="col">{t('suppliers.contact')}</th>
                <th scope="col">{t('suppliers.email')}</th>
                <th scope="col">{t('suppliers.phone')}</th>
                {manage && <th scope="col">{t('users.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {loaded.suppliers.map((supplier) => (
                <tr key={supplier.id}>
                  <th scope="row">{supplier.name}</th>
                  <td>{supplier.contact ?? ''}</td>
                  <td>{supplier.email ?? ''}</td>
                  <td>{supplier.phone ?? ''}</td>
                  {manage && (
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button-secondary"
                        onClick={() => setEditing({ kind: 'edit', supplier })}
                      >
                        {t('suppliers.edit')}
                        <span className="sr-only"> {supplier.name}</span>
                      </button>
                      <button
                        type="button"
                        className="button-danger"
                        onClick={() => setEditing({ kind: 'delete', supplier })}
                      >
                        {t('suppliers.delete')}
                        <span className="sr-only"> {supplier.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={t('suppliers.confirmDelete.title', { name: editing.supplier.name })}
          body={<p>{t('suppliers.confirmDelete.body')}</p>}
          confirmLabel={t('suppliers.delete')}
          danger
          onConfirm={async () => {
            await purchasingApi.deleteSupplier(editing.supplier.id);
            done(t('suppliers.deleted', { name: editing.supplier.name }));
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {(editing?.kind === 'new' || editing?.kind === 'edit') && (
        <SupplierDialog
          supplier={editing.kind === 'edit' ? editing.supplier : null}
          onSaved={(saved) => done(t('suppliers.saved', { name: saved.name }))}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

const FIELDS = ['name', 'taxId', 'contact', 'email', 'phone', 'paymentTerms'] as const;
type SupplierDraft = Record<(typeof FIELDS)[number] | 'notes', string>;

function SupplierDialog({
  supplier,
  onSaved,
  onClose,
}: {
  supplier: SupplierView | null;
  onSaved(supplier: SupplierView): void;
  onClose(): void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<SupplierDraft>({
    name: supplier?.name ?? '',
    taxId: supplier?.taxId ?? '',
    contact: supplier?.contact ?? '',
    email: supplier?.email ?? '',
    phone: supplier?.phone ?? '',
    paymentTerms: supplier?.paymentTerms ?? '',
    notes: supplier?.notes ?? '',
  });
  const [newId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      onSaved(
        supplier
          ? await purchasingApi.updateSupplier(supplier.id, draft)
          : await purchasingApi.createSupplier({ id: newId, ...draft }),
      );
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={supplier ? t('suppliers.editTitle', { name: supplier.name }) : t('suppliers.new')}
      onClose={onClose}
    >
      <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        {FIELDS.map((field) => (
          <TextField
            key={field}
            id={`supplier-${field}`}
            type={field === 'email' ? 'email' : 'text'}
            label={t(`suppliers.${field}`)}
            autoComplete="off"
            value={draft[field]}
            onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
            error={
              errors[field]
                ? field === 'email'
                  ? t.emailError(errors[field])
                  : t.error(errors[field])
                : undefined
            }
          />
        ))}
        <TextAreaField
          id="supplier-notes"
          label={t('suppliers.notes')}
          rows={3}
          value={draft.notes}
          onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))}
          error={errors.notes ? t.error(errors.notes) : undefined}
        />
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('suppliers.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
