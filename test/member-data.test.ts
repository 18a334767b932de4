import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../src/kernel/storage/disk-blob-store.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { type EveryKind, seedEveryKind, tick } from './support/every-kind.js';
import { testKeyring } from './support/keyring.js';
import { testServer } from './support/server.js';
import { refreshMemberStats } from '../src/members/stats/member-stats.service.js';
import { upsertGrant } from '../src/accounts/access.repo.js';
import { ensureCommunity } from '../src/communities/community.service.js';

const HOME = 'rights';
const PERSON = { name: 'Zhang Weiyi', handle: 'zwy_fixture', phone: '+8613800138000', email: 'zwy@example.org' };

/** Every row of every table, as text: what a scan for personal strings reads. */
async function everyRow(store: TestDatabase): Promise<Map<string, string[]>> {
  const tables = await store.db.introspection.getTables();
  const rows = new Map<string, string[]>();
  for (const t of tables) {
    if (t.name.startsWith('kysely_') || t.name.startsWith('sqlite_')) continue;
    const all = await store.db
      .selectFrom(t.name as 'events')
      .selectAll()
      .execute();
    rows.set(
      t.name,
      all.map((r) => JSON.stringify(r)),
    );
  }
  return rows;
}

async function mentions(store: TestDatabase, strings: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [table, rows] of await everyRow(store))
    for (const row of rows)
      for (const s of strings) if (row.includes(s)) found.push(`${table}: ${s} in ${row.slice(0, 160)}`);
  return found;
}

async function figures(store: TestDatabase, communityId: number) {
  const sum = (table: 'community_days' | 'group_days') =>
    store.db
      .selectFrom(table as 'community_days')
      .select((eb) => [eb.fn.sum<number>('messages').as('messages'), eb.fn.sum<number>('checkins').as('checkins')])
      .$if(table === 'community_days', (q) => q.where('community_id', '=', communityId))
      .executeTakeFirstOrThrow();
  const community = await sum('community_days');
  const events = await store.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where('kind', '=', 'message')
    .executeTakeFirstOrThrow();
  return { messages: Number(community.messages), checkins: Number(community.checkins), events: Number(events.n) };
}

describe.each(databaseKinds)('member data rights on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  const filesDir = mkdtempSync(join(tmpdir(), 'shequn-rights-'));
  let files: DiskBlobStore;

  const seed = async (slug: string, person = PERSON) =>
    seedEveryKind(store, server.app, server.as, slug === HOME ? 'owner' : 'stranger', slug, person);
  const api = (f: EveryKind) => `/api/communities/${f.community.slug}/members/${f.subject}`;

  beforeAll(async () => {
    store = await open();
    files = new DiskBlobStore(filesDir);
    server = await testServer(store, HOME, { now: tick(), keyring: testKeyring(), files });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const blobsOf = async (f: EveryKind) => {
    const keys: string[] = [];
    for (const prefix of [`checkins/${f.campId}/${f.subject}/`, `rooms/${f.roomId}/m${f.subject}/`])
      for await (const { key } of files.list(prefix)) keys.push(key);
    return keys;
  };

  it('exports every kind of thing Shequn holds about a member, photos as links that open', async () => {
    const f = await seed(HOME);
    const res = await server.as('admin', { method: 'GET', url: `${api(f)}/export` });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json();
    expect(data.member).toMatchObject({ id: f.subject, displayName: PERSON.name });
    expect(data.mergedMembers).toEqual([expect.objectContaining({ id: f.twin, mergedInto: f.subject })]);
    // Posting in a room gave the member a web identity too.
    expect(data.identities.map((i: any) => i.externalId)).toEqual(
      expect.arrayContaining([PERSON.handle, `${PERSON.handle}_twin`, `member-${f.subject}`]),
    );
    expect(data.groups.map((g: any) => g.id)).toContain(f.groupId);
    expect(data.events.filter((e: any) => e.kind === 'message').map((e: any) => e.text)).toContain(
      `twin of ${PERSON.email}`,
    );
    expect(data.questions).toEqual(expect.any(Array));
    expect(data.notes).toEqual([expect.objectContaining({ body: `${PERSON.name} asked about ${PERSON.phone}` })]);
    expect(data.tags.map((t: any) => t.tag)).toContain('vip');
    expect(data.dutyRoles).toEqual([expect.objectContaining({ role: 'leader', groupId: f.groupId })]);
    expect(data.outbox).toEqual([expect.objectContaining({ id: f.outboxId, text: `Hello ${PERSON.name}` })]);
    expect(data.merges).toEqual([expect.objectContaining({ id: f.mergeId })]);
    expect(data.camps.enrolments).toEqual([expect.objectContaining({ campId: f.campId })]);
    expect(data.camps.checkins).toEqual([expect.objectContaining({ id: f.checkinId, photo: expect.any(String) })]);
    expect(data.camps.points.map((p: any) => p.action).sort()).toEqual(['checkin', 'milestone']);
    expect(data.camps.pointsTotal).toBe(15);
    expect(data.camps.badges).toEqual([expect.objectContaining({ code: 'perfect-attendance' })]);
    expect(data.camps.milestones).toEqual([expect.objectContaining({ milestoneDay: 1, points: 5 })]);
    expect(data.camps.copyFlags).toEqual([expect.objectContaining({ originalCheckinId: f.checkinId })]);
    expect(data.rooms.posts).toEqual([
      expect.objectContaining({ roomId: f.roomId, text: `room post by ${PERSON.name}`, image: expect.any(String) }),
    ]);
    expect(data.rooms.memberships).toEqual([{ roomId: f.roomId, status: 'member' }]);
    // The profile's camps card, open to analysts: the same points, badges and milestones per camp.
    const camps = await server.as('analyst', { method: 'GET', url: `${api(f)}/camps` });
    expect(camps.statusCode, camps.body).toBe(200);
    expect(camps.json()).toEqual({
      pointsTotal: 15,
      camps: [
        expect.objectContaining({
          campId: f.campId,
          enrolled: true,
          checkins: 1,
          points: 15,
          badges: [expect.objectContaining({ code: 'perfect-attendance' })],
          milestones: [expect.objectContaining({ milestoneDay: 1, points: 5 })],
        }),
      ],
    });
    for (const link of [data.camps.checkins[0].photo, data.rooms.posts[0].image]) {
      const photo = await server.as('admin', { method: 'GET', url: link });
      expect(photo.statusCode, link).toBe(200);
    }
  });

  it('answers 404 for a member of another community, on every member data route, and changes nothing', async () => {
    const away = await seed(`${HOME}-other`, { ...PERSON, name: 'Li Away', handle: 'li_away' });
    const url = `/api/communities/${HOME}/members/${away.subject}`;
    // Using a token stamps it: the accounts' own tables are no member data.
    const data = async () => [...(await everyRow(store))].filter(([t]) => t !== 'api_tokens');
    const before = await data();
    for (const request of [
      { method: 'GET' as const, url: `${url}/export` },
      { method: 'POST' as const, url: `${url}/anonymise`, payload: { confirm: away.subject } },
      { method: 'DELETE' as const, url, payload: { confirm: away.subject } },
    ]) {
      const res = await server.as('owner', request);
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(404);
    }
    expect(await data()).toEqual(before);
  });

  /** A community of its own for a destructive test, owned by the `owner` caller, with its own personal strings. */
  const fresh = async (slug: string) => {
    const community = await ensureCommunity(store.db, slug, undefined, Date.now());
    const account = await store.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', server.emails.owner)
      .executeTakeFirstOrThrow();
    await upsertGrant(store.db, { communityId: community.id, accountId: account.id, role: 'owner', now: Date.now() });
    const person = {
      name: `Wang ${slug}`,
      handle: `${slug}_handle`,
      phone: `+86139${slug.length}0000${slug.length}`,
      email: `${slug}@example.org`,
    };
    const f = await seedEveryKind(store, server.app, server.as, 'owner', slug, person);
    return { f, person, strings: Object.values(person) };
  };

  it('anonymises: no name, handle, phone or email is left in any table, photos go, every count stays', async () => {
    const { f, strings } = await fresh('anonymous');
    expect((await mentions(store, strings)).length).toBeGreaterThan(0);
    expect(await blobsOf(f)).toHaveLength(2);
    const before = await figures(store, f.community.id);
    // Live posts refresh member figures on a schedule: settle them first, as the erasure does after.
    await refreshMemberStats(store.db, f.community.id, Date.now());
    const member = (await server.as('owner', { method: 'GET', url: api(f) })).json();

    const refused = await server.as('owner', {
      method: 'POST',
      url: `${api(f)}/anonymise`,
      payload: { confirm: f.peer },
    });
    expect(refused.statusCode).toBe(400);
    expect(await mentions(store, strings)).not.toEqual([]);

    const res = await server.as('owner', {
      method: 'POST',
      url: `${api(f)}/anonymise`,
      payload: { confirm: f.subject },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ action: 'anonymise', filesRemoved: 2 });
    expect(await mentions(store, strings)).toEqual([]);
    expect(await blobsOf(f)).toEqual([]);
    expect(await figures(store, f.community.id)).toEqual(before);
    const after = (await server.as('owner', { method: 'GET', url: api(f) })).json();
    expect(after.name).toBe(`Anonymous ${f.subject}`);
    expect(after.messages).toBe(member.messages);
    expect(await store.db.selectFrom('member_notes').where('member_id', '=', f.subject).selectAll().execute()).toEqual(
      [],
    );
    const record = await store.db
      .selectFrom('member_erasures')
      .selectAll()
      .where('community_id', '=', f.community.id)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ member_id: f.subject, action: 'anonymise' });
    // The personal link is retired with the name.
    expect((await server.app.inject({ url: `/api/m/${f.token}` })).statusCode).toBe(404);
  });

  it('deletes: every row about the member and their merged twin goes, and the figures drop by theirs', async () => {
    const { f, strings } = await fresh('deleted');
    const before = await figures(store, f.community.id);
    const theirs = await store.db
      .selectFrom('events')
      .select(['kind'])
      .where('member_id', 'in', [f.subject, f.twin])
      .execute();
    const res = await server.as('owner', { method: 'DELETE', url: api(f), payload: { confirm: f.subject } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ action: 'delete', filesRemoved: 2 });
    const ids = new Set([f.subject, f.twin]);
    const left: string[] = [];
    // The erasure's own record keeps the id (and nothing else about them).
    for (const [table, rows] of await everyRow(store))
      for (const row of table === 'member_erasures' ? [] : rows.map((r) => JSON.parse(r) as Record<string, unknown>))
        for (const column of ['member_id', 'survivor_id', 'merged_id', 'merged_into'])
          if (ids.has(Number(row[column]))) left.push(`${table}.${column}`);
    const members = await store.db
      .selectFrom('members')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    expect(members).toEqual([]);
    expect(left).toEqual([]);
    expect(
      await mentions(
        store,
        strings.filter((s) => s !== strings[0]),
      ),
    ).toEqual([]);
    expect(await blobsOf(f)).toEqual([]);
    const count = (kind: string) => theirs.filter((e) => e.kind === kind).length;
    expect(await figures(store, f.community.id)).toEqual({
      messages: before.messages - count('message'),
      checkins: before.checkins - count('checkin'),
      events: before.events - count('message'),
    });
    expect((await server.as('owner', { method: 'GET', url: api(f) })).statusCode).toBe(404);
    expect(
      await store.db
        .selectFrom('member_erasures')
        .select(['member_id', 'action'])
        .where('community_id', '=', f.community.id)
        .execute(),
    ).toEqual([{ member_id: f.subject, action: 'delete' }]);
  });
});
