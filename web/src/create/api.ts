import { api, type Body, type Schema } from '../api/client';
import './locales';

export type MemberUploadResult = Schema<'MemberUploadResult'>;

/** Communities, groups and members made by hand (src/communities/communities.routes.ts, src/members/create/). */
export const createApi = {
  suggestSlug: (name: string) => api.get('/api/communities/slug-suggestion', { query: { name } }),
  community: (body: Body<'/api/communities', 'post'>) => api.post('/api/communities', { body }),
  group: (slug: string, body: Body<'/api/communities/{slug}/groups', 'post'>) =>
    api.post('/api/communities/{slug}/groups', { path: { slug }, body }),
  member: (slug: string, body: Body<'/api/communities/{slug}/members', 'post'>) =>
    api.post('/api/communities/{slug}/members', { path: { slug }, body }),
  upload: (slug: string, mode: 'preview' | 'create', file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.post('/api/communities/{slug}/members/upload', { path: { slug }, query: { mode }, body: form });
  },
};
