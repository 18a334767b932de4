import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Account } from '../db/schema-operations.js';
import type { Community } from '../db/schema.js';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.js';
import { type AccessRole, hasRole } from './access-roles.js';

/** A signed-in operator, by session cookie or API token. */
export interface Caller {
  account: Pick<Account, 'id' | 'email' | 'name'> & { isInstanceOwner: boolean };
  via: 'session' | 'token';
  /** Set for sessions: cookie-authenticated writes must echo it. */
  csrfToken?: string;
}

/**
 * What the access check asks of the features that own accounts and communities; the wiring
 * (server/) supplies it, so the kernel knows neither.
 */
export interface AccessResolver {
  /** The caller behind an API token, or null when the token is wrong or revoked. */
  callerFromApiToken(token: string, now: number): Promise<Caller | null>;
  /** The caller behind a session cookie, or null when it is unknown or expired. */
  callerFromSession(sessionToken: string, now: number): Promise<Caller | null>;
  /** The community a route's `:slug` names; a malformed slug simply matches nothing. */
  findCommunity(slug: string): Promise<Community | undefined>;
  /** The caller's role in the community, or null without one. */
  roleIn(caller: Caller, communityId: number): Promise<AccessRole | null>;
}

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

async function authenticate(resolver: AccessResolver, request: FastifyRequest, now: number): Promise<Caller | null> {
  const header = request.headers.authorization;
  if (header) {
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const caller = token ? await resolver.callerFromApiToken(token, now) : null;
    // A wrong token is an error even on public routes: a script should learn its token is bad.
    if (!caller) throw new UnauthorizedError('missing or wrong API token');
    return caller;
  }
  const session = request.cookies?.[SESSION_COOKIE];
  return session ? resolver.callerFromSession(session, now) : null;
}

/**
 * Authentication (session cookie or bearer token), CSRF for cookie-authenticated writes, and the
 * role check of every route, in one place so that routes cannot forget them.
 */
export function registerAccessControl(
  app: FastifyInstance,
  resolver: AccessResolver,
  clock: () => number = Date.now,
): void {
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
    request.caller = await authenticate(resolver, request, clock());
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
    // A lookup, not a getter that throws: a malformed slug simply matches nothing, while a
    // database failure must stay a 500 rather than pass for "not found".
    const community = await resolver.findCommunity(slug);
    const role = community ? await resolver.roleIn(caller, community.id) : null;
    // A community the caller has no role in looks the same as one that does not exist.
    if (!community || !role) throw new NotFoundError(`community "${slug}"`);
    if (!hasRole(role, access.community))
      throw new ForbiddenError(`this needs the ${access.community} role; you are ${role}`);
    request.community = community;
    request.accessRole = role;
  });
}
