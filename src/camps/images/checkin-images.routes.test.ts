import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskBlobStore } from '../../kernel/storage/disk-blob-store.js';
import { imageKey } from './checkin-image.rules.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { testServer } from '../../../test/support/server.js';

const BOUNDARY = 'shequn-image-boundary';
const png = (size = 64) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size, 7)]);

/** A multipart/form-data body with one file field. */
function upload(field: string, filename: string, data: Buffer) {
  const head = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${field}"; filename="${filename}"\r\ncontent-type: image/png\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

describe.each(databaseKinds)('check-in images on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  const filesDir = mkdtempSync(join(tmpdir(), 'shequn-images-'));
  const previousLimit = process.env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES;
  const links: string[] = [];
  const memberIds = new Map<string, number>();
  const memberOf = (token: string) => memberIds.get(token)!;
  let campId: number;

  beforeAll(async () => {
    store = await open();
    const fixture = await seedMembersFixture(store);
    process.env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES = '4096';
    server = await testServer(store, 'camp', {
      now: () => wallClockToUtc('Asia/Shanghai', 2024, 6, 3, 12),
      files: new DiskBlobStore(filesDir),
    });
    const created = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/camp/camps',
      payload: {
        template: 'custom',
        startDate: '2024-06-03',
        groupIds: [fixture.groupIds.g1],
        content: { image: true },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    campId = created.json().id;
    const enrolled = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/camp/camps/${campId}/enrolments`,
      payload: { groupId: fixture.groupIds.g1 },
    });
    for (const m of enrolled.json().members) {
      links.push(m.link.replace(/^.*\/m\//, ''));
      memberIds.set(m.link.replace(/^.*\/m\//, ''), m.memberId);
    }
  });
  afterAll(async () => {
    if (previousLimit === undefined) delete process.env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES;
    else process.env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES = previousLimit;
    await server?.app.close();
    await store?.dispose();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const post = (token: string, body: ReturnType<typeof upload>) =>
    server.app.inject({ method: 'POST', url: `/api/m/${token}/images`, ...body });

  it('stores an image and serves it back to its member as an inert download', async () => {
    const res = await post(links[0], upload('image', 'me.png', png()));
    expect(res.statusCode, res.body).toBe(201);
    const { imageId, contentType, bytes } = res.json();
    expect(imageId).toMatch(/^[0-9a-f]{32}\.png$/);
    expect({ contentType, bytes }).toEqual({ contentType: 'image/png', bytes: png().length });
    const got = await server.app.inject({ url: `/api/m/${links[0]}/images/${imageId}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("default-src 'none'");
    expect(got.rawPayload.equals(png())).toBe(true);
    // Another member's link does not reach it, nor does a made-up id.
    expect((await server.app.inject({ url: `/api/m/${links[1]}/images/${imageId}` })).statusCode).toBe(404);
    expect((await server.app.inject({ url: `/api/m/${links[0]}/images/..%2F..%2Fetc` })).statusCode).toBe(404);
  });

  it('judges the type by content: an SVG named .png is refused', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await post(links[0], upload('image', 'x.png', svg));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('UNSUPPORTED_IMAGE');
  });

  it('refuses an image over the configured size with 413', async () => {
    const res = await post(links[0], upload('image', 'big.png', png(5000)));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('IMAGE_TOO_LARGE');
  });

  it('makes a camp that asks for an image refuse a check-in without one, and store one that names it', async () => {
    const checkIn = (token: string, payload: object) =>
      server.app.inject({ method: 'POST', url: `/api/m/${token}/checkins`, payload });
    const missing = await checkIn(links[2], { text: 'no photo' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('MISSING_FIELD');

    const { imageId } = (await post(links[2], upload('image', 'run.png', png(100)))).json();
    // Neither someone else's image nor an invented id can be attached.
    expect((await checkIn(links[3], { imageId })).statusCode).toBe(400);
    expect((await checkIn(links[2], { imageId: '0123456789abcdef0123456789abcdef.png' })).statusCode).toBe(400);

    const done = await checkIn(links[2], { imageId });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().checkin.hasImage).toBe(true);
    const staff = await server.as('analyst', {
      url: `/api/communities/camp/camps/${campId}/checkins/${done.json().checkin.id}/image`,
    });
    expect(staff.statusCode).toBe(200);
    expect(staff.rawPayload.equals(png(100))).toBe(true);
    const day = await server.as('analyst', { url: `/api/communities/camp/camps/${campId}/checkins?date=2024-06-03` });
    expect(day.json().find((c: { id: number }) => c.id === done.json().checkin.id).hasImage).toBe(true);
    // A foreign community's staff do not see it.
    expect(
      (
        await server.as('stranger', {
          url: `/api/communities/camp/camps/${campId}/checkins/${done.json().checkin.id}/image`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses a photo uploaded too long ago to attach, one the orphan sweep may be deleting', async () => {
    const checkIn = (token: string, payload: object) =>
      server.app.inject({ method: 'POST', url: `/api/m/${token}/checkins`, payload });
    const backDate = (token: string, imageId: string, hours: number) => {
      const at = new Date(wallClockToUtc('Asia/Shanghai', 2024, 6, 3, 12) - hours * 3_600_000);
      utimesSync(join(filesDir, imageKey(campId, memberOf(token), imageId)), at, at);
    };
    const stale = (await post(links[4], upload('image', 'old.png', png()))).json().imageId as string;
    backDate(links[4], stale, 23.5);
    const refused = await checkIn(links[4], { imageId: stale });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'IMAGE_EXPIRED' });

    const recent = (await post(links[4], upload('image', 'new.png', png()))).json().imageId as string;
    backDate(links[4], recent, 22);
    expect((await checkIn(links[4], { imageId: recent })).statusCode).toBe(201);
  });

  it('answers 404 for an unknown link and 400 without a file', async () => {
    expect((await post('not-a-link', upload('image', 'me.png', png()))).statusCode).toBe(404);
    const json = await server.app.inject({ method: 'POST', url: `/api/m/${links[0]}/images`, payload: { image: 'x' } });
    expect(json.statusCode).toBe(400);
  });
});
