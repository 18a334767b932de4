import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { testServer, TEST_PASSWORD } from '../../test/support/server.js';
import { upsertGrant } from './access.repo.js';
import { createAccount, createApiToken } from './account.service.js';
import { MS_PER_DAY } from '../kernel/time/local-day.js';
import { ingestIntoCommunity } from '../communities/imports/import.service.js';
import { asStream, eventBuilder } from '../../test/support/events.js';
import { eventLogOf } from '../../test/support/event-log.js';

const { at, event } = eventBuilder('Asia/Shanghai');

const tokenOf = (path: string) => path.slice(path.indexOf('#') + 1);

describe.each(databaseKinds)('the team on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let clock = Date.parse('2026-12-01T08:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    store = await open();
    server = await testServer(store, 'camp', { now });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const invite = (as: 'owner' | 'admin' | 'operator', email: string, role: string) =>
    server.as(as, { method: 'POST', url: '/api/communities/camp/team/invites', payload: { email, role } });
  const post = (url: string, payload: object, extra: Partial<InjectOptions> = {}) =>
    server.app.inject({ method: 'POST', url, payload, ...extra });
  const signIn = async (email: string, password: string) => {
    const res = await post('/api/auth/login', { email, password });
    if (res.statusCode !== 200) return { status: res.statusCode, cookie: '', csrf: '' };
    const cookie = res.cookies.find((c) => c.name === 'shequn_session')!.value;
    return { status: 200, cookie, csrf: res.json().csrfToken as string };
  };
  const asSession = (s: { cookie: string; csrf: string }, request: InjectOptions) =>
    server.app.inject({
      ...request,
      cookies: { shequn_session: s.cookie },
      headers: { ...request.headers, 'x-csrf-token': s.csrf },
    });

  it('lets admins invite below admin only and owners any role; operators not at all', async () => {
    expect((await invite('admin', 'a1@x.test', 'operator')).statusCode).toBe(201);
    expect((await invite('admin', 'a2@x.test', 'admin')).statusCode).toBe(403);
    expect((await invite('owner', 'a3@x.test', 'owner')).statusCode).toBe(201);
    expect((await invite('operator', 'a4@x.test', 'analyst')).statusCode).toBe(403);
    expect((await invite('owner', 'not-an-email', 'analyst')).statusCode).toBe(400);
  });

  it('answers an invitation alike whether or not the email has an account', async () => {
    const known = await invite('admin', server.emails.stranger, 'analyst');
    const unknown = await invite('admin', 'nobody-yet@x.test', 'analyst');
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(Object.keys(known.json()).sort()).toEqual(Object.keys(unknown.json()).sort());
    expect(known.json()).toMatchObject({
      email: server.emails.stranger,
      role: 'analyst',
      path: expect.stringMatching(/^\/invite#/),
    });
    // The token is stored only as a digest.
    const rows = await store.db.selectFrom('team_invites').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(tokenOf(known.json().path));
  });

  it('lets a newcomer set a password from the link, signs them in once, and gives exactly the role', async () => {
    const created = (await invite('owner', 'new.analyst@x.test', 'analyst')).json();
    const token = tokenOf(created.path);
    const info = await post('/api/invites/lookup', { token });
    expect(info.json()).toMatchObject({ email: 'new.analyst@x.test', role: 'analyst', community: { slug: 'camp' } });
    const short = await post('/api/invites/register', { token, password: 'short' });
    expect(short.json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    const res = await post('/api/invites/register', { token, name: 'Ana', password: 'analyst-password' });
    expect(res.statusCode).toBe(200);
    expect(res.json().me.communities).toEqual([expect.objectContaining({ slug: 'camp', role: 'analyst' })]);
    expect(res.json().me.account.isInstanceOwner).toBe(false);
    expect((await post('/api/invites/register', { token, password: 'analyst-password' })).statusCode).toBe(404);

    // An analyst is read-only: reading works, writing is refused.
    const session = await signIn('new.analyst@x.test', 'analyst-password');
    expect((await asSession(session, { url: '/api/communities/camp/members' })).statusCode).toBe(200);
    const write = await asSession(session, {
      method: 'POST',
      url: '/api/communities/camp/members/1/notes',
      payload: { body: 'hello' },
    });
    expect(write.statusCode).toBe(403);
    const team = await server.as('admin', { url: '/api/communities/camp/team' });
    expect(team.json().members).toContainEqual(
      expect.objectContaining({ email: 'new.analyst@x.test', role: 'analyst' }),
    );
  });

  it('has an existing account sign in to accept, only as the invited email', async () => {
    const token = tokenOf((await invite('owner', server.emails.stranger, 'assistant')).json().path);
    const taken = await post('/api/invites/register', { token, password: 'another-password' });
    expect(taken.statusCode).toBe(409);
    const other = await signIn(server.emails.operator, TEST_PASSWORD);
    expect(
      (await asSession(other, { method: 'POST', url: '/api/invites/accept', payload: { token } })).statusCode,
    ).toBe(403);
    const stranger = await signIn(server.emails.stranger, TEST_PASSWORD);
    const accepted = await asSession(stranger, { method: 'POST', url: '/api/invites/accept', payload: { token } });
    expect(accepted.json()).toEqual({ slug: 'camp' });
    const me = await asSession(stranger, { url: '/api/auth/me' });
    expect(me.json().communities).toContainEqual(expect.objectContaining({ slug: 'camp', role: 'assistant' }));
  });

  it('expires invitations after seven days and forgets revoked ones', async () => {
    const first = (await invite('owner', 'late@x.test', 'analyst')).json();
    clock += 7 * MS_PER_DAY + 1;
    expect((await post('/api/invites/lookup', { token: tokenOf(first.path) })).statusCode).toBe(404);
    const second = (await invite('admin', 'late@x.test', 'analyst')).json();
    const pending = (await server.as('admin', { url: '/api/communities/camp/team' })).json().invites;
    expect(pending.map((i: { id: number }) => i.id)).toContain(second.id);
    expect(pending.map((i: { id: number }) => i.id)).not.toContain(first.id);
    const revoked = await server.as('admin', {
      method: 'DELETE',
      url: `/api/communities/camp/team/invites/${second.id}`,
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await post('/api/invites/register', { token: tokenOf(second.path), password: 'late-password' })).statusCode,
    ).toBe(404);
    // An admin cannot revoke an owner's invitation.
    const ownerInvite = (await invite('owner', 'boss2@x.test', 'owner')).json();
    const refused = await server.as('admin', {
      method: 'DELETE',
      url: `/api/communities/camp/team/invites/${ownerInvite.id}`,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('keeps admins off owners and never leaves a community without an owner', async () => {
    const ids = Object.fromEntries(
      (await server.as('owner', { url: '/api/communities/camp/team' }))
        .json()
        .members.map((m: { email: string; accountId: number }) => [m.email, m.accountId]),
    );
    const patch = (as: 'owner' | 'admin', email: string, role: string) =>
      server.as(as, { method: 'PATCH', url: `/api/communities/camp/team/members/${ids[email]}`, payload: { role } });
    expect((await patch('admin', server.emails.owner, 'analyst')).statusCode).toBe(403);
    expect(
      (
        await server.as('admin', {
          method: 'DELETE',
          url: `/api/communities/camp/team/members/${ids[server.emails.owner]}`,
        })
      ).statusCode,
    ).toBe(403);
    const last = await patch('owner', server.emails.owner, 'admin');
    expect(last.statusCode).toBe(409);
    expect(
      (
        await server.as('owner', {
          method: 'DELETE',
          url: `/api/communities/camp/team/members/${ids[server.emails.owner]}`,
        })
      ).statusCode,
    ).toBe(409);
    expect((await patch('admin', server.emails.operator, 'assistant')).json()).toMatchObject({ role: 'assistant' });
    expect((await patch('admin', server.emails.operator, 'operator')).statusCode).toBe(200);
    // The older PUT /access finds only this team's people: an existing account elsewhere is "not
    // found" exactly like an email nobody has, so it neither tells nor grants.
    await createAccount(store.db, { email: 'outsider@x.test', password: TEST_PASSWORD }, now());
    const put = (email: string) =>
      server.as('owner', { method: 'PUT', url: '/api/communities/camp/access', payload: { email, role: 'analyst' } });
    const existing = await put('outsider@x.test');
    const nobody = await put('nobody-at-all@x.test');
    expect(existing.statusCode).toBe(404);
    expect(existing.json().message).toBe(nobody.json().message);
  });

  it('changes one’s own password with the current one, ending the other sessions', async () => {
    const mine = await signIn(server.emails.assistant, TEST_PASSWORD);
    const elsewhere = await signIn(server.emails.assistant, TEST_PASSWORD);
    const change = (currentPassword: string, newPassword: string) =>
      asSession(mine, { method: 'POST', url: '/api/auth/password', payload: { currentPassword, newPassword } });
    expect((await change('wrong-password', 'brand-new-password')).json()).toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await change(TEST_PASSWORD, 'short')).json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    const ok = await change(TEST_PASSWORD, 'brand-new-password');
    expect(ok.json()).toEqual({ sessionsEnded: 1 });
    expect((await asSession(mine, { url: '/api/tokens' })).statusCode).toBe(200);
    expect((await asSession(elsewhere, { url: '/api/tokens' })).statusCode).toBe(401);
    expect((await signIn(server.emails.assistant, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(server.emails.assistant, 'brand-new-password')).status).toBe(200);
    // Sign out everywhere: this session too.
    const out = await asSession(mine, { method: 'POST', url: '/api/auth/logout-everywhere' });
    expect(out.statusCode).toBe(204);
    expect((await asSession(mine, { url: '/api/tokens' })).statusCode).toBe(401);
  });

  it('lets an owner reset a password only by link, only for accounts wholly within their communities', async () => {
    const team = (await server.as('owner', { url: '/api/communities/camp/team' })).json().members;
    const id = (email: string) => team.find((m: { email: string }) => m.email === email).accountId;
    const reset = (as: 'owner' | 'admin', accountId: number) =>
      server.as(as, { method: 'POST', url: `/api/communities/camp/team/members/${accountId}/password-reset` });
    expect((await reset('admin', id(server.emails.analyst))).statusCode).toBe(403);
    // The stranger owns another community: camp's owner must not take that account over.
    expect((await reset('owner', id(server.emails.stranger))).statusCode).toBe(403);
    const boss = await createAccount(
      store.db,
      { email: 'boss@instance.test', password: TEST_PASSWORD, instanceOwner: true },
      now(),
    );
    const bossToken = (await createApiToken(store.db, boss.id, 't', now())).token;
    const byInstanceOwner = await server.app.inject({
      method: 'POST',
      url: `/api/communities/camp/team/members/${id(server.emails.stranger)}/password-reset`,
      headers: { authorization: `Bearer ${bossToken}` },
    });
    expect(byInstanceOwner.statusCode).toBe(201);

    const analystSession = await signIn(server.emails.analyst, TEST_PASSWORD);
    const analystToken = (await createApiToken(store.db, id(server.emails.analyst), 'script', now())).token;
    const link = await reset('owner', id(server.emails.analyst));
    expect(link.statusCode).toBe(201);
    const token = tokenOf(link.json().path);
    expect((await post('/api/password-resets/lookup', { token })).json()).toEqual({ email: server.emails.analyst });
    const done = await post('/api/password-resets/complete', { token, password: 'reset-password-1' });
    expect(done.statusCode).toBe(200);
    expect(done.json().account.email).toBe(server.emails.analyst);
    expect((await post('/api/password-resets/complete', { token, password: 'reset-password-2' })).statusCode).toBe(404);
    expect((await asSession(analystSession, { url: '/api/tokens' })).statusCode).toBe(401);
    const byToken = await server.app.inject({
      url: '/api/tokens',
      headers: { authorization: `Bearer ${analystToken}` },
    });
    expect(byToken.statusCode).toBe(401);
    expect((await signIn(server.emails.analyst, 'reset-password-1')).status).toBe(200);
    // Links expire after a day.
    const stale = tokenOf((await reset('owner', id(server.emails.analyst))).json().path);
    clock += MS_PER_DAY + 1;
    expect((await post('/api/password-resets/lookup', { token: stale })).statusCode).toBe(404);
  });

  it('keeps an audit log per community: who, what, when, from where, newest first, in pages', async () => {
    const page = await server.as('admin', { url: '/api/communities/camp/audit?limit=3' });
    expect(page.statusCode).toBe(200);
    const { entries, nextBefore } = page.json();
    expect(entries).toHaveLength(3);
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
    expect(entries[0]).toMatchObject({
      action: 'team.password_reset',
      actorEmail: server.emails.owner,
      ip: '127.0.0.1',
    });
    const all = (await server.as('owner', { url: '/api/communities/camp/audit?limit=200' })).json().entries;
    const actions = new Set(all.map((e: { action: string }) => e.action));
    for (const action of ['team.invite', 'team.join', 'team.invite_revoke', 'team.role', 'team.password_reset'])
      expect(actions).toContain(action);
    expect(all).toContainEqual(
      expect.objectContaining({ action: 'team.invite', target: 'new.analyst@x.test', detail: { role: 'analyst' } }),
    );
    const next = (await server.as('admin', { url: `/api/communities/camp/audit?limit=3&before=${nextBefore}` })).json();
    expect(next.entries[0].id).toBeLessThan(entries[2].id);
    // Another community's log holds none of it.
    const other = await server.as('stranger', { url: '/api/communities/camp-other/audit' });
    expect(other.json().entries).toEqual([]);
    expect((await server.as('operator', { url: '/api/communities/camp/audit' })).statusCode).toBe(403);
  });

  it('records blacklist writes in the audit log, with the operator and address', async () => {
    await ingestIntoCommunity(eventLogOf(store), { community: 'camp', format: 'test', fileName: 'x' }, () =>
      asStream([event('g', 'A', 'message', at('2024-05-01 08:00'), { text: '早' })]),
    );
    const member = await store.db.selectFrom('members').select('id').executeTakeFirstOrThrow();
    const added = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/blacklist',
      payload: { memberId: Number(member.id), action: 'mute', reason: 'spam' },
    });
    expect(added.statusCode).toBe(201);
    const [latest] = (await server.as('admin', { url: '/api/communities/camp/audit?limit=1' })).json().entries;
    expect(latest).toMatchObject({
      action: 'blacklist.add',
      actorEmail: server.emails.operator,
      target: `member ${member.id}`,
      ip: '127.0.0.1',
    });
  });

  it('does not count a plain account as owner anywhere it has no grant', async () => {
    const plain = await createAccount(store.db, { email: 'plain@x.test', password: TEST_PASSWORD }, now());
    const other = await store.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', 'camp-other')
      .executeTakeFirstOrThrow();
    await upsertGrant(store.db, { communityId: other.id, accountId: plain.id, role: 'analyst', now: now() });
    const session = await signIn('plain@x.test', TEST_PASSWORD);
    const me = await asSession(session, { url: '/api/auth/me' });
    expect(me.json().communities).toEqual([expect.objectContaining({ slug: 'camp-other', role: 'analyst' })]);
    expect((await asSession(session, { url: '/api/communities/camp/members' })).statusCode).toBe(404);
  });
});
