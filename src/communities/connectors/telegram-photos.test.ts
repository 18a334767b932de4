import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { testServer } from '../../../test/support/server.js';
import { DiskBlobStore } from '../../kernel/storage/disk-blob-store.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { PHOTO_RETRY_WINDOW_MS } from '../../camps/chat-checkin/chat-checkin.service.js';
import { testKeyring } from '../../../test/support/keyring.js';

const at = (d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', 2024, 6, d, hh, mm);
const CHAT = { id: -1005001, type: 'supergroup', title: '晨跑群' };
const ALICE = { id: 1001, is_bot: false, first_name: 'Alice', last_name: 'Wang', username: 'alicew' };
const BOB = { id: 1002, is_bot: false, first_name: 'Bob' };

describe.each(databaseKinds)('Telegram photo check-ins over HTTP on %s', (_kind, open) => {
  const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 9)]);
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let filesDir: string;
  let clock = at(2, 9);
  let webhook: string;
  let secret: string;
  let updateId = 900;
  let messageId = 40;
  /** What the bot's downloads answer, by file reference; every reference asked for, in order. */
  const photos = new Map<string, Buffer | 'too large' | 'gone'>();
  const fetched: string[] = [];
  /** The Bot API's getFile and file download: a missing reference fails (500), 'gone' is refused (400), 'too large' states a size over the limit. */
  const botApi = (async (input: string | URL | Request) => {
    const url = String(input);
    const getFile = /\/getFile\?file_id=(.+)$/.exec(url);
    if (getFile) {
      const ref = decodeURIComponent(getFile[1]);
      fetched.push(ref);
      const photo = photos.get(ref);
      if (photo === undefined)
        return Response.json({ ok: false, error_code: 500, description: 'down' }, { status: 500 });
      if (photo === 'gone')
        return Response.json(
          { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
          { status: 400 },
        );
      const size = photo === 'too large' ? 50 * 1024 * 1024 : photo.length;
      return Response.json({ ok: true, result: { file_id: ref, file_path: `photos/${ref}.jpg`, file_size: size } });
    }
    const download = /\/file\/bot[^/]+\/photos\/(.+)\.jpg$/.exec(url);
    const photo = download && photos.get(download[1]);
    if (photo instanceof Buffer) return new Response(new Uint8Array(photo));
    return new Response('not found', { status: 404 });
  }) as typeof fetch;

  beforeAll(async () => {
    store = await open();
    filesDir = mkdtempSync(join(tmpdir(), 'shequn-chat-photos-'));
    server = await testServer(store, 'tgp', {
      now: () => clock,
      files: new DiskBlobStore(filesDir),
      keyring: testKeyring(),
      platformFetch: botApi,
    });
    const created = await server.as('admin', {
      method: 'POST',
      url: '/api/communities/tgp/connectors',
      payload: { platform: 'telegram', name: 'Photo bot', settings: { token: '123:ABC' }, check: false },
    });
    ({ webhookUrl: webhook, secret } = created.json());
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const deliver = (from: object, when: number, content: object) =>
    server.app.inject({
      method: 'POST',
      url: webhook,
      headers: { 'x-telegram-bot-api-secret-token': secret },
      payload: {
        update_id: ++updateId,
        message: { message_id: ++messageId, from, chat: CHAT, date: Math.floor(when / 1000), ...content },
      },
    });
  const photoSizes = (name: string) => [
    { file_id: `${name}-small`, file_unique_id: `${name}s`, width: 90, height: 90, file_size: 900 },
    { file_id: `${name}-large`, file_unique_id: `${name}l`, width: 1280, height: 1280 },
  ];

  it("stores the photo of a 打卡 posted with one as the check-in's image, which staff can see, and once on a retry", async () => {
    for (const from of [ALICE, BOB]) expect((await deliver(from, at(2, 9), { text: '大家好' })).statusCode).toBe(200);
    const group = await store.db
      .selectFrom('groups')
      .select('id')
      .where('external_id', '=', '5001')
      .executeTakeFirstOrThrow();
    const camp = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/tgp/camps',
      payload: {
        template: 'early-riser-21',
        startDate: '2024-06-03',
        groupIds: [group.id],
        content: { text: false, image: true },
      },
    });
    expect(camp.statusCode, camp.body).toBe(201);
    const campId = camp.json().id as number;
    expect(
      (
        await server.as('operator', {
          method: 'POST',
          url: `/api/communities/tgp/camps/${campId}/enrolments`,
          payload: { groupId: group.id },
        })
      ).statusCode,
    ).toBe(200);

    photos.set('alice1-large', JPEG);
    clock = at(3, 6) + 2000;
    const first = await deliver(ALICE, at(3, 6), { photo: photoSizes('alice1'), caption: '打卡 晨跑' });
    expect(first.statusCode, first.body).toBe(200);
    expect(fetched).toEqual(['alice1-large']);
    const stored = await store.db
      .selectFrom('checkins')
      .selectAll()
      .where('camp_id', '=', campId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ source: 'chat', text: '晨跑' });
    expect(stored.image_path).toMatch(new RegExp(`^checkins/${campId}/${stored.member_id}/[0-9a-f]{32}\\.jpg$`));
    const image = await server.as('operator', {
      url: `/api/communities/tgp/camps/${campId}/checkins/${stored.id}/image`,
    });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.rawPayload.equals(JPEG)).toBe(true);

    // Telegram delivers the same update again: one check-in, the same image.
    updateId--;
    messageId--;
    clock += 60_000;
    expect((await deliver(ALICE, at(3, 6), { photo: photoSizes('alice1'), caption: '打卡 晨跑' })).statusCode).toBe(
      200,
    );
    const again = await store.db
      .selectFrom('checkins')
      .select(['id', 'image_path'])
      .where('camp_id', '=', campId)
      .execute();
    expect(again).toEqual([{ id: stored.id, image_path: stored.image_path }]);
  });

  it('falls back to a smaller size over the limit, and without any photo answers that the camp needs one', async () => {
    photos.set('bob1-large', 'too large');
    photos.set('bob1-small', JPEG);
    clock = at(3, 6, 30) + 2000;
    expect((await deliver(BOB, at(3, 6, 30), { photo: photoSizes('bob1'), caption: '#checkin' })).statusCode).toBe(200);
    expect(fetched.slice(-2)).toEqual(['bob1-large', 'bob1-small']);
    const bob = await store.db
      .selectFrom('identities')
      .select('member_id')
      .where('external_id', '=', 'user1002')
      .executeTakeFirstOrThrow();
    const bobs = await store.db
      .selectFrom('checkins')
      .select('image_path')
      .where('member_id', '=', bob.member_id)
      .execute();
    expect(bobs).toHaveLength(1);
    expect(bobs[0].image_path).not.toBeNull();

    // A plain 打卡 the next morning, with no photo, in a camp that needs one.
    clock = at(4, 6) + 2000;
    expect((await deliver(BOB, at(4, 6), { text: '打卡' })).statusCode).toBe(200);
    const reply = await store.db
      .selectFrom('outbox')
      .select(['text', 'payload'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(reply.payload).outcome).toBe('MISSING_FIELD');
    expect(reply.text).toContain('图片');
  });

  it('asks Telegram again later when a download fails (the webhook answers 500, the update is retried), not when the file is gone', async () => {
    clock = at(4, 6, 10) + 2000;
    const failing = await deliver(ALICE, at(4, 6, 10), { photo: photoSizes('missing'), caption: '打卡' });
    expect(failing.statusCode).toBe(500);
    const health = async () =>
      (await server.as('operator', { url: '/api/communities/tgp/connectors' })).json()[0].health;
    expect(await health()).toMatchObject({ lastError: { error: 'Error' }, status: 'failing' });
    const alice = await store.db
      .selectFrom('identities')
      .select('member_id')
      .where('external_id', '=', 'user1001')
      .executeTakeFirstOrThrow();
    expect(
      await store.db.selectFrom('checkins').select('id').where('member_id', '=', alice.member_id).execute(),
    ).toHaveLength(1);

    clock += 1000;
    photos.set('gone-large', 'gone');
    photos.set('gone-small', 'gone');
    const gone = await deliver(ALICE, at(4, 6, 10), { photo: photoSizes('gone'), caption: '打卡' });
    expect(gone.statusCode).toBe(200);
    expect((await health()).status).toBe('ok');
    const reply = await store.db.selectFrom('outbox').select('payload').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(reply.payload)).toMatchObject({ outcome: 'MISSING_FIELD' });

    // Telegram holds the group's later updates back while one fails: ten minutes after the
    // message was sent, it goes through without its photo.
    const sent = at(4, 6, 12);
    clock = sent + PHOTO_RETRY_WINDOW_MS - 60_000;
    expect((await deliver(ALICE, sent, { photo: photoSizes('still-missing'), caption: '打卡' })).statusCode).toBe(500);
    clock = sent + PHOTO_RETRY_WINDOW_MS + 60_000;
    expect((await deliver(ALICE, sent, { photo: photoSizes('still-missing'), caption: '打卡' })).statusCode).toBe(200);
    const late = await store.db.selectFrom('outbox').select('payload').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(late.payload)).toMatchObject({ outcome: 'MISSING_FIELD' });
  });
});
