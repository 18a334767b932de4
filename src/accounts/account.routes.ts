import { Type } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../kernel/http/schemas.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../kernel/db/database.js';
import { type Caller, callerOf, communityOf, SESSION_COOKIE } from '../kernel/http/access.js';
import type { RouteModule } from '../kernel/http/route-module.js';
import { API_TOKEN_PREFIX, createApiToken, login, logout, SESSION_DAYS } from './account.service.js';
import { listApiTokens, revokeApiToken } from './account.repo.js';
import { accessList, communitiesOf, grantAccess, revokeAccess } from './access.service.js';
import { NotFoundError, TooManyRequestsError } from '../kernel/errors.js';
import { canonicalEmail } from './email.rules.js';
import { communityActorOf } from './audit.service.js';

export const Role = Type.Union(
  [
    Type.Literal('owner'),
    Type.Literal('admin'),
    Type.Literal('operator'),
    Type.Literal('assistant'),
    Type.Literal('analyst'),
  ],
  { title: 'AccessRole' },
);
export const Me = Type.Object(
  {
    account: Type.Object(
      { id: Type.Integer(), email: Type.String(), name: Type.String(), isInstanceOwner: Type.Boolean() },
      { title: 'Account' },
    ),
    csrfToken: Type.Union([Type.String(), Type.Null()]),
    communities: Type.Array(
      Type.Object(
        { slug: Type.String(), name: Type.String(), timezone: Type.String(), role: Role },
        { title: 'CommunityAccess' },
      ),
    ),
  },
  { title: 'Me' },
);

const SignedOut = Type.Object(
  { account: Type.Null(), csrfToken: Type.Null(), communities: Type.Array(Type.Never()) },
  { title: 'SignedOut' },
);

/** Sets the session cookie of a new session and answers as `Me` (sign-in, accepted invitation, reset). */
export async function signIn(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  { sessionToken, caller }: { sessionToken: string; caller: Caller },
) {
  reply.setCookie(SESSION_COOKIE, sessionToken, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: SESSION_DAYS * 86_400,
  });
  return {
    account: caller.account,
    csrfToken: caller.csrfToken ?? null,
    communities: await communitiesOf(db, caller),
  };
}

/** Sign-in, the caller's own profile and API tokens, and who has access to a community. */
export const accountRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;

  // Two limits on sign-in, both counting every attempt, right or wrong. Per account: ten guesses at
  // one account in 15 minutes, from however many addresses, under its canonical email so that no
  // spelling of the address escapes the count or reaches a locked account. Per client address (as
  // the trusted proxy saw it, see SHEQUN_TRUST_PROXY): a spray of guesses across many accounts.
  // The address is counted first, so a flood of made-up emails from one address adds no more than
  // 30 entries to the per-account counts (each a table of recent keys) before it is stopped.
  const limits = [
    api.createRateLimit({ max: 30, timeWindow: '15 minutes', keyGenerator: (req) => `address|${req.ip}` }),
    api.createRateLimit({
      max: 10,
      timeWindow: '15 minutes',
      keyGenerator: (req) => `account|${canonicalEmail(String((req.body as { email?: unknown })?.email ?? ''))}`,
    }),
  ];
  const signInLimits = async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of limits) {
      const result = await limit(request);
      if (result.isAllowed || !result.isExceeded) continue;
      reply.header('retry-after', result.ttlInSeconds);
      throw new TooManyRequestsError('too many sign-in attempts; try again later');
    }
  };

  api.post(
    '/auth/login',
    {
      config: { access: 'public' },
      // After the body is parsed, so the limits can read the email.
      preHandler: signInLimits,
      schema: {
        operationId: 'login',
        tags: ['auth'],
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false, title: 'LoginBody' },
        ),
        response: { 200: Me, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await login(db, request.body.email, request.body.password, now());
      return signIn(db, request, reply, session);
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { access: 'account' },
      schema: { operationId: 'logout', tags: ['auth'], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) await logout(db, session, now());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  // Public, so that asking "am I signed in?" is an answer (signedOut) rather than an error the
  // browser logs on every visit to the sign-in page.
  api.get(
    '/auth/me',
    {
      config: { access: 'public' },
      schema: { operationId: 'me', tags: ['auth'], response: { 200: Type.Union([Me, SignedOut]) } },
    },
    async (request) => {
      const caller = request.caller;
      if (!caller) return { account: null, csrfToken: null, communities: [] };
      return {
        account: caller.account,
        csrfToken: caller.csrfToken ?? null,
        communities: await communitiesOf(db, caller),
      };
    },
  );

  const TokenInfo = Type.Object(
    {
      id: Type.Integer(),
      name: Type.String(),
      createdAt: Type.Number(),
      lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
    },
    { title: 'ApiToken' },
  );
  api.get(
    '/tokens',
    {
      config: { access: 'account' },
      schema: { operationId: 'listTokens', tags: ['auth'], response: { 200: Type.Array(TokenInfo) } },
    },
    async (request) => {
      const rows = await listApiTokens(db, callerOf(request).account.id);
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
    },
  );

  api.post(
    '/tokens',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'createToken',
        tags: ['auth'],
        description: `Creates an API token (starting with ${API_TOKEN_PREFIX}) that acts as the caller; it is shown once.`,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object(
            { id: Type.Integer(), name: Type.String(), createdAt: Type.Number(), token: Type.String() },
            { title: 'CreatedApiToken' },
          ),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(db, callerOf(request).account.id, request.body.name, now())),
  );

  api.delete(
    '/tokens/:id',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'revokeToken',
        tags: ['auth'],
        params: Type.Object({ id: Type.Integer() }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const revoked = await db
        .transaction()
        .execute((trx) => revokeApiToken(trx, callerOf(request).account.id, request.params.id, now()));
      if (!revoked) throw new NotFoundError('token');
      return reply.status(204).send(null);
    },
  );

  const Slug = Type.Object({ slug: Type.String() });
  const Grant = Type.Object(
    {
      accountId: Type.Integer(),
      email: Type.String(),
      name: Type.String(),
      role: Type.String(),
      createdAt: Type.Number(),
    },
    { title: 'AccessGrant' },
  );
  api.get(
    '/communities/:slug/access',
    {
      config: { access: { community: 'admin' } },
      schema: { operationId: 'listAccess', tags: ['access'], params: Slug, response: { 200: Type.Array(Grant) } },
    },
    async (request) => accessList(db, communityOf(request).community.id),
  );

  api.put(
    '/communities/:slug/access',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'grantAccess',
        tags: ['access'],
        description:
          "Changes the role of someone already on the community's team (404 for anyone else); newcomers join by invitation (POST /communities/{slug}/team/invites).",
        params: Slug,
        body: Type.Object({ email: Type.String(), role: Role }, { additionalProperties: false }),
        response: {
          200: Type.Object({ accountId: Type.Integer(), email: Type.String(), role: Role }, { title: 'GrantedAccess' }),
        },
      },
    },
    async (request) => {
      return grantAccess(
        db,
        { ...communityActorOf(request), email: request.body.email, role: request.body.role },
        now(),
      );
    },
  );

  api.delete(
    '/communities/:slug/access/:accountId',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'revokeAccess',
        tags: ['access'],
        params: Type.Object({ slug: Type.String(), accountId: Type.Integer() }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await revokeAccess(db, { ...communityActorOf(request), accountId: request.params.accountId }, now());
      return reply.status(204).send(null);
    },
  );
};
