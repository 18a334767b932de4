import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../analytics/report.service.js';
import { ingestIntoCommunity } from '../platforms/importers/import.service.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { buildApp } from './app.js';

const { at, event } = eventBuilder('Asia/Shanghai');

describe.each(databaseKinds)('HTTP API on %s', (_kind, open) => {
  let store: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    store = await open();
    const events = [event('g', 'A', 'message', at('2024-05-01 08:00'), { text: '早' }), event('g', 'B', 'message', at('2024-05-02 08:00'), { text: '怎么打卡' })];
    await ingestIntoCommunity(store, { community: 'camp', format: 'test', fileName: 'x' }, () => asStream(events));
    app = await buildApp({ handle: store, apiToken: 'test-token' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.dispose();
  });

  const get = (url: string, token?: string) => app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers health checks without a token', async () => {
    const res = await get('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the very report JSON the CLI prints', async () => {
    const res = await get('/api/communities/camp/report?from=2024-05-01&to=2024-05-02', 'test-token');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(await buildReport(store.db, 'camp', { from: '2024-05-01', to: '2024-05-02' }));
  });

  it.each([
    ['/api/communities/camp/report', undefined, 401, 'UNAUTHORIZED'],
    ['/api/communities/camp/report', 'wrong-token', 401, 'UNAUTHORIZED'],
    ['/api/communities/ghost/report', 'test-token', 404, 'NOT_FOUND'],
    ['/api/communities/camp/report?from=2024-02-30', 'test-token', 400, 'VALIDATION'],
    ['/api/communities/camp/report?color=red', 'test-token', 400, 'VALIDATION'],
  ])('%s with token %s → %i', async (url, token, status, code) => {
    const res = await get(url, token);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ code, requestId: expect.any(String) });
  });

  it('keeps the API closed when no token is configured', async () => {
    const closed = await buildApp({ handle: store });
    const res = await closed.inject({ url: '/api/communities/camp/report', headers: { authorization: 'Bearer ' } });
    expect(res.statusCode).toBe(401);
    await closed.close();
  });
});
