import { api, type Body, type Query, type Schema } from '../api/client';

export type MemberList = Schema<'MemberList'>;
export type MemberListItem = Schema<'MemberListItem'>;
export type MemberProfile = Schema<'MemberProfile'>;
export type MemberTier = Schema<'MemberTier'>;
export type DutyRole = Schema<'DutyRole'>;
export type MemberMerge = Schema<'MemberMerge'>;
export type MemberListQuery = Query<'/api/communities/{slug}/members'>;
export type MemberExportQuery = Query<'/api/communities/{slug}/members/export'>;
type RoleBody = Body<'/api/communities/{slug}/members/{memberId}/roles', 'put'>;

const member = (slug: string, memberId: number) => ({ path: { slug, memberId } });

/** Members: the list, a profile and its timeline, notes, tags, duty roles and the blacklist (src/members/*.routes.ts). */
export const membersApi = {
  list: (slug: string, query: MemberListQuery) => api.get('/api/communities/{slug}/members', { path: { slug }, query }),
  profile: (slug: string, memberId: number) =>
    api.get('/api/communities/{slug}/members/{memberId}', member(slug, memberId)),
  timeline: (slug: string, memberId: number, before?: number) =>
    api.get('/api/communities/{slug}/members/{memberId}/timeline', {
      ...member(slug, memberId),
      query: { before, limit: 30 },
    }),
  addNote: (slug: string, memberId: number, body: string) =>
    api.post('/api/communities/{slug}/members/{memberId}/notes', { ...member(slug, memberId), body: { body } }),
  /** Tags in use, with member counts. */
  tags: (slug: string) => api.get('/api/communities/{slug}/tags', { path: { slug } }),
  /** Adds (or with `remove`, removes) one manual tag on many members. */
  tag: (slug: string, body: Body<'/api/communities/{slug}/members/tags', 'post'>) =>
    api.post('/api/communities/{slug}/members/tags', { path: { slug }, body }),
  assignRole: (slug: string, memberId: number, body: RoleBody) =>
    api.put('/api/communities/{slug}/members/{memberId}/roles', { ...member(slug, memberId), body }),
  removeRole: (slug: string, memberId: number, body: RoleBody) =>
    api.delete('/api/communities/{slug}/members/{memberId}/roles', { ...member(slug, memberId), body }),
  /** Marks the member as a bot (out of the figures and the care list) or as a person again. */
  markBot: (slug: string, memberId: number, isBot: boolean) =>
    api.put('/api/communities/{slug}/members/{memberId}/bot', { ...member(slug, memberId), body: { isBot } }),
  blacklist: (slug: string, body: Body<'/api/communities/{slug}/blacklist', 'post'>) =>
    api.post('/api/communities/{slug}/blacklist', { path: { slug }, body }),
  /** Merges `otherMemberId` into `memberId` (the survivor); docs/identities.md. */
  merge: (slug: string, memberId: number, otherMemberId: number) =>
    api.post('/api/communities/{slug}/members/{memberId}/merge', {
      ...member(slug, memberId),
      body: { otherMemberId },
    }),
  merges: (slug: string, memberId: number) =>
    api.get('/api/communities/{slug}/members/{memberId}/merges', member(slug, memberId)),
  /** The member's camps with points, badges and milestones. */
  camps: (slug: string, memberId: number) =>
    api.get('/api/communities/{slug}/members/{memberId}/camps', member(slug, memberId)),
  /** Everything held about the member (docs/member-data.md); admins. */
  exportData: (slug: string, memberId: number) =>
    api.get('/api/communities/{slug}/members/{memberId}/export', member(slug, memberId)),
  anonymise: (slug: string, memberId: number, alsoRemove: string[]) =>
    api.post('/api/communities/{slug}/members/{memberId}/anonymise', {
      ...member(slug, memberId),
      body: { confirm: memberId, alsoRemove },
    }),
  erase: (slug: string, memberId: number) =>
    api.delete('/api/communities/{slug}/members/{memberId}', {
      ...member(slug, memberId),
      body: { confirm: memberId },
    }),
  undoMerge: (slug: string, mergeId: number) =>
    api.post('/api/communities/{slug}/member-merges/{mergeId}/undo', { path: { slug, mergeId } }),
};
