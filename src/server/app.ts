import Fastify, { type FastifyInstance } from 'fastify';
import { buildReport } from '../analytics/report.service.js';
import type { DatabaseHandle } from '../kernel/db/database.js';
import { requireApiToken } from './api-token.js';
import { errorMapper } from './error-mapper.js';

export interface AppOptions {
  handle: DatabaseHandle;
  /** Bearer token for scripts; protected routes are closed without one. */
  apiToken?: string;
  logger?: boolean;
}

/**
 * Builds the HTTP app without listening, so tests can `inject` requests.
 *
 * @example
 * const app = await buildApp({ handle, apiToken: 's3cret' });
 * await app.inject({ url: '/api/health' });
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
    // Unknown query or body fields are mistakes to report, not to drop silently.
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setErrorHandler(errorMapper);

  app.get('/api/health', async () => ({ status: 'ok' }));

  app.register(async (api) => {
    api.addHook('onRequest', requireApiToken(options.apiToken));
    api.get<{ Params: { slug: string }; Querystring: { from?: string; to?: string } }>(
      '/api/communities/:slug/report',
      {
        schema: {
          params: { type: 'object', properties: { slug: { type: 'string' } }, required: ['slug'] },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { from: { type: 'string' }, to: { type: 'string' } },
          },
        },
      },
      async (request) => buildReport(options.handle.db, request.params.slug, request.query),
    );
  });

  return app;
}
