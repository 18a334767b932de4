import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import { NotFoundError, UnauthorizedError } from '../../kernel/errors.js';
import { communityOf } from '../../kernel/http/access.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { findConnector } from './connectors.repo.js';
import { createConnector, listConnectors } from './connectors.service.js';
import { noteFailure, receiveUpdate } from './inbound.service.js';
import { CONNECTOR_PLATFORMS, connectors, type FileFetchers } from '../../platforms/connectors/registry.js';

/**
 * Whether a connector works: `waiting` before its first update, `failing` while its last error
 * (after the secret check; the error's class and code, never its message) is newer than its last
 * update or as new, else `ok`.
 */
const ConnectorHealth = Type.Object(
  {
    lastEventAt: Type.Union([Type.String(), Type.Null()]),
    lastError: Type.Union([Type.Object({ error: Type.String(), at: Type.String() }), Type.Null()]),
    status: Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('waiting')]),
  },
  { title: 'ConnectorHealth' },
);
const ConnectorSchema = Type.Object(
  {
    id: Type.Integer(),
    platform: Type.String(),
    name: Type.String(),
    /** Path of the webhook, relative to the server's public address. */
    webhookUrl: Type.String(),
    createdAt: Type.String(),
    lastUpdateId: Type.Union([Type.Integer(), Type.Null()]),
    lastUpdateAt: Type.Union([Type.String(), Type.Null()]),
    health: ConnectorHealth,
  },
  { title: 'Connector' },
);
const CreatedConnector = Type.Intersect([ConnectorSchema, Type.Object({ secret: Type.String() })], {
  title: 'CreatedConnector',
});
const CreateConnectorBody = Type.Object(
  {
    platform: Type.Union(CONNECTOR_PLATFORMS.map((p) => Type.Literal(p))),
    name: Type.String({ minLength: 1, maxLength: 120 }),
  },
  { additionalProperties: false, title: 'ConnectorBody' },
);
const WebhookParams = Type.Object({ connectorId: Type.String({ maxLength: 20 }) });
/** Only the id is required here: the connector checks the rest, and an update kind it does not know is ignored. */
const WebhookBody = Type.Object({ update_id: Type.Integer() });

/**
 * Connectors: admins connect a platform bot to a community (`POST …/connectors` answers with the
 * webhook URL and its secret, once); each platform posts its updates to
 * `/api/connectors/<platform>/<id>` — public, because the platform has no Shequn account, but
 * answered only when the platform's secret header matches (401 otherwise, 404 for no such
 * connector), checked before the body is read.
 */
export interface ConnectorRouteDeps extends RouteContext {
  /** Where updates are appended; its subscribers do what follows a message. */
  eventLog: EventLog;
  /** Downloads of the files messages carry, per platform with a credential (photo check-ins). */
  platformFiles: FileFetchers;
}

export const connectorRoutes: RouteModule<ConnectorRouteDeps> = (api, { handle, now, eventLog, platformFiles }) => {
  const { db } = handle;
  const tags = ['connectors'];

  api.post(
    '/communities/:slug/connectors',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'createConnector',
        tags,
        params: SlugParams,
        body: CreateConnectorBody,
        response: { 201: CreatedConnector, 400: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createConnector(db, communityOf(request).community, request.body, now())),
  );

  api.get(
    '/communities/:slug/connectors',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'listConnectors',
        tags,
        params: SlugParams,
        response: { 200: Type.Array(ConnectorSchema) },
      },
    },
    async (request) => listConnectors(db, communityOf(request).community),
  );

  const verified = new WeakMap<FastifyRequest, ConnectorRow>();
  for (const platform of CONNECTOR_PLATFORMS) {
    const connector = connectors[platform];
    api.post(
      `/connectors/${platform}/:connectorId`,
      {
        config: { access: 'public' },
        schema: {
          operationId: `receive${platform[0].toUpperCase()}${platform.slice(1)}Update`,
          tags,
          security: [],
          params: WebhookParams,
          body: WebhookBody,
          response: {
            200: Type.Object({ ok: Type.Boolean() }),
            400: ErrorResponse,
            401: ErrorResponse,
            404: ErrorResponse,
          },
        },
        // Before the body is parsed: a stranger learns nothing from validation errors.
        onRequest: async (request) => {
          const raw = (request.params as { connectorId?: string }).connectorId ?? '';
          const id = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
          const record = id === null ? undefined : await findConnector(db, id, platform);
          if (!record) throw new NotFoundError(`${platform} connector`);
          if (!connector.verify(request.headers, record.secret_digest))
            throw new UnauthorizedError(`missing or wrong ${connector.secretHeader} header`);
          verified.set(request, record);
        },
      },
      async (request) => {
        const record = verified.get(request)!;
        try {
          const update = connector.parse(request.body);
          await receiveUpdate(eventLog, record, update, now(), platformFiles[platform]);
        } catch (error) {
          await noteFailure(db, record.id, error, now());
          throw error;
        }
        // 200 for every well-formed update, recorded or ignored: anything else makes the platform retry.
        return { ok: true };
      },
    );
  }
};
