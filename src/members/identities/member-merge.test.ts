import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { eventLogOf } from '../../../test/support/event-log.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';
import { buildReport } from '../../analytics/report/report.service.js';
import type { Community } from '../../kernel/db/schema.js';
import type { ImportedEvent, Platform } from '../../kernel/event-log/event.types.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { refreshMemberStats } from '../stats/member-stats.service.js';
import { mergeMembers, undoMerge } from './member-merge.service.js';
import { noMergeHook } from './merge-journal.service.js';

const at = (y: number, m: number, d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', y, m, d, hh, mm);

/** Every table a merge may touch, rows sorted, for comparing the state before a merge and after its undo. */
const TABLES = [
  'members',
  'identities',
  'events',
  'memberships',
  'member_days',
  'member_months',
  'group_member_days',
  'community_days',
  'questions',
  'member_tags',
  'member_notes',
  'member_roles',
  'blacklist',
  'care_done',
  'outbox',
  'member_bind_codes',
  'camp_enrolments',
  'checkins',
  'points_ledger',
  'camp_badges',
  'camp_milestone_grants',
  'camp_role_models',
];

async function dump(store: TestDatabase) {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db);
    out[table] = rows.rows
      .map((row) => {
        const r = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)]));
        // Rule tags are recomputed by every figure refresh, stamped with its time (docs/identities.md).
        if (table === 'member_tags' && r.source === 'rule') delete r.created_at;
        return JSON.stringify(r);
      })
      .sort();
  }
  return out;
}

describe.each(databaseKinds)('merging members on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let elsewhere: Awaited<ReturnType<typeof seedMembersFixture>>;
  let clock = at(2024, 6, 1, 12);
  let campId: number;
  const links = new Map<number, string>();
  let before: Awaited<ReturnType<typeof dump>>;
  const mergeIds: number[] = [];

  const merge = (survivor: number, other: number) =>
    server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/members/${survivor}/merge`,
      payload: { otherMemberId: other },
    });
  const undo = (mergeId: number, slug = 'camp') =>
    server.as('operator', { method: 'POST', url: `/api/communities/${slug}/member-merges/${mergeId}/undo` });
  const checkIn = (memberId: number, hh: number, mm = 0) => {
    clock = at(2024, 6, dayOfJune, hh, mm);
    return server.app.inject({ method: 'POST', url: `/api/m/${links.get(memberId)}/checkins`, payload: {} });
  };
  let dayOfJune = 3;
  const page = (memberId: number) => server.app.inject({ url: `/api/m/${links.get(memberId)}` });
  const report = () => buildReport(store.db, 'camp', { from: '2024-05-01', to: '2024-05-20' });
  const memberRow = (id: number) =>
    store.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    elsewhere = await seedMembersFixture(store, 'elsewhere');
    server = await testServer(store, 'camp', { now: () => clock });
    const created = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/camps',
      payload: {
        template: 'early-riser-21',
        startDate: '2024-06-03',
        groupIds: [fixture.groupIds.g1, fixture.groupIds.g2],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    campId = created.json().id;
    const { alice, bob, carol } = fixture.ids;
    const enrolled = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/enrolments`,
      payload: { memberIds: [alice, bob, carol] },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    for (const m of enrolled.json().members) links.set(m.memberId, m.link.replace(/^.*\/m\//, ''));
    // 06-03: bob first (his is kept); 06-04: alice first (bob's is voided); 06-05: only bob.
    dayOfJune = 3;
    expect((await checkIn(bob, 5, 30)).statusCode).toBe(201);
    expect((await checkIn(alice, 6)).statusCode).toBe(201);
    expect((await checkIn(carol, 6)).statusCode).toBe(201);
    dayOfJune = 4;
    expect((await checkIn(alice, 6)).statusCode).toBe(201);
    expect((await checkIn(bob, 6, 30)).statusCode).toBe(201);
    dayOfJune = 5;
    expect((await checkIn(bob, 6)).statusCode).toBe(201);
    clock = at(2024, 6, 5, 12);
    await refreshMemberStats(store.db, fixture.community.id, clock);
    before = await dump(store);
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('answers 404 for a member of another community on either side, and 400 for a member with itself', async () => {
    const { alice, bob } = fixture.ids;
    expect((await merge(alice, elsewhere.ids.bob)).statusCode).toBe(404);
    expect((await merge(elsewhere.ids.alice, bob)).statusCode).toBe(404);
    expect(
      (await server.as('analyst', { url: `/api/communities/camp/members/${elsewhere.ids.alice}/merges` })).statusCode,
    ).toBe(404);
    const foreign = await mergeMembers(
      store.db,
      {
        communityId: elsewhere.community.id,
        survivorId: elsewhere.ids.alice,
        mergedId: elsewhere.ids.bob,
        actor: { kind: 'bind code' },
      },
      noMergeHook,
      clock,
    );
    expect((await undo(foreign)).statusCode).toBe(404);
    expect((await undo(foreign, 'elsewhere')).statusCode).toBe(404); // the operator has no role there
    await undoMerge(store.db, elsewhere.community.id, foreign, null, clock);
    expect((await merge(alice, alice)).statusCode).toBe(400);
    expect(await dump(store)).toEqual(before);
  });

  it('merges two members who both posted: one timeline, one tier, and the report counts the person once', async () => {
    const { alice, bob } = fixture.ids;
    const reportBefore = await report();
    const points = await store.db
      .selectFrom('points_ledger')
      .select(['member_id', 'checkin_id', 'points'])
      .where('member_id', 'in', [alice, bob])
      .execute();
    const { june3, june4 } = await dayNumber(store, alice, bob);
    const voidedCheckins = await store.db
      .selectFrom('checkins')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('member_id', '=', alice), eb('day', '=', june3)]),
          eb.and([eb('member_id', '=', bob), eb('day', '=', june4)]),
        ]),
      )
      .execute();
    const lost = new Set(voidedCheckins.map((c) => c.id));
    const expectedPoints = points
      .filter((p) => p.checkin_id === null || !lost.has(p.checkin_id))
      .reduce((s, p) => s + p.points, 0);

    const merged = await merge(alice, bob);
    expect(merged.statusCode, merged.body).toBe(201);
    expect(merged.json()).toMatchObject({
      survivor: { id: alice, displayName: 'alice' },
      merged: { id: bob, displayName: 'bob' },
      actor: 'staff',
      accountName: expect.any(String),
      undoneAt: null,
    });
    mergeIds.push(merged.json().id);

    const events = await store.db
      .selectFrom('events')
      .select('member_id')
      .where('member_id', 'in', [alice, bob])
      .execute();
    expect(events.every((e) => e.member_id === alice)).toBe(true);
    expect(events.filter((e) => e.member_id === alice)).toHaveLength(5 + 6 + 5);
    expect(await memberRow(alice)).toMatchObject({ messages: 11, checkins: 5, tier: 'observer', merged_into: null }); // as of 06-05: check-ins only;
    expect(await memberRow(bob)).toMatchObject({ merged_into: alice, first_day: null, messages: 0 });
    const list = await server.as('analyst', { url: '/api/communities/camp/members?limit=200' });
    expect(list.json().items.map((m: { id: number }) => m.id)).not.toContain(bob);
    const care = await server.as('analyst', { url: '/api/communities/camp/care?day=2024-05-20' });
    expect(care.statusCode).toBe(200);
    expect(care.body).not.toContain(`"memberId":${bob},`);
    const bobsProfile = await server.as('analyst', { url: `/api/communities/camp/members/${bob}` });
    expect(bobsProfile.json()).toMatchObject({ mergedInto: alice, identities: [] });
    const profile = await server.as('analyst', { url: `/api/communities/camp/members/${alice}` });
    expect(profile.json().identities).toHaveLength(2);
    expect(profile.json().groups).toHaveLength(2);

    const reportAfter = await report();
    expect(reportAfter.totals.members).toBe(reportBefore.totals.members - 1);
    expect(reportAfter.totals.authors).toBe(reportBefore.totals.authors - 1);
    expect(reportAfter.totals.messages).toBe(reportBefore.totals.messages);
    const day = (r: typeof reportBefore, date: string) => r.daily.find((d) => d.date === date)!.activeMembers;
    expect(day(reportAfter, '2024-05-15')).toBe(day(reportBefore, '2024-05-15') - 1); // both posted that day
    expect(day(reportAfter, '2024-05-18')).toBe(day(reportBefore, '2024-05-18'));
    const tierSum = (r: typeof reportBefore) => r.tiers.active + r.tiers.observer + r.tiers.lurker;
    expect(tierSum(reportAfter)).toBe(tierSum(reportBefore) - 1);

    // The camp: both were enrolled; one streak over 06-03..06-05, one points total.
    const own = await page(alice);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().streak).toMatchObject({ currentStreak: 3, daysCompleted: 3 });
    expect(own.json().points.total).toBe(expectedPoints);
    expect((await page(bob)).statusCode).toBe(404); // bob's link is retired while merged
    const voided = await store.db
      .selectFrom('checkins')
      .select(['member_id', 'voided_at'])
      .where('id', 'in', [...lost])
      .execute();
    expect(voided).toHaveLength(2);
    expect(voided.every((c) => c.member_id === bob && c.voided_at !== null)).toBe(true);
  });

  it('merges across an enrolment only the merged member has: the survivor takes it, link and check-ins', async () => {
    const { chris, carol } = fixture.ids;
    const merged = await merge(chris, carol);
    expect(merged.statusCode, merged.body).toBe(201);
    mergeIds.push(merged.json().id);
    const carolsLink = await page(carol);
    expect(carolsLink.statusCode).toBe(200);
    expect(carolsLink.json().member.displayName).toBe('chris');
    expect(carolsLink.json().streak).toMatchObject({ daysCompleted: 1 });
    expect(await memberRow(chris)).toMatchObject({ checkins: 7 + 6 + 1 });
  });

  it('lists merges with who made them, refuses an undo a later merge builds on, and undoes exactly', async () => {
    const { alice, dave } = fixture.ids;
    const listed = await server.as('analyst', { url: `/api/communities/camp/members/${alice}/merges` });
    expect(listed.json()).toEqual([expect.objectContaining({ id: mergeIds[0], actor: 'staff' })]);
    const later = await merge(alice, dave);
    expect(later.statusCode).toBe(201);
    const refused = await undo(mergeIds[0]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/undo that first/);
    expect((await merge(alice, dave)).statusCode).toBe(409); // dave is merged already
    expect((await undo(later.json().id)).statusCode).toBe(200);
    const twice = await undo(later.json().id);
    expect(twice.statusCode, twice.body).toBe(409);
    const undone = await undo(mergeIds[0]);
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json().undoneAt).toBe(clock);
    expect((await undo(mergeIds[1])).statusCode).toBe(200);
    expect(await dump(store)).toEqual(before);
    expect((await page(fixture.ids.bob)).statusCode).toBe(200);
  });

  describe('bind codes', () => {
    let liveMessages = 0;
    const sendLive = async (platform: Platform, group: string, who: string, text: string, live = true) => {
      const event: ImportedEvent = {
        platform,
        sourceId: `${who}-live-${++liveMessages}`,
        group: { externalId: group, name: group },
        author: { externalId: who, displayName: who },
        kind: 'message',
        occurredAt: clock,
        replyToSourceId: null,
        threadSourceId: null,
        text,
      };
      await eventLogOf(store).transaction((_trx, append) =>
        append.events(fixture.community as Community, [event], {
          now: clock,
          ...(live ? { live: { message: event, photo: null } } : {}),
        }),
      );
    };
    const sendAsWendy = (text: string, live = true) => sendLive('wechat', 'g1', 'wendy', text, live);
    const code = async () => {
      const issued = await server.app.inject({
        method: 'POST',
        url: `/api/m/${links.get(fixture.ids.alice)}/bind-code`,
      });
      expect(issued.statusCode, issued.body).toBe(201);
      expect(issued.json().code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
      expect(issued.json().expiresAt).toBe(clock + 15 * 60 * 1000);
      return issued.json().code as string;
    };
    const wendy = () => memberRow(fixture.ids.wendy);

    it('ignores an expired code, and a code in history', async () => {
      const expired = await code();
      clock += 16 * 60 * 1000;
      await sendAsWendy(expired);
      expect((await wendy()).merged_into).toBeNull();
      await sendAsWendy(await code(), false);
      expect((await wendy()).merged_into).toBeNull();
    });

    it('links the sender of a live message carrying the code, once', async () => {
      const fresh = await code();
      await sendAsWendy(`  绑定 ${fresh.toLowerCase()} `);
      expect((await wendy()).merged_into).toBe(fixture.ids.alice);
      const merges = await server.as('analyst', { url: `/api/communities/camp/members/${fixture.ids.alice}/merges` });
      expect(merges.json()[0]).toMatchObject({
        actor: 'bind code',
        accountName: null,
        merged: { id: fixture.ids.wendy },
      });
      const identities = await store.db
        .selectFrom('identities')
        .select('platform')
        .where('member_id', '=', fixture.ids.alice)
        .execute();
      expect(identities.map((i) => i.platform).sort()).toEqual(['telegram', 'wechat']);
      const confirmation = await store.db
        .selectFrom('outbox')
        .select(['platform', 'member_id', 'group_id', 'text'])
        .where('kind', '=', 'member.bind-confirmation')
        .execute();
      expect(confirmation).toEqual([
        { platform: 'wechat', member_id: fixture.ids.alice, group_id: null, text: expect.stringContaining('alice') },
      ]);

      // The code is used: sent again by someone else, it links no one.
      await sendLive('telegram', 'g2', 'quinn', fresh);
      expect((await memberRow(fixture.ids.quinn)).merged_into).toBeNull();
    });

    it('answers 404 for an unknown link', async () => {
      const unknown = await server.app.inject({ method: 'POST', url: `/api/m/${'x'.repeat(32)}/bind-code` });
      expect(unknown.statusCode).toBe(404);
    });
  });
});

/** The local days of June 3 and 4 as the check-ins store them. */
async function dayNumber(store: TestDatabase, ...memberIds: number[]) {
  const rows = await store.db
    .selectFrom('checkins')
    .select('day')
    .distinct()
    .where('member_id', 'in', memberIds)
    .orderBy('day')
    .execute();
  return { june3: rows[0].day, june4: rows[1].day };
}
