import { api, type Body, type Schema } from '../api/client';

export type GroupSummary = Schema<'GroupSummary'>;
export type GroupDetail = Schema<'GroupDetail'>;
export type GroupDay = Schema<'GroupDay'>;
export type GroupStaff = Schema<'GroupStaff'>;

/** The community's groups (src/analytics/groups/group.routes.ts); other features list them too. */
export const groupsApi = {
  list: (slug: string) => api.get('/api/communities/{slug}/groups', { path: { slug } }),
  get: (slug: string, groupId: number) =>
    api.get('/api/communities/{slug}/groups/{groupId}', { path: { slug, groupId } }),
  update: (slug: string, groupId: number, body: Body<'/api/communities/{slug}/groups/{groupId}', 'patch'>) =>
    api.patch('/api/communities/{slug}/groups/{groupId}', { path: { slug, groupId }, body }),
};

/** Query keys: one for the list, which the groups, members, persona and camp pages share. */
export const groupKeys = {
  list: (slug: string) => ['groups', slug] as const,
  group: (slug: string, groupId: number) => ['group', slug, groupId] as const,
};
