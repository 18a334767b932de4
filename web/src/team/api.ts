import { api, type Schema } from '../api/client';
import type { AccessRole } from '../auth/api';

export type TeamMember = Schema<'TeamMember'>;
export type TeamInvite = Schema<'TeamInvite'>;
export type CreatedInvite = Schema<'CreatedInvite'>;
export type AuditEntry = Schema<'AuditEntry'>;

/** A community's team and audit log (src/accounts/team.routes.ts). */
export const teamApi = {
  team: (slug: string) => api.get('/api/communities/{slug}/team', { path: { slug } }),
  invite: (slug: string, email: string, role: AccessRole) =>
    api.post('/api/communities/{slug}/team/invites', { path: { slug }, body: { email, role } }),
  revokeInvite: (slug: string, inviteId: number) =>
    api.delete('/api/communities/{slug}/team/invites/{inviteId}', { path: { slug, inviteId } }),
  changeRole: (slug: string, accountId: number, role: AccessRole) =>
    api.patch('/api/communities/{slug}/team/members/{accountId}', { path: { slug, accountId }, body: { role } }),
  remove: (slug: string, accountId: number) =>
    api.delete('/api/communities/{slug}/team/members/{accountId}', { path: { slug, accountId } }),
  resetPassword: (slug: string, accountId: number) =>
    api.post('/api/communities/{slug}/team/members/{accountId}/password-reset', { path: { slug, accountId } }),
  audit: (slug: string, before?: number) =>
    api.get('/api/communities/{slug}/audit', { path: { slug }, query: { limit: 50, before } }),
};

export const teamKeys = {
  team: (slug: string) => ['team', slug] as const,
  audit: (slug: string) => ['audit', slug] as const,
};

/** A link the server answers as a path (`/invite#…`), made whole with this console's address to copy. */
export const absoluteLink = (path: string) => `${window.location.origin}${path}`;
