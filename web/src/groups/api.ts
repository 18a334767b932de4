import { api, type Body, type Schema } from '../api/client';
import type { RangeQuery } from '../ui/DateRange';

export type GroupSummary = Schema<'GroupSummary'>;
export type GroupDetail = Schema<'GroupDetail'>;
export type GroupDay = Schema<'GroupDay'>;
export type GroupStaff = Schema<'GroupStaff'>;

/** The community's groups (src/analytics/groups/group.routes.ts); other features list them too. */
export const groupsApi = {
  list: (slug: string, range: RangeQuery = {}) =>
    api.get('/api/communities/{slug}/groups', { path: { slug }, query: range }),
  get: (slug: string, groupId: number, range: RangeQuery = {}) =>
    api.get('/api/communities/{slug}/groups/{groupId}', { path: { slug, groupId }, query: range }),
  update: (slug: string, groupId: number, body: Body<'/api/communities/{slug}/groups/{groupId}', 'patch'>) =>
    api.patch('/api/communities/{slug}/groups/{groupId}', { path: { slug, groupId }, body }),
};

/** Query keys: one for the list, which the groups, members, persona and camp pages share. */
export const groupKeys = {
  list: (slug: string) => ['groups', slug] as const,
  /** The groups page's list for a range: under the list's key, so that invalidating the list reaches it. */
  listIn: (slug: string, range: RangeQuery) => ['groups', slug, range.from, range.to] as const,
  group: (slug: string, groupId: number, range: RangeQuery = {}) =>
    ['group', slug, groupId, range.from, range.to] as const,
};
