import { Type } from '@fastify/type-provider-typebox';
import { callerOf, communityOf } from '../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../kernel/http/route-module.js';
import { ErrorResponse, oneOf, SlugParams } from '../kernel/http/schemas.js';
import type { CommunityAdminHooks } from './community-admin.types.js';
import {
  createCommunity,
  createGroup,
  freeSlugFor,
  GROUP_PLATFORMS,
  presentCommunity,
  updateCommunity,
} from './community-admin.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Words = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 200 });
const Questions = Type.Object(
  {
    marks: Type.Optional(Words),
    endings: Type.Optional(Words),
    substrings: Type.Optional(Words),
    words: Type.Optional(Words),
  },
  { additionalProperties: false, title: 'QuestionWordLists' },
);
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
const SettingsInput = Type.Object(
  { locale: Type.Optional(Nullable(Locale)), questions: Type.Optional(Nullable(Questions)) },
  { additionalProperties: false, title: 'CommunitySettingsInput' },
);
const CommunitySchema = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    timezone: Type.String(),
    /** Whether it has events: then its time zone can no longer change. */
    hasEvents: Type.Boolean(),
    settings: Type.Object({ locale: Nullable(Locale), questions: Nullable(Questions) }, { title: 'CommunitySettings' }),
  },
  { title: 'CommunityDetail' },
);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Zone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai' });

export interface CommunityRouteDeps extends RouteContext {
  hooks: CommunityAdminHooks;
}

/** Communities and groups made by hand (issue 18): create, rename, zone and settings, new groups. */
export const communityRoutes: RouteModule<CommunityRouteDeps> = (api, { handle, now, hooks }) => {
  const { db } = handle;
  const tags = ['communities'];

  api.get(
    '/communities/slug-suggestion',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'suggestCommunitySlug',
        tags,
        description: 'A free slug for a new community of this name.',
        querystring: Type.Object({ name: Name }),
        response: { 200: Type.Object({ slug: Type.String() }, { title: 'SlugSuggestion' }) },
      },
    },
    async (request) => ({ slug: await freeSlugFor(db, request.query.name) }),
  );

  api.post(
    '/communities',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'createCommunity',
        tags,
        description: 'Instance owners only; the creator becomes its owner. Without a slug, one is made from the name.',
        body: Type.Object(
          {
            name: Name,
            slug: Type.Optional(Type.String({ maxLength: 64 })),
            timezone: Type.Optional(Zone),
            settings: Type.Optional(SettingsInput),
          },
          { additionalProperties: false, title: 'CreateCommunityBody' },
        ),
        response: { 201: CommunitySchema, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { settings, ...rest } = request.body;
      const input = { ...rest, settings: settings ? withoutNulls(settings) : undefined };
      return reply.status(201).send(await createCommunity(db, callerOf(request), input, hooks, now()));
    },
  );

  api.get(
    '/communities/:slug',
    {
      config: { access: { community: 'analyst' } },
      schema: { operationId: 'getCommunity', tags, params: SlugParams, response: { 200: CommunitySchema } },
    },
    async (request) => presentCommunity(communityOf(request).community),
  );

  api.patch(
    '/communities/:slug',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'updateCommunity',
        tags,
        description: 'Renames the community or changes its settings; its time zone only while it has no events.',
        params: SlugParams,
        body: Type.Object(
          { name: Type.Optional(Name), timezone: Type.Optional(Zone), settings: Type.Optional(SettingsInput) },
          { additionalProperties: false, title: 'UpdateCommunityBody' },
        ),
        response: { 200: CommunitySchema, 400: ErrorResponse },
      },
    },
    async (request) => updateCommunity(db, communityOf(request).community, request.body),
  );

  api.post(
    '/communities/:slug/groups',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'createGroup',
        tags: ['groups'],
        description:
          'A group made by hand: on web a room; on a chat platform with its chat id now or later (PATCH externalId).',
        params: SlugParams,
        body: Type.Object(
          {
            name: Name,
            platform: oneOf(GROUP_PLATFORMS, { title: 'GroupPlatform' }),
            externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false, title: 'CreateGroupBody' },
        ),
        response: {
          201: Type.Object({ id: Type.Integer() }, { title: 'CreatedGroup' }),
          400: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroup(db, communityOf(request).community, request.body, hooks, now())),
  );
};

/** A new community has nothing to reset: nulls in its settings mean "the default", as if absent. */
function withoutNulls<T extends Record<string, unknown>>(value: T) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}
