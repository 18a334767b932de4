import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoToDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';

const at = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', y, m, d, hh, mm);

describe.each(databaseKinds)('camps and check-ins on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let clock = at(2024, 6, 1, 12);
  let campId: number;
  const links = new Map<number, string>();

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    server = await testServer(store, 'camp', { now: () => clock });
    const created = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/camps',
      payload: { template: 'early-riser-21', startDate: '2024-06-03', groupIds: [fixture.groupIds.g1] },
    });
    expect(created.statusCode, created.body).toBe(201);
    campId = created.json().id;
    const enrolled = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/enrolments`,
      payload: { groupId: fixture.groupIds.g1 },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    for (const m of enrolled.json().members) links.set(m.memberId, m.link.replace(/^.*\/m\//, ''));
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const checkIn = (memberId: number, payload: object = {}) =>
    server.app.inject({ method: 'POST', url: `/api/m/${links.get(memberId)}/checkins`, payload });
  const staffCheckIn = (payload: object) =>
    server.as('assistant', { method: 'POST', url: `/api/communities/camp/camps/${campId}/checkins`, payload });

  it('creates the camp from the template and lists it', async () => {
    const list = await server.as('analyst', { url: '/api/communities/camp/camps' });
    expect(list.json()).toEqual([
      expect.objectContaining({
        id: campId,
        name: '21-day early riser',
        template: 'early-riser-21',
        startDate: '2024-06-03',
        endDate: '2024-06-23',
        lengthDays: 21,
        window: { start: '05:00', end: '08:00', timezone: 'Asia/Shanghai' },
        enrolled: 5,
      }),
    ]);
    expect((await server.as('analyst', { url: `/api/communities/camp/camps/${campId}` })).json().groupIds).toEqual([
      fixture.groupIds.g1,
    ]);
  });

  it('enrols the non-bot members of the group once, showing links only at enrolment', async () => {
    const { ids } = fixture;
    expect([...links.keys()].sort()).toEqual([ids.alice, ids.carol, ids.chris, ids.dave, ids.eve].sort());
    const again = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/enrolments`,
      payload: { memberIds: [ids.alice, ids.bob] },
    });
    expect(again.json()).toMatchObject({ enrolled: 1, alreadyEnrolled: 1, members: [{ memberId: ids.bob }] });
    links.set(ids.bob, again.json().members[0].link.replace(/^.*\/m\//, ''));
    const list = await server.as('analyst', { url: `/api/communities/camp/camps/${campId}/enrolments` });
    expect(list.json()).toHaveLength(6);
    expect(list.body).not.toContain('link');
    expect(list.json().find((e: { memberId: number }) => e.memberId === ids.bob).groupId).toBe(fixture.groupIds.g2);
  });

  it('refuses check-ins before the start, outside the window, twice a day and after the end, with a code and the window', async () => {
    const { alice, carol } = fixture.ids;
    clock = at(2024, 6, 2, 6);
    expect((await checkIn(alice)).json()).toMatchObject({ code: 'CAMP_NOT_STARTED' });
    clock = at(2024, 6, 3, 8, 1);
    const late = await checkIn(alice);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({
      code: 'OUTSIDE_WINDOW',
      window: { start: '05:00', end: '08:00', timezone: 'Asia/Shanghai' },
      message: expect.stringContaining('05:00–08:00'),
    });

    clock = at(2024, 6, 3, 6);
    const first = await checkIn(alice, { text: 'up at six' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      checkin: { memberId: alice, date: '2024-06-03', source: 'page', kind: 'normal', text: 'up at six' },
      streak: { currentStreak: 1, daysCompleted: 1, nextMilestone: { days: 3, remaining: 2 } },
    });
    const twice = await checkIn(alice);
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'ALREADY_CHECKED_IN']);

    clock = at(2024, 6, 24, 6);
    expect((await checkIn(carol)).json()).toMatchObject({ code: 'CAMP_ENDED' });
  });

  it('logs each check-in as an event and in the day rollups', async () => {
    const id = (
      await store.db
        .selectFrom('checkins')
        .select('id')
        .where('member_id', '=', fixture.ids.alice)
        .executeTakeFirstOrThrow()
    ).id;
    const event = await store.db
      .selectFrom('events')
      .selectAll()
      .where('source_id', '=', `checkin:${id}`)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      platform: 'web',
      kind: 'checkin',
      member_id: fixture.ids.alice,
      group_id: fixture.groupIds.g1,
    });
    const day = await store.db
      .selectFrom('member_days')
      .selectAll()
      .where('member_id', '=', fixture.ids.alice)
      .where('day', '=', event.day)
      .executeTakeFirstOrThrow();
    expect(day.checkins).toBe(1);
  });

  it('takes staff check-ins through the API once per idempotency key', async () => {
    clock = at(2024, 6, 4, 7);
    const payload = { memberId: fixture.ids.carol, text: 'for carol', idempotencyKey: 'chat-123' };
    const first = await staffCheckIn(payload);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await staffCheckIn(payload);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().checkin.id).toBe(first.json().checkin.id);
    expect(first.json().checkin.source).toBe('api');
    const stranger = await staffCheckIn({ memberId: fixture.ids.quinn });
    expect(stranger.statusCode).toBe(404);
  });

  it('stores one check-in when the same member checks in many times at once', async () => {
    clock = at(2024, 6, 4, 6, 30);
    const { eve, chris } = fixture.ids;
    const page = await Promise.all(Array.from({ length: 6 }, () => checkIn(eve)));
    expect(page.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const keyed = await Promise.all(
      Array.from({ length: 4 }, () => staffCheckIn({ memberId: chris, idempotencyKey: 'same' })),
    );
    expect(keyed.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(keyed.map((r) => r.json().checkin.id)).size).toBe(1);
    const stored = await store.db
      .selectFrom('checkins')
      .select('id')
      .where('member_id', 'in', [eve, chris])
      .where('day', '=', 19878)
      .execute();
    expect(stored).toHaveLength(2);
  });

  it('shows the member their camp, and recomputes the streak when staff void a check-in', async () => {
    const { alice } = fixture.ids;
    clock = at(2024, 6, 4, 6);
    expect((await checkIn(alice)).json().streak.currentStreak).toBe(2);
    clock = at(2024, 6, 5, 5, 30);
    const state = await server.app.inject({ url: `/api/m/${links.get(alice)}` });
    expect(state.json()).toMatchObject({
      camp: { name: '21-day early riser', window: { start: '05:00', end: '08:00' }, makeUpMaxDaysLate: 1 },
      today: { date: '2024-06-05', dayOfCamp: 3, windowOpen: true, checkedIn: false },
      streak: { currentStreak: 2, longestStreak: 2 },
      calendar: [{ date: '2024-06-03' }, { date: '2024-06-04' }],
    });
    const day = await server.as('analyst', { url: `/api/communities/camp/camps/${campId}/checkins?date=2024-06-04` });
    const alices = day.json().find((c: { memberId: number }) => c.memberId === alice);
    const voided = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/checkins/${alices.id}/void`,
      payload: { reason: 'copied' },
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({
      checkin: { voided: { reason: 'copied' } },
      streak: { currentStreak: 0, longestStreak: 1 },
    });
    const again = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/checkins/${alices.id}/void`,
      payload: { reason: 'copied' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('lets a member make up a missed day and opt out of reminders', async () => {
    const { dave } = fixture.ids;
    clock = at(2024, 6, 5, 12);
    const made = await checkIn(dave, { makeUpDate: '2024-06-04' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().checkin.kind).toBe('makeup');
    expect((await checkIn(dave, { makeUpDate: '2024-06-03' })).json()).toMatchObject({ code: 'MAKEUP_NOT_ALLOWED' });
    const optOut = await server.app.inject({
      method: 'PATCH',
      url: `/api/m/${links.get(dave)}`,
      payload: { optedOutOfReminders: true },
    });
    expect(optOut.json()).toEqual({ optedOutOfReminders: true });
  });

  it('answers 404 to an unknown link and names a missing field', async () => {
    expect((await server.app.inject({ url: '/api/m/not-a-real-token-at-all' })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'POST', url: '/api/m/x/checkins', payload: {} })).statusCode).toBe(404);
    clock = at(2024, 6, 10, 12);
    const reading = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/camps',
      payload: { template: 'reading-30', startDate: '2024-06-10' },
    });
    const enrol = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${reading.json().id}/enrolments`,
      payload: { memberIds: [fixture.ids.quinn] },
    });
    const token = enrol.json().members[0].link.replace(/^.*\/m\//, '');
    const missing = await server.app.inject({
      method: 'POST',
      url: `/api/m/${token}/checkins`,
      payload: { text: 'read' },
    });
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'MISSING_FIELD']);
    expect(missing.json().message).toContain('pages');
    expect(
      (await server.app.inject({ method: 'POST', url: `/api/m/${token}/checkins`, payload: { number: 25 } }))
        .statusCode,
    ).toBe(201);
  });

  it("answers a retried page check-in with the stored one after its window closed and on a later day; keys are each member's own", async () => {
    const { bob, carol } = fixture.ids;
    const payload = { text: 'bob, just in time', idempotencyKey: 'page-bob-1' };
    clock = at(2024, 6, 6, 7, 59);
    const first = await checkIn(bob, payload);
    expect(first.statusCode, first.body).toBe(201);
    clock = at(2024, 6, 6, 9);
    const late = await checkIn(bob, payload);
    expect([late.statusCode, late.json().checkin.id]).toEqual([200, first.json().checkin.id]);
    // The next morning the day is free, but the key names yesterday's check-in.
    clock = at(2024, 6, 7, 6);
    const nextDay = await checkIn(bob, payload);
    expect([nextDay.statusCode, nextDay.json().checkin.id, nextDay.json().checkin.date]).toEqual([
      200,
      first.json().checkin.id,
      '2024-06-06',
    ]);
    // The same key from another member is that member's own check-in, not a replay of bob's.
    const carols = await checkIn(carol, payload);
    expect([carols.statusCode, carols.json().checkin.memberId, carols.json().checkin.date]).toEqual([
      201,
      carol,
      '2024-06-07',
    ]);
    const stored = await store.db
      .selectFrom('checkins')
      .select(['id', 'member_id'])
      .where('member_id', 'in', [bob, carol])
      .where('day', '>=', isoToDay('2024-06-06'))
      .orderBy('id')
      .execute();
    expect(stored).toEqual([
      { id: first.json().checkin.id, member_id: bob },
      { id: carols.json().checkin.id, member_id: carol },
    ]);
  });

  it('takes a check-in whose text or key holds a NUL, stored without it alike on both databases (not 500)', async () => {
    const { bob, carol } = fixture.ids;
    clock = at(2024, 6, 8, 6, 30);
    const page = await checkIn(bob, { text: '早起\u0000打卡\u0001', idempotencyKey: 'page\u0000bob' });
    expect(page.statusCode, page.body).toBe(201);
    const staff = await staffCheckIn({ memberId: carol, text: 'for\u0000 carol', idempotencyKey: 'chat\u0000-9' });
    expect(staff.statusCode, staff.body).toBe(201);
    const texts = await store.db
      .selectFrom('checkins')
      .select(['member_id', 'text'])
      .where('id', 'in', [page.json().checkin.id, staff.json().checkin.id])
      .orderBy('member_id')
      .execute();
    expect(texts).toEqual(
      [
        { member_id: bob, text: '早起打卡' },
        { member_id: carol, text: 'for carol' },
      ].sort((a, b) => a.member_id - b.member_id),
    );
  });

  it("lists each camp's status, and while it runs today's check-ins in the community's zone", async () => {
    const listed = async () =>
      (await server.as('analyst', { url: '/api/communities/camp/camps' }))
        .json()
        .find((c: { id: number }) => c.id === campId);
    const before = clock;
    try {
      clock = at(2024, 6, 2, 23, 59);
      expect(await listed()).toMatchObject({ status: 'upcoming', today: null });
      // 06:00 on the 20th, inside the 05:00–08:00 window: nobody has checked in on that day yet.
      clock = at(2024, 6, 20, 6);
      expect(await listed()).toMatchObject({ status: 'running', today: { date: '2024-06-20', checkedIn: 0, rate: 0 } });
      expect((await checkIn(fixture.ids.alice)).statusCode).toBe(201);
      expect(await listed()).toMatchObject({
        status: 'running',
        enrolled: 6,
        today: { date: '2024-06-20', checkedIn: 1, rate: 1 / 6 },
      });
      // The camp's last day ends at midnight in Asia/Shanghai (16:00 UTC), not at midnight UTC.
      clock = at(2024, 6, 23, 23, 59);
      expect(await listed()).toMatchObject({ status: 'running', today: { date: '2024-06-23', checkedIn: 0 } });
      clock = at(2024, 6, 24, 0, 0);
      expect(await listed()).toMatchObject({ status: 'finished', today: null });
    } finally {
      clock = before;
    }
  });
});
