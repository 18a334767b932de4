import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BlobStore } from './blob-store.js';
import { blobStoreFromEnv } from './store-from-env.js';
import { assertSafeKey } from './blob-key.js';
import { DiskBlobStore } from './disk-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/**
 * s3rver 3.7 seals its continuation tokens with single DES, which OpenSSL 3 (Node ≥ 17) only
 * offers in its legacy provider, so every truncated listing would answer 500. Triple DES with the
 * key repeated three times is the same cipher and is in the default provider: s3rver is handed
 * that instead, in this test process only. Returns the undo.
 */
function letS3rverSealContinuationTokens(): () => void {
  const crypto = createRequire(import.meta.url)('node:crypto') as Record<
    'createCipheriv' | 'createDecipheriv',
    (...args: any[]) => unknown
  >;
  const originals = { createCipheriv: crypto.createCipheriv, createDecipheriv: crypto.createDecipheriv };
  const viaTripleDes =
    (original: (...args: any[]) => unknown) =>
    (algorithm: string, key: Buffer, ...rest: unknown[]) =>
      algorithm === 'des'
        ? original('des-ede3-cbc', Buffer.concat([key, key, key]), ...rest)
        : original(algorithm, key, ...rest);
  Object.assign(crypto, {
    createCipheriv: viaTripleDes(originals.createCipheriv),
    createDecipheriv: viaTripleDes(originals.createDecipheriv),
  });
  return () => Object.assign(crypto, originals);
}

const scratch = mkdtempSync(join(tmpdir(), 'shequn-blobs-'));
// s3rver speaks the S3 REST protocol and checks SigV4 signatures with its fixed key pair.
const s3 = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: join(scratch, 's3'),
  configureBuckets: [{ name: 'shequn-test' }],
});
let endpoint = '';
let restoreCrypto = () => {};

beforeAll(async () => {
  restoreCrypto = letS3rverSealContinuationTokens();
  const address = await s3.run();
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await s3.close();
  restoreCrypto();
  rmSync(scratch, { recursive: true, force: true });
});

const s3Store = (accessKeyId = 'S3RVER', listPageSize?: number) =>
  new S3BlobStore({
    endpoint,
    bucket: 'shequn-test',
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey: 'S3RVER',
    prefix: 'p/',
    listPageSize,
  });

async function listed(store: BlobStore, prefix: string) {
  const found: Array<{ key: string; modifiedAt: number }> = [];
  for await (const blob of store.list(prefix)) found.push(blob);
  return found.sort((a, b) => (a.key < b.key ? -1 : 1));
}

const stores: Array<[string, () => BlobStore]> = [
  ['disk', () => new DiskBlobStore(join(scratch, 'disk'))],
  ['S3 (s3rver)', () => s3Store()],
];

describe.each(stores)('%s blob store', (_name, make) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it('stores, reads back, reports and deletes a file with its type', async () => {
    const store = make();
    const key = 'checkins/7/42/abc.png';
    expect(await store.exists(key)).toBe(false);
    expect(await store.modifiedAt(key)).toBeNull();
    expect(await store.get(key)).toBeNull();
    const before = Date.now();
    await store.put(key, png, 'image/png');
    expect(await store.exists(key)).toBe(true);
    // S3 dates to the second; the disk store's clock is the machine's.
    const written = await store.modifiedAt(key);
    expect(written).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(written).toBeLessThanOrEqual(Date.now() + 1000);
    const blob = await store.get(key);
    expect(blob?.contentType).toBe('image/png');
    expect(blob?.bytes.equals(png)).toBe(true);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    expect(await store.modifiedAt(key)).toBeNull();
    await store.delete(key);
  });

  it('replaces a file in place', async () => {
    const store = make();
    await store.put('a/b.jpg', Buffer.from('one'), 'image/jpeg');
    await store.put('a/b.jpg', Buffer.from('two'), 'image/jpeg');
    expect((await store.get('a/b.jpg'))?.bytes.toString()).toBe('two');
  });

  it('lists the files under a prefix, read as a plain string, with when they were written', async () => {
    const store = make();
    const before = Date.now();
    for (const key of ['list/a/1.png', 'list/a/2.png', 'list/ab/3.png', 'list/b/4.png', 'unlisted/5.png'])
      await store.put(key, png, 'image/png');
    const after = Date.now();
    const all = await listed(store, 'list/');
    expect(all.map((b) => b.key)).toEqual(['list/a/1.png', 'list/a/2.png', 'list/ab/3.png', 'list/b/4.png']);
    // S3 keeps LastModified to the second.
    for (const { modifiedAt } of all)
      expect(modifiedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    for (const { modifiedAt } of all) expect(modifiedAt).toBeLessThanOrEqual(after + 1000);
    expect((await listed(store, 'list/a')).map((b) => b.key)).toEqual([
      'list/a/1.png',
      'list/a/2.png',
      'list/ab/3.png',
    ]);
    expect((await listed(store, 'list/a/')).map((b) => b.key)).toEqual(['list/a/1.png', 'list/a/2.png']);
    expect(await listed(store, 'nothing/')).toEqual([]);
    await store.delete('list/a/1.png');
    expect((await listed(store, 'list/a/')).map((b) => b.key)).toEqual(['list/a/2.png']);
  });

  it('refuses keys that could leave its root', async () => {
    const store = make();
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', '', 'a/.hidden/../b']) {
      await expect(store.put(key, png, 'image/png'), key).rejects.toThrow(/unsafe storage key/);
    }
  });
});

describe('storage details', () => {
  it('leaves no temporary files behind on disk', async () => {
    const root = join(scratch, 'tidy');
    const store = new DiskBlobStore(root);
    await store.put('x/y.webp', Buffer.from('RIFF'), 'image/webp');
    expect(readdirSync(join(root, 'x')).sort()).toEqual(['y.webp', 'y.webp.type']);
  });

  it('lists only finished files on disk: no temporary files, no type companions', async () => {
    const root = join(scratch, 'listing');
    const store = new DiskBlobStore(root);
    await store.put('checkins/1/2/done.png', Buffer.from('x'), 'image/png');
    // What a write cut short leaves: a type companion alone, and a temporary file.
    writeFileSync(join(root, 'checkins/1/2/cut.png.type'), 'image/png');
    writeFileSync(join(root, 'checkins/1/2/cut.png.0a1b2c3d4e5f.tmp'), 'x');
    mkdirSync(join(root, 'checkins/1/3'));
    expect((await listed(store, 'checkins/')).map((b) => b.key)).toEqual(['checkins/1/2/done.png']);
  });

  it('pages through an S3 listing longer than one answer', async () => {
    const store = s3Store('S3RVER', 2);
    const keys = ['paged/1.png', 'paged/2.png', 'paged/3.png', 'paged/4.png', 'paged/5.png'];
    for (const key of keys) await store.put(key, Buffer.from('x'), 'image/png');
    const requests = vi.spyOn(globalThis, 'fetch');
    try {
      expect((await listed(store, 'paged/')).map((b) => b.key)).toEqual(keys);
      expect(requests).toHaveBeenCalledTimes(3);
    } finally {
      requests.mockRestore();
    }
  });

  it('fails clearly when S3 refuses a listing', async () => {
    await expect(listed(s3Store('UNKNOWN'), 'checkins/')).rejects.toThrow(/S3 LIST checkins\/: 403 InvalidAccessKeyId/);
  });

  // s3rver checks the access key of a SigV4 request but not the signature itself.
  it('fails clearly when S3 refuses the credentials', async () => {
    await expect(s3Store('UNKNOWN').put('k.png', Buffer.from('x'), 'image/png')).rejects.toThrow(
      /S3 PUT k\.png: 403 InvalidAccessKeyId/,
    );
  });

  it('chooses S3 only when a bucket is configured, and insists on credentials', () => {
    expect(blobStoreFromEnv({}, '/tmp/files')).toBeInstanceOf(DiskBlobStore);
    expect(
      blobStoreFromEnv({ SHEQUN_S3_BUCKET: 'b', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's' }, '/tmp/files'),
    ).toBeInstanceOf(S3BlobStore);
    expect(() => blobStoreFromEnv({ SHEQUN_S3_BUCKET: 'b' }, '/tmp/files')).toThrow(/ACCESS_KEY/);
  });

  it('accepts the keys Shequn generates', () => {
    expect(assertSafeKey('checkins/12/345/0f3a9c.jpg')).toBe('checkins/12/345/0f3a9c.jpg');
  });
});
