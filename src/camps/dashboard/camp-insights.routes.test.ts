import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBlacklist } from '../../members/roles/blacklist.service.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';

const at = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', y, m, d, hh, mm);

const ORIGINAL = '今天早上五点起床，读了半小时《论语》，感觉头脑特别清醒，准备开始新的一天的工作。';
const NEAR_COPY = '今天早上五点起床，读了半小时《论语》！感觉头脑特别清醒，准备开始新一天的工作～';
const OWN_WORDS = '晚上跑步五公里，配速六分钟，出了一身汗，回家洗澡后早早睡觉。';

describe.each(databaseKinds)('camp insights on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let clock = at(2024, 6, 1, 12);

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    server = await testServer(store, 'camp', { now: () => clock });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const url = (campId: number, path = '') => `/api/communities/camp/camps/${campId}${path}`;
  async function campWith(payload: object, enrolments: object[]) {
    const created = await server.as('operator', { method: 'POST', url: '/api/communities/camp/camps', payload });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    for (const e of enrolments)
      expect(
        (await server.as('operator', { method: 'POST', url: url(id, '/enrolments'), payload: e })).statusCode,
      ).toBe(200);
    return id;
  }
  const checkIn = async (campId: number, memberId: number, when: number, payload: object = {}) => {
    clock = when;
    const res = await server.as('assistant', {
      method: 'POST',
      url: url(campId, '/checkins'),
      payload: { memberId, ...payload },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().checkin.id as number;
  };

  describe('the dashboard of an early-riser camp (05:00–08:00) on its third day', () => {
    let campId: number;
    beforeAll(async () => {
      const { alice, bob, carol, chris } = fixture.ids;
      campId = await campWith({ template: 'early-riser-21', startDate: '2024-06-03' }, [
        { groupId: fixture.groupIds.g1 },
        { memberIds: [bob] },
      ]);
      for (const m of [alice, carol, chris, bob]) await checkIn(campId, m, at(2024, 6, 3, 6));
      for (const m of [alice, carol, bob]) await checkIn(campId, m, at(2024, 6, 4, 6));
      await checkIn(campId, alice, at(2024, 6, 5, 5, 30));
      const day1 = (await server.as('analyst', { url: url(campId, '/checkins?date=2024-06-03') })).json();
      const chrisDay1 = day1.find((c: { memberId: number }) => c.memberId === chris).id;
      const voided = await server.as('operator', {
        method: 'POST',
        url: url(campId, `/checkins/${chrisDay1}/void`),
        payload: { reason: 'test' },
      });
      expect(voided.statusCode).toBe(200);
    });

    it('counts rates per day and group, buckets streaks and lists who is at risk', async () => {
      const { alice, bob, carol } = fixture.ids;
      clock = at(2024, 6, 5, 6);
      const res = await server.as('analyst', { url: url(campId, '/dashboard') });
      expect(res.statusCode, res.body).toBe(200);
      // Six enrolled (alice, carol, chris, dave, eve from g1; bob from g2); chris's day 1 is voided.
      expect(res.json()).toEqual({
        date: '2024-06-05',
        dayOfCamp: 3,
        enrolled: 6,
        checkedIn: 1,
        rateByDay: [
          { date: '2024-06-03', checkedIn: 3, enrolled: 6, rate: 3 / 6 },
          { date: '2024-06-04', checkedIn: 3, enrolled: 6, rate: 3 / 6 },
          { date: '2024-06-05', checkedIn: 1, enrolled: 6, rate: 1 / 6 },
        ],
        rateByGroup: [
          { groupId: fixture.groupIds.g1, name: 'g1', enrolled: 5, checkedIn: 1, rate: 1 / 5 },
          { groupId: fixture.groupIds.g2, name: 'g2', enrolled: 1, checkedIn: 0, rate: 0 },
        ].sort((a, b) => a.groupId - b.groupId),
        streakDistribution: [
          { bucket: '0', members: 3 },
          { bucket: '1-2', members: 2 },
          { bucket: '3-6', members: 1 },
          { bucket: '7-13', members: 0 },
          { bucket: '14-20', members: 0 },
          { bucket: '21+', members: 0 },
        ],
        atRisk: [
          {
            memberId: Math.min(carol, bob),
            displayName: carol < bob ? 'carol' : 'bob',
            currentStreak: 2,
            deadline: '08:00',
          },
          {
            memberId: Math.max(carol, bob),
            displayName: carol < bob ? 'bob' : 'carol',
            currentStreak: 2,
            deadline: '08:00',
          },
        ],
        openFlags: 0,
      });
      expect(res.json().atRisk.map((r: { memberId: number }) => r.memberId)).not.toContain(alice);
    });

    it("lists members at risk only while the day's window is open: after 08:00 the day is missed, not at risk", async () => {
      const atRisk = async (when: number, date?: string) => {
        clock = when;
        const res = await server.as('analyst', { url: url(campId, `/dashboard${date ? `?date=${date}` : ''}`) });
        expect(res.statusCode).toBe(200);
        return res.json().atRisk.length as number;
      };
      expect(await atRisk(at(2024, 6, 5, 7, 59))).toBe(2);
      expect(await atRisk(at(2024, 6, 5, 8, 0))).toBe(0);
      expect(await atRisk(at(2024, 6, 5, 23, 59))).toBe(0);
      // Past midnight the 5th is a day gone by; the 6th's window has not opened yet.
      expect(await atRisk(at(2024, 6, 6, 0, 1), '2024-06-05')).toBe(0);
      expect(await atRisk(at(2024, 6, 6, 4, 59))).toBe(0);
    });

    it('looks at another day on request, and at no at-risk members before the camp runs', async () => {
      const day1 = (await server.as('analyst', { url: url(campId, '/dashboard?date=2024-06-03') })).json();
      expect([day1.dayOfCamp, day1.checkedIn, day1.rateByDay.length]).toEqual([1, 3, 1]);
      const before = (await server.as('analyst', { url: url(campId, '/dashboard?date=2024-06-01') })).json();
      expect([before.dayOfCamp, before.rateByDay, before.atRisk]).toEqual([null, [], []]);
    });
  });

  describe('copy flags', () => {
    let campId: number;
    const ids = { carol: 0, chris: 0, dave: 0, eve: 0 };
    beforeAll(async () => {
      const { alice, carol, chris, dave, eve } = fixture.ids;
      campId = await campWith(
        { template: 'custom', startDate: '2024-06-03', lengthDays: 7, settings: { milestones: [3] } },
        [{ groupId: fixture.groupIds.g1 }],
      );
      await checkIn(campId, alice, at(2024, 6, 3, 8), { text: ORIGINAL });
      ids.carol = await checkIn(campId, carol, at(2024, 6, 3, 9), { text: NEAR_COPY });
      ids.dave = await checkIn(campId, dave, at(2024, 6, 3, 10), { text: OWN_WORDS });
      ids.chris = await checkIn(campId, chris, at(2024, 6, 3, 11), { text: ORIGINAL });
      await checkIn(campId, alice, at(2024, 6, 4, 7), { text: ORIGINAL });
      ids.eve = await checkIn(campId, eve, at(2024, 6, 4, 8), { text: `打卡第2天：${OWN_WORDS}` });
    });

    it("flags near-copies of another member's earlier text, and neither original words nor one's own repeats", async () => {
      const res = await server.as('assistant', { url: url(campId, '/flags') });
      expect(res.statusCode, res.body).toBe(200);
      const flags = res.json();
      expect(flags.map((f: { checkin: { id: number } }) => f.checkin.id).sort()).toEqual(
        [ids.carol, ids.chris, ids.eve].sort(),
      );
      const carols = flags.find((f: { checkin: { id: number } }) => f.checkin.id === ids.carol);
      expect(carols).toMatchObject({
        status: 'open',
        checkin: { memberId: fixture.ids.carol, displayName: 'carol', date: '2024-06-03', text: NEAR_COPY },
        original: { memberId: fixture.ids.alice, displayName: 'alice', date: '2024-06-03', text: ORIGINAL },
      });
      expect(carols.score).toBeGreaterThanOrEqual(0.5);
      expect(carols.score).toBeLessThan(1);
      const chriss = flags.find((f: { checkin: { id: number } }) => f.checkin.id === ids.chris);
      expect([chriss.score, chriss.original.memberId]).toEqual([1, fixture.ids.alice]);
      expect(flags.find((f: { checkin: { id: number } }) => f.checkin.id === ids.eve).original).toMatchObject({
        id: ids.dave,
        displayName: 'dave',
      });
      clock = at(2024, 6, 4, 12);
      expect((await server.as('analyst', { url: url(campId, '/dashboard') })).json().openFlags).toBe(3);
    });

    it('resolves flags once: dismiss keeps the check-in, void and blacklist void it', async () => {
      const flags = (await server.as('assistant', { url: url(campId, '/flags') })).json();
      const flagOf = (checkinId: number) =>
        flags.find((f: { checkin: { id: number } }) => f.checkin.id === checkinId).id;
      const resolve = (checkinId: number, body: object) =>
        server.as('operator', {
          method: 'POST',
          url: url(campId, `/flags/${flagOf(checkinId)}/resolve`),
          payload: body,
        });

      const dismissed = await resolve(ids.carol, { action: 'dismiss', reason: 'same book club notes' });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      expect(dismissed.json()).toMatchObject({ status: 'dismissed', resolutionReason: 'same book club notes' });
      expect((await resolve(ids.carol, { action: 'void' })).statusCode).toBe(409);

      expect((await resolve(ids.chris, { action: 'void' })).json().status).toBe('voided');
      expect((await resolve(ids.eve, { action: 'blacklist', reason: 'copied twice' })).json().status).toBe(
        'blacklisted',
      );

      const day = async (date: string) =>
        (await server.as('analyst', { url: url(campId, `/checkins?date=${date}`) })).json();
      const voidedOf = (list: Array<{ id: number; voided: unknown }>, id: number) =>
        list.find((c) => c.id === id)!.voided;
      const day1 = await day('2024-06-03');
      expect(voidedOf(day1, ids.carol)).toBeNull();
      expect(voidedOf(day1, ids.chris)).toMatchObject({ reason: expect.stringContaining('copied check-in') });
      expect(voidedOf(await day('2024-06-04'), ids.eve)).toMatchObject({ reason: 'copied twice' });

      const points = await store.db
        .selectFrom('points_ledger')
        .select('points')
        .where('member_id', 'in', [fixture.ids.chris, fixture.ids.eve])
        .where('camp_id', '=', campId)
        .execute();
      expect(points.reduce((sum, r) => sum + r.points, 0)).toBe(0);
      const blacklist = await listBlacklist(store.db, fixture.community.id, {
        memberId: fixture.ids.eve,
        activeOnly: true,
      });
      expect(blacklist).toMatchObject([{ action: 'mute', reason: 'copied twice' }]);

      expect((await server.as('assistant', { url: url(campId, '/flags') })).json()).toEqual([]);
      const all = (await server.as('assistant', { url: url(campId, '/flags?status=all') })).json();
      expect(all.map((f: { status: string }) => f.status).sort()).toEqual(['blacklisted', 'dismissed', 'voided']);
      const missing = await server.as('operator', {
        method: 'POST',
        url: url(campId, '/flags/987654/resolve'),
        payload: { action: 'dismiss' },
      });
      expect(missing.statusCode).toBe(404);
    });

    it('closes an open flag when staff void its check-in directly', async () => {
      const { bob } = fixture.ids;
      await server.as('operator', { method: 'POST', url: url(campId, '/enrolments'), payload: { memberIds: [bob] } });
      const bobs = await checkIn(campId, bob, at(2024, 6, 5, 9), { text: NEAR_COPY });
      const open = (await server.as('assistant', { url: url(campId, '/flags') })).json();
      expect(open.map((f: { checkin: { id: number } }) => f.checkin.id)).toEqual([bobs]);
      await server.as('operator', {
        method: 'POST',
        url: url(campId, `/checkins/${bobs}/void`),
        payload: { reason: 'copy' },
      });
      expect((await server.as('assistant', { url: url(campId, '/flags') })).json()).toEqual([]);
    });
  });

  describe('editing a camp', () => {
    let campId: number;
    beforeAll(async () => {
      campId = await campWith({ template: 'reading-30', startDate: '2024-07-01' }, [
        { memberIds: [fixture.ids.alice] },
      ]);
      await checkIn(campId, fixture.ids.alice, at(2024, 7, 2, 12), { number: 12 });
    });
    const patch = (payload: object, id = campId) => server.as('operator', { method: 'PATCH', url: url(id), payload });

    it('changes what it is given and keeps the rest', async () => {
      const res = await patch({
        name: '  Summer reading ',
        window: { start: '06:00', end: '23:00' },
        settings: { milestones: [7, 3] },
        groupIds: [fixture.groupIds.g2],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        id: campId,
        name: 'Summer reading',
        template: 'reading-30',
        startDate: '2024-07-01',
        endDate: '2024-07-30',
        lengthDays: 30,
        window: { start: '06:00', end: '23:00' },
        content: { number: true, numberLabel: 'pages' },
        settings: { milestones: [3, 7], reminderTime: '21:00' },
        groupIds: [fixture.groupIds.g2],
        enrolled: 1,
      });
      const moved = await patch({ startDate: '2024-06-25', lengthDays: 10 });
      expect(moved.json()).toMatchObject({ startDate: '2024-06-25', endDate: '2024-07-04' });
    });

    it('validates as creation does', async () => {
      for (const [payload, field] of [
        [{ lengthDays: 0 }, 'lengthDays'],
        [{ window: { start: '07:00', end: '07:00' } }, 'window'],
        [{ settings: { milestones: [11] } }, 'milestones'],
        [{ rules: { makeUpCards: -1 } }, 'makeUpCards'],
        [{ template: 'custom' }, 'additional properties'],
      ] as const) {
        const res = await patch(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.body).toContain(field);
      }
      expect((await patch({ groupIds: [987654] })).statusCode).toBe(404);
      expect((await patch({ name: 'x' }, 987654)).statusCode).toBe(404);
    });

    it('refuses dates that would leave stored check-ins outside the camp', async () => {
      const later = await patch({ startDate: '2024-07-03' });
      expect(later.statusCode).toBe(409);
      expect(later.json().message).toContain('2024-07-02');
      const shorter = await patch({ startDate: '2024-06-20', lengthDays: 10 });
      expect(shorter.statusCode).toBe(409);
      expect((await server.as('analyst', { url: url(campId) })).json()).toMatchObject({
        startDate: '2024-06-25',
        lengthDays: 10,
      });
      expect((await patch({ startDate: '2024-07-02', lengthDays: 1, settings: { milestones: [1] } })).statusCode).toBe(
        200,
      );
    });
  });
});
