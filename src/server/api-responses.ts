import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorResponse } from '../kernel/http/schemas.js';

/**
 * Every route under /api declares the JSON it answers with: a success response schema is required
 * (registration fails without one, as it does without an access rule), and the one error shape of
 * error-mapper.ts is added for every 4xx and 5xx a route does not spell out itself. Fastify
 * serialises with these schemas, so a route cannot leak a field its schema does not name, and the
 * OpenAPI document (and the console's generated types) know every answer.
 */
export function registerResponseSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
    const response = (route.schema?.response ?? {}) as Record<string, unknown>;
    if (!Object.keys(response).some((status) => /^2(\d\d|xx)$/.test(status)))
      throw new Error(`route ${route.method} ${route.url} declares no success response schema`);
    route.schema = { ...route.schema, response: { '4xx': ErrorResponse, '5xx': ErrorResponse, ...response } };
  });
}
