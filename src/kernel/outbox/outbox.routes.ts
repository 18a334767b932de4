import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../http/access.js';
import type { RouteModule } from '../http/route-module.js';
import { ErrorResponse, SlugParams } from '../http/schemas.js';
import { OUTBOX_REASONS, OUTBOX_STATUSES, type OutboxReason } from './outbox.rules.js';
import { cancelOutboxItem, listOutbox, outboxKinds, retryOutboxItem } from './outbox.service.js';

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);

const OutboxQuery = Type.Object(
  {
    /** A status, or `held`: pending items held back (no connector can deliver them, or a rate limit). */
    status: Type.Optional(Type.Union([...OUTBOX_STATUSES, 'held' as const].map((s) => Type.Literal(s)))),
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    groupId: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const OutboxItemParams = Type.Object({ slug: SlugParams.properties.slug, itemId: Type.Integer({ minimum: 1 }) });

const OutboxItemSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    kind: Type.String(),
    platform: Type.String(),
    groupId: Nullable(Type.Integer()),
    groupName: Nullable(Type.String()),
    memberId: Nullable(Type.Integer()),
    memberName: Nullable(Type.String()),
    locale: Type.String(),
    text: Type.String(),
    status: Type.String(),
    /** Why it is where it is, for the console to word (outbox.rules OUTBOX_REASONS); null when nothing needs saying. */
    reasonCode: Type.Unsafe<OutboxReason | null>({ type: ['string', 'null'], enum: [...OUTBOX_REASONS, null] }),
    attempts: Type.Integer(),
    nextAttemptAt: Type.String(),
    /** The platform's or runtime's own text (English), beside the code. */
    lastError: Nullable(Type.String()),
    createdAt: Type.String(),
    sentAt: Nullable(Type.String()),
    staffAction: Type.Union([Type.Literal('retried'), Type.Literal('cancelled'), Type.Null()]),
    staffActionAt: Nullable(Type.String()),
    retries: Type.Integer(),
  },
  { title: 'OutboxItem' },
);

/**
 * The outbox for operators checking that messages go out: `GET /api/communities/:slug/outbox`
 * (reminders, praise, check-in replies …, newest first, with why each waits), its kinds, and
 * `POST …/outbox/:itemId/retry|cancel`.
 */
export const outboxRoutes: RouteModule = (api, { handle, now }) => {
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
      const { status, kind, groupId, limit = 100 } = request.query;
      return listOutbox(handle.db, communityOf(request).community.id, { status, kind, groupId, limit });
    },
  );

  api.get(
    '/communities/:slug/outbox/kinds',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'listOutboxKinds',
        tags: ['outbox'],
        params: SlugParams,
        response: { 200: Type.Array(Type.String()) },
      },
    },
    async (request) => outboxKinds(handle.db, communityOf(request).community.id),
  );

  for (const [action, run] of [
    ['retry', retryOutboxItem],
    ['cancel', cancelOutboxItem],
  ] as const)
    api.post(
      `/communities/:slug/outbox/:itemId/${action}`,
      {
        config: { access: { community: 'operator' } },
        schema: {
          operationId: `${action}OutboxItem`,
          summary:
            action === 'retry'
              ? 'Send a given-up item back to pending, due now, its attempts reset'
              : 'Cancel a pending or held item: it never goes out (409 while it is being sent)',
          tags: ['outbox'],
          params: OutboxItemParams,
          response: { 200: OutboxItemSchema, 404: ErrorResponse, 409: ErrorResponse },
        },
      },
      async (request) => {
        const { community, caller } = communityOf(request);
        return run(
          handle.db,
          { communityId: community.id, id: request.params.itemId, accountId: caller.account.id },
          now(),
        );
      },
    );
};
