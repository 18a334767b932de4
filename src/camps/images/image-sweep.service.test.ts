import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import type { Blob, BlobStore, ListedBlob } from '../../kernel/storage/blob-store.js';
import { DiskBlobStore } from '../../kernel/storage/disk-blob-store.js';
import { dayToIso, localDay } from '../../kernel/time/local-day.js';
import { createCamp, enrolMembers } from '../camp/camp.service.js';
import { imageKey } from './checkin-image.rules.js';
import { imagePathForLink, storeMemberImage } from './checkin-images.service.js';
import { voidCheckin } from '../checkin/checkin.repo.js';
import { checkInByToken } from '../checkin/checkin.service.js';
import { hourlyImageSweep, sweepOrphanImages, type SweepLog } from './image-sweep.service.js';

const HOUR = 60 * 60_000;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 7)]);
const newImageId = () => `${randomBytes(16).toString('hex')}.png`;

/** Files in memory, listed in the order they were put: enough keys for several pages stay cheap. */
class MemoryBlobStore implements BlobStore {
  readonly files = new Map<string, ListedBlob & Blob>();
  async put(key: string, bytes: Buffer, contentType: string) {
    this.files.set(key, { key, modifiedAt: Date.now(), bytes, contentType });
  }
  async get(key: string) {
    return this.files.get(key) ?? null;
  }
  async exists(key: string) {
    return this.files.has(key);
  }
  async modifiedAt(key: string) {
    return this.files.get(key)?.modifiedAt ?? null;
  }
  async delete(key: string) {
    this.files.delete(key);
  }
  async *list(prefix: string) {
    for (const { key, modifiedAt } of [...this.files.values()]) if (key.startsWith(prefix)) yield { key, modifiedAt };
  }
}

describe.each(databaseKinds)('orphan image sweep on %s', (_kind, open) => {
  let store: TestDatabase;
  const filesDir = mkdtempSync(join(tmpdir(), 'shequn-sweep-'));
  const files = new DiskBlobStore(filesDir);
  const now = Date.now();
  let campId: number;
  const links: Array<{ memberId: number; token: string }> = [];

  /** The member's upload, as the member page makes it; `ageMs` back-dates the file. */
  async function upload(link: { token: string }, ageMs = 0): Promise<string> {
    const { imageId } = await storeMemberImage(store.db, files, link.token, png);
    const key = await imagePathForLink(store.db, files, link.token, imageId, now);
    const at = new Date(now - ageMs);
    utimesSync(join(filesDir, key), at, at);
    return key;
  }

  async function checkInWith(link: { token: string }, imagePath: string): Promise<number> {
    const outcome = await checkInByToken(store, link.token, { imagePath }, now);
    if (outcome.status !== 'created') throw new Error(`check-in refused: ${JSON.stringify(outcome)}`);
    return outcome.checkin.id;
  }

  beforeAll(async () => {
    store = await open();
    const { community, groupIds } = await seedMembersFixture(store);
    const today = dayToIso(localDay(community.timezone, now));
    const camp = await createCamp(
      store.db,
      community,
      { template: 'custom', startDate: today, window: { start: '00:00', end: '24:00' }, content: { image: true } },
      now,
    );
    campId = camp.id;
    const enrolled = await enrolMembers(store.db, community, campId, { groupId: groupIds.g1 }, now);
    for (const m of enrolled.members) links.push({ memberId: m.memberId, token: m.link.replace(/^.*\/m\//, '') });
  });
  afterAll(async () => {
    await store?.dispose();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('deletes old photos no check-in names, and keeps young, named and voided-check-in photos', async () => {
    const [named, gaveUp, typing, voided] = links;
    const namedKey = await upload(named, 48 * HOUR);
    await checkInWith(named, namedKey);
    const secondChoiceKey = await upload(named, 30 * HOUR);
    const abandonedKey = await upload(gaveUp, 25 * HOUR);
    const youngKey = await upload(typing, 23 * HOUR);
    const voidedKey = await upload(voided, 48 * HOUR);
    await voidCheckin(store.db, await checkInWith(voided, voidedKey), { at: now, reason: 'copied', accountId: null });
    // Not a key the upload writes: the sweep cannot account for it, so it stays.
    await files.put(`checkins/${campId}/${named.memberId}/notes.txt`, Buffer.from('x'), 'text/plain');
    const notAnImage = join(filesDir, `checkins/${campId}/${named.memberId}/notes.txt`);
    utimesSync(notAnImage, new Date(now - 48 * HOUR), new Date(now - 48 * HOUR));
    // Outside check-in images altogether: never looked at.
    await files.put('exports/report.csv', Buffer.from('x'), 'text/csv');

    expect(await sweepOrphanImages(store.db, files, now)).toEqual({ scanned: 6, deleted: 2 });
    for (const key of [secondChoiceKey, abandonedKey]) expect(await files.exists(key), key).toBe(false);
    for (const key of [
      namedKey,
      youngKey,
      voidedKey,
      `checkins/${campId}/${named.memberId}/notes.txt`,
      'exports/report.csv',
    ]) {
      expect(await files.exists(key), key).toBe(true);
    }
    expect(await sweepOrphanImages(store.db, files, now)).toEqual({ scanned: 4, deleted: 0 });
  });

  it('honours a shorter threshold', async () => {
    const olderKey = await upload(links[4], 2 * HOUR);
    const youngerKey = await upload(links[4], HOUR / 2);
    await sweepOrphanImages(store.db, files, now, { olderThanMs: HOUR });
    expect(await files.exists(olderKey)).toBe(false);
    expect(await files.exists(youngerKey)).toBe(true);
  });

  it('sweeps at most once an hour on a minute schedule, failed attempts included, and reports counts only', async () => {
    const memory = new MemoryBlobStore();
    const [link] = links;
    const reports: unknown[] = [];
    const log: SweepLog = {
      info: (counts, message) => reports.push([message, counts]),
      error: (error, message) => reports.push([message, (error as Error).message]),
    };
    const oldOrphan = async () => {
      const key = imageKey(campId, link.memberId, newImageId());
      await memory.put(key, png, 'image/png');
      memory.files.get(key)!.modifiedAt = now - 48 * HOUR;
      return key;
    };
    const sweep = hourlyImageSweep(store.db, memory, log);
    const first = await oldOrphan();
    await sweep(now);
    expect(memory.files.has(first)).toBe(false);
    const second = await oldOrphan();
    for (const minutes of [1, 30, 59]) await sweep(now + minutes * 60_000);
    expect(memory.files.has(second)).toBe(true);
    await sweep(now + 60 * 60_000);
    expect(memory.files.has(second)).toBe(false);
    expect(reports).toEqual([
      ['orphan check-in images swept', { scanned: 1, deleted: 1 }],
      ['orphan check-in images swept', { scanned: 1, deleted: 1 }],
    ]);

    const broken = new MemoryBlobStore();
    broken.list = async function* () {
      yield* [];
      throw new Error('bucket unreachable');
    };
    const failing = hourlyImageSweep(store.db, broken, log);
    for (const minutes of [0, 1, 2]) await failing(now + minutes * 60_000);
    expect(reports.slice(2)).toEqual([['orphan check-in image sweep failed', 'bucket unreachable']]);
    await failing(now + 61 * 60_000);
    expect(reports).toHaveLength(4);
    expect(JSON.stringify(reports)).not.toContain(first);
  });

  it('checks references page by page: a named photo after many orphans is kept', async () => {
    const memory = new MemoryBlobStore();
    const [link] = links;
    const orphans = Array.from({ length: 1203 }, () => imageKey(campId, link.memberId, newImageId()));
    for (const key of orphans) await memory.put(key, png, 'image/png');
    // The photos the disk sweep kept are still named by their check-ins; list them last.
    const named = (
      await store.db.selectFrom('checkins').select('image_path').where('camp_id', '=', campId).execute()
    ).map((r) => r.image_path as string);
    for (const key of named) await memory.put(key, png, 'image/png');
    for (const file of memory.files.values()) file.modifiedAt = now - 48 * HOUR;

    expect(await sweepOrphanImages(store.db, memory, now)).toEqual({
      scanned: orphans.length + named.length,
      deleted: orphans.length,
    });
    expect([...memory.files.keys()].sort()).toEqual([...named].sort());
  });
});
