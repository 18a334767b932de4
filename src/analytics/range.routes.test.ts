import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallClockToUtc } from '../kernel/time/local-day.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { testServer } from '../../test/support/server.js';
import { eventLogOf } from '../../test/support/event-log.js';

const ZONE = 'America/New_York';
const { at, event } = eventBuilder(ZONE);

/**
 * New York around its spring-forward night (2026-03-08 has 23 hours): messages a few minutes on
 * either side of two midnights, so that a day counted in UTC or in the wrong offset moves one.
 */
function history() {
  return [
    event('club', 'A', 'message', at('2026-03-07 23:50')), // 04:50Z on the 8th
    event('club', 'B', 'message', at('2026-03-08 00:10')),
    event('club', 'A', 'message', at('2026-03-08 23:50')), // EDT: 03:50Z on the 9th
    event('club', 'C', 'message', at('2026-03-09 00:05')),
  ];
}

describe.each(databaseKinds)('date ranges of the analytics routes on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let clock = wallClockToUtc(ZONE, 2026, 3, 20, 12);
  beforeAll(async () => {
    store = await open();
    await ingestIntoCommunity(
      eventLogOf(store),
      { community: 'ny', timezone: ZONE, format: 'test', fileName: 'x' },
      () => asStream(history()),
    );
    server = await testServer(store, 'ny', { now: () => clock });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await server.as('analyst', { url: `/api/communities/ny/${url}`, headers });
    return { status: res.statusCode, body: res.json() };
  };

  it('counts the days of a range across the DST change and midnight in the community’s zone', async () => {
    const report = await get('report?from=2026-03-07&to=2026-03-09');
    expect(report.status).toBe(200);
    expect(report.body.daily.map((d: { messages: number }) => d.messages)).toEqual([1, 2, 1]);

    const overview = await get('overview?from=2026-03-08&to=2026-03-08');
    expect(overview.status).toBe(200);
    expect(overview.body.range).toEqual({ from: '2026-03-08', to: '2026-03-08', basis: 'request' });
    expect(overview.body.report.totals.messages).toBe(2);
    expect(overview.body.report.daily).toEqual([{ date: '2026-03-08', messages: 2, activeMembers: 2 }]);
    expect(overview.body.asOf).toBe('2026-03-08');

    const groups = await get('groups?from=2026-03-08&to=2026-03-08');
    expect(groups.body[0].inRange).toEqual({ messages: 2, checkIns: 0, activeMembers: 2 });
    const wide = await get('groups?from=2026-03-01&to=2026-03-31');
    expect(wide.body[0].inRange).toEqual({ messages: 4, checkIns: 0, activeMembers: 3 });

    const detail = await get(`groups/${groups.body[0].id}?from=2026-03-07&to=2026-03-09`);
    expect(detail.body.range).toEqual({ from: '2026-03-07', to: '2026-03-09', basis: 'request' });
    expect(detail.body.daily.map((d: { day: string; messages: number }) => [d.day, d.messages])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 2],
      ['2026-03-09', 1],
    ]);
  });

  it('defaults to the last 30 days, or to the 30 days up to the last event when those are empty', async () => {
    clock = wallClockToUtc(ZONE, 2026, 3, 20, 12);
    const recent = await get('overview');
    expect(recent.body.range).toEqual({ from: '2026-02-19', to: '2026-03-20', basis: 'recent' });
    expect(recent.body.asOf).toBe('2026-03-09');

    clock = wallClockToUtc(ZONE, 2026, 6, 1, 12);
    const stale = await get('overview');
    expect(stale.body.range).toEqual({ from: '2026-02-08', to: '2026-03-09', basis: 'lastEvent' });
    expect(stale.body.lastEventDay).toBe('2026-03-09');
    expect(stale.body.report.totals.messages).toBe(4);
    expect((await get('range')).body).toEqual({
      range: { from: '2026-02-08', to: '2026-03-09', basis: 'lastEvent' },
      timezone: ZONE,
      today: '2026-06-01',
      firstEventDay: '2026-03-07',
      lastEventDay: '2026-03-09',
    });
    const detail = await get(`groups/${(await get('groups')).body[0].id}`);
    expect(detail.body.range).toEqual({ from: '2026-01-09', to: '2026-03-09', basis: 'lastEvent' });
    expect(detail.body.daily).toHaveLength(60);
  });

  it('counts “today” in the community’s zone on either side of its midnight', async () => {
    clock = Date.parse('2026-03-09T03:59:00Z'); // 23:59 EDT on the 8th
    expect((await get('range')).body.today).toBe('2026-03-08');
    clock = Date.parse('2026-03-09T04:01:00Z'); // 00:01 EDT on the 9th
    expect((await get('range')).body.today).toBe('2026-03-09');
    clock = wallClockToUtc(ZONE, 2026, 3, 20, 12);
  });

  it('refuses reversed, malformed and overlong ranges with a clear 400 in the asked language', async () => {
    for (const route of ['overview', 'groups', 'report', 'range', 'report.html']) {
      const reversed = await get(`${route}?from=2026-03-09&to=2026-03-01`, { 'accept-language': 'zh-CN,zh;q=0.9' });
      expect(reversed.status).toBe(400);
      expect(reversed.body).toMatchObject({
        code: 'RANGE_ORDER',
        message: expect.stringContaining('开始日期 2026-03-09'),
      });
      const english = await get(`${route}?from=2026-03-09&to=2026-03-01&lang=en`);
      expect(english.body.message).toContain('from must not be after to');
    }
    const malformed = await get('overview?from=2026-02-30', { 'accept-language': 'en-US' });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'RANGE_BAD_DAY' } });
    expect(malformed.body.message).toContain('"2026-02-30"');
    const long = await get('groups?from=2000-01-01&to=2026-03-01&lang=zh-CN');
    expect(long).toMatchObject({ status: 400, body: { code: 'RANGE_TOO_LONG' } });
    expect(long.body.message).toContain('最长只能选 3660 天');
  });

  it('downloads the HTML report in the asked language for the range', async () => {
    const res = await server.as('analyst', {
      url: '/api/communities/ny/report.html?from=2026-03-07&to=2026-03-09&lang=en',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-disposition']).toContain('report-ny-2026-03-07-2026-03-09.html');
    expect(res.body.startsWith('<!doctype html>')).toBe(true);
    expect(res.body).toContain('<html lang="en">');
    const zh = await server.as('analyst', {
      url: '/api/communities/ny/report.html',
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect((await server.as('stranger', { url: '/api/communities/ny/report.html' })).statusCode).toBe(404);
  });
});
