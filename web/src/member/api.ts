import { api, query } from '../api/client';
import type { LeaderboardWindow } from '../camps/types';
import type { CheckinAnswer, CheckinBody, MemberLeaderboard, MemberRoleModels, MemberState } from './types';

const base = (token: string) => `/m/${encodeURIComponent(token)}`;

/** The member-page API: public routes where the personal token in the path is the credential. */
export const memberApi = {
  state: (token: string) => api.get<MemberState>(base(token)),
  checkIn: (token: string, body: CheckinBody) => api.post<CheckinAnswer>(`${base(token)}/checkins`, body),
  setReminders: (token: string, optedOutOfReminders: boolean) =>
    api.patch<{ optedOutOfReminders: boolean }>(base(token), { optedOutOfReminders }),
  leaderboard: (token: string, window: LeaderboardWindow) =>
    api.get<MemberLeaderboard>(`${base(token)}/leaderboard${query({ window })}`),
  uploadImage: (token: string, file: File) => {
    const form = new FormData();
    form.append('image', file);
    return api.post<{ imageId: string }>(`${base(token)}/images`, form);
  },
  roleModels: (token: string) => api.get<MemberRoleModels>(`${base(token)}/role-models`),
};

/**
 * A fresh idempotency key for one check-in attempt, so a retry after a lost answer never counts
 * twice. getRandomValues rather than randomUUID: the latter needs HTTPS, and a self-hosted server
 * may be reached over plain HTTP on a LAN.
 */
export function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
