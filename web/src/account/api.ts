import type { TFunction } from 'i18next';
import { api, ApiError } from '../api/client';

/** The signed-in operator's password and sessions; invitation and reset links (src/accounts/team.routes.ts). */
export const accountApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post('/api/auth/password', { body: { currentPassword, newPassword } }),
  logoutEverywhere: () => api.post('/api/auth/logout-everywhere'),
  lookupInvite: (token: string) => api.post('/api/invites/lookup', { body: { token } }),
  acceptInvite: (token: string) => api.post('/api/invites/accept', { body: { token } }),
  register: (token: string, name: string | undefined, password: string) =>
    api.post('/api/invites/register', { body: { token, name, password } }),
  lookupReset: (token: string) => api.post('/api/password-resets/lookup', { body: { token } }),
  completeReset: (token: string, password: string) =>
    api.post('/api/password-resets/complete', { body: { token, password } }),
};

export const MIN_PASSWORD_LENGTH = 10;

/** The token of a link page: it rides in the URL's fragment, which never reaches a server. */
export const linkToken = () => window.location.hash.slice(1);

/** An API error in the reader's words where the server gives a known code. */
export function errorText(t: TFunction<'account'>, error: unknown): string {
  if (error instanceof ApiError && error.code === 'PASSWORD_TOO_SHORT')
    return t('passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (error instanceof ApiError && error.code === 'WRONG_PASSWORD') return t('wrongPassword');
  return t('failed', { message: (error as Error).message });
}
