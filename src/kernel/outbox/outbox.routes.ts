import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../http/access.js';
import type { RouteModule } from '../http/route-module.js';
import { SlugParams } from '../http/schemas.js';
import { OUTBOX_STATUSES } from './outbox.rules.js';
import { listOutbox } from './outbox.service.js';

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const OutboxQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(OUTBOX_STATUSES.map((s) => Type.Literal(s)))),
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const OutboxItemSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    kind: Type.String(),
    platform: Type.String(),
    groupId: Nullable(Type.Integer()),
    memberId: Nullable(Type.Integer()),
    locale: Type.String(),
    text: Type.String(),
    status: Type.String(),
    attempts: Type.Integer(),
    nextAttemptAt: Type.String(),
    lastError: Nullable(Type.String()),
    createdAt: Type.String(),
    sentAt: Nullable(Type.String()),
  },
  { title: 'OutboxItem' },
);

/**
 * `GET /api/communities/:slug/outbox`: what Shequn has sent or is about to send in a community
 * (reminders, praise, check-in replies …), newest first, for operators checking that messages go out.
 */
export const outboxRoutes: RouteModule = (api, { handle }) => {
  api.get(
    '/communities/:slug/outbox',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'listOutbox',
        tags: ['outbox'],
        params: SlugParams,
        querystring: OutboxQuery,
        response: { 200: Type.Array(OutboxItemSchema) },
      },
    },
    async (request) => {
      const { status, kind, limit = 100 } = request.query;
      return listOutbox(handle.db, communityOf(request).community.id, { status, kind, limit });
    },
  );
};
