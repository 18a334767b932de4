import { api, type Schema } from '../api/client';
import type { RangeQuery } from '../ui/DateRange';

export type Overview = Schema<'Overview'>;
export type Report = Schema<'Report'>;
export type SilenceAlert = Schema<'SilenceAlert'>;

/** The community overview (src/analytics/overview/overview.routes.ts). */
export const overviewApi = {
  get: (slug: string, range: RangeQuery = {}) =>
    api.get('/api/communities/{slug}/overview', { path: { slug }, query: range }),
};
