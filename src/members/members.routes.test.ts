import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRole } from '../kernel/http/access-roles.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { seedMembersFixture } from '../../test/support/members-fixture.js';
import { testServer } from '../../test/support/server.js';

describe.each(databaseKinds)('members API on %s', (_kind, open) => {
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

  const writes = () =>
    [
      {
        name: 'bulk tag',
        minimum: 'operator',
        method: 'POST',
        url: `${base}/members/tags`,
        payload: { tag: 'vip', memberIds: [fixture.ids.alice] },
      },
      {
        name: 'grant role',
        minimum: 'operator',
        method: 'PUT',
        url: `${base}/members/${fixture.ids.bob}/roles`,
        payload: { role: 'cheerleader' },
      },
      {
        name: 'blacklist',
        minimum: 'operator',
        method: 'POST',
        url: `${base}/blacklist`,
        payload: { memberId: fixture.ids.eve, action: 'remove', reason: 'spam links' },
      },
      {
        name: 'note',
        minimum: 'assistant',
        method: 'POST',
        url: `${base}/members/${fixture.ids.alice}/notes`,
        payload: { body: 'hello' },
      },
    ] as const;

  it.each(['analyst', 'assistant'] as const)('refuses every operator write to an %s', async (role) => {
    for (const w of writes()) {
      if (w.minimum === 'assistant' && role === 'assistant') continue;
      const res = await server.as(role, { method: w.method, url: w.url, payload: w.payload });
      expect(res.statusCode, `${w.name} as ${role}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('lets an assistant write notes and an operator do the rest', async () => {
    for (const w of writes()) {
      const role: AccessRole = w.minimum;
      const res = await server.as(role, { method: w.method, url: w.url, payload: w.payload });
      expect(res.statusCode, w.name).toBeLessThan(300);
    }
  });

  it('hides the community from strangers', async () => {
    for (const url of [
      `${base}/members`,
      `${base}/members/${fixture.ids.alice}`,
      `${base}/tags`,
      `${base}/roles`,
      `${base}/blacklist`,
      `${base}/persona`,
    ]) {
      expect((await server.as('stranger', { url })).statusCode, url).toBe(404);
      expect((await server.app.inject({ url })).statusCode, url).toBe(401);
    }
  });

  it('lists and filters for analysts, with clear errors for bad input', async () => {
    const res = await server.as('analyst', { url: `${base}/members?tier=observer&sort=name&limit=2` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 5, items: [{ name: 'bob' }, { name: 'carol' }] });
    const bad = await server.as('analyst', { url: `${base}/members?joinedFrom=2024-05-09&joinedTo=2024-05-01` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/after joinedTo/);
    expect((await server.as('analyst', { url: `${base}/members?tier=sleepy` })).statusCode).toBe(400);
    expect((await server.as('analyst', { url: `${base}/members?color=red` })).statusCode).toBe(400);
  });

  it('drops control characters from a note and a search instead of answering 500 on PostgreSQL', async () => {
    const url = `${base}/members/${fixture.ids.alice}/notes`;
    const note = await server.as('assistant', { method: 'POST', url, payload: { body: 'call\u0000 her\u0007 back' } });
    expect(note.statusCode).toBe(201);
    expect(note.json().body).toBe('call her back');
    const profile = (await server.as('analyst', { url: `${base}/members/${fixture.ids.alice}` })).json();
    expect(profile.notes.map((n: { body: string }) => n.body)).toContain('call her back');
    // Nothing but control characters is an empty note: refused as one.
    const empty = await server.as('assistant', { method: 'POST', url, payload: { body: '\u0000\u0001' } });
    expect(empty.statusCode).toBe(400);
    const search = await server.as('analyst', { url: `${base}/members?q=bo%00b` });
    expect(search.statusCode).toBe(200);
    expect(search.json().items.map((m: { name: string }) => m.name)).toEqual(['bob']);
  });

  it('exports a CSV download', async () => {
    const res = await server.as('analyst', { url: `${base}/members/export?format=csv&tag=night_owl` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="camp-members-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.trimEnd().split('\r\n')).toHaveLength(2);
    // The console's language: `lang`, else Accept-Language, else zh-CN.
    expect(res.body.slice(1).startsWith('编号,名字,分层')).toBe(true);
    const en = await server.as('analyst', { url: `${base}/members/export?format=csv&lang=en` });
    expect(en.body.slice(1).startsWith('ID,Name,Tier')).toBe(true);
    const accepted = await server.as('analyst', {
      url: `${base}/members/export`,
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(accepted.body.slice(1).startsWith('ID,Name,Tier')).toBe(true);
    const xlsx = await server.as('analyst', { url: `${base}/members/export?format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('serves profile, timeline, tags, roles, blacklist and persona', async () => {
    const profile = await server.as('analyst', { url: `${base}/members/${fixture.ids.alice}` });
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({ name: 'alice', tier: 'active' });
    const timeline = await server.as('analyst', { url: `${base}/members/${fixture.ids.alice}/timeline?limit=2` });
    expect(timeline.json().items).toHaveLength(2);
    expect(typeof timeline.json().next).toBe('number');
    expect((await server.as('analyst', { url: `${base}/members/999999` })).statusCode).toBe(404);
    expect((await server.as('analyst', { url: `${base}/tags` })).json()).toContainEqual({
      tag: 'night_owl',
      source: 'rule',
      members: 1,
    });
    const roles = (await server.as('analyst', { url: `${base}/roles` })).json();
    expect(roles.find((r: any) => r.role === 'cheerleader').holders).toEqual([
      { memberId: fixture.ids.bob, name: 'bob', groupId: null, groupName: null },
    ]);
    const persona = (await server.as('analyst', { url: `${base}/persona?group=${fixture.groupIds.g2}` })).json();
    expect(persona.heatmap).toHaveLength(7);
    expect((await server.as('analyst', { url: `${base}/persona?group=999999` })).statusCode).toBe(404);
  });

  it('records the blacklist with the acting account and lifts it', async () => {
    const [entry] = (await server.as('analyst', { url: `${base}/blacklist?active=true` })).json();
    expect(entry).toMatchObject({
      memberName: 'eve',
      action: 'remove',
      reason: 'spam links',
      author: 'operator',
      liftedAt: null,
    });
    const again = await server.as('operator', {
      method: 'POST',
      url: `${base}/blacklist`,
      payload: { memberId: fixture.ids.eve, action: 'remove', reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
    expect((await server.as('analyst', { method: 'DELETE', url: `${base}/blacklist/${entry.id}` })).statusCode).toBe(
      403,
    );
    const lifted = await server.as('operator', { method: 'DELETE', url: `${base}/blacklist/${entry.id}` });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().liftedAt).toEqual(expect.any(Number));
    expect((await server.as('analyst', { url: `${base}/blacklist` })).json()).toHaveLength(1);
    const noReason = await server.as('operator', {
      method: 'POST',
      url: `${base}/blacklist`,
      payload: { memberId: fixture.ids.eve, action: 'mute', reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
  });

  it('removes a role and rejects members of other communities', async () => {
    const removed = await server.as('operator', {
      method: 'DELETE',
      url: `${base}/members/${fixture.ids.bob}/roles`,
      payload: { role: 'cheerleader' },
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toEqual([]);
    const other = await seedMembersFixture(store, 'camp-third');
    const tag = await server.as('operator', {
      method: 'POST',
      url: `${base}/members/tags`,
      payload: { tag: 'vip', memberIds: [other.ids.alice] },
    });
    expect(tag.statusCode).toBe(400);
    expect(tag.json().message).toMatch(/not members of this community/);
    expect(
      (
        await server.as('assistant', {
          method: 'POST',
          url: `${base}/members/${other.ids.alice}/notes`,
          payload: { body: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await server.as('operator', {
          method: 'PUT',
          url: `${base}/members/${fixture.ids.bob}/roles`,
          payload: { role: 'member' },
        })
      ).statusCode,
    ).toBe(400);
  });
});
