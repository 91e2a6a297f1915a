import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { catalogApi } from '../../api/catalog';
import { fieldErrors, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { type CategoryView, can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { CatalogNav } from './CatalogNav';
import { categoryOptions, categoryTree, descendantsOf } from './category-tree';

type Loaded =
  | { state: 'loading' }
  | { state: 'loaded'; categories: CategoryView[] }
  | { state: 'failed'; code: string };

type Editing =
  | { kind: 'add'; parent: CategoryView | null }
  | { kind: 'rename'; category: CategoryView }
  | { kind: 'move'; category: CategoryView }
  | { kind: 'delete'; category: CategoryView }
  | null;

export function CategoriesScreen() {
  const t = useT();
  const { role } = useTenantSession();
  const manage = can(role, 'catalog.manage');
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState('');
  useDocumentTitle(t('catalog.categories'));

  const reload = useCallback(() => {
    catalogApi.categories().then(
      (r) => setLoaded({ state: 'loaded', categories: r.categories }),
      (e: unknown) => setLoaded({ state: 'failed', code: problemOf(e).code }),
    );
  }, []);
  useEffect(reload, [reload]);

  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    reload();
  };
  const categories = loaded.state === 'loaded' ? loaded.categories : [];

  return (
    <section>
      <PageHeading>{t('catalog.categories')}</PageHeading>
      <CatalogNav />
      <p role="status" className="form-status">
        {notice}
      </p>
      {manage && (
        <div className="toolbar">
          <button
            type="button"
            className="button-primary"
            onClick={() => setEditing({ kind: 'add', parent: null })}
          >
            {t('categories.new')}
          </button>
        </div>
      )}
      {loaded.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && categories.length === 0 && (
        <p className="muted">{t('categories.empty')}</p>
      )}
      {loaded.state === 'loaded' && categories.length > 0 && (
        <ul className="category-tree" aria-label={t('catalog.categories')}>
          {categoryTree(categories).map((category) => (
            <li key={category.id} style={{ paddingInlineStart: `${category.depth * 1.5}rem` }}>
              <span className="category-name">{category.name}</span>
              {manage && (
                <span className="row-actions">
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => setEditing({ kind: 'add', parent: category })}
                  >
                    {t('categories.addChild')}
                    <span className="sr-only"> {t('categories.of', { name: category.name })}</span>
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => setEditing({ kind: 'rename', category })}
                  >
                    {t('categories.rename')}
                    <span className="sr-only"> {category.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => setEditing({ kind: 'move', category })}
                  >
                    {t('categories.move')}
                    <span className="sr-only"> {category.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button-danger"
                    onClick={() => setEditing({ kind: 'delete', category })}
                  >
                    {t('categories.delete')}
                    <span className="sr-only"> {category.name}</span>
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={t('categories.confirmDelete.title', { name: editing.category.name })}
          body={<p>{t('categories.confirmDelete.body')}</p>}
          confirmLabel={t('categories.delete')}
          danger
          onConfirm={async () => {
            await catalogApi.deleteCategory(editing.category.id);
            done(t('categories.deleted', { name: editing.category.name }));
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing && editing.kind !== 'delete' && (
        <CategoryDialog
          editing={editing}
          categories={categories}
          onDone={done}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

interface CategoryDialogProps {
  editing: Exclude<Editing, null | { kind: 'delete' }>;
  categories: CategoryView[];
  onDone(message: string): void;
  onClose(): void;
}

function CategoryDialog({ editing, categories, onDone, onClose }: CategoryDialogProps) {
  const t = useT();
  const [name, setName] = useState(editing.kind === 'rename' ? editing.category.name : '');
  const [parentId, setParentId] = useState(editing.kind === 'move' ? (editing.category.parentId ?? '') : '');
  const [newId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const title =
    editing.kind === 'add'
      ? editing.parent
        ? t('categories.addChildTo', { name: editing.parent.name })
        : t('categories.new')
      : editing.kind === 'rename'
        ? t('categories.renameTitle', { name: editing.category.name })
        : t('categories.moveTitle', { name: editing.category.name });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFormError(null);
    try {
      if (editing.kind === 'add') {
        const created = await catalogApi.createCategory({
          id: newId,
          name,
          parentId: editing.parent?.id ?? null,
        });
        onDone(t('categories.created', { name: created.name }));
      } else if (editing.kind === 'rename') {
        const renamed = await catalogApi.updateCategory(editing.category.id, { name });
        onDone(t('categories.renamed', { name: renamed.name }));
      } else {
        await catalogApi.updateCategory(editing.category.id, { parentId: parentId || null });
        onDone(t('categories.moved', { name: editing.category.name }));
      }
    } catch (error) {
      const problem = problemOf(error);
      const byField = fieldErrors(problem);
      setErrors(byField);
      setFormError(Object.keys(byField).length > 0 ? null : problem.code);
    } finally {
      setBusy(false);
    }
  }

  const excluded =
    editing.kind === 'move' ? descendantsOf(categories, editing.category.id) : new Set<string>();

  return (
    <Dialog title={title} onClose={onClose}>
      <form noValidate onSubmit={submit} aria-busy={busy} className="dialog-form">
        {editing.kind === 'move' ? (
          <SelectField
            id="category-parent"
            label={t('categories.parent')}
            value={parentId}
            options={[
              { value: '', label: t('categories.root') },
              ...categoryOptions(categories.filter((c) => !excluded.has(c.id))),
            ]}
            onChange={(e) => setParentId(e.target.value)}
            error={errors.parentId ? t.error(errors.parentId) : undefined}
          />
        ) : (
          <TextField
            id="category-name"
            label={t('categories.name')}
            autoComplete="off"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setErrors({});
            }}
            error={errors.name ? t.error(errors.name) : undefined}
          />
        )}
        <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button-primary" aria-disabled={busy}>
            {t('categories.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
