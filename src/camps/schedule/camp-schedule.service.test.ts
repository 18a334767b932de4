import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { asStream, eventBuilder } from '../../../test/support/events.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { ensureCommunity } from '../../communities/community.service.js';
import type { Community } from '../../kernel/db/schema.js';
import { isoToDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import { addToBlacklist } from '../../members/roles/blacklist.service.js';
import { ingestIntoCommunity } from '../../communities/imports/import.service.js';
import { runCampSchedule } from './camp-schedule.service.js';
import { createCamp, enrolMembers } from '../camp/camp.service.js';
import { checkInForMember } from '../checkin/checkin.service.js';
import { eventLogOf } from '../../../test/support/event-log.js';

const NY = 'America/New_York';
const ny = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc(NY, y, m, d, hh, mm);
const sh = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', y, m, d, hh, mm);

describe.each(databaseKinds)('camp schedule on %s', (_kind, open) => {
  let store: TestDatabase;
  let community: Community;
  const ids: Record<string, number> = {};
  let spring: number;
  let autumn: number;

  const outbox = (kind: string) =>
    store.db
      .selectFrom('outbox')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('kind', '=', kind)
      .orderBy('idempotency_key')
      .execute();

  beforeAll(async () => {
    store = await open();
    const t0 = ny(2024, 2, 1, 9);
    const { at, event } = eventBuilder(NY);
    const events = ['alice', 'bob', 'carol', 'dave', 'erin'].map((who) =>
      event('ny-group', who, 'message', at('2024-02-01 09:00')),
    );
    await ingestIntoCommunity(
      eventLogOf(store),
      { community: 'ny', timezone: NY, format: 'test', fileName: 'ny.json' },
      () => asStream(events),
    );
    // English messages for this community (the default is zh-CN).
    await store.db
      .updateTable('communities')
      .set({ settings: JSON.stringify({ locale: 'en' }) })
      .where('slug', '=', 'ny')
      .execute();
    community = await ensureCommunity(store.db, 'ny', undefined, t0);
    for (const m of await store.db
      .selectFrom('members')
      .select(['id', 'display_name'])
      .where('community_id', '=', community.id)
      .execute())
      ids[m.display_name] = m.id;
    const group = (
      await store.db
        .selectFrom('groups')
        .select('id')
        .where('community_id', '=', community.id)
        .executeTakeFirstOrThrow()
    ).id;
    spring = (
      await createCamp(
        store.db,
        community,
        { template: 'reading-30', name: 'Spring reading', startDate: '2024-03-01', groupIds: [group] },
        t0,
      )
    ).id;
    autumn = (
      await createCamp(
        store.db,
        community,
        { template: 'reading-30', name: 'Autumn reading', startDate: '2024-10-20', groupIds: [group] },
        t0,
      )
    ).id;
    for (const camp of [spring, autumn]) await enrolMembers(store.db, community, camp, { groupId: group }, t0);
    await store.db
      .updateTable('camp_enrolments')
      .set({ opted_out_of_reminders: 1 })
      .where('member_id', '=', ids.bob)
      .execute();
    await addToBlacklist(
      store.db,
      { communityId: community.id, memberId: ids.carol, action: 'mute', reason: 'spam', accountId: null },
      t0,
    );
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('reminds on the day daylight saving starts at 21:00 local (01:00Z), not at 21:00 standard time', async () => {
    const checkin = await checkInForMember(
      store,
      community,
      spring,
      ids.alice,
      { number: 20, text: 'chapter one' },
      'api',
      ny(2024, 3, 10, 12),
    );
    expect(checkin.status).toBe('created');
    expect(await runCampSchedule(store, ny(2024, 3, 10, 20, 59))).toMatchObject({ reminders: 0, praises: 0 });
    expect(ny(2024, 3, 10, 21)).toBe(Date.parse('2024-03-11T01:00:00Z'));
    expect(await runCampSchedule(store, ny(2024, 3, 10, 21))).toEqual({
      camps: 1,
      reminders: 2,
      praises: 0,
      failed: 0,
    });
    const reminders = await outbox('camp.reminder');
    const day = isoToDay('2024-03-10');
    // Not alice (checked in), bob (opted out) or carol (blacklisted).
    expect(reminders.map((r) => r.idempotency_key)).toEqual([
      `remind:${spring}:${ids.dave}:${day}`,
      `remind:${spring}:${ids.erin}:${day}`,
    ]);
    expect(reminders[0]).toMatchObject({
      status: 'pending',
      platform: 'telegram',
      member_id: ids.dave,
      group_id: null,
      locale: 'en',
      text: 'dave, it is day 10 of 30 in "Spring reading" and 1 members have checked in today. Check in before 24:00!',
    });
    expect(await runCampSchedule(store, ny(2024, 3, 10, 21, 1))).toMatchObject({ reminders: 0 });
    expect(await outbox('camp.reminder')).toHaveLength(2);
  });

  it('posts one praise per camp group with the role models, even when two processes run at once', async () => {
    const runs = await Promise.all([
      runCampSchedule(store, ny(2024, 3, 10, 22)),
      runCampSchedule(store, ny(2024, 3, 10, 22)),
    ]);
    expect(runs[0].praises + runs[1].praises).toBe(1);
    const [praise, ...more] = await outbox('camp.praise');
    expect(more).toEqual([]);
    expect(praise.group_id).not.toBeNull();
    expect(praise.text.split('\n')).toEqual([
      '"Spring reading" day 10 of 30: 1 of 5 members checked in. Well done, everyone!',
      "Today's role models:",
      expect.stringMatching(/^@alice /),
    ]);
    expect(
      await store.db.selectFrom('camp_role_model_days').select('day').where('camp_id', '=', spring).execute(),
    ).toEqual([{ day: isoToDay('2024-03-10') }]);
  });

  it('sends no praise on a day nobody checked in, and nothing after the grace period', async () => {
    expect(await runCampSchedule(store, ny(2024, 3, 11, 22))).toMatchObject({ praises: 0 });
    expect((await outbox('camp.praise')).map((p) => p.idempotency_key)).not.toContainEqual(
      expect.stringContaining(`:${isoToDay('2024-03-11')}:`),
    );
    expect(await runCampSchedule(store, ny(2024, 3, 12, 1, 30))).toEqual({
      camps: 0,
      reminders: 0,
      praises: 0,
      failed: 0,
    });
  });

  it('reminds at 21:00 local on the day daylight saving ends (02:00Z)', async () => {
    expect(await runCampSchedule(store, Date.parse('2024-11-04T01:00:00Z'))).toMatchObject({ reminders: 0 });
    expect(await runCampSchedule(store, Date.parse('2024-11-04T02:00:00Z'))).toMatchObject({ reminders: 3 });
    const keys = (await outbox('camp.reminder')).map((r) => r.idempotency_key);
    expect(keys).toContain(`remind:${autumn}:${ids.alice}:${isoToDay('2024-11-03')}`);
  });

  it("carries on with the other camps when one camp's settings are damaged", async () => {
    const broken = (
      await createCamp(
        store.db,
        community,
        { template: 'reading-30', startDate: '2024-11-01' },
        Date.parse('2024-11-01T12:00:00Z'),
      )
    ).id;
    await store.db.updateTable('camps').set({ settings: '{' }).where('id', '=', broken).execute();
    const failures: number[] = [];
    const run = await runCampSchedule(store, Date.parse('2024-11-05T02:00:00Z'), {
      onError: (campId) => failures.push(campId),
    });
    expect(run).toMatchObject({ failed: 1, reminders: 3 });
    expect(failures).toEqual([broken]);
  });
});

describe.each(databaseKinds)('camp schedule across midnight on %s', (_kind, open) => {
  let store: TestDatabase;

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('reminds at 01:00 for the camp day whose 22:00–02:00 window is still open, in Chinese', async () => {
    const { community, ids, groupIds } = await seedMembersFixture(store);
    const t0 = sh(2024, 6, 1, 12);
    const camp = await createCamp(
      store.db,
      community,
      {
        template: 'custom',
        name: '夜读',
        startDate: '2024-06-03',
        window: { start: '22:00', end: '02:00' },
        settings: { reminderTime: '01:00', praiseTime: '01:30' },
        groupIds: [groupIds.g1],
      },
      t0,
    );
    await enrolMembers(store.db, community, camp.id, { groupId: groupIds.g1 }, t0);
    expect((await checkInForMember(store, community, camp.id, ids.alice, {}, 'api', sh(2024, 6, 5, 23))).status).toBe(
      'created',
    );
    // 00:30 on the 6th still counts for the 5th.
    expect(
      (await checkInForMember(store, community, camp.id, ids.carol, {}, 'api', sh(2024, 6, 6, 0, 30))).status,
    ).toBe('created');
    expect(await runCampSchedule(store, sh(2024, 6, 6, 0, 59))).toMatchObject({ reminders: 0, praises: 0 });
    expect(await runCampSchedule(store, sh(2024, 6, 6, 1))).toMatchObject({ reminders: 3 });
    const day = isoToDay('2024-06-05');
    const reminders = await store.db
      .selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'camp.reminder')
      .orderBy('member_id')
      .execute();
    expect(reminders.map((r) => r.idempotency_key).sort()).toEqual(
      [ids.chris, ids.dave, ids.eve].map((m) => `remind:${camp.id}:${m}:${day}`).sort(),
    );
    expect(reminders[0]).toMatchObject({ locale: 'zh-CN' });
    expect(reminders.find((r) => r.member_id === ids.dave)!.text).toBe(
      'dave，「夜读」第 3/21 天，今天已有 2 位伙伴打卡，就差你啦！记得在 02:00 前打卡哦',
    );
    expect(await runCampSchedule(store, sh(2024, 6, 6, 2))).toMatchObject({ reminders: 0 });
    await runCampSchedule(store, sh(2024, 6, 6, 1, 30));
    const praise = await store.db.selectFrom('outbox').selectAll().where('kind', '=', 'camp.praise').execute();
    expect(praise.map((p) => [p.idempotency_key, p.group_id])).toEqual([
      [`praise:${camp.id}:${day}:${groupIds.g1}`, groupIds.g1],
    ]);
    expect(praise[0].text).toContain('2/5 位伙伴完成了打卡');
  });
});
