import { Type } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../kernel/http/schemas.js';
import { callerOf, communityOf, SESSION_COOKIE } from '../kernel/http/access.js';
import type { RouteModule } from '../kernel/http/route-module.js';
import { Me, Role, signIn } from './account.routes.js';
import { auditActorOf, communityActorOf, listAudit } from './audit.service.js';
import {
  changePassword,
  completePasswordReset,
  issuePasswordReset,
  lookupPasswordReset,
  signOutEverywhere,
} from './credentials.service.js';
import {
  acceptInvite,
  changeRole,
  inviteToTeam,
  lookupInvite,
  registerFromInvite,
  removeFromTeam,
  revokeInvite,
  teamOf,
} from './team.service.js';

const Slug = Type.Object({ slug: Type.String() });
const MemberParams = Type.Object({ slug: Type.String(), accountId: Type.Integer() });
const Token = Type.String({ minLength: 1, maxLength: 200 });
const Password = Type.String({ maxLength: 1024 });
// Link lookups and the pages' forms are public: a few tries per address, so a token cannot be guessed by volume.
const linkRateLimit = { max: 30, timeWindow: '15 minutes' };

const Member = Type.Object(
  {
    accountId: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: Type.String(),
    createdAt: Type.Number(),
  },
  { title: 'TeamMember' },
);
const Invite = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    role: Role,
    invitedBy: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.Number(),
    expiresAt: Type.Number(),
  },
  { title: 'TeamInvite' },
);
const Link = {
  token: Type.String({ description: 'Shown once; only its digest is stored.' }),
  path: Type.String({ description: "The console page the link opens, to put after the instance's address." }),
  expiresAt: Type.Number(),
};

/**
 * The team of a community: invitations, roles, removals, password reset links and the audit log;
 * and every operator's own password. Documented in docs/access.md.
 */
export const teamRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;

  api.get(
    '/communities/:slug/team',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'getTeam',
        tags: ['access'],
        params: Slug,
        response: {
          200: Type.Object({ members: Type.Array(Member), invites: Type.Array(Invite) }, { title: 'Team' }),
        },
      },
    },
    async (request) => teamOf(db, communityOf(request).community.id, now()),
  );

  api.post(
    '/communities/:slug/team/invites',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'inviteToTeam',
        tags: ['access'],
        description:
          'Invites an email with a role (admins: below admin; owners: any). The answer is the same whether or not the email has an account.',
        params: Slug,
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }), role: Role },
          { additionalProperties: false, title: 'InviteBody' },
        ),
        response: {
          201: Type.Object(
            { id: Type.Integer(), email: Type.String(), role: Role, ...Link },
            { title: 'CreatedInvite' },
          ),
        },
      },
    },
    async (request, reply) => {
      const invite = await inviteToTeam(db, { ...communityActorOf(request), ...request.body }, now());
      return reply.status(201).send(invite);
    },
  );

  api.delete(
    '/communities/:slug/team/invites/:inviteId',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'revokeInvite',
        tags: ['access'],
        params: Type.Object({ slug: Type.String(), inviteId: Type.Integer() }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await revokeInvite(db, { ...communityActorOf(request), inviteId: request.params.inviteId }, now());
      return reply.status(204).send(null);
    },
  );

  api.patch(
    '/communities/:slug/team/members/:accountId',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'changeTeamRole',
        tags: ['access'],
        params: MemberParams,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: {
          200: Type.Object({ accountId: Type.Integer(), email: Type.String(), role: Role }, { title: 'ChangedRole' }),
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      return changeRole(
        db,
        { ...communityActorOf(request), accountId: request.params.accountId, role: request.body.role },
        now(),
      );
    },
  );

  api.delete(
    '/communities/:slug/team/members/:accountId',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'removeFromTeam',
        tags: ['access'],
        params: MemberParams,
        response: { 204: Type.Null(), 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      await removeFromTeam(db, { ...communityActorOf(request), accountId: request.params.accountId }, now());
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/communities/:slug/team/members/:accountId/password-reset',
    {
      config: { access: { community: 'owner' } },
      schema: {
        operationId: 'issuePasswordReset',
        tags: ['access'],
        description:
          'A one-time link with which the member sets a new password. Owners: only for accounts whose every role is in communities they own; instance owners: anyone.',
        params: MemberParams,
        response: { 201: Type.Object(Link, { title: 'PasswordResetLink' }) },
      },
    },
    async (request, reply) => {
      const { community, caller } = communityOf(request);
      const link = await issuePasswordReset(
        db,
        { communityId: community.id, caller, actor: auditActorOf(request), accountId: request.params.accountId },
        now(),
      );
      return reply.status(201).send(link);
    },
  );

  api.get(
    '/communities/:slug/audit',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'listAudit',
        tags: ['access'],
        description:
          "The community's audit log of staff actions, newest first; pass nextBefore as before for the next page.",
        params: Slug,
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              entries: Type.Array(
                Type.Object(
                  {
                    id: Type.Integer(),
                    at: Type.Number(),
                    actorEmail: Type.Union([Type.String(), Type.Null()]),
                    action: Type.String(),
                    target: Type.Union([Type.String(), Type.Null()]),
                    detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
                    ip: Type.Union([Type.String(), Type.Null()]),
                  },
                  { title: 'AuditEntry' },
                ),
              ),
              nextBefore: Type.Union([Type.Integer(), Type.Null()]),
            },
            { title: 'AuditPage' },
          ),
        },
      },
    },
    async (request) => listAudit(db, communityOf(request).community.id, request.query),
  );

  // The invitee's side. Tokens travel in bodies, never in URLs, so no access log holds one.
  api.post(
    '/invites/lookup',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        operationId: 'lookupInvite',
        tags: ['auth'],
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              email: Type.String(),
              role: Role,
              community: Type.Object({ slug: Type.String(), name: Type.String() }),
              expiresAt: Type.Number(),
            },
            { title: 'InviteInfo' },
          ),
          404: ErrorResponse,
        },
      },
    },
    async (request) => lookupInvite(db, request.body.token, now()),
  );

  api.post(
    '/invites/accept',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'acceptInvite',
        tags: ['auth'],
        description: 'The signed-in operator accepts an invitation made out to their email.',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ slug: Type.String() }, { title: 'AcceptedInvite' }), 404: ErrorResponse },
      },
    },
    async (request) =>
      acceptInvite(db, { token: request.body.token, caller: callerOf(request), ip: request.ip }, now()),
  );

  api.post(
    '/invites/register',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        operationId: 'registerFromInvite',
        tags: ['auth'],
        description:
          'Someone without an account accepts an invitation: sets a name and password and is signed in (409 when the email has an account: sign in and accept).',
        body: Type.Object(
          { token: Token, name: Type.Optional(Type.String({ maxLength: 100 })), password: Password },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ slug: Type.String(), me: Me }, { title: 'Registered' }), 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { slug, ...session } = await registerFromInvite(db, { ...request.body, ip: request.ip }, now());
      return { slug, me: await signIn(db, request, reply, session) };
    },
  );

  api.post(
    '/password-resets/lookup',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        operationId: 'lookupPasswordReset',
        tags: ['auth'],
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ email: Type.String() }, { title: 'PasswordResetInfo' }), 404: ErrorResponse },
      },
    },
    async (request) => lookupPasswordReset(db, request.body.token, now()),
  );

  api.post(
    '/password-resets/complete',
    {
      config: { access: 'public', rateLimit: linkRateLimit },
      schema: {
        operationId: 'completePasswordReset',
        tags: ['auth'],
        description: "Sets a new password from a reset link, ends the account's sessions and API tokens, and signs in.",
        body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
        response: { 200: Me, 404: ErrorResponse },
      },
    },
    async (request, reply) => signIn(db, request, reply, await completePasswordReset(db, request.body, now())),
  );

  api.post(
    '/auth/password',
    {
      config: {
        access: 'account',
        rateLimit: { max: 10, timeWindow: '15 minutes', keyGenerator: (req: any) => `${req.ip}|pw` },
      },
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        description: "Changes the caller's password; every other session of the account ends, this one stays.",
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false, title: 'ChangePasswordBody' },
        ),
        response: { 200: Type.Object({ sessionsEnded: Type.Integer() }, { title: 'PasswordChanged' }) },
      },
    },
    async (request) =>
      changePassword(db, {
        accountId: callerOf(request).account.id,
        ...request.body,
        keepSession: request.cookies[SESSION_COOKIE],
      }),
  );

  api.post(
    '/auth/logout-everywhere',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'logoutEverywhere',
        tags: ['auth'],
        description: 'Ends every session of the caller, this one included.',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await signOutEverywhere(db, callerOf(request).account.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
