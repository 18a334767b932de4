import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built console: hashed assets with long caching, and index.html for every other
 * non-API path so that client-side routes survive a reload.
 */
export async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn(`console not built at ${dir}; run npm install (it builds the console)`);
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: true,
    setHeaders(res, path) {
      res.header('X-Content-Type-Options', 'nosniff');
      if (path.includes(`${'/'}assets${'/'}`)) res.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || request.method !== 'GET') {
      return reply.status(404).send({
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      });
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
