import { api, type Schema } from '../api/client';

export type Persona = Schema<'Persona'>;

/** Persona charts for the community or one group (src/members/member-operations.routes.ts). */
export const personaApi = {
  get: (slug: string, group?: number) =>
    api.get('/api/communities/{slug}/persona', { path: { slug }, query: { group } }),
};
