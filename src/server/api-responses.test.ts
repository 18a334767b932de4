import { Type } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerResponseSchemas } from './api-responses.js';

describe('response schemas of /api routes', () => {
  it('refuses to register a route that does not say what it answers', async () => {
    const app = Fastify();
    registerResponseSchemas(app);
    expect(() => app.get('/api/thing', async () => ({ ok: true }))).toThrow(
      'route GET /api/thing declares no success response schema',
    );
    expect(() =>
      app.get('/api/other', { schema: { response: { 404: Type.Object({}) } } }, async () => ({ ok: true })),
    ).toThrow('declares no success response schema');
    // Outside /api (the console's files) nothing is required.
    app.get('/index.html', async () => 'hello');
    await app.close();
  });

  it('answers errors in the one error shape and leaves out what the success schema does not name', async () => {
    const app = Fastify();
    registerResponseSchemas(app);
    app.get('/api/row', { schema: { response: { 200: Type.Object({ id: Type.Integer() }) } } }, async () => ({
      id: 7,
      password_digest: 'secret',
    }));
    // The schema names no 409: the error shape added for every 4xx applies.
    const only200: Record<number, unknown> = { 200: Type.Object({ id: Type.Integer() }) };
    app.get('/api/broken', { schema: { response: only200 } }, async (_request, reply) =>
      reply.status(409).send({ code: 'CONFLICT', message: 'taken', requestId: 'r1', stack: 'at …' }),
    );
    expect((await app.inject({ url: '/api/row' })).json()).toEqual({ id: 7 });
    expect((await app.inject({ url: '/api/broken' })).json()).toEqual({
      code: 'CONFLICT',
      message: 'taken',
      requestId: 'r1',
    });
    await app.close();
  });
});
