import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ConnectorRow } from '../../kernel/db/schema-outbox.js';
import { NotFoundError, UnauthorizedError } from '../../kernel/errors.js';
import { communityOf } from '../../kernel/http/access.js';
import type { EventLog } from '../../kernel/event-log/event-log.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { findConnector } from './connectors.repo.js';
import {
  checkSettings,
  connectorChats,
  connectorPlatforms,
  createConnector,
  listConnectors,
  updateConnector,
} from './connectors.service.js';
import type { ConnectorRuntime } from './connector-runtime.js';
import { splitSettings } from './connector-settings.js';
import type { Keyring } from '../../kernel/crypto/credentials.js';
import { noteFailure, receiveUpdate } from './inbound.service.js';
import { CONNECTOR_PLATFORMS, WEBHOOK_PLATFORMS, connectors } from '../../platforms/connectors/registry.js';

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
    /** Whom the credentials belong to, as the platform's live check said (a bot's @name). */
    account: Type.Union([Type.String(), Type.Null()]),
    enabled: Type.Boolean(),
    /** Whether this server process runs it now. */
    running: Type.Boolean(),
    /** The plain settings; secret ones are never answered. */
    settings: Type.Record(Type.String(), Type.String()),
    /** The names of the secret settings that are set. */
    secretsSet: Type.Array(Type.String()),
    /** Path of the webhook, relative to the server's public address; null for platforms without one. */
    webhookUrl: Type.Union([Type.String(), Type.Null()]),
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
const Settings = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4096 }));
const CreateConnectorBody = Type.Object(
  {
    platform: Type.Union(CONNECTOR_PLATFORMS.map((p) => Type.Literal(p))),
    name: Type.String({ minLength: 1, maxLength: 120 }),
    settings: Type.Optional(Settings),
    /** false: save without the platform's live check (a server that cannot reach it yet). */
    check: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'ConnectorBody' },
);
const UpdateConnectorBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    settings: Type.Optional(Settings),
    enabled: Type.Optional(Type.Boolean()),
    check: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'ConnectorChange' },
);
const CheckBody = Type.Object(
  { platform: Type.Union(CONNECTOR_PLATFORMS.map((p) => Type.Literal(p))), settings: Settings },
  { additionalProperties: false, title: 'ConnectorCheck' },
);
const Label = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const PlatformSchema = Type.Object(
  {
    platform: Type.String(),
    inbound: Type.Array(Type.String()),
    actions: Type.Array(Type.String()),
    fields: Type.Array(
      Type.Object({
        name: Type.String(),
        secret: Type.Boolean(),
        required: Type.Boolean(),
        label: Label,
        hint: Type.Optional(Label),
      }),
    ),
    liveCheck: Type.Boolean(),
  },
  { title: 'ConnectorPlatform' },
);
const ConnectorParams = Type.Object({ slug: Type.String({ maxLength: 64 }), connectorId: Type.Integer() });
const ConnectorChat = Type.Object(
  { groupId: Type.Integer(), groupName: Type.String(), externalId: Type.String(), seenAt: Type.String() },
  { title: 'ConnectorChat' },
);
const WebhookParams = Type.Object({ connectorId: Type.String({ maxLength: 20 }) });
/** Only the id is required here: the connector checks the rest, and an update kind it does not know is ignored. */
const WebhookBody = Type.Object({ update_id: Type.Integer() });

/**
 * Connectors: admins connect a platform to a community with its own settings (secret ones sealed,
 * never answered); the console lists them with their health, changes, disables and enables them,
 * and checks settings live before saving. A webhook platform posts its updates to
 * `/api/connectors/<platform>/<id>` — public, because the platform has no Shequn account, but
 * answered only when the platform's secret header matches (401 otherwise, 404 for no such
 * connector), checked before the body is read.
 */
export interface ConnectorRouteDeps extends RouteContext {
  /** Where updates are appended; its subscribers do what follows a message. */
  eventLog: EventLog;
  /** Opens and seals connector credentials; null without SHEQUN_SECRET_KEY. */
  keyring: Keyring | null;
  /** The process's running connectors: told of changes, asked for their file downloads. */
  connectorRuntime: Pick<ConnectorRuntime, 'reload' | 'running' | 'fileFetcher'>;
  /** Injected in tests: the platforms' HTTP for live checks. */
  platformFetch?: typeof fetch;
}

export const connectorRoutes: RouteModule<ConnectorRouteDeps> = (api, deps) => {
  const { handle, now, eventLog, connectorRuntime } = deps;
  const { db } = handle;
  const service = { db, keyring: deps.keyring, runtime: connectorRuntime, fetch: deps.platformFetch };
  const tags = ['connectors'];

  api.get(
    '/connector-platforms',
    {
      config: { access: 'account' },
      schema: { operationId: 'listConnectorPlatforms', tags, response: { 200: Type.Array(PlatformSchema) } },
    },
    async () => connectorPlatforms(),
  );

  api.post(
    '/communities/:slug/connectors',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'createConnector',
        tags,
        params: SlugParams,
        body: CreateConnectorBody,
        response: { 201: CreatedConnector, 400: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createConnector(service, communityOf(request).community, request.body, now())),
  );

  api.post(
    '/communities/:slug/connectors/check',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'checkConnectorSettings',
        tags,
        params: SlugParams,
        body: CheckBody,
        response: { 200: Type.Object({ account: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorResponse },
      },
    },
    async (request) => {
      const connector = connectors[request.body.platform];
      return checkSettings(service, request.body.platform, splitSettings(connector, request.body.settings));
    },
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
    async (request) => listConnectors(service, communityOf(request).community),
  );

  api.patch(
    '/communities/:slug/connectors/:connectorId',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'updateConnector',
        tags,
        params: ConnectorParams,
        body: UpdateConnectorBody,
        response: { 200: ConnectorSchema, 400: ErrorResponse, 404: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) =>
      updateConnector(service, communityOf(request).community, request.params.connectorId, request.body),
  );

  api.get(
    '/communities/:slug/connectors/:connectorId/chats',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'listConnectorChats',
        tags,
        params: ConnectorParams,
        response: { 200: Type.Array(ConnectorChat), 404: ErrorResponse },
      },
    },
    async (request) => connectorChats(db, communityOf(request).community, request.params.connectorId),
  );

  const verified = new WeakMap<FastifyRequest, ConnectorRow>();
  for (const platform of WEBHOOK_PLATFORMS) {
    const webhook = connectors[platform].webhook!;
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
          if (record.enabled !== 1) throw new NotFoundError(`${platform} connector`);
          if (!webhook.verify(request.headers, record.secret_digest))
            throw new UnauthorizedError(`missing or wrong ${webhook.secretHeader} header`);
          verified.set(request, record);
        },
      },
      async (request) => {
        const record = verified.get(request)!;
        try {
          const update = webhook.parse(request.body);
          await receiveUpdate(eventLog, record, update, now(), connectorRuntime.fileFetcher(record.id));
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
