import { api, type Schema } from '../api/client';

export type Overview = Schema<'Overview'>;
export type Report = Schema<'Report'>;
export type SilenceAlert = Schema<'SilenceAlert'>;

/** The community overview (src/analytics/overview/overview.routes.ts). */
export const overviewApi = {
  get: (slug: string) => api.get('/api/communities/{slug}/overview', { path: { slug } }),
};
