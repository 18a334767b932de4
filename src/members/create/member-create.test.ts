import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { multipart } from '../../../test/support/multipart.js';
import { testServer } from '../../../test/support/server.js';
import { checkMember, markDuplicates, normalizePhone } from './member-create.rules.js';

const CSV = join(import.meta.dirname, '../../../test/fixtures/members/members.csv');

describe('member rows', () => {
  it.each([
    ['+86 138-0013-8000', '+8613800138000'],
    ['(010) 6552 9988', '01065529988'],
    ['12ab', null],
    ['12345', null],
  ])('phone %s → %s', (raw, phone) => expect(normalizePhone(raw)).toBe(phone));

  it('finds what is wrong with a row, and repeats within a file', () => {
    expect(checkMember({ name: ' ', email: 'nope', handle: 'x' }).errors.map((e) => e.code)).toEqual([
      'NAME_MISSING',
      'EMAIL_INVALID',
      'HANDLE_WITHOUT_PLATFORM',
    ]);
    const rows = [checkMember({ name: 'A', phone: '13800138000' }), checkMember({ name: 'B', phone: '138 0013 8000' })];
    const byName = [checkMember({ name: 'Li' }), checkMember({ name: 'Li' })];
    markDuplicates(rows);
    markDuplicates(byName);
    expect(rows[1]!.errors).toEqual([{ code: 'DUPLICATE_IN_FILE', field: 'row' }]);
    expect(byName[1]!.errors).toEqual([{ code: 'DUPLICATE_IN_FILE', field: 'row' }]);
  });
});

describe.each(databaseKinds)('members added by hand on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  const base = '/api/communities/camp';

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    server = await testServer(store, 'camp');
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const upload = (
    mode: 'preview' | 'create',
    filename: string,
    data: Buffer,
    role: 'operator' | 'analyst' = 'operator',
  ) =>
    server.as(role, {
      method: 'POST',
      url: `${base}/members/upload?mode=${mode}`,
      ...multipart([], { filename, data }),
    });
  const listed = async (q: string) =>
    (await server.as('analyst', { url: `${base}/members?q=${encodeURIComponent(q)}` })).json().items as Array<{
      id: number;
      name: string;
      tier: string | null;
      tags: string[];
    }>;

  it('adds one member with contacts, tags and a group; they are listed at once', async () => {
    const res = await server.as('operator', {
      method: 'POST',
      url: `${base}/members`,
      payload: { name: 'Zhang Wei', phone: '139 0000 1111', tags: ['new'], groupId: fixture.groupIds.g2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await listed('Zhang Wei');
    // Figures follow the join: a tier and the newcomer tag, beside the hand-given tag.
    expect(row).toMatchObject({ id: res.json().id, name: 'Zhang Wei', tier: 'lurker', tags: ['new', 'newcomer'] });
    const membership = await store.db
      .selectFrom('memberships')
      .select('group_id')
      .where('member_id', '=', res.json().id)
      .execute();
    expect(membership).toEqual([{ group_id: fixture.groupIds.g2 }]);
    const again = await server.as('operator', {
      method: 'POST',
      url: `${base}/members`,
      payload: { name: 'Someone else', phone: '+13900001111'.replace('+1', '1') },
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses bad fields, groups of other communities, analysts and strangers', async () => {
    const post = (payload: object, role: 'operator' | 'analyst' | 'stranger' = 'operator') =>
      server.as(role, { method: 'POST', url: `${base}/members`, payload });
    const bad = await post({ name: 'P', phone: 'call me' });
    expect([bad.statusCode, bad.json().message]).toEqual([400, 'PHONE_INVALID']);
    const other = await server.as('stranger', {
      method: 'POST',
      url: '/api/communities/camp-other/groups',
      payload: { name: 'Theirs', platform: 'web' },
    });
    expect((await post({ name: 'Q', groupId: other.json().id })).statusCode).toBe(404);
    expect((await post({ name: 'Q' }, 'analyst')).statusCode).toBe(403);
    expect((await post({ name: 'Q' }, 'stranger')).statusCode).toBe(404);
    expect((await upload('preview', 'm.csv', Buffer.from('name\nX\n'), 'analyst')).statusCode).toBe(403);
  });

  it('previews a CSV row by row, creates the valid rows, and creates no one twice', async () => {
    const data = await readFile(CSV);
    const preview = await upload('preview', 'members.csv', data);
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(
      body.rows.map((r: { line: number; status: string; errors: Array<{ code: string }> }) => [
        r.line,
        r.status,
        r.errors.map((e) => e.code),
      ]),
    ).toEqual([
      [2, 'new', []],
      [3, 'invalid', ['NAME_MISSING']],
      [4, 'invalid', ['PHONE_INVALID']],
      [5, 'invalid', ['DUPLICATE_IN_FILE']],
      [6, 'existing', ['ALREADY_MEMBER']],
      [7, 'new', []],
      [8, 'invalid', ['GROUP_UNKNOWN']],
    ]);
    expect(body.counts).toEqual({ new: 2, existing: 1, invalid: 4 });
    expect(await listed('Mei Lin')).toEqual([]);

    const created = await upload('create', 'members.csv', data);
    expect(created.json()).toMatchObject({ created: 2, counts: { new: 2, existing: 1, invalid: 4 } });
    const [mei] = await listed('Mei Lin');
    expect(mei).toMatchObject({ name: 'Mei Lin', tier: 'lurker' });
    const tags = await store.db
      .selectFrom('member_tags')
      .select('tag')
      .where('member_id', '=', mei!.id)
      .orderBy('tag')
      .execute();
    expect(tags.map((t) => t.tag).sort()).toEqual(['newcomer', 'vip', '早起'].sort());
    const identities = await store.db
      .selectFrom('identities')
      .select(['platform', 'external_id'])
      .where('member_id', '=', mei!.id)
      .orderBy('platform')
      .execute();
    expect(identities).toEqual([
      { platform: 'email', external_id: 'mei@example.org' },
      { platform: 'phone', external_id: '+8613800138000' },
      { platform: 'telegram', external_id: 'name:Mei Lin' },
    ]);

    const before = await store.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await upload('create', 'members.csv', data);
    expect(again.json()).toMatchObject({ created: 0, counts: { new: 0, existing: 3 } });
    const after = await store.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('reads an XLSX list with Chinese headers the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('成员');
    sheet.addRow(['姓名', '手机', '邮箱', '标签', '群']);
    sheet.addRow(['王芳', '13700000000', '', '宝妈', 'g2']);
    sheet.addRow(['李雷', 'bad', '', '', '']);
    sheet.addRow(['王芳', '13700000000', '', '', '']);
    const data = Buffer.from(await book.xlsx.writeBuffer());
    const preview = await upload('preview', '成员.xlsx', data);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().rows.map((r: { line: number; status: string }) => [r.line, r.status])).toEqual([
      [2, 'new'],
      [3, 'invalid'],
      [4, 'invalid'],
    ]);
    expect((await upload('create', '成员.xlsx', data)).json().created).toBe(1);
    expect((await upload('create', '成员.xlsx', data)).json().created).toBe(0);
    expect(await listed('王芳')).toEqual([
      expect.objectContaining({ name: '王芳', tags: expect.arrayContaining(['宝妈']) }),
    ]);
  });

  it('refuses a file without a name column', async () => {
    const res = await upload('preview', 'x.csv', Buffer.from('phone\n13800000000\n'));
    expect([res.statusCode, res.json().code]).toEqual([400, 'VALIDATION']);
  });
});
