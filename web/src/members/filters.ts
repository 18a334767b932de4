import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { query } from '../api/client';

/** The members list's filters, kept in the URL so a filtered list can be shared and survives reload. */
export const FILTER_KEYS = ['q', 'tier', 'tag', 'group', 'source', 'role', 'joinedFrom', 'joinedTo'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export type SortKey = 'lastActive' | 'messages' | 'name' | 'joined';
export const SORT_KEYS: SortKey[] = ['lastActive', 'messages', 'name', 'joined'];

export interface ListState {
  filters: Filters;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const PAGE_SIZES = [20, 50, 100];

export function useListState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo<ListState>(() => {
    const filters: Filters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) filters[key] = value;
    }
    const sort = params.get('sort') as SortKey | null;
    const size = Number(params.get('size'));
    return {
      filters,
      sort: sort && SORT_KEYS.includes(sort) ? sort : 'lastActive',
      order: params.get('order') === 'asc' ? 'asc' : 'desc',
      page: Math.max(1, Number(params.get('page')) || 1),
      pageSize: PAGE_SIZES.includes(size) ? size : 20,
    };
  }, [params]);

  /** Merges changes into the URL; any filter change returns to the first page. */
  const update = useCallback(
    (changes: Partial<Record<FilterKey | 'sort' | 'order' | 'page' | 'size', string | number | undefined>>) => {
      // Start from the address bar, not this render's copy: the router commits navigations in a
      // transition, so two quick changes would otherwise lose the first.
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      setParams(next);
    },
    [setParams],
  );

  const clear = useCallback(() => setParams(new URLSearchParams()), [setParams]);
  return { state, update, clear };
}

/** The API query string for a list state (also used, minus paging, for the export links). */
export function listQuery(state: ListState, paging = true): string {
  return query({
    ...state.filters,
    sort: state.sort,
    order: state.order,
    limit: paging ? state.pageSize : undefined,
    offset: paging ? (state.page - 1) * state.pageSize : undefined,
  });
}

export function exportUrl(slug: string, state: ListState, format: 'csv' | 'xlsx'): string {
  const rest = listQuery(state, false).slice(1);
  return `/api/communities/${encodeURIComponent(slug)}/members/export?format=${format}${rest ? `&${rest}` : ''}`;
}
