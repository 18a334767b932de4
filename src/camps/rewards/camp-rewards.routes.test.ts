import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToBlacklist } from '../../members/roles/blacklist.service.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';

const at = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', y, m, d, hh, mm);
const ALICE = 'Alice <&> "A"';
const THOUGHTFUL = 'Read two chapters of Walden and wrote down three ideas worth keeping today.';

/**
 * Points, levels, milestones, badges, leaderboards, role models and the certificate over one
 * 7-day camp (2024-06-03 … 06-09, whole-day window, milestones 3 and 7), hand-computed:
 * - alice checks in every day at 00:10 (early: within 30 minutes of the window's opening):
 *   7 × 10 + milestone 3 (10) + milestone 7 (30) + a 7-day streak bonus (20) = 130 points;
 * - carol: days 1, 2, a make-up for day 3 made on day 4 (5 + milestone 3's 10), day 4 → 45;
 * - chris: day 1, voided by staff → 0;
 * - dave: 04-25 and 05-20 in an older camp (10 each), days 1 and 7 here (10 each) → camp 20,
 *   last 7 days 20, last 30 days 30, all time 40;
 * - eve: days 1 and 2 (20), later blacklisted.
 */
describe.each(databaseKinds)('camp rewards on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let clock = at(2024, 4, 20, 12);
  let campId: number;
  let oldCampId: number;
  const links = new Map<number, string>();

  const createCamp = async (payload: object) => {
    const res = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/camps',
      payload: { template: 'custom', ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  const enrol = async (id: number, payload: object) => {
    const res = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${id}/enrolments`,
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().members as Array<{ memberId: number; link: string }>;
  };

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    await store.db.updateTable('members').set({ display_name: ALICE }).where('id', '=', fixture.ids.alice).execute();
    server = await testServer(store, 'camp', { now: () => clock });
    oldCampId = await createCamp({ startDate: '2024-04-20', lengthDays: 31, settings: { milestones: [3] } });
    await enrol(oldCampId, { memberIds: [fixture.ids.dave] });
    campId = await createCamp({ startDate: '2024-06-03', lengthDays: 7, settings: { milestones: [3, 7] } });
    for (const m of await enrol(campId, { groupId: fixture.groupIds.g1 }))
      links.set(m.memberId, m.link.replace(/^.*\/m\//, ''));
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const checkIn = async (memberId: number, when: number, payload: object = {}) => {
    clock = when;
    const res = await server.app.inject({ method: 'POST', url: `/api/m/${links.get(memberId)}/checkins`, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const staffCheckIn = (id: number, payload: object) =>
    server.as('assistant', { method: 'POST', url: `/api/communities/camp/camps/${id}/checkins`, payload });
  const member = (memberId: number, path = '') => server.app.inject({ url: `/api/m/${links.get(memberId)}${path}` });
  const staff = (path: string) => server.as('analyst', { url: `/api/communities/camp/camps/${campId}${path}` });

  it('pays a check-in, and a comeback badge after a long gap, in an older camp', async () => {
    clock = at(2024, 4, 25, 12);
    const first = await staffCheckIn(oldCampId, { memberId: fixture.ids.dave });
    expect(first.json().rewards).toEqual({ points: 10, milestones: [], badges: [] });
    clock = at(2024, 5, 20, 12);
    const second = await staffCheckIn(oldCampId, { memberId: fixture.ids.dave });
    expect(second.json().rewards).toEqual({ points: 10, milestones: [], badges: ['comeback'] });
  });

  it("answers each check-in with what it earned, and takes a voided check-in's points back", async () => {
    const { alice, carol, chris, dave, eve } = fixture.ids;
    expect((await checkIn(alice, at(2024, 6, 3, 0, 10), { text: '早起' })).rewards).toEqual({
      points: 10,
      milestones: [],
      badges: [],
    });
    await checkIn(eve, at(2024, 6, 3, 7));
    await checkIn(carol, at(2024, 6, 3, 8));
    await checkIn(dave, at(2024, 6, 3, 8, 5));
    const chrisCheckin = await checkIn(chris, at(2024, 6, 3, 8, 10));
    const voided = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/checkins/${chrisCheckin.checkin.id}/void`,
      payload: { reason: 'test' },
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().pointsReversed).toBe(10);
    const ledger = await store.db
      .selectFrom('points_ledger')
      .select(['key', 'points'])
      .where('member_id', '=', chris)
      .orderBy('id')
      .execute();
    expect(ledger).toEqual([
      { key: `checkin:${chrisCheckin.checkin.id}`, points: 10 },
      { key: `void:checkin:${chrisCheckin.checkin.id}`, points: -10 },
    ]);
    expect((await member(chris)).json().points.total).toBe(0);
  });

  it('pays milestones and make-ups, and awards badges as the record earns them', async () => {
    const { alice, carol, eve } = fixture.ids;
    await checkIn(alice, at(2024, 6, 4, 0, 10), { text: 'up' });
    const evesDay2 = await checkIn(eve, at(2024, 6, 4, 7), { text: 'morning' });
    await checkIn(carol, at(2024, 6, 4, 9), { text: THOUGHTFUL });
    // Someone likes eve's check-in: a reaction to its web event.
    await store.db
      .insertInto('events')
      .values({
        community_id: fixture.community.id,
        group_id: fixture.groupIds.g1,
        member_id: fixture.ids.dave,
        platform: 'web',
        source_id: 'reaction-1',
        kind: 'reaction',
        occurred_at: at(2024, 6, 4, 10),
        day: 19878,
        reply_to_source_id: `checkin:${evesDay2.checkin.id}`,
        thread_source_id: null,
        text: '👍',
        is_question: 0,
      })
      .execute();

    expect((await checkIn(alice, at(2024, 6, 5, 0, 10))).rewards).toEqual({ points: 20, milestones: [3], badges: [] });
    const makeUp = await checkIn(carol, at(2024, 6, 6, 8), { makeUpDate: '2024-06-05' });
    expect([makeUp.checkin.kind, makeUp.rewards]).toEqual(['makeup', { points: 15, milestones: [3], badges: [] }]);
    expect((await checkIn(carol, at(2024, 6, 6, 9))).rewards).toEqual({ points: 10, milestones: [], badges: [] });
    await checkIn(alice, at(2024, 6, 6, 0, 10));
    expect((await checkIn(alice, at(2024, 6, 7, 0, 10))).rewards).toEqual({
      points: 10,
      milestones: [],
      badges: ['early-bird'],
    });
  });

  it('picks role models live, freezes a past day on first look, and counts picks toward the badge', async () => {
    const { alice, carol } = fixture.ids;
    clock = at(2024, 6, 7, 12);
    const day2 = await member(carol, '/role-models?date=2024-06-04');
    expect(day2.statusCode, day2.body).toBe(200);
    expect(day2.json()).toEqual({
      date: '2024-06-04',
      roleModels: [
        {
          displayName: 'eve',
          reason: 'most-liked',
          text: { 'zh-CN': '今天的打卡获得 1 个赞', en: "today's check-in got 1 likes" },
          checkinText: 'morning',
        },
        {
          displayName: 'carol',
          reason: 'most-thoughtful',
          text: expect.objectContaining({ en: `wrote a thoughtful ${THOUGHTFUL.length}-character check-in` }),
          checkinText: THOUGHTFUL,
        },
        {
          displayName: ALICE,
          reason: 'earliest',
          text: { 'zh-CN': '00:10 第一个打卡', en: 'was first to check in, at 00:10' },
          checkinText: 'up',
        },
      ],
    });
    expect(day2.body).not.toContain('memberId');
    const today = (await staff('/role-models')).json();
    expect(today).toMatchObject({
      date: '2024-06-07',
      roleModels: [{ memberId: alice, reason: 'longest-streak', params: { streak: 5 } }],
    });
    for (const date of ['2024-06-05', '2024-06-06']) {
      const picks = (await staff(`/role-models?date=${date}`)).json().roleModels;
      expect(picks[0]).toMatchObject({ memberId: alice, displayName: ALICE, reason: 'longest-streak' });
    }
    const frozen = await store.db
      .selectFrom('camp_role_models')
      .select(['day', 'member_id'])
      .where('camp_id', '=', campId)
      .orderBy('day')
      .orderBy('rank')
      .execute();
    expect(frozen.filter((r) => r.member_id === alice).map((r) => r.day)).toEqual([19878, 19879, 19880]);
    expect((await member(alice)).json().badges.map((b: { code: string }) => b.code)).toContain('role-model');
  });

  it('completes the camp on the last day: streak bonus, milestone 7 and its badges; the certificate follows', async () => {
    const { alice } = fixture.ids;
    await checkIn(alice, at(2024, 6, 8, 0, 10));
    expect((await member(alice, '/certificate.svg')).statusCode).toBe(404);
    const last = await checkIn(alice, at(2024, 6, 9, 0, 10));
    expect(last.rewards).toEqual({
      points: 60,
      milestones: [7],
      badges: ['streak-keeper', 'perfect-attendance', 'milestone-7'],
    });

    clock = at(2024, 6, 9, 12);
    const page = (await member(alice)).json();
    expect(page.points).toEqual({
      total: 130,
      level: {
        number: 2,
        name: { 'zh-CN': '学徒', en: 'Apprentice' },
        next: { 'zh-CN': '达人', en: 'Expert' },
        progress: { from: 100, done: 130, target: 300, remaining: 170, ratio: 0.15 },
      },
    });
    expect(page.milestones).toEqual({
      next: null,
      completed: true,
      progress: { from: 3, done: 7, target: 7, remaining: 0, ratio: 1 },
      reached: [
        { day: 3, date: '2024-06-05' },
        { day: 7, date: '2024-06-09' },
      ],
    });
    expect(new Map(page.badges.map((b: { code: string; earnedDate: string }) => [b.code, b.earnedDate]))).toEqual(
      new Map([
        ['role-model', '2024-06-06'],
        ['early-bird', '2024-06-07'],
        ['streak-keeper', '2024-06-09'],
        ['perfect-attendance', '2024-06-09'],
        ['milestone-7', '2024-06-09'],
      ]),
    );
    expect(page.badges.find((b: { code: string }) => b.code === 'milestone-7').name).toEqual({
      'zh-CN': '坚持 7 天',
      en: '7-day milestone',
    });
    expect(page.certificate).toEqual({ url: `/api/m/${links.get(alice)}/certificate.svg` });

    const svg = await member(alice, '/certificate.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('Alice &lt;&amp;&gt; &quot;A&quot;');
    expect(svg.body).not.toContain(ALICE);
    expect(svg.body).toContain('2024-06-09');
    expect(svg.body).toContain('结营证书');

    const carol = (await member(fixture.ids.carol)).json();
    expect([carol.points.total, carol.points.level.number, carol.certificate]).toEqual([45, 1, null]);
    expect((await member(fixture.ids.carol, '/certificate.svg')).statusCode).toBe(404);
  });

  it('replays a retried staff check-in with what it earned the first time', async () => {
    const payload = { memberId: fixture.ids.dave, idempotencyKey: 'dave-day-7' };
    const first = await staffCheckIn(campId, payload);
    expect([first.statusCode, first.json().rewards]).toEqual([
      201,
      { points: 10, milestones: [], badges: ['comeback'] },
    ]);
    const retry = await staffCheckIn(campId, payload);
    expect([retry.statusCode, retry.json().rewards]).toEqual([200, first.json().rewards]);
  });

  it("ranks the camp's members per window, leaving the blacklisted and the pointless off", async () => {
    const { alice, carol, dave, eve, chris } = fixture.ids;
    const board = async (window: string) =>
      (await staff(`/leaderboard?window=${window}`))
        .json()
        .rows.map((r: { memberId: number; points: number; rank: number }) => [r.memberId, r.points, r.rank]);
    expect(await board('camp')).toEqual([
      [alice, 130, 1],
      [carol, 45, 2],
      [eve, 20, 3],
      [dave, 20, 3],
    ]);
    await addToBlacklist(
      store.db,
      { communityId: fixture.community.id, memberId: eve, action: 'mute', reason: 'spam', accountId: null },
      clock,
    );
    expect(await board('camp')).toEqual([
      [alice, 130, 1],
      [carol, 45, 2],
      [dave, 20, 3],
    ]);
    expect(await board('last-7-days')).toEqual([
      [alice, 130, 1],
      [carol, 45, 2],
      [dave, 20, 3],
    ]);
    expect(await board('last-30-days')).toEqual([
      [alice, 130, 1],
      [carol, 45, 2],
      [dave, 30, 3],
    ]);
    expect(await board('all-time')).toEqual([
      [alice, 130, 1],
      [carol, 45, 2],
      [dave, 40, 3],
    ]);

    const mine = await member(alice, '/leaderboard');
    expect(mine.json()).toEqual({
      window: 'camp',
      rows: [
        { rank: 1, displayName: ALICE, points: 130, isMe: true },
        { rank: 2, displayName: 'carol', points: 45, isMe: false },
        { rank: 3, displayName: 'dave', points: 20, isMe: false },
      ],
      me: { rank: 1, points: 130 },
    });
    expect(mine.body).not.toContain('memberId');
    expect((await member(dave, '/leaderboard?window=all-time')).json().me).toEqual({ rank: 3, points: 40 });
    expect((await member(chris, '/leaderboard')).json().me).toBeNull();
    expect((await member(chris, '/leaderboard?window=forever')).statusCode).toBe(400);
  });

  it('keeps a frozen day as it was, even after a pick is blacklisted', async () => {
    const picks = (await staff('/role-models?date=2024-06-04')).json().roleModels;
    expect(picks.map((p: { memberId: number }) => p.memberId)).toEqual([
      fixture.ids.eve,
      fixture.ids.carol,
      fixture.ids.alice,
    ]);
  });

  it('answers 404 for unknown links on every member read', async () => {
    for (const path of ['', '/leaderboard', '/role-models', '/certificate.svg']) {
      expect((await server.app.inject({ url: `/api/m/not-a-real-token-at-all${path}` })).statusCode, path).toBe(404);
    }
  });
});
