import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createApiToken } from '../accounts/account.service.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { seedMembersFixture } from '../../test/support/members-fixture.js';
import { testServer } from '../../test/support/server.js';

describe.each(databaseKinds)('communities and groups made by hand on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let ownerToken: string;
  const asOwner = (request: InjectOptions) =>
    server.app.inject({ ...request, headers: { authorization: `Bearer ${ownerToken}` } });

  beforeAll(async () => {
    store = await open();
    await seedMembersFixture(store);
    server = await testServer(store, 'camp');
    const owner = await createAccount(
      store.db,
      { email: 'root@instance.test', password: 'correct horse battery', instanceOwner: true },
      Date.now(),
    );
    ownerToken = (await createApiToken(store.db, owner.id, 'tests', Date.now())).token;
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('lets an instance owner create a community, with a slug from its name, and makes them its owner', async () => {
    const suggestion = await asOwner({ url: '/api/communities/slug-suggestion?name=Reading%20Club' });
    expect(suggestion.json()).toEqual({ slug: 'reading-club' });
    const created = await asOwner({ method: 'POST', url: '/api/communities', payload: { name: ' Reading Club ' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({
      slug: 'reading-club',
      name: 'Reading Club',
      timezone: 'Asia/Shanghai',
      hasEvents: false,
      settings: { locale: null, questions: null },
    });
    const grant = await store.db
      .selectFrom('community_access')
      .innerJoin('communities', 'communities.id', 'community_access.community_id')
      .select('community_access.role')
      .where('communities.slug', '=', 'reading-club')
      .execute();
    expect(grant).toEqual([{ role: 'owner' }]);
    // The next of the same name gets the next free slug.
    expect((await asOwner({ url: '/api/communities/slug-suggestion?name=Reading%20Club' })).json().slug).toBe(
      'reading-club-2',
    );
  });

  it('refuses bad slugs, taken slugs, unknown zones, and anyone but an instance owner', async () => {
    const post = (payload: object) => asOwner({ method: 'POST', url: '/api/communities', payload });
    const badSlug = await post({ name: 'X', slug: 'Not A Slug' });
    expect([badSlug.statusCode, badSlug.json().code]).toEqual([400, 'VALIDATION']);
    expect((await post({ name: 'Y', slug: 'reading-club' })).statusCode).toBe(409);
    expect((await post({ name: 'Z', slug: 'zed', timezone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await post({ name: '  ' })).statusCode).toBe(400);
    const byAdmin = await server.as('owner', { method: 'POST', url: '/api/communities', payload: { name: 'Mine' } });
    expect(byAdmin.statusCode).toBe(403);
    expect(
      (await server.app.inject({ method: 'POST', url: '/api/communities', payload: { name: 'A' } })).statusCode,
    ).toBe(401);
  });

  it('renames, sets settings and changes the zone of a community without events only', async () => {
    const created = await asOwner({
      method: 'POST',
      url: '/api/communities',
      payload: { name: 'Runners', slug: 'runners', timezone: 'Europe/Berlin', settings: { locale: 'en' } },
    });
    expect(created.json().settings).toEqual({ locale: 'en', questions: null });
    const patched = await asOwner({
      method: 'PATCH',
      url: '/api/communities/runners',
      payload: {
        name: 'Morning runners',
        timezone: 'America/New_York',
        settings: { locale: null, questions: { marks: ['?'] } },
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Morning runners',
      timezone: 'America/New_York',
      settings: { locale: null, questions: { marks: ['?'] } },
    });
    // `camp` has imported events: its days were stamped in its zone.
    const zone = await server.as('admin', {
      method: 'PATCH',
      url: '/api/communities/camp',
      payload: { timezone: 'Europe/Berlin' },
    });
    expect([zone.statusCode, zone.json().code]).toEqual([400, 'VALIDATION']);
    const rename = await server.as('admin', {
      method: 'PATCH',
      url: '/api/communities/camp',
      payload: { name: 'Camp' },
    });
    expect(rename.json().name).toBe('Camp');
    expect(
      (await server.as('operator', { method: 'PATCH', url: '/api/communities/camp', payload: { name: 'x' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await server.as('stranger', { method: 'PATCH', url: '/api/communities/camp', payload: { name: 'x' } }))
        .statusCode,
    ).toBe(404);
  });

  it('creates groups by hand: a web room, and a Telegram group whose chat id is set later', async () => {
    const room = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/groups',
      payload: { name: 'Web lounge', platform: 'web' },
    });
    expect(room.statusCode, room.body).toBe(201);
    const rooms = await server.as('analyst', { url: '/api/communities/camp/rooms' });
    expect(rooms.json().map((r: { groupId: number }) => r.groupId)).toContain(room.json().id);

    const tg = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/groups',
      payload: { name: 'Cohort 7', platform: 'telegram' },
    });
    const id = tg.json().id;
    const groups = await server.as('analyst', { url: '/api/communities/camp/groups' });
    expect(groups.json().map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['Web lounge', 'Cohort 7']),
    );

    const setChat = (externalId: string) =>
      server.as('operator', { method: 'PATCH', url: `/api/communities/camp/groups/${id}`, payload: { externalId } });
    // `g1` is the fixture's Telegram group: a chat id two groups cannot share.
    expect((await setChat('g1')).statusCode).toBe(409);
    expect((await setChat('-100123')).statusCode).toBe(200);
    expect((await setChat('-100999')).statusCode).toBe(409);
    const row = await store.db
      .selectFrom('groups')
      .select('external_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.external_id).toBe('-100123');
    const rename = await server.as('operator', {
      method: 'PATCH',
      url: `/api/communities/camp/groups/${id}`,
      payload: { name: 'Cohort 7 (2025)' },
    });
    expect(rename.json().name).toBe('Cohort 7 (2025)');
  });

  it('refuses groups to analysts and strangers, and groups of other communities', async () => {
    const payload = { name: 'G', platform: 'irc', externalId: '#g' };
    expect(
      (await server.as('assistant', { method: 'POST', url: '/api/communities/camp/groups', payload })).statusCode,
    ).toBe(403);
    expect(
      (await server.as('stranger', { method: 'POST', url: '/api/communities/camp/groups', payload })).statusCode,
    ).toBe(404);
    expect(
      (
        await server.as('operator', {
          method: 'POST',
          url: '/api/communities/camp/groups',
          payload: { name: 'G', platform: 'sms' },
        })
      ).statusCode,
    ).toBe(400);
    const other = await server.as('stranger', {
      method: 'POST',
      url: '/api/communities/camp-other/groups',
      payload,
    });
    const otherId = other.json().id;
    const foreign = await server.as('operator', {
      method: 'PATCH',
      url: `/api/communities/camp/groups/${otherId}`,
      payload: { name: 'mine now' },
    });
    expect(foreign.statusCode).toBe(404);
  });
});
