import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { apiUrl } from '../api/client';
import type { MemberExportQuery, MemberListQuery } from './api';
import { asTier } from './types';

/** The members list's filters, kept in the URL so a filtered list can be shared and survives reload. */
export const FILTER_KEYS = ['q', 'tier', 'tag', 'group', 'source', 'role', 'joinedFrom', 'joinedTo'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export type SortKey = NonNullable<MemberListQuery['sort']>;
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

/** The list's filters as the API takes them: the URL's text turned into a tier and a group id. */
function filterQuery({ filters, sort, order }: ListState): MemberExportQuery {
  const group = Number(filters.group);
  return {
    ...filters,
    tier: asTier(filters.tier),
    group: Number.isInteger(group) && group > 0 ? group : undefined,
    sort,
    order,
  };
}

/** The API query for a list state: its filters, sort and page. */
export function listQuery(state: ListState): MemberListQuery {
  const { format: _format, ...filters } = filterQuery(state);
  return { ...filters, limit: state.pageSize, offset: (state.page - 1) * state.pageSize };
}

/** The download link of the whole filtered list. */
export function exportUrl(slug: string, state: ListState, format: 'csv' | 'xlsx'): string {
  // The console's language: the file's headers and values come in it.
  const lang = document.documentElement.lang || 'zh-CN';
  return apiUrl('/api/communities/{slug}/members/export', {
    path: { slug },
    query: { format, lang, ...filterQuery(state) },
  });
}
