import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { problemOf } from '../api/client';
import { type MessageKey, useT } from '../i18n';
import { FormAlert } from './FormAlert';
import { firstAdded, type Listed, type ListPage, withPage } from './paged-list';
import { useBusinessFormat } from './useBusinessFormat';

export type PagedState<T> =
  | { state: 'loading' }
  | { state: 'failed'; code: string }
  | {
      state: 'loaded';
      listed: Listed<T>;
      /** Which filters (the generation of `load`) the rows are for. */
      generation: number;
      /** A next page is on its way. */
      more: boolean;
      moreCode: string | null;
      /** The first row the last "Load more" added. */
      firstNew: string | null;
    };

/**
 * A list shown page by page: `load(undefined)` answers the first page, `load(next)` the following
 * one. A new `load` (the filters changed: pass a stable one, useCallback) starts again, what is shown
 * staying until its first page answers; a page that answers for the old filters is dropped rather
 * than added to the new list, and no more is asked for the old one meanwhile.
 */
export function usePagedList<T extends { id: string }>(load: (after?: string) => Promise<ListPage<T>>) {
  const [shown, setShown] = useState<PagedState<T>>({ state: 'loading' });
  // Bumped when the filters change: an answer for the old filters is dropped.
  const generation = useRef(0);
  useEffect(() => {
    const asked = ++generation.current;
    load().then(
      (page) =>
        asked === generation.current &&
        setShown({
          state: 'loaded',
          listed: withPage(null, page),
          generation: asked,
          more: false,
          moreCode: null,
          firstNew: null,
        }),
      (e: unknown) => asked === generation.current && setShown({ state: 'failed', code: problemOf(e).code }),
    );
  }, [load]);
  const loadMore = useCallback(() => {
    if (shown.state !== 'loaded' || shown.more || !shown.listed.next) return;
    // Rows of the old filters while the new ones load: their cursor means nothing to `load`.
    if (shown.generation !== generation.current) return;
    const asked = generation.current;
    const before = shown.listed;
    setShown({ ...shown, more: true, moreCode: null });
    load(before.next ?? undefined).then(
      (page) => {
        if (asked !== generation.current) return;
        const listed = withPage(before, page);
        setShown({ ...shown, listed, more: false, moreCode: null, firstNew: firstAdded(before, listed) });
      },
      (e: unknown) => {
        if (asked !== generation.current) return;
        setShown({ ...shown, more: false, moreCode: problemOf(e).code, firstNew: null });
      },
    );
  }, [load, shown]);
  return { shown, loadMore };
}

interface MoreProps<T> {
  shown: Extract<PagedState<T>, { state: 'loaded' }>;
  loadMore(): void;
  /** "{shown} of {total} invoices". */
  countKey: MessageKey;
  /** Where the rows are: each `[data-row-id]`, its first link taking the focus when the button goes. */
  rows: RefObject<HTMLElement | null>;
}

/**
 * Below a paged list: how many are shown of how many match ("50 of 312 invoices") and "Load more"
 * while some are not shown. The button keeps the focus while it loads (aria-disabled, not
 * disabled) and after, the new rows appearing above it; when the last page leaves no button, the
 * focus goes to the first row it added.
 */
export function LoadMore<T>({ shown, loadMore, countKey, rows }: MoreProps<T>) {
  const t = useT();
  const format = useBusinessFormat();
  const button = useRef<HTMLButtonElement>(null);
  const hadFocus = useRef(false);
  const { listed, firstNew } = shown;
  useEffect(() => {
    if (!hadFocus.current || listed.next || !firstNew) return;
    hadFocus.current = false;
    const row = rows.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(firstNew)}"]`);
    (row?.querySelector<HTMLElement>('a, button') ?? row)?.focus();
  }, [listed, firstNew, rows]);
  return (
    <div className="toolbar list-pages">
      <p role="status" className="muted">
        {t(countKey, { shown: format.qty(listed.rows.length), total: format.qty(listed.total) })}
      </p>
      {listed.next && (
        <button
          ref={button}
          type="button"
          className="button-secondary load-more"
          aria-disabled={shown.more}
          onClick={() => {
            hadFocus.current = document.activeElement === button.current;
            loadMore();
          }}
        >
          {shown.more ? t('app.loading') : t('list.loadMore')}
        </button>
      )}
      {shown.moreCode && <FormAlert>{t.error(shown.moreCode)}</FormAlert>}
    </div>
  );
}
