import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AccessRole } from '../../src/kernel/http/access-roles.js';
import { ACCESS_ROLES } from '../../src/kernel/http/access-roles.js';
import { upsertGrant } from '../../src/accounts/access.repo.js';
import { createAccount, createApiToken, login } from '../../src/accounts/account.service.js';
import { ensureCommunity } from '../../src/communities/community.service.js';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/kernel/http/access.js';
import type { TestDatabase } from './databases.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface Session {
  cookie: string;
  csrfToken: string;
}

/**
 * An app plus one operator per access role in `community`, each reachable by API token (`as`) and by
 * browser session (`session`). `stranger` has a role only in another community.
 */
export async function testServer(store: TestDatabase, community: string, options: Partial<AppOptions> = {}) {
  const now = options.now ?? Date.now;
  const app: FastifyInstance = await buildApp({ handle: store, ...options });
  const home = await ensureCommunity(store.db, community, undefined, now());
  const elsewhere = await ensureCommunity(store.db, `${community}-other`, undefined, now());
  const tokens = {} as Record<AccessRole | 'stranger', string>;
  const emails = {} as Record<AccessRole | 'stranger', string>;
  for (const role of [...ACCESS_ROLES, 'stranger'] as const) {
    const email = `${role}@${community}.test`;
    const account = await createAccount(store.db, { email, password: TEST_PASSWORD }, now());
    await upsertGrant(store.db, {
      communityId: role === 'stranger' ? elsewhere.id : home.id,
      accountId: account.id,
      role: role === 'stranger' ? 'owner' : role,
      now: now(),
    });
    tokens[role] = (await createApiToken(store.db, account.id, 'tests', now())).token;
    emails[role] = email;
  }

  /** A request as `role` through its API token. */
  const as = (role: AccessRole | 'stranger', request: InjectOptions) =>
    app.inject({ ...request, headers: { ...request.headers, authorization: `Bearer ${tokens[role]}` } });

  /** A browser-like session for `role`: cookie plus the CSRF token for writes. */
  const session = async (role: AccessRole | 'stranger'): Promise<Session> => {
    const { sessionToken, caller } = await login(store.db, emails[role], TEST_PASSWORD, now());
    return { cookie: `${SESSION_COOKIE}=${sessionToken}`, csrfToken: caller.csrfToken! };
  };
  const withSession = (s: Session, request: InjectOptions, csrf = true) =>
    app.inject({
      ...request,
      headers: { ...request.headers, cookie: s.cookie, ...(csrf ? { [CSRF_HEADER]: s.csrfToken } : {}) },
    });

  return { app, home, elsewhere, tokens, emails, as, session, withSession };
}
