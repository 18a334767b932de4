import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../analytics/report/report.service.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { testServer, TEST_PASSWORD } from '../../test/support/server.js';
import { loggableUrl } from './request-log.js';
import { eventLogOf } from '../../test/support/event-log.js';

const { at, event } = eventBuilder('Asia/Shanghai');

describe('request logging', () => {
  it("keeps members' personal tokens and query strings out of logged URLs", () => {
    expect(loggableUrl('/api/m/abc123/checkins?x=1')).toBe('/api/m/[token]/checkins');
    expect(loggableUrl('/api/m/abc123')).toBe('/api/m/[token]');
    expect(loggableUrl('/m/abc123#top')).toBe('/m/[token]');
    expect(loggableUrl('/api/communities/camp/members?q=13812345678')).toBe('/api/communities/camp/members');
  });
});

describe.each(databaseKinds)('HTTP API on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  beforeAll(async () => {
    store = await open();
    const events = [
      event('g', 'A', 'message', at('2024-05-01 08:00'), { text: '早' }),
      event('g', 'B', 'message', at('2024-05-02 08:00'), { text: '怎么打卡' }),
    ];
    await ingestIntoCommunity(eventLogOf(store), { community: 'camp', format: 'test', fileName: 'x' }, () =>
      asStream(events),
    );
    server = await testServer(store, 'camp');
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('answers health checks without signing in', async () => {
    const res = await server.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the very report JSON the CLI prints', async () => {
    const res = await server.as('analyst', { url: '/api/communities/camp/report?from=2024-05-01&to=2024-05-02' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(await buildReport(store.db, 'camp', { from: '2024-05-01', to: '2024-05-02' }));
  });

  it.each([
    ['/api/communities/camp/report', 401, 'UNAUTHORIZED'],
    ['/api/communities/ghost/report', 404, 'NOT_FOUND'],
    ['/api/communities/camp/report?from=2024-02-30', 400, 'RANGE_BAD_DAY'],
    ['/api/communities/camp/report?color=red', 400, 'VALIDATION'],
  ])('%s → %i', async (url, status, code) => {
    const res =
      url.includes('camp/report') && status === 401
        ? await server.app.inject({ url })
        : await server.as('owner', { url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code, requestId: expect.any(String) });
  });

  it('refuses a wrong API token even on public routes', async () => {
    const res = await server.app.inject({ url: '/api/health', headers: { authorization: 'Bearer shq_wrong' } });
    expect(res.statusCode).toBe(401);
  });

  it('signs in with a password, sets an httpOnly cookie, and signs out', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: server.emails.operator, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'shequn_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.communities).toEqual([expect.objectContaining({ slug: 'camp', role: 'operator' })]);
    const me = await server.app.inject({ url: '/api/auth/me', cookies: { shequn_session: cookie.value } });
    expect(me.json().account.email).toBe(server.emails.operator);
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { shequn_session: cookie.value },
      headers: { 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const after = await server.app.inject({ url: '/api/auth/me', cookies: { shequn_session: cookie.value } });
    expect(after.json()).toEqual({ account: null, csrfToken: null, communities: [] });
    const tokens = await server.app.inject({ url: '/api/tokens', cookies: { shequn_session: cookie.value } });
    expect(tokens.statusCode).toBe(401);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@x.test', password: 'whatever123' },
    });
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: server.emails.owner, password: 'whatever123' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
  });

  it('rate-limits sign-in attempts per address and email', async () => {
    const attempt = (email: string) =>
      server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'guess-guess' } });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt('target@camp.test')).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const limited = await attempt('target@camp.test');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    // Another account from the same address is not locked out by someone guessing this one.
    expect((await attempt('other@camp.test')).statusCode).toBe(401);
  });

  it('rejects cookie-authenticated writes without the CSRF token, accepts them with it', async () => {
    const session = await server.session('owner');
    const payload = { name: 'ci' };
    const without = await server.withSession(session, { method: 'POST', url: '/api/tokens', payload }, false);
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('CSRF');
    const withToken = await server.withSession(session, { method: 'POST', url: '/api/tokens', payload });
    expect(withToken.statusCode).toBe(201);
    expect(withToken.json().token).toMatch(/^shq_/);
  });

  it('lets admins grant roles below admin only, and owners any role', async () => {
    const grant = (role: 'admin' | 'owner', target: string) =>
      server.as(role, {
        method: 'PUT',
        url: '/api/communities/camp/access',
        payload: { email: server.emails.analyst, role: target },
      });
    expect((await grant('admin', 'operator')).statusCode).toBe(200);
    expect((await grant('admin', 'admin')).statusCode).toBe(403);
    expect((await grant('owner', 'admin')).statusCode).toBe(200);
    expect((await grant('admin', 'analyst')).statusCode).toBe(403); // cannot demote an admin
    expect((await grant('owner', 'analyst')).statusCode).toBe(200);
  });
});
