import { api, type Body, type Schema } from '../api/client';

export type MemberState = Schema<'MemberCamp'>;
export type CheckinBody = Body<'/api/m/{token}/checkins', 'post'>;
export type CheckinAnswer = Schema<'CheckinResult'>;
export type CalendarEntry = Schema<'CalendarEntry'>;
export type Progress = Schema<'Progress'>;
export type LeaderboardWindow = Schema<'LeaderboardWindow'>;

const link = (token: string) => ({ path: { token } });

/** The member-page API: public routes where the personal token in the path is the credential. */
export const memberApi = {
  state: (token: string) => api.get('/api/m/{token}', link(token)),
  checkIn: (token: string, body: CheckinBody) => api.post('/api/m/{token}/checkins', { ...link(token), body }),
  setReminders: (token: string, optedOutOfReminders: boolean) =>
    api.patch('/api/m/{token}', { ...link(token), body: { optedOutOfReminders } }),
  leaderboard: (token: string, window: LeaderboardWindow) =>
    api.get('/api/m/{token}/leaderboard', { ...link(token), query: { window } }),
  uploadImage: (token: string, file: File) => {
    const form = new FormData();
    form.append('image', file);
    return api.post('/api/m/{token}/images', { ...link(token), body: form });
  },
  roleModels: (token: string) => api.get('/api/m/{token}/role-models', link(token)),
  /** A one-time code that links another platform's account to this member (docs/identities.md). */
  bindCode: (token: string) => api.post('/api/m/{token}/bind-code', link(token)),
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
