import { api, type Body, type Schema } from '../api/client';

export type CareList = Schema<'CareList'>;
export type CareStaff = Schema<'CareStaff'>;
export type CareItem = Schema<'CareItem'>;
export type CareKind = Schema<'CareKind'>;

/** Today's care list and marking its items done (src/members/care/care.routes.ts). */
export const careApi = {
  list: (slug: string, day?: string) => api.get('/api/communities/{slug}/care', { path: { slug }, query: { day } }),
  markDone: (slug: string, body: Body<'/api/communities/{slug}/care/done', 'post'>) =>
    api.post('/api/communities/{slug}/care/done', { path: { slug }, body }),
};
