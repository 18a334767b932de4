import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Caller } from '../../accounts/account.service.js';
import { callerFromApiToken, callerFromSession } from '../../accounts/account.service.js';
import { roleIn } from '../../accounts/access.service.js';
import { hasRole, type AccessRole } from '../../accounts/access.rules.js';
import { findCommunityBySlug } from '../../communities/community.repo.js';
import type { Db } from '../db/database.js';
import type { Community } from '../db/schema.js';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.js';

/**
 * Who may call a route. Every route under /api declares one; registration fails without it, so no
 * route is open by omission.
 * - `public`: anyone (health, login);
 * - `account`: any signed-in operator (their own profile and tokens);
 * - `{ community: role }`: the route has a `:slug` parameter and needs at least `role` there.
 */
export type RouteAccess = 'public' | 'account' | { community: AccessRole };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    caller: Caller | null;
    /** Set on community routes once access is checked. */
    community: Community | null;
    accessRole: AccessRole | null;
  }
}

export const SESSION_COOKIE = 'shequn_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends AppError {
  constructor() {
    super('CSRF', `missing or wrong ${CSRF_HEADER} header`, 403);
  }
}

/** The signed-in caller, or a 401: for handlers of routes that are not `public`. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new UnauthorizedError();
  return request.caller;
}

/** The checked community and role of a community route. */
export function communityOf(request: FastifyRequest): { community: Community; role: AccessRole; caller: Caller } {
  if (!request.community || !request.accessRole)
    throw new Error('communityOf() used on a route without community access');
  return { community: request.community, role: request.accessRole, caller: callerOf(request) };
}

async function authenticate(db: Db, request: FastifyRequest, now: number): Promise<Caller | null> {
  const header = request.headers.authorization;
  if (header) {
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const caller = token ? await callerFromApiToken(db, token, now) : null;
    // A wrong token is an error even on public routes: a script should learn its token is bad.
    if (!caller) throw new UnauthorizedError('missing or wrong API token');
    return caller;
  }
  const session = request.cookies?.[SESSION_COOKIE];
  return session ? callerFromSession(db, session, now) : null;
}

/**
 * Authentication (session cookie or bearer token), CSRF for cookie-authenticated writes, and the
 * role check of every route, in one place so that routes cannot forget them.
 */
export function registerAccessControl(app: FastifyInstance, db: Db, clock: () => number = Date.now): void {
  app.decorateRequest('caller', null);
  app.decorateRequest('community', null);
  app.decorateRequest('accessRole', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access`);
    if (typeof access === 'object' && !route.url.includes('/:slug'))
      throw new Error(`community route ${route.url} has no :slug`);
    // Shown in the OpenAPI document, and read from there by the role-matrix test.
    route.schema = {
      ...route.schema,
      'x-access': typeof access === 'object' ? access.community : access,
    } as typeof route.schema;
  });

  // onRequest, before the body is read: strangers never get an upload parsed or a validation hint.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    request.caller = await authenticate(db, request, clock());
    if (access === 'public') return;
    const caller = callerOf(request);
    if (
      caller.via === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      request.headers[CSRF_HEADER] !== caller.csrfToken
    ) {
      throw new CsrfError();
    }
    if (access === 'account') return;
    const slug = (request.params as { slug?: string }).slug ?? '';
    // A lookup, not getCommunity(): a malformed slug simply matches nothing, while a database
    // failure must stay a 500 rather than pass for "not found".
    const community = await findCommunityBySlug(db, slug);
    const role = community ? await roleIn(db, caller, community.id) : null;
    // A community the caller has no role in looks the same as one that does not exist.
    if (!community || !role) throw new NotFoundError(`community "${slug}"`);
    if (!hasRole(role, access.community))
      throw new ForbiddenError(`this needs the ${access.community} role; you are ${role}`);
    request.community = community;
    request.accessRole = role;
  });
}
