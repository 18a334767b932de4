import { api, type Schema } from '../api/client';

export type DutyRoleInfo = Schema<'DutyRoleInfo'>;
export type BlacklistEntry = Schema<'BlacklistEntry'>;

/** Duty roles with their holders, and the blacklist (src/members/member-operations.routes.ts). */
export const rolesApi = {
  dutyRoles: (slug: string) => api.get('/api/communities/{slug}/roles', { path: { slug } }),
  blacklist: (slug: string) => api.get('/api/communities/{slug}/blacklist', { path: { slug } }),
  /** Lifts an entry; the record stays, with the time it was lifted. */
  lift: (slug: string, id: number) => api.delete('/api/communities/{slug}/blacklist/{id}', { path: { slug, id } }),
};
