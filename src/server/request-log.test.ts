import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { serverLogOptions } from './request-log.js';

function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
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
    await app.inject({ method: 'POST', url: '/api/m/secret-token-123456/checkins', payload: {}, headers: { cookie: 'shequn_session=abc', authorization: 'Bearer sq_secret', 'x-csrf-token': 'csrf-secret' } });
    await app.inject({ method: 'GET', url: '/boom' });
    await app.close();

    const requests = lines.filter((l) => l.msg === 'request completed');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ msg: 'request completed', req: { method: 'POST', url: '/api/m/[token]/checkins' }, res: { statusCode: 200 } });
    expect(typeof requests[0].responseTime).toBe('number');
    expect(requests[1]).toMatchObject({ req: { method: 'GET', url: '/boom' }, res: { statusCode: 500 } });
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
    const all = JSON.stringify(lines);
    expect(all).not.toContain('secret-token-123456');
    for (const secret of ['shequn_session', 'sq_secret', 'csrf-secret']) expect(all).not.toContain(secret);
  });
});
