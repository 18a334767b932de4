import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** A host as a browser sends it (name or address, and port): anything else is left out of the policy. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The rooms' WebSocket (`/api/rooms/socket`) on this host. CSP level 3 lets `'self'` cover it,
 * but older WebKit (iOS WebViews, where many members open their links) does not.
 */
function sameHostSockets(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * Security headers on every answer — the console, the member pages, the API — through
 * @fastify/helmet, registered once before any route:
 *
 * - a Content-Security-Policy with no inline script (the built console has none), inline styles
 *   (antd writes its CSS at run time), images also from `data:` (QR codes) and `blob:` (a photo
 *   before upload), and no framing;
 * - `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`;
 * - `Referrer-Policy: no-referrer` everywhere, so a member page's address (its token is the
 *   member's credential) never leaves in a Referer header;
 * - `Strict-Transport-Security` only on answers served over HTTPS (directly, or behind a proxy
 *   trusted by SHEQUN_TRUST_PROXY that says so), so a plain-HTTP install on a LAN address is never
 *   told to insist on HTTPS it does not have. For the same reason the policy has no
 *   `upgrade-insecure-requests`.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", sameHostSockets],
        'object-src': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}

/** Who may read the API documentation at /api/docs (`SHEQUN_API_DOCS`). */
export type ApiDocsAccess = 'public' | 'signed-in' | 'off';

const API_DOCS: readonly ApiDocsAccess[] = ['public', 'signed-in', 'off'];

/**
 * `SHEQUN_API_DOCS`: `signed-in` by default — the document names every route and parameter, which
 * a stranger probing an instance has no need of; `public` for an instance whose API is meant to be
 * read by anyone; `off` serves no documentation at all.
 */
export function apiDocsSetting(value: string | undefined): ApiDocsAccess {
  const setting = value?.trim() || 'signed-in';
  if (!API_DOCS.includes(setting as ApiDocsAccess))
    throw new Error(`SHEQUN_API_DOCS must be one of ${API_DOCS.join(', ')}; not ${setting}`);
  return setting as ApiDocsAccess;
}

/**
 * Swagger UI and the OpenAPI document at /api/docs, behind the same access check as every API
 * route (`account` when signed-in, so an API token reads it too). Registered after the access
 * control so that its check covers these routes.
 */
export async function registerApiDocs(app: FastifyInstance, access: ApiDocsAccess): Promise<void> {
  if (access === 'off') return;
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route: RouteOptions) => {
      route.config = { ...route.config, access: access === 'public' ? 'public' : 'account' };
    });
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
}
