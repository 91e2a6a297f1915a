/** The product list's query: search, filters, sort and page, kept in one reducer. */
export const PAGE_SIZE = 50;

export const SORT_KEYS = ['name', 'sku', 'price', 'updatedAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type StatusFilter = 'active' | 'inactive' | 'all';

export interface ListState {
  q: string;
  categoryId: string;
  status: StatusFilter;
  lowStock: boolean;
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** Zero-based. */
  page: number;
}

export const INITIAL_LIST: ListState = {
  q: '',
  categoryId: '',
  status: 'active',
  lowStock: false,
  sort: 'name',
  dir: 'asc',
  page: 0,
};

export type ListAction =
  | { type: 'search'; q: string }
  | { type: 'filter'; patch: Partial<Pick<ListState, 'categoryId' | 'status' | 'lowStock'>> }
  | { type: 'sort'; sort: SortKey }
  | { type: 'page'; page: number; total: number };

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}

export function listReducer(state: ListState, action: ListAction): ListState {
  switch (action.type) {
    // A new search or filter changes what page N means: back to the first page.
    case 'search':
      return state.q === action.q ? state : { ...state, q: action.q, page: 0 };
    case 'filter':
      return { ...state, ...action.patch, page: 0 };
    case 'sort': {
      if (state.sort === action.sort) return { ...state, dir: state.dir === 'asc' ? 'desc' : 'asc', page: 0 };
      // Newest first is what people want from "updated"; names and prices read upward.
      return { ...state, sort: action.sort, dir: action.sort === 'updatedAt' ? 'desc' : 'asc', page: 0 };
    }
    case 'page': {
      const last = pageCount(action.total) - 1;
      return { ...state, page: Math.min(Math.max(0, action.page), last) };
    }
  }
}

/** The filters as the list and export routes read them. */
export function filterParams(state: ListState): Record<string, string | undefined> {
  return {
    q: state.q.trim() || undefined,
    categoryId: state.categoryId || undefined,
    status: state.status,
    lowStock: state.lowStock ? '1' : undefined,
    sort: state.sort,
    dir: state.dir,
  };
}

export function listParams(state: ListState, size = PAGE_SIZE): Record<string, string | undefined> {
  return { ...filterParams(state), limit: String(size), offset: String(state.page * size) };
}

/** Where ↑/↓ move the selected row, staying inside the page. */
export function moveSelection(index: number, delta: number, rows: number): number {
  if (rows === 0) return -1;
  if (index < 0) return delta > 0 ? 0 : rows - 1;
  return Math.min(Math.max(0, index + delta), rows - 1);
}
