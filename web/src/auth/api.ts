import { api, type Schema } from '../api/client';

export type Me = Schema<'Me'>;
export type CommunityAccess = Schema<'CommunityAccess'>;
export type AccessRole = Schema<'AccessRole'>;

/** Signing in and out, and who is signed in (src/accounts/account.routes.ts). */
export const authApi = {
  /** The signed-in operator, or the signed-out answer (`account: null`). */
  me: () => api.get('/api/auth/me'),
  login: (email: string, password: string) => api.post('/api/auth/login', { body: { email, password } }),
  logout: () => api.post('/api/auth/logout'),
};
