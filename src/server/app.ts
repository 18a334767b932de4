import { join } from 'node:path';
import { publicBase, publicBaseOf, setPublicBase } from '../kernel/config.js';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { maxImageBytes } from '../camps/images/checkin-image.rules.js';
import { inProcessCheckinWriter, type CheckinWriter } from '../camps/checkin/checkin-writer.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import type { BlobStore } from '../kernel/storage/blob-store.js';
import { blobStoreFromEnv, defaultFilesDir } from '../kernel/storage/store-from-env.js';
import { keyringFromEnv, type Keyring } from '../kernel/crypto/credentials.js';
import { createConnectorRuntime, type ConnectorRuntime } from '../communities/connectors/connector-runtime.js';
import { registerAccessControl } from '../kernel/http/access.js';
import { cleanRequestText } from '../kernel/http/clean-request.js';
import { loggableError } from '../kernel/jobs/ticker.js';
import { accessResolver } from './access-resolver.js';
import { registerConsole } from './console.js';
import { serverLogOptions } from './request-log.js';
import { trustProxySetting } from './trust-proxy.js';
import { apiDocsSetting, registerApiDocs, registerSecurityHeaders, type ApiDocsAccess } from './security-headers.js';
import { registerResponseSchemas } from './api-responses.js';
import { namedComponents } from './openapi-components.js';
import { errorMapper } from '../kernel/http/error-mapper.js';
import { featurePlugins } from './features.js';
import { wiredEventLog } from './event-subscribers.js';
import type { MemberFigureRefresh } from './member-figures.js';
import type { EventLog } from '../kernel/event-log/event-log.js';
import { roomDispatcher, wireRooms, type RoomsWiring } from './rooms.js';
import type { Dispatchers } from '../kernel/outbox/dispatcher.js';

export interface AppOptions {
  handle: DatabaseHandle;
  logger?: boolean;
  /** Clock for sessions and "today"; tests pass a fixed one. */
  now?: () => number;
  /** Where uploads are staged; defaults to the OS temp directory. */
  uploadDir?: string;
  /** Built console to serve at `/`; omitted in API-only tests. */
  consoleDir?: string;
  /** Kept files (check-in images); by default from the environment, else `files/` beside `uploadDir`. */
  files?: BlobStore;
  /** Where check-ins are written; by default in this thread, on `handle`. */
  checkins?: CheckinWriter;
  /** Seals and opens connector credentials; by default from SHEQUN_SECRET_KEY(S_PREVIOUS). */
  keyring?: Keyring | null;
  /** The platforms' HTTP for the connectors (live checks, sends, downloads); injected in tests. */
  platformFetch?: typeof fetch;
  /** Member figures of live traffic, refreshed by the schedule (for the default event log); by default a set nobody refreshes. */
  memberFigures?: MemberFigureRefresh;
  /** Where events are appended; by default on `handle` with every subscriber. */
  eventLog?: EventLog;
  /** The web rooms; by default on the event log with an in-process bus. */
  rooms?: RoomsWiring;
  /** Which proxies to believe about the client (see trust-proxy.ts); by default SHEQUN_TRUST_PROXY. */
  trustProxy?: string;
  /** Base of the links Shequn hands out; by default SHEQUN_PUBLIC_URL (kernel/config.ts). */
  publicUrl?: string;
  /** Who may read /api/docs; by default SHEQUN_API_DOCS, else signed-in operators. */
  apiDocs?: ApiDocsAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The process's connectors: `shequn start` starts them after listening and stops them on close. */
    connectors: ConnectorRuntime;
    /** Everything the outbox can send through here: the running connectors and the web rooms. */
    outboxDispatchers(): Dispatchers;
  }
}

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * Builds the HTTP app without listening, so tests can `inject` requests.
 *
 * @example
 * const app = await buildApp({ handle });
 * await app.inject({ url: '/api/health' });
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? serverLogOptions() : { logger: false }),
    // Unknown query or body fields are mistakes to report, not to drop silently.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } },
    trustProxy: trustProxySetting(options.trustProxy ?? process.env.SHEQUN_TRUST_PROXY),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(errorMapper);
  // Text at the edge (docs/architecture.md): control characters leave every body and query here.
  app.addHook('preValidation', cleanRequestText);
  const now = options.now ?? Date.now;
  setPublicBase(publicBaseOf(options.publicUrl ?? process.env.SHEQUN_PUBLIC_URL));

  await registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  // The rooms' sockets: small client frames; no compression (a deflate context per socket costs memory).
  await app.register(websocket, { options: { maxPayload: 64 * 1024, perMessageDeflate: false } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Shequn API',
        version: '0.1.0',
        description: 'Community operations: report, groups, members, care list.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'shequn_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    // Titled schemas become named components, the types the console is generated from.
    transformObject: (document) =>
      namedComponents('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });
  registerAccessControl(app, accessResolver(options.handle.db), now);
  registerResponseSchemas(app);
  await registerApiDocs(app, options.apiDocs ?? apiDocsSetting(process.env.SHEQUN_API_DOCS));

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'health',
        tags: ['system'],
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  // The console warns while links are built on the listening address (members' phones may not reach it).
  app.get(
    '/api/public-url',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'publicUrl',
        tags: ['system'],
        description: 'The base of every link Shequn hands out, and whether SHEQUN_PUBLIC_URL set it.',
        response: {
          200: Type.Object({ url: Type.String(), configured: Type.Boolean() }, { title: 'PublicUrl' }),
        },
      },
    },
    async () => publicBase(),
  );

  const uploadDir = options.uploadDir ?? join(process.env.TMPDIR ?? '/tmp', 'shequn-uploads');
  const files = options.files ?? blobStoreFromEnv(process.env, defaultFilesDir(uploadDir));
  const checkins = options.checkins ?? inProcessCheckinWriter(options.handle);
  const eventLog = options.eventLog ?? wiredEventLog(options.handle, { memberFigures: options.memberFigures, files });
  const rooms =
    options.rooms ??
    wireRooms({
      handle: options.handle,
      eventLog,
      files,
      maxImageBytes: maxImageBytes(process.env),
      onError: (error) => app.log.error(loggableError(error), 'room delivery'),
    });
  const keyring = options.keyring === undefined ? keyringFromEnv(process.env) : options.keyring;
  const connectorRuntime = createConnectorRuntime({
    handle: options.handle,
    eventLog,
    keyring,
    log: app.log,
    now,
    maxFileBytes: maxImageBytes(process.env),
    fetch: options.platformFetch,
  });
  app.decorate('connectors', connectorRuntime);
  app.decorate('outboxDispatchers', () => ({ ...connectorRuntime.dispatchers(), web: roomDispatcher(rooms) }));
  app.addHook('onClose', () => connectorRuntime.stopAll());
  const plugins = featurePlugins({
    handle: options.handle,
    now,
    uploadDir,
    files,
    checkins,
    eventLog,
    rooms,
    keyring,
    connectorRuntime,
    platformFetch: options.platformFetch,
  });
  await app.register(
    async (api) => {
      for (const plugin of Object.values(plugins)) await api.register(plugin);
    },
    { prefix: '/api' },
  );

  if (options.consoleDir) await registerConsole(app, options.consoleDir);
  return app;
}
