import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../kernel/http/schemas.js';
import { addToBlacklist, liftBlacklistEntry, listBlacklist } from './roles/blacklist.service.js';
import { auditActorOf } from '../accounts/audit.service.js';
import { REASON_MAX_LENGTH } from './roles/blacklist.rules.js';
import {
  BlacklistEntrySchema,
  DutyRolesSchema,
  HeldRoleSchema,
  MemberParams,
  PersonaSchema,
  RoleBodySchema,
} from './member.schemas.js';
import { buildPersona } from './tags/persona.service.js';
import { assignRole, dutyRoles, rolesOfMember, type StaffChangeHook, unassignRole } from './roles/role.service.js';
import { bulkTag, listTags } from './tags/tag.service.js';
import { markBot } from './bot-mark.service.js';
import { BULK_TAG_MAX_MEMBERS } from './tags/tag.rules.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse };
const Id = Type.Integer({ minimum: 1 });
const GroupQuery = Type.Object({ group: Type.Optional(Id) }, { additionalProperties: false });

/** Tags, duty roles, the blacklist and personas. Every write needs the operator role. */
export interface MemberRouteDeps extends RouteContext {
  /** What follows a change of who is staff (the service desk's questions), in its transaction. */
  onStaffChanged: StaffChangeHook;
}

export const memberOperationsRoutes: RouteModule<MemberRouteDeps> = (api, { handle, now, onStaffChanged }) => {
  const { db } = handle;

  api.post(
    '/communities/:slug/members/tags',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'tagMembers',
        tags: ['tags'],
        description: 'Adds (or with `remove`, removes) one manual tag on many members, all or nothing.',
        params: SlugParams,
        body: Type.Object(
          {
            tag: Type.String({ maxLength: 64 }),
            memberIds: Type.Array(Id, { minItems: 1, maxItems: BULK_TAG_MAX_MEMBERS }),
            remove: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, title: 'BulkTagBody' },
        ),
        response: { 200: Type.Object({ changed: Type.Number() }), 400: ErrorResponse },
      },
    },
    async (request) => bulkTag(db, communityOf(request).community.id, request.body, now()),
  );

  api.get(
    '/communities/:slug/tags',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listTags',
        tags: ['tags'],
        params: SlugParams,
        querystring: GroupQuery,
        response: {
          200: Type.Array(
            Type.Object({ tag: Type.String(), source: Type.String(), members: Type.Number() }, { title: 'TagCount' }),
          ),
        },
      },
    },
    async (request) => listTags(db, communityOf(request).community.id, request.query.group),
  );

  api.get(
    '/communities/:slug/roles',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listDutyRoles',
        tags: ['roles'],
        description: 'Duty roles with their duties (en, zh) and who holds them.',
        params: SlugParams,
        response: { 200: DutyRolesSchema },
      },
    },
    async (request) => dutyRoles(db, communityOf(request).community.id),
  );

  api.put(
    '/communities/:slug/members/:memberId/roles',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'assignMemberRole',
        tags: ['roles'],
        description:
          'Grants a duty role in one group, or community-wide when groupId is omitted or null. Returns the member’s roles.',
        params: MemberParams,
        body: RoleBodySchema,
        response: { 200: Type.Array(HeldRoleSchema), ...errors },
      },
    },
    async (request) => {
      const communityId = communityOf(request).community.id;
      const { memberId } = request.params;
      await assignRole(
        db,
        {
          communityId,
          memberId,
          role: request.body.role,
          groupId: request.body.groupId ?? null,
          now: now(),
        },
        onStaffChanged,
      );
      return rolesOfMember(db, communityId, memberId);
    },
  );

  api.put(
    '/communities/:slug/members/:memberId/bot',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'markMemberBot',
        tags: ['members'],
        description:
          'Marks the member as a bot (`isBot: true`: out of the figures, the care list and the member list) or as a person again; rebuilds their rollups.',
        params: MemberParams,
        body: Type.Object({ isBot: Type.Boolean() }, { additionalProperties: false, title: 'MarkBotBody' }),
        response: { 200: Type.Object({ isBot: Type.Boolean(), changed: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      const { isBot } = request.body;
      const target = { communityId: communityOf(request).community.id, memberId: request.params.memberId, isBot };
      return { isBot, changed: await markBot(db, target, onStaffChanged, now()) };
    },
  );

  api.delete(
    '/communities/:slug/members/:memberId/roles',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'removeMemberRole',
        tags: ['roles'],
        params: MemberParams,
        body: RoleBodySchema,
        response: { 200: Type.Array(HeldRoleSchema), ...errors },
      },
    },
    async (request) => {
      const communityId = communityOf(request).community.id;
      const { memberId } = request.params;
      await unassignRole(
        db,
        { communityId, memberId, role: request.body.role, groupId: request.body.groupId ?? null },
        onStaffChanged,
      );
      return rolesOfMember(db, communityId, memberId);
    },
  );

  api.get(
    '/communities/:slug/blacklist',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listBlacklist',
        tags: ['blacklist'],
        params: SlugParams,
        querystring: Type.Object(
          { active: Type.Optional(Type.Boolean({ description: 'Only entries not lifted' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(BlacklistEntrySchema) },
      },
    },
    async (request) =>
      listBlacklist(db, communityOf(request).community.id, { activeOnly: request.query.active === true }),
  );

  api.post(
    '/communities/:slug/blacklist',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'addToBlacklist',
        tags: ['blacklist'],
        description:
          'Records a mute or removal with its reason and the acting operator. Only the record is kept for now; the platform action will go through the outbox.',
        params: SlugParams,
        body: Type.Object(
          {
            memberId: Id,
            action: Type.Union([Type.Literal('mute'), Type.Literal('remove')]),
            reason: Type.String({ minLength: 1, maxLength: REASON_MAX_LENGTH }),
          },
          { additionalProperties: false, title: 'BlacklistBody' },
        ),
        response: { 201: BlacklistEntrySchema, ...errors, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { community, caller } = communityOf(request);
      const entry = await addToBlacklist(
        db,
        { communityId: community.id, ...request.body, accountId: caller.account.id },
        now(),
        auditActorOf(request),
      );
      return reply.status(201).send(entry);
    },
  );

  api.delete(
    '/communities/:slug/blacklist/:id',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'liftBlacklistEntry',
        tags: ['blacklist'],
        description: 'Lifts an entry; the record stays with the time it was lifted.',
        params: Type.Object({ slug: Type.String({ maxLength: 64 }), id: Id }),
        response: { 200: BlacklistEntrySchema, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) =>
      liftBlacklistEntry(db, communityOf(request).community.id, request.params.id, now(), auditActorOf(request)),
  );

  api.get(
    '/communities/:slug/persona',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getPersona',
        tags: ['members'],
        params: SlugParams,
        querystring: GroupQuery,
        response: { 200: PersonaSchema, 404: ErrorResponse },
      },
    },
    async (request) => buildPersona(db, communityOf(request).community, request.query.group),
  );
};
