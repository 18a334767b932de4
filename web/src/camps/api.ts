import { api, type Body, type Schema } from '../api/client';

export type Camp = Schema<'Camp'>;
export type CampListItem = Schema<'CampListItem'>;
export type CampCreateBody = Schema<'CampCreateBody'>;
export type CampUpdateBody = Schema<'CampUpdateBody'>;
export type EnrolResult = Schema<'EnrolResult'>;
export type Enrolment = Schema<'Enrolment'>;
export type DayCheckin = Schema<'DayCheckin'>;
export type Dashboard = Schema<'CampDashboard'>;
export type Flag = Schema<'CopyFlag'>;
export type FlagAction = Schema<'FlagAction'>;
export type StaffLeaderboard = Schema<'StaffLeaderboard'>;
export type LeaderboardWindow = Schema<'LeaderboardWindow'>;
export type TemplateName = Schema<'TemplateName'>;

const camp = (slug: string, campId: number) => ({ path: { slug, campId } });

/** The staff camp API, one function per route (src/camps/camp/camps.routes.ts, src/camps/dashboard/camp-insights.routes.ts). */
export const campApi = {
  list: (slug: string) => api.get('/api/communities/{slug}/camps', { path: { slug } }),
  get: (slug: string, campId: number) => api.get('/api/communities/{slug}/camps/{campId}', camp(slug, campId)),
  create: (slug: string, body: CampCreateBody) => api.post('/api/communities/{slug}/camps', { path: { slug }, body }),
  update: (slug: string, campId: number, body: CampUpdateBody) =>
    api.patch('/api/communities/{slug}/camps/{campId}', { ...camp(slug, campId), body }),
  enrol: (slug: string, campId: number, body: Body<'/api/communities/{slug}/camps/{campId}/enrolments', 'post'>) =>
    api.post('/api/communities/{slug}/camps/{campId}/enrolments', { ...camp(slug, campId), body }),
  reissueLink: (slug: string, campId: number, memberId: number) =>
    api.post('/api/communities/{slug}/camps/{campId}/members/{memberId}/link', {
      path: { slug, campId, memberId },
    }),
  publicUrl: () => api.get('/api/public-url'),
  enrolments: (slug: string, campId: number) =>
    api.get('/api/communities/{slug}/camps/{campId}/enrolments', camp(slug, campId)),
  checkins: (slug: string, campId: number, date?: string) =>
    api.get('/api/communities/{slug}/camps/{campId}/checkins', { ...camp(slug, campId), query: { date } }),
  voidCheckin: (slug: string, campId: number, checkinId: number, reason: string) =>
    api.post('/api/communities/{slug}/camps/{campId}/checkins/{checkinId}/void', {
      path: { slug, campId, checkinId },
      body: { reason },
    }),
  dashboard: (slug: string, campId: number, date?: string) =>
    api.get('/api/communities/{slug}/camps/{campId}/dashboard', { ...camp(slug, campId), query: { date } }),
  flags: (slug: string, campId: number, status: 'open' | 'all') =>
    api.get('/api/communities/{slug}/camps/{campId}/flags', { ...camp(slug, campId), query: { status } }),
  resolveFlag: (slug: string, campId: number, flagId: number, action: FlagAction, reason?: string) =>
    api.post('/api/communities/{slug}/camps/{campId}/flags/{flagId}/resolve', {
      path: { slug, campId, flagId },
      body: { action, ...(reason ? { reason } : {}) },
    }),
  leaderboard: (slug: string, campId: number, window: LeaderboardWindow) =>
    api.get('/api/communities/{slug}/camps/{campId}/leaderboard', { ...camp(slug, campId), query: { window } }),
  roleModels: (slug: string, campId: number, date?: string) =>
    api.get('/api/communities/{slug}/camps/{campId}/role-models', { ...camp(slug, campId), query: { date } }),
};

/** A check-in's photo, for an <img> (staff fetch it with their session). */
export const checkinImageUrl = (slug: string, campId: number, checkinId: number) =>
  `/api/communities/${encodeURIComponent(slug)}/camps/${campId}/checkins/${checkinId}/image`;

/** Query keys: everything of one camp shares a prefix, so a write can refresh it all at once. */
export const campKeys = {
  list: (slug: string) => ['camps', slug] as const,
  camp: (slug: string, campId: number) => ['camps', slug, campId] as const,
};
