import { connect, type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { serverLogOptions } from './request-log.js';

function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('request log', () => {
  it('writes one line per request, on completion, with method, redacted path, status and time', async () => {
    const { lines, stream } = captured();
    const app = Fastify(serverLogOptions(stream));
    app.post('/api/m/:token/checkins', async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('kaput');
    });
    await app.inject({
      method: 'POST',
      url: '/api/m/secret-token-123456/checkins',
      payload: {},
      headers: { cookie: 'shequn_session=abc', authorization: 'Bearer sq_secret', 'x-csrf-token': 'csrf-secret' },
    });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.close();

    const requests = lines.filter((l) => l.msg === 'request completed');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST', url: '/api/m/[token]/checkins' },
      res: { statusCode: 200 },
    });
    expect(typeof requests[0].responseTime).toBe('number');
    expect(requests[1]).toMatchObject({ req: { method: 'GET', url: '/boom' }, res: { statusCode: 500 } });
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
    const all = JSON.stringify(lines);
    expect(all).not.toContain('secret-token-123456');
    for (const secret of ['shequn_session', 'sq_secret', 'csrf-secret']) expect(all).not.toContain(secret);
  });

  it('writes no query string and no member token, so searches for a phone, an email or a name stay out', async () => {
    const { lines, stream } = captured();
    const app = Fastify(serverLogOptions(stream));
    app.get('/api/communities/:slug/members', async () => []);
    app.get('/api/m/:token', async () => ({}));
    app.get('/api/rooms/socket', async () => 'upgrade');
    app.get('/api/communities/:slug/members/export', async () => {
      throw new Error('export failed');
    });
    app.get('/*', async () => 'index.html');
    const secrets = ['13812345678', 'someone@example.com', '王小明', 'tok-AbC123xyz'];
    for (const url of [
      '/api/communities/camp/members?q=13812345678',
      `/api/communities/camp/members?q=${encodeURIComponent('someone@example.com')}&tier=active`,
      `/api/communities/camp/members?q=${encodeURIComponent('王小明')}`,
      '/api/communities/camp/members/export?q=13812345678',
      '/api/m/tok-AbC123xyz',
      '/m/tok-AbC123xyz',
      '/m/tok-AbC123xyz/rooms/7?from=someone@example.com',
      '/api/rooms/socket?token=tok-AbC123xyz',
      '/c/camp/members?q=13812345678#王小明',
    ])
      await app.inject({ method: 'GET', url });
    await app.close();

    const urls = lines.filter((l) => l.msg === 'request completed').map((l) => (l.req as { url: string }).url);
    expect(urls).toEqual([
      '/api/communities/camp/members',
      '/api/communities/camp/members',
      '/api/communities/camp/members',
      '/api/communities/camp/members/export',
      '/api/m/[token]',
      '/m/[token]',
      '/m/[token]/rooms/7',
      '/api/rooms/socket',
      '/c/camp/members',
    ]);
    // The failed export's error line carries the request too.
    expect(lines.find((l) => l.msg === 'export failed')).toMatchObject({
      req: { url: '/api/communities/camp/members/export' },
      res: { statusCode: 500 },
    });
    const all = JSON.stringify(lines);
    for (const secret of secrets) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(encodeURIComponent(secret));
    }
  });

  it("writes the completed line as JSON with pino's fields in order, the path escaped, and none below the route's level", async () => {
    const { lines, stream } = captured();
    const app = Fastify(serverLogOptions(stream));
    const seen: string[] = [];
    app.get('/*', async (request) => {
      seen.push(request.url);
      return 'ok';
    });
    app.get('/quiet', { logLevel: 'warn' }, async () => 'ok');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    // A raw request: the path keeps its quote and backslash, which the line must escape.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () =>
        socket.end('GET /a/"q"/b\\s HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    await app.inject({ method: 'GET', url: '/quiet' });
    await app.close();

    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(seen).toEqual(['/a/"q"/b\\s']);
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    const [line] = completed;
    expect(Object.keys(line)).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'reqId',
      'req',
      'res',
      'responseTime',
      'msg',
    ]);
    expect(line).toMatchObject({
      level: 30,
      pid: process.pid,
      hostname: hostname(),
      req: { method: 'GET', url: seen[0] },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(typeof line.reqId).toBe('string');
    expect(Math.abs((line.time as number) - Date.now())).toBeLessThan(60_000);
  });
});
