import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, setCsrfToken } from '../api/client';
import { authApi, type AccessRole, type Me } from './api';

interface AuthState {
  me: Me | null;
  loading: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const accept = useCallback((next: Me | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setMe(next);
  }, []);

  useEffect(() => {
    authApi
      .me()
      .then((answer) => accept(answer.account === null ? null : answer))
      .catch((error) => {
        console.warn('session check failed', error instanceof ApiError ? error.code : error);
        accept(null);
      })
      .finally(() => setLoading(false));
  }, [accept]);

  const login = useCallback(
    async (email: string, password: string) => accept(await authApi.login(email, password)),
    [accept],
  );
  const logout = useCallback(async () => {
    await authApi.logout();
    accept(null);
  }, [accept]);

  return <AuthContext.Provider value={{ me, loading, login, logout }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

const RANK: Record<AccessRole, number> = { owner: 5, admin: 4, operator: 3, assistant: 2, analyst: 1 };

/** A role's place on the ladder: higher is more powerful. */
export const roleRank = (role: AccessRole) => RANK[role];

/** Whether the signed-in operator holds at least `minimum` in the community (hides buttons; the server still checks). */
export function useCan(slug: string | undefined, minimum: AccessRole): boolean {
  const { me } = useAuth();
  const role = me?.communities.find((c) => c.slug === slug)?.role;
  return role !== undefined && RANK[role] >= RANK[minimum];
}
