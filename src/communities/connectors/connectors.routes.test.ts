import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { testKeyring } from '../../../test/support/keyring.js';
import { testServer } from '../../../test/support/server.js';
import { randomBytes } from 'node:crypto';
import { keyringFromEnv, open } from '../../kernel/crypto/credentials.js';
import { credentialsContext, settingsOf } from './connector-settings.js';
import { rekeyConnectors } from './connectors.service.js';

const TOKEN = '4242:REAL-BOT-TOKEN';

describe.each(databaseKinds)('Connector management on %s', (_kind, openStore) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  const keyring = testKeyring();
  /** Telegram's getMe: the real token is known, any other is refused as Telegram refuses it. */
  const botApi = (async (url: string) => {
    if (url.includes(`/bot${TOKEN}/getMe`))
      return Response.json({ ok: true, result: { id: 4242, is_bot: true, first_name: 'Camp', username: 'camp_bot' } });
    return Response.json({ ok: false, error_code: 401, description: 'Unauthorized' }, { status: 401 });
  }) as typeof fetch;

  beforeAll(async () => {
    store = await openStore();
    server = await testServer(store, 'cm', { keyring, platformFetch: botApi });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const create = (payload: object, role: 'admin' | 'stranger' = 'admin', slug = 'cm') =>
    server.as(role, { method: 'POST', url: `/api/communities/${slug}/connectors`, payload });
  const patch = (id: number, payload: object, slug = 'cm') =>
    server.as('admin', { method: 'PATCH', url: `/api/communities/${slug}/connectors/${id}`, payload });

  it("describes each platform's settings for the console, secret ones marked", async () => {
    const platforms = (await server.as('analyst', { url: '/api/connector-platforms' })).json();
    expect(platforms).toContainEqual(
      expect.objectContaining({
        platform: 'telegram',
        inbound: ['webhook', 'connection'],
        liveCheck: true,
        fields: [expect.objectContaining({ name: 'token', secret: true, required: true })],
      }),
    );
  });

  it('checks the token live, saves it sealed, and never answers it again', async () => {
    const refused = await create({ platform: 'telegram', name: 'Bot', settings: { token: '1:WRONG' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'CREDENTIALS_REJECTED', message: expect.stringContaining('401') });
    expect(refused.body).not.toContain('1:WRONG');

    const created = await create({ platform: 'telegram', name: 'Bot', settings: { token: TOKEN, inbound: 'webhook' } });
    expect(created.statusCode, created.body).toBe(201);
    const connector = created.json();
    expect(connector).toMatchObject({
      account: '@camp_bot',
      enabled: true,
      running: true,
      settings: { inbound: 'webhook' },
      secretsSet: ['token'],
    });
    expect(created.body).not.toContain(TOKEN);
    const listed = await server.as('operator', { url: '/api/communities/cm/connectors' });
    expect(listed.body).not.toContain(TOKEN);

    const row = await store.db
      .selectFrom('connectors')
      .selectAll()
      .where('id', '=', connector.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(JSON.parse(open(keyring, row.credentials!, credentialsContext(row.id)))).toEqual({ token: TOKEN });
  });

  it('refuses unknown settings, a missing token and a way in the platform does not offer, naming the field', async () => {
    for (const [settings, field] of [
      [{ token: TOKEN, colour: 'red' }, 'settings.colour'],
      [{}, 'settings.token'],
      [{ token: TOKEN, inbound: 'carrier-pigeon' }, 'settings.inbound'],
    ] as const) {
      const answer = await create({ platform: 'telegram', name: 'Bot', settings, check: false });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().message).toContain(field.slice('settings.'.length));
    }
  });

  it('checks settings without saving them', async () => {
    const check = (token: string) =>
      server.as('admin', {
        method: 'POST',
        url: '/api/communities/cm/connectors/check',
        payload: { platform: 'telegram', settings: { token } },
      });
    expect((await check(TOKEN)).json()).toEqual({ account: '@camp_bot' });
    expect((await check('9:NOPE')).statusCode).toBe(400);
  });

  it('renames and switches to long polling keeping the stored token; disabling stops it and closes its webhook', async () => {
    const { id, webhookUrl, secret } = (
      await create({ platform: 'telegram', name: 'Second', settings: { token: TOKEN }, check: false })
    ).json();
    const changed = await patch(id, { name: 'Renamed', settings: { inbound: 'webhook' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Renamed', secretsSet: ['token'], account: '@camp_bot' });

    const disabled = await patch(id, { enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false, running: false });
    const update = await server.app.inject({
      method: 'POST',
      url: webhookUrl,
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: { update_id: 1 },
    });
    expect(update.statusCode).toBe(404);
    expect((await patch(id, { enabled: true })).json()).toMatchObject({ enabled: true, running: true });
  });

  it("answers 404 for another community's connector, and 403 to roles below admin", async () => {
    const { id } = (
      await create({ platform: 'telegram', name: 'Mine', settings: { token: TOKEN }, check: false })
    ).json();
    const foreign = await server.as('stranger', {
      method: 'PATCH',
      url: `/api/communities/cm-other/connectors/${id}`,
      payload: { enabled: false },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await server.as('stranger', { url: `/api/communities/cm-other/connectors/${id}/chats` })).statusCode).toBe(
      404,
    );
    expect(
      (
        await server.as('operator', {
          method: 'PATCH',
          url: `/api/communities/cm/connectors/${id}`,
          payload: { enabled: false },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe.each(databaseKinds)('Connectors without SHEQUN_SECRET_KEY on %s', (_kind, openStore) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  beforeAll(async () => {
    store = await openStore();
    server = await testServer(store, 'nk', { keyring: null });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  it('refuses to store a credential, saying which setting is missing and how to make a key', async () => {
    const answer = await server.as('admin', {
      method: 'POST',
      url: '/api/communities/nk/connectors',
      payload: { platform: 'telegram', name: 'Bot', settings: { token: TOKEN }, check: false },
    });
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toMatchObject({
      code: 'NOT_CONFIGURED',
      message: expect.stringContaining('SHEQUN_SECRET_KEY'),
    });
    expect(await store.db.selectFrom('connectors').selectAll().execute()).toEqual([]);
  });
});

describe.each(databaseKinds)('Rotating the credentials key on %s', (_kind, openStore) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('seals every credential with the new key, after which the old key is not needed', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const before = keyringFromEnv({ SHEQUN_SECRET_KEY: oldKey })!;
    const server = await testServer(store, 'rk', { keyring: before });
    for (const name of ['one', 'two'])
      await server.as('admin', {
        method: 'POST',
        url: '/api/communities/rk/connectors',
        payload: { platform: 'telegram', name, settings: { token: `${name}:TOKEN` }, check: false },
      });
    await server.app.close();

    const after = keyringFromEnv({
      SHEQUN_SECRET_KEY: randomBytes(32).toString('base64'),
      SHEQUN_SECRET_KEYS_PREVIOUS: oldKey,
    })!;
    expect(await rekeyConnectors(store.db, after)).toEqual({ resealed: 2, total: 2 });
    expect(await rekeyConnectors(store.db, after)).toEqual({ resealed: 0, total: 2 });
    const newOnly = {
      currentId: after.currentId,
      keys: new Map([[after.currentId, after.keys.get(after.currentId)!]]),
    };
    const rows = await store.db.selectFrom('connectors').selectAll().orderBy('id').execute();
    expect(rows.map((row) => settingsOf(row, newOnly).token)).toEqual(['one:TOKEN', 'two:TOKEN']);
  });
});
