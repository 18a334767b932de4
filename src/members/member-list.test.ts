import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { seedMembersFixture } from '../../test/support/members-fixture.js';
import { exportMembers, listMembers, type MemberListQuery } from './member-list.service.js';
import { csvField, likePattern, parseMemberFilter } from './member-list.rules.js';
import { assignRole } from './roles/role.service.js';
import { bulkTag, listTags } from './tags/tag.service.js';
import { rebuildQuestions } from '../automation/service-desk/questions.service.js';

describe('member list rules', () => {
  it.each([
    ['ann', '%ann%'],
    ['50%_Off', '%50\\%\\_off%'],
    ['a\\b', '%a\\\\b%'],
  ])('like pattern of %s', (q, pattern) => expect(likePattern(q)).toBe(pattern));

  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['王小明', '王小明'],
  ])('CSV field %j → %s', (value, field) => expect(csvField(value)).toBe(field));

  it('rejects a reversed joined range and bad dates', () => {
    expect(() => parseMemberFilter({ joinedFrom: '2024-05-02', joinedTo: '2024-05-01' })).toThrow(/after joinedTo/);
    expect(() => parseMemberFilter({ joinedFrom: '2024-02-30' })).toThrow(/not a calendar date/);
    expect(parseMemberFilter({ q: '  ', tag: '' })).toEqual({});
  });
});

describe.each(databaseKinds)('members list on %s', (_kind, open) => {
  let store: TestDatabase;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let other: Awaited<ReturnType<typeof seedMembersFixture>>;
  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    other = await seedMembersFixture(store, 'elsewhere');
    const { ids } = fixture;
    await store.db
      .updateTable('members')
      .set({ display_name: '=HYPERLINK("http://x")' })
      .where('id', '=', ids.chris)
      .execute();
    await store.db.updateTable('members').set({ display_name: '王小明' }).where('id', '=', ids.wendy).execute();
    await store.db
      .updateTable('identities')
      .set({ display_name: 'Ally 100%' })
      .where('member_id', '=', ids.carol)
      .execute();
    await assignRole(
      store.db,
      {
        communityId: fixture.community.id,
        memberId: ids.bob,
        role: 'teacher',
        groupId: fixture.groupIds.g2,
        now: 1,
      },
      rebuildQuestions,
    );
  });
  afterAll(async () => store?.dispose());

  const names = async (query: MemberListQuery) =>
    (await listMembers(store.db, fixture.community.id, query)).items.map((m) => m.name);
  const nameOf = (name: string) => (name === 'chris' ? '=HYPERLINK("http://x")' : name === 'wendy' ? '王小明' : name);

  it('lists members, not bots, most recently active first (ties: newest member first), the silent last', async () => {
    const list = await listMembers(store.db, fixture.community.id, {});
    expect(list.total).toBe(8);
    expect(list.items.map((m) => m.name)).toEqual([
      '王小明',
      'quinn',
      'bob',
      'alice',
      '=HYPERLINK("http://x")',
      'carol',
      'eve',
      'dave',
    ]);
    expect(list.items[2]).toEqual({
      id: fixture.ids.bob,
      name: 'bob',
      tier: 'observer',
      firstDay: '2024-05-01',
      lastActiveDay: '2024-05-19',
      messages: 6,
      checkins: 0,
      tags: ['weekend_poster'],
      roles: ['teacher'],
      sources: ['telegram'],
      blacklisted: false,
    });
  });

  it.each([
    ['tier', { tier: 'observer' }, ['bob', 'carol', 'chris', 'quinn', 'wendy']],
    ['tier gone', { tier: 'gone' }, ['eve']],
    ['tag', { tag: 'night_owl' }, ['alice']],
    ['source', { source: 'wechat' }, ['wendy']],
    ['role', { role: 'teacher' }, ['bob']],
    ['joined between', { joinedFrom: '2024-05-14', joinedTo: '2024-05-20' }, ['dave', 'wendy']],
    ['name, any case', { q: 'AL' }, ['alice', 'carol']],
    ['identity name with a literal %', { q: '100%' }, ['carol']],
    ['a % alone matches only a %', { q: '%' }, ['carol']],
    ['an _ is no wildcard', { q: 'a_ice' }, []],
    ['several filters at once', { tier: 'observer', tag: 'weekend_poster' }, ['bob']],
  ] as const)('filters by %s', async (_name, query, expected) => {
    const got = await names({ ...query, sort: 'name' });
    expect(got.sort()).toEqual(expected.map(nameOf).sort());
  });

  it('filters by group', async () => {
    expect(await names({ group: fixture.groupIds.g2, sort: 'name' })).toEqual(['bob', 'quinn']);
  });

  it('sorts and pages without overlap', async () => {
    expect(await names({ sort: 'messages' })).toEqual([
      'bob',
      'alice',
      'quinn',
      '王小明',
      'eve',
      'dave',
      '=HYPERLINK("http://x")',
      'carol',
    ]);
    expect(await names({ sort: 'joined', order: 'asc' })).toEqual([
      'eve',
      'quinn',
      'bob',
      'carol',
      '=HYPERLINK("http://x")',
      'alice',
      'dave',
      '王小明',
    ]);
    const pages = [
      await names({ sort: 'name', limit: 3 }),
      await names({ sort: 'name', limit: 3, offset: 3 }),
      await names({ sort: 'name', limit: 3, offset: 6 }),
    ];
    expect(pages.flat()).toEqual(await names({ sort: 'name' }));
    const past = await listMembers(store.db, fixture.community.id, { q: 'a', offset: 100 });
    expect(past).toEqual({ total: 3, items: [] });
  });

  it('exports the filtered list as CSV with a BOM and formula guard, in English when asked', async () => {
    const file = exportMembers(store.db, fixture.community, { sort: 'name' }, 'csv', Date.UTC(2024, 4, 21), 'en');
    expect(file.fileName).toBe('camp-members-2024-05-21.csv');
    let text = '';
    for await (const chunk of file.body) text += chunk;
    expect(
      text.startsWith('\uFEFFID,Name,Tier,First day,Last active,Messages,Check-ins,Tags,Roles,Sources,Blacklisted\r\n'),
    ).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines).toContain(
      `${fixture.ids.chris},"'=HYPERLINK(""http://x"")",Observer,2024-05-10,2024-05-15,0,6,,,Telegram,No`,
    );
    expect(lines).toContain(`${fixture.ids.wendy},王小明,Observer,2024-05-20,2024-05-20,1,0,Newcomer,,WeChat,No`);
    expect(lines[lines.length - 1].split(',')[1]).toBe('王小明');
  });

  it('exports in Chinese by default: headers, tiers, rule tags, platforms and yes/no, no codes', async () => {
    const file = exportMembers(store.db, fixture.community, { sort: 'name' }, 'csv', Date.UTC(2024, 4, 21));
    let text = '';
    for await (const chunk of file.body) text += chunk;
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('编号,名字,分层,首次出现,最近活跃,消息数,打卡数,标签,职务,来源,小黑屋');
    expect(lines).toContain(`${fixture.ids.wendy},王小明,观望者,2024-05-20,2024-05-20,1,0,新人,,微信,否`);
    for (const code of ['observer', 'newcomer', 'wechat', 'false', 'true', 'active', 'lurker'])
      expect(text).not.toMatch(new RegExp(`,${code}(,|\r)`));
  });

  it('exports XLSX with the same rows', async () => {
    const file = exportMembers(store.db, fixture.community, { tier: 'observer', sort: 'name' }, 'xlsx', 0, 'zh-CN');
    const chunks: Buffer[] = [];
    for await (const chunk of file.body) chunks.push(chunk as Buffer);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('成员')!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(1).getCell(2).value).toBe('名字');
    expect(sheet.getRow(2).getCell(3).value).toBe('观望者');
    const names = [2, 3, 4, 5, 6].map((r) => sheet.getRow(r).getCell(2).value);
    expect(names).toContain('=HYPERLINK("http://x")'); // a plain string cell, never a formula
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String);
  });

  it('tags many members at once, counts only changes, and removes manual tags', async () => {
    const { ids } = fixture;
    const communityId = fixture.community.id;
    expect(
      await bulkTag(store.db, communityId, { tag: '  宝妈 ', memberIds: [ids.alice, ids.bob, ids.alice] }, 5),
    ).toEqual({ changed: 2 });
    expect(await bulkTag(store.db, communityId, { tag: '宝妈', memberIds: [ids.alice, ids.carol] }, 6)).toEqual({
      changed: 1,
    });
    // A rule tag tagged by hand becomes manual, so it outlives the behaviour.
    expect(await bulkTag(store.db, communityId, { tag: 'night_owl', memberIds: [ids.alice] }, 7)).toEqual({
      changed: 1,
    });
    expect(await names({ tag: '宝妈', sort: 'name' })).toEqual(['alice', 'bob', 'carol']);
    const tags = await listTags(store.db, communityId);
    expect(tags).toContainEqual({ tag: '宝妈', source: 'manual', members: 3 });
    expect(tags).toContainEqual({ tag: 'night_owl', source: 'manual', members: 1 });
    expect(await listTags(store.db, communityId, fixture.groupIds.g2)).toContainEqual({
      tag: '宝妈',
      source: 'manual',
      members: 1,
    });
    expect(
      await bulkTag(store.db, communityId, { tag: '宝妈', memberIds: [ids.bob, ids.dave], remove: true }, 8),
    ).toEqual({ changed: 1 });
    expect(await names({ tag: '宝妈', sort: 'name' })).toEqual(['alice', 'carol']);
  });

  it('rejects members of another community and changes nothing', async () => {
    const attempt = bulkTag(
      store.db,
      fixture.community.id,
      { tag: 'x', memberIds: [fixture.ids.alice, other.ids.alice, 999_999] },
      9,
    );
    await expect(attempt).rejects.toThrow(`not members of this community: ${other.ids.alice}, 999999`);
    expect(await names({ tag: 'x' })).toEqual([]);
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(33), /at most 32/],
    ['a,b', /comma/],
  ])('rejects the tag %j', async (tag, message) => {
    await expect(bulkTag(store.db, fixture.community.id, { tag, memberIds: [fixture.ids.alice] }, 1)).rejects.toThrow(
      message,
    );
  });
});
