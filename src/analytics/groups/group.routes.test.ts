import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../report/report.service.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { assignRole } from '../../members/roles/role.service.js';
import { ingestIntoCommunity } from '../../communities/imports/import.service.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { asStream, eventBuilder } from '../../../test/support/events.js';
import { testServer } from '../../../test/support/server.js';
import { eventLogOf } from '../../../test/support/event-log.js';
import { rebuildQuestions } from '../../automation/service-desk/questions.service.js';

const { at, event } = eventBuilder('Asia/Shanghai');
/** Noon on 2024-06-01 in Shanghai: "today", well after the imported history ends on 05-20. */
const NOW = wallClockToUtc('Asia/Shanghai', 2024, 6, 1, 12);

/**
 * Two groups over 2024-05-01..05-20: `lively` where A and B talk every day and C leaves on 05-10,
 * with teacher T posting daily (staff: not in M7); `quiet` where D talked on 05-01..05-05 only, so
 * it is silent from 05-12, the seventh day without a non-staff message.
 */
function history() {
  const events = [];
  for (const who of ['A', 'B', 'C']) events.push(event('lively', who, 'join', at('2024-05-01 07:00')));
  events.push(event('quiet', 'D', 'join', at('2024-05-01 07:00')));
  for (let d = 1; d <= 20; d++) {
    const date = `2024-05-${String(d).padStart(2, '0')}`;
    events.push(event('lively', 'A', 'message', at(`${date} 08:00`)));
    if (d % 2 === 0) events.push(event('lively', 'B', 'message', at(`${date} 23:59`)));
    events.push(event('lively', 'T', 'message', at(`${date} 09:00`)));
    if (d <= 5) events.push(event('quiet', 'D', 'message', at(`${date} 08:00`)));
  }
  events.push(event('lively', 'B', 'checkin', at('2024-05-20 06:00')));
  events.push(event('lively', 'C', 'leave', at('2024-05-10 10:00')));
  return events;
}

describe.each(databaseKinds)('groups and overview on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let ids: Record<string, number>;
  beforeAll(async () => {
    store = await open();
    await ingestIntoCommunity(eventLogOf(store), { community: 'camp', format: 'test', fileName: 'x' }, () =>
      asStream(history()),
    );
    const community = await store.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', 'camp')
      .executeTakeFirstOrThrow();
    const teacher = await store.db
      .selectFrom('members')
      .select('id')
      .where('display_name', '=', 'T')
      .executeTakeFirstOrThrow();
    const groups = await store.db.selectFrom('groups').select(['id', 'name']).execute();
    ids = Object.fromEntries(groups.map((g) => [g.name, g.id]));
    await assignRole(
      store.db,
      {
        communityId: community.id,
        memberId: teacher.id,
        role: 'teacher',
        groupId: ids.lively,
      },
      rebuildQuestions,
    );
    server = await testServer(store, 'camp', { now: () => NOW });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('lists groups as of the last day of the imported history', async () => {
    const res = await server.as('analyst', { url: '/api/communities/camp/groups' });
    expect(res.statusCode).toBe(200);
    const [lively, quiet] = res.json();
    expect(lively).toEqual({
      id: ids.lively,
      name: 'lively',
      platform: 'telegram',
      capacity: 150,
      size: 3, // A, B and T; C left
      phase: 'honeymoon',
      silent: false,
      m7: 7 + 4, // A daily, B on 05-14, 16, 18, 20; T is staff
      peak: 11,
      dau: 3,
      wau: 3,
      lastActiveDay: '2024-05-20',
      health: 100,
      // The default range, 05-03..06-01: A and T daily to 05-20, B on even days; B's one check-in.
      inRange: { messages: 18 + 18 + 9, checkIns: 1, activeMembers: 3 },
    });
    expect(quiet).toMatchObject({
      size: 1,
      phase: 'silent',
      silent: true,
      m7: 0,
      peak: 5,
      dau: 0,
      wau: 0,
      lastActiveDay: '2024-05-05',
      health: 0,
    });
  });

  it('agrees with the report on every group phase', async () => {
    const groups = (await server.as('analyst', { url: '/api/communities/camp/groups' })).json();
    const report = await buildReport(store.db, 'camp', { to: '2024-05-20' });
    // The report writes group ids as strings (METRICS.md's JSON); the API's are integers.
    expect(
      groups.map((g: any) => ({
        id: String(g.id),
        name: g.name,
        phase: g.phase,
        silent: g.silent,
        m7: g.m7,
        peak: g.peak,
      })),
    ).toEqual(report.groups);
  });

  it('serves the overview: the last 30 days of report, groups as of the last event and a silence alert', async () => {
    const res = await server.as('analyst', { url: '/api/communities/camp/overview' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      community: { slug: 'camp', name: 'camp', timezone: 'Asia/Shanghai' },
      today: '2024-06-01',
      asOf: '2024-05-20',
      range: { from: '2024-05-03', to: '2024-06-01', basis: 'recent' },
    });
    expect(body.report).toEqual(await buildReport(store.db, 'camp', { from: '2024-05-03', to: '2024-06-01' }, NOW));
    expect(body.groups).toHaveLength(2);
    expect(body.alerts).toEqual([{ groupId: ids.quiet, groupName: 'quiet', kind: 'silent', since: '2024-05-12' }]);
  });

  it('shows one group with its last 60 days of activity and its staff', async () => {
    const res = await server.as('analyst', { url: `/api/communities/camp/groups/${ids.lively}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.daily).toHaveLength(60);
    expect(body.daily.at(-1)).toEqual({ day: '2024-06-01', messages: 0, checkIns: 0, activeMembers: 0 });
    expect(body.daily.find((d: any) => d.day === '2024-05-20')).toEqual({
      day: '2024-05-20',
      messages: 3,
      checkIns: 1,
      activeMembers: 3,
    });
    expect(body.daily.find((d: any) => d.day === '2024-05-19')).toEqual({
      day: '2024-05-19',
      messages: 2,
      checkIns: 0,
      activeMembers: 2,
    });
    expect(body.daily[0]).toEqual({ day: '2024-04-03', messages: 0, checkIns: 0, activeMembers: 0 });
    expect(body.staff).toEqual([{ memberId: expect.any(Number), name: 'T', roles: ['teacher'] }]);
    expect((await server.as('analyst', { url: '/api/communities/camp/groups/999999' })).statusCode).toBe(404);
  });

  it('lets operators rename a group and set its capacity, not assistants', async () => {
    const url = `/api/communities/camp/groups/${ids.quiet}`;
    expect((await server.as('assistant', { method: 'PATCH', url, payload: { capacity: 200 } })).statusCode).toBe(403);
    expect((await server.as('operator', { method: 'PATCH', url, payload: { capacity: 0 } })).statusCode).toBe(400);
    const res = await server.as('operator', { method: 'PATCH', url, payload: { capacity: 200, name: '安静群' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ids.quiet, name: '安静群', capacity: 200 });
    expect(
      (
        await server.as('operator', {
          method: 'PATCH',
          url: '/api/communities/camp/groups/999999',
          payload: { capacity: 5 },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('does not show another community’s groups', async () => {
    expect((await server.as('stranger', { url: '/api/communities/camp/groups' })).statusCode).toBe(404);
    expect((await server.as('stranger', { url: `/api/communities/camp-other/groups/${ids.lively}` })).statusCode).toBe(
      404,
    );
  });
});
