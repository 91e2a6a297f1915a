import { describe, expect, it } from 'vitest';
import { INITIAL_LIST, listParams, listReducer, moveSelection, pageCount } from './list-state';

describe('product list state', () => {
  it('goes back to the first page when the search or a filter changes', () => {
    const onPage3 = { ...INITIAL_LIST, page: 2 };
    expect(listReducer(onPage3, { type: 'search', q: 'café' })).toMatchObject({ q: 'café', page: 0 });
    expect(listReducer(onPage3, { type: 'filter', patch: { lowStock: true } })).toMatchObject({
      lowStock: true,
      page: 0,
    });
  });

  it('keeps the same state for a repeated search so nothing reloads', () => {
    const state = { ...INITIAL_LIST, q: 'té', page: 1 };
    expect(listReducer(state, { type: 'search', q: 'té' })).toBe(state);
  });

  it('toggles direction on the same sort key and starts updated-at newest first', () => {
    const byName = listReducer(INITIAL_LIST, { type: 'sort', sort: 'name' });
    expect(byName).toMatchObject({ sort: 'name', dir: 'desc' });
    expect(listReducer(byName, { type: 'sort', sort: 'updatedAt' })).toMatchObject({
      sort: 'updatedAt',
      dir: 'desc',
    });
    expect(listReducer(byName, { type: 'sort', sort: 'price' })).toMatchObject({ sort: 'price', dir: 'asc' });
  });

  it('clamps the page between the first and the last', () => {
    expect(listReducer(INITIAL_LIST, { type: 'page', page: 5, total: 120 }).page).toBe(2);
    expect(listReducer(INITIAL_LIST, { type: 'page', page: -1, total: 120 }).page).toBe(0);
    expect(pageCount(0)).toBe(1);
    expect(pageCount(101)).toBe(3);
  });

  it('turns the page into limit and offset, leaving out empty filters', () => {
    const params = listParams({ ...INITIAL_LIST, q: '  ', page: 2 });
    expect(params).toMatchObject({ limit: '50', offset: '100', status: 'active', sort: 'name', dir: 'asc' });
    expect(params.q).toBeUndefined();
    expect(params.lowStock).toBeUndefined();
  });

  it('moves the selected row with the arrow keys without leaving the page', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});
