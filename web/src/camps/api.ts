import { api, query } from '../api/client';
import type {
  Camp,
  CampBody,
  Dashboard,
  DayCheckin,
  EnrolResult,
  Enrolment,
  Flag,
  FlagAction,
  LeaderboardWindow,
  RoleModels,
  StaffLeaderboard,
} from './types';

const base = (slug: string) => `/communities/${encodeURIComponent(slug)}/camps`;

/** The staff camp API, one function per route (src/camps/camps.routes.ts). */
export const campApi = {
  list: (slug: string) => api.get<Camp[]>(base(slug)),
  get: (slug: string, campId: string) => api.get<Camp>(`${base(slug)}/${campId}`),
  create: (slug: string, body: CampBody) => api.post<Camp>(base(slug), body),
  update: (slug: string, campId: string, body: CampBody) => api.patch<Camp>(`${base(slug)}/${campId}`, body),
  enrol: (slug: string, campId: string, body: { groupId?: number; tag?: string; memberIds?: number[] }) =>
    api.post<EnrolResult>(`${base(slug)}/${campId}/enrolments`, body),
  enrolments: (slug: string, campId: string) => api.get<Enrolment[]>(`${base(slug)}/${campId}/enrolments`),
  checkins: (slug: string, campId: string, date?: string) =>
    api.get<DayCheckin[]>(`${base(slug)}/${campId}/checkins${query({ date })}`),
  voidCheckin: (slug: string, campId: string, checkinId: number, reason: string) =>
    api.post(`${base(slug)}/${campId}/checkins/${checkinId}/void`, { reason }),
  dashboard: (slug: string, campId: string, date?: string) =>
    api.get<Dashboard>(`${base(slug)}/${campId}/dashboard${query({ date })}`),
  flags: (slug: string, campId: string, status: 'open' | 'all') =>
    api.get<Flag[]>(`${base(slug)}/${campId}/flags${query({ status })}`),
  resolveFlag: (slug: string, campId: string, flagId: number, action: FlagAction, reason?: string) =>
    api.post(`${base(slug)}/${campId}/flags/${flagId}/resolve`, { action, ...(reason ? { reason } : {}) }),
  leaderboard: (slug: string, campId: string, window: LeaderboardWindow) =>
    api.get<StaffLeaderboard>(`${base(slug)}/${campId}/leaderboard${query({ window })}`),
  roleModels: (slug: string, campId: string, date?: string) =>
    api.get<RoleModels>(`${base(slug)}/${campId}/role-models${query({ date })}`),
};

/** Query keys: everything of one camp shares a prefix, so a write can refresh it all at once. */
export const campKeys = {
  list: (slug: string) => ['camps', slug] as const,
  camp: (slug: string, campId: string) => ['camps', slug, campId] as const,
};
