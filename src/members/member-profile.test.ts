import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { seedMembersFixture } from '../../test/support/members-fixture.js';
import { createAccount } from '../accounts/account.service.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { addToBlacklist, liftBlacklistEntry, listBlacklist } from './roles/blacklist.service.js';
import { memberProfile } from './member-profile.service.js';
import { refreshMemberStats } from './stats/member-stats.service.js';
import { memberEventsInGroupQuery, membershipEventsOf, activeDaysInGroup } from './member-timeline.repo.js';
import { memberTimeline, paginate } from './member-timeline.service.js';
import { addMemberNote } from './note.service.js';
import { buildPersona } from './tags/persona.service.js';
import { dutyRoles, assignRole, unassignRole, rolesOfMember } from './roles/role.service.js';
import { eventLogOf } from '../../test/support/event-log.js';
import { rebuildQuestions } from '../automation/service-desk/questions.service.js';

const { at } = eventBuilder('Asia/Shanghai');

describe('timeline paging', () => {
  const items = (...ats: number[]) => ats.map((a, i) => ({ at: a, order: i }));
  it.each([
    ['fits in a page', items(5, 4), 2, [5, 4], null],
    ['cut between instants', items(5, 4, 3), 2, [5, 4], 4],
    ['ties at the cut move to the next page', items(5, 4, 4), 2, [5], 5],
    ['a page of one instant is cut anyway', items(4, 4, 4), 2, [4, 4], 4],
  ] as const)('%s', (_name, list, limit, page, next) => {
    const result = paginate([...list], limit);
    expect(result.items.map((i) => i.at)).toEqual(page);
    expect(result.next).toBe(next);
  });
});

describe.each(databaseKinds)('member profile, timeline and operations on %s', (kind, open) => {
  let store: TestDatabase;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let accountId: number;
  let community: Awaited<ReturnType<typeof seedMembersFixture>>['community'];
  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    community = fixture.community;
    accountId = (
      await createAccount(store.db, { email: 'op@x.test', password: 'long enough secret', name: 'Ops Olivia' }, 1)
    ).id;
  });
  afterAll(async () => store?.dispose());

  it('notes, blacklists and lifts, keeping the record', async () => {
    const note = await addMemberNote(
      store.db,
      { communityId: community.id, memberId: fixture.ids.alice, accountId, kind: 'note', body: '  likes mornings ' },
      at('2024-05-16 12:00'),
    );
    expect(note).toMatchObject({ kind: 'note', body: 'likes mornings', createdAt: at('2024-05-16 12:00') });
    await expect(
      addMemberNote(
        store.db,
        { communityId: community.id, memberId: fixture.ids.alice, accountId, kind: 'note', body: '   ' },
        1,
      ),
    ).rejects.toThrow(/empty/);

    const entry = await addToBlacklist(
      store.db,
      { communityId: community.id, memberId: fixture.ids.alice, action: 'mute', reason: 'ads', accountId },
      at('2024-05-14 02:00'),
    );
    expect(entry).toMatchObject({
      memberId: fixture.ids.alice,
      memberName: 'alice',
      action: 'mute',
      reason: 'ads',
      liftedAt: null,
    });
    await expect(
      addToBlacklist(
        store.db,
        { communityId: community.id, memberId: fixture.ids.alice, action: 'mute', reason: 'again', accountId },
        2,
      ),
    ).rejects.toThrow(/already/);
    await expect(
      addToBlacklist(
        store.db,
        { communityId: community.id, memberId: fixture.ids.alice, action: 'ban', reason: 'x', accountId },
        2,
      ),
    ).rejects.toThrow(/unknown action/);
    await expect(
      addToBlacklist(
        store.db,
        { communityId: community.id, memberId: fixture.ids.alice, action: 'remove', reason: ' ', accountId },
        2,
      ),
    ).rejects.toThrow(/reason is required/);
    const lifted = await liftBlacklistEntry(store.db, community.id, entry.id, at('2024-05-15 12:00'));
    expect(lifted.liftedAt).toBe(at('2024-05-15 12:00'));
    await expect(liftBlacklistEntry(store.db, community.id, entry.id, 3)).rejects.toThrow(/already lifted/);
    const list = await listBlacklist(store.db, community.id);
    expect(list).toEqual([{ ...entry, liftedAt: at('2024-05-15 12:00'), author: 'Ops Olivia' }]);
    expect(await listBlacklist(store.db, community.id, { activeOnly: true })).toEqual([]);
  });

  it('shows the whole profile, tier history included', async () => {
    const profile = await memberProfile(store.db, community, fixture.ids.alice);
    expect(profile).toMatchObject({
      id: fixture.ids.alice,
      name: 'alice',
      isBot: false,
      tier: 'active',
      firstDay: '2024-05-13',
      lastActiveDay: '2024-05-16',
      messages: 5,
      identities: [{ platform: 'telegram', externalId: 'alice', displayName: 'alice' }],
      groups: [{ id: fixture.groupIds.g1, name: 'g1', firstDay: '2024-05-13' }],
      tags: [{ tag: 'night_owl', source: 'rule' }],
      notes: [{ kind: 'note', body: 'likes mornings', author: 'Ops Olivia' }],
      blacklist: [{ action: 'mute', reason: 'ads' }],
    });
    expect(profile.tierHistory).toHaveLength(8);
    expect(profile.tierHistory.slice(-3)).toEqual([
      { day: '2024-05-12', tier: null }, // before her first day
      { day: '2024-05-19', tier: 'active' },
      { day: '2024-05-20', tier: 'active' },
    ]);
  });

  it('merges events, notes and blacklist records newest first, page by page', async () => {
    const all = await memberTimeline(store.db, community, fixture.ids.alice);
    expect(all.next).toBeNull();
    expect(all.items.map((i) => [i.kind, i.day])).toEqual([
      ['note', '2024-05-16'],
      ['message', '2024-05-16'],
      ['blacklist', '2024-05-15'],
      ['message', '2024-05-15'],
      ['message', '2024-05-14'],
      ['blacklist', '2024-05-14'],
      ['message', '2024-05-14'],
      ['message', '2024-05-13'],
    ]);
    expect(all.items[1]).toMatchObject({ at: at('2024-05-16 05:00'), groupId: fixture.groupIds.g1, groupName: 'g1' });
    expect(all.items[2].text).toBe('lifted: mute');
    const paged = [];
    let before: number | undefined;
    do {
      const page = await memberTimeline(store.db, community, fixture.ids.alice, { before, limit: 3 });
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
      before = page.next ?? undefined;
    } while (before !== undefined);
    expect(paged).toEqual(all.items);
  });

  it('shows joins, leaves and check-ins', async () => {
    expect((await memberTimeline(store.db, community, fixture.ids.eve)).items.map((i) => i.kind)).toEqual([
      'leave',
      'message',
    ]);
    expect((await memberTimeline(store.db, community, fixture.ids.dave)).items.map((i) => i.kind)).toEqual(['join']);
    const carol = await memberTimeline(store.db, community, fixture.ids.carol, { limit: 2 });
    expect(carol.items.map((i) => [i.kind, i.day])).toEqual([
      ['check_in', '2024-05-07'],
      ['check_in', '2024-05-06'],
    ]);
    expect(carol.next).toBe(at('2024-05-06 07:00'));
  });

  it('refuses members of another community', async () => {
    const other = await seedMembersFixture(store, `other-${kind}`);
    await expect(memberProfile(store.db, community, other.ids.alice)).rejects.toThrow(/not found/);
    await expect(memberTimeline(store.db, community, other.ids.alice)).rejects.toThrow(/not found/);
    await expect(
      addMemberNote(
        store.db,
        { communityId: community.id, memberId: other.ids.alice, accountId, kind: 'note', body: 'x' },
        1,
      ),
    ).rejects.toThrow(/not found/);
    await expect(
      assignRole(
        store.db,
        {
          communityId: community.id,
          memberId: fixture.ids.alice,
          role: 'leader',
          groupId: other.groupIds.g1,
        },
        rebuildQuestions,
      ),
    ).rejects.toThrow(/group .* not found/);
  });

  it('grants and removes duty roles, rebuilding who counts as staff', async () => {
    const questions = () =>
      store.db.selectFrom('questions').select('member_id').where('community_id', '=', community.id).execute();
    expect(await questions()).toHaveLength(3); // quinn's
    await assignRole(
      store.db,
      {
        communityId: community.id,
        memberId: fixture.ids.quinn,
        role: 'assistant',
        groupId: fixture.groupIds.g2,
      },
      rebuildQuestions,
    );
    expect(await questions()).toHaveLength(0); // staff ask no questions
    expect(await rolesOfMember(store.db, community.id, fixture.ids.quinn)).toEqual([
      { role: 'assistant', groupId: fixture.groupIds.g2, groupName: 'g2' },
    ]);
    const roles = await dutyRoles(store.db, community.id);
    expect(roles.map((r) => r.role)).toEqual([
      'owner',
      'admin',
      'teacher',
      'leader',
      'booster',
      'cheerleader',
      'assistant',
      'kol',
    ]);
    expect(roles.find((r) => r.role === 'assistant')).toMatchObject({
      name: { en: 'Assistant', zh: '助教' },
      isStaff: true,
      holders: [{ memberId: fixture.ids.quinn, name: 'quinn', groupId: fixture.groupIds.g2, groupName: 'g2' }],
    });
    expect(roles.find((r) => r.role === 'kol')?.isStaff).toBe(false);
    await expect(
      unassignRole(
        store.db,
        { communityId: community.id, memberId: fixture.ids.quinn, role: 'assistant' },
        rebuildQuestions,
      ),
    ).rejects.toThrow(/not found/);
    await unassignRole(
      store.db,
      {
        communityId: community.id,
        memberId: fixture.ids.quinn,
        role: 'assistant',
        groupId: fixture.groupIds.g2,
      },
      rebuildQuestions,
    );
    expect(await questions()).toHaveLength(3);
  });

  it('builds the persona: tags, tiers and the weekday × hour heatmap', async () => {
    const persona = await buildPersona(store.db, community);
    expect(persona.asOf).toBe('2024-05-20');
    expect(persona.tiers).toEqual({ active: 1, observer: 5, lurker: 1 });
    expect(persona.tags).toContainEqual({ tag: 'night_owl', members: 1 });
    // alice's 23:30 Monday message, and 00:30 and 04:59 on Tuesday; bots do not count.
    expect(persona.heatmap[0][23]).toBe(1);
    expect(persona.heatmap[1][0]).toBe(1);
    expect(persona.heatmap[1][4]).toBe(1);
    expect(persona.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(17); // alice 5, bob 6, quinn 4, eve 1, wendy 1
    const g2 = await buildPersona(store.db, community, fixture.groupIds.g2);
    expect(g2.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(10);
    expect(g2.tiers).toEqual({ active: 0, observer: 2, lurker: 0 });
  });

  it('places messages in local hours across a DST change', async () => {
    const ny = eventBuilder('America/New_York');
    const events = [
      ny.event('g', 'ann', 'message', ny.at('2024-03-09 09:00')), // Saturday, EST
      ny.event('g', 'ann', 'message', ny.at('2024-03-10 09:00')), // Sunday, EDT since 02:00
      ny.event('g', 'ann', 'message', ny.at('2024-03-10 23:30')),
      ny.event('g', 'ann', 'message', ny.at('2024-03-11 09:00')), // Monday
      ny.event('g', 'ann', 'message', ny.at('2024-03-11 01:15')),
    ];
    await ingestIntoCommunity(
      eventLogOf(store),
      { community: `ny-${kind}`, timezone: 'America/New_York', format: 'test', fileName: 'ny' },
      () => asStream(events),
    );
    const ny2 = await store.db
      .selectFrom('communities')
      .selectAll()
      .where('slug', '=', `ny-${kind}`)
      .executeTakeFirstOrThrow();
    await refreshMemberStats(store.db, ny2.id);
    const persona = await buildPersona(store.db, ny2);
    expect(persona.heatmap[5][9]).toBe(1);
    expect(persona.heatmap[6][9]).toBe(1);
    expect(persona.heatmap[6][23]).toBe(1);
    expect(persona.heatmap[0][9]).toBe(1);
    expect(persona.heatmap[0][1]).toBe(1);
    const tags = await store.db
      .selectFrom('member_tags')
      .select('tag')
      .where('community_id', '=', ny2.id)
      .orderBy('tag')
      .execute();
    // 23:30 and 01:15 are 2 of 5 at night (40%), Saturday and Sunday 3 of 5.
    expect(tags.map((t) => t.tag)).toEqual(['newcomer', 'night_owl', 'weekend_poster']);
  });

  it.runIf(kind === 'sqlite')('reads a timeline without scanning the events table', async () => {
    const plan = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const { sql, parameters } = query.compile();
      return store
        .sqlite!.prepare(`explain query plan ${sql}`)
        .all(...(parameters as unknown[]))
        .map((r: any) => r.detail as string);
    };
    const dayEvents = plan(memberEventsInGroupQuery(store.db, 1, 1, 0, 1));
    expect(dayEvents.join(' | ')).toMatch(
      /SEARCH events USING INDEX events_group_time_idx \(group_id=\? AND occurred_at>\? AND occurred_at<\?\)/,
    );
    const joins = plan(membershipEventsOf(store.db, 1, 1, 100, 1, 10));
    expect(joins.join(' | ')).toMatch(/USING COVERING INDEX events_membership_idx/);
    for (const line of [...dayEvents, ...joins]) expect(line).not.toMatch(/^SCAN events/);
    expect(await activeDaysInGroup(store.db, fixture.groupIds.g1, fixture.ids.alice, 1e6, 2)).toHaveLength(2);
  });
});
